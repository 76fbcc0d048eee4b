/** Previews of a revision: per-object changes against the live cluster, Secret values masked. Pure. */
export { previewChanges } from './preview-changes';
export { droppedObjects, manifestObjects, namespaceOf, objectKey, ManifestObjectError } from './manifest-objects';
export type {
  ChangeAction,
  DesiredObject,
  ObjectChange,
  Preview,
  PreviewHook,
  PreviewInput,
  RemovedObject,
} from './object-change.types';
