/**
 * Helm-compatible release records for the Kubernetes driver: the record model and its storage
 * codec, the Secrets-backed store, hook plans, the field-manager policy and adopt-reading.
 */
export * from './helm-release.types';
export { decodeRelease, encodeRelease, releaseFromJson, releaseToJson, ReleaseDecodeError } from './release-codec';
export { buildRelease, chartRecord, hookRecord, metadataRecord, type NewRevision } from './release-from-chart';
export { MAX_RELEASE_NAME_LENGTH, RELEASE_NAME_PATTERN, releaseNameProblem, releaseSecretName } from './release-name';
export {
  customLabels,
  HELM_OWNER,
  RELEASE_SECRET_TYPE,
  releaseFromSecret,
  releaseSecret,
  SYSTEM_LABELS,
} from './release-secret';
export { canSetStatus, RELEASE_STATUS_TRANSITIONS } from './release-status.table';
export { isSameRevision } from './release-compare';
export {
  MARINA_OWNER_LABEL,
  ReleaseStore,
  releaseNameTaken,
  type ReleaseClient,
  type ReleaseStoreOptions,
} from './release-store';
export * from './hook-plan';
export { applyOptionsAfter, HELM_FIELD_MANAGER, MARINA_APPLY_METHOD } from './field-manager.policy';
export { adoptedRevision, readAdoptableRelease, type AdoptedRelease, type AdoptedRevision } from './adopt-reader';
export { RELEASE_DESCRIPTIONS } from './release-descriptions';
