/**
 * Rendered manifests as Kubernetes objects: Helm's manifest text split into documents, each read
 * the way Helm's kube client reads it (sigs.k8s.io/yaml into JSON), stamped with Helm's release
 * ownership metadata, and ordered for install or uninstall.
 */
import { marshalJSON } from '@marina/go-runtime';
import { sortByKind, splitManifests, unmarshalYaml, INSTALL_ORDER, UNINSTALL_ORDER } from '@marina/helm';
import { DriverError } from '../../../jobs/errors';
import type { KubeObject, ObjectRef } from '../kube-object.types';

/** Helm's ownership metadata (helm ≥ 3.2 refuses to touch objects of another release). */
export const RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE_ANNOTATION = 'meta.helm.sh/release-namespace';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** `helm.sh/resource-policy: keep` objects survive uninstall and pruning. */
export const RESOURCE_POLICY_ANNOTATION = 'helm.sh/resource-policy';

/** The objects of a manifest text (`---` separated documents; empty documents and comments dropped). */
export function manifestObjects(manifest: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of splitManifests(manifest)) {
    const obj = documentObject(doc);
    if (obj) out.push(obj);
  }
  return out;
}

/** One YAML document as a Kubernetes object; null for a document with no content. */
export function documentObject(doc: string): KubeObject | null {
  let value: unknown;
  try {
    value = JSON.parse(marshalJSON(unmarshalYaml(doc))) as unknown;
  } catch (err) {
    throw new DriverError(
      'INVALID_MANIFEST',
      `a rendered document is not valid YAML: ${(err as Error).message}`,
      false,
    );
  }
  if (value === null || typeof value !== 'object') return null;
  const obj = value as Partial<KubeObject>;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string')
    throw new DriverError('INVALID_MANIFEST', 'a rendered object has no apiVersion, kind or metadata.name', false);
  return obj as KubeObject;
}

/** A copy of `obj` carrying the release's ownership labels and annotations (as `helm install` sets them). */
export function withReleaseOwnership(obj: KubeObject, releaseName: string, namespace: string): KubeObject {
  const metadata = obj.metadata;
  return {
    ...obj,
    metadata: {
      ...metadata,
      labels: { ...metadata.labels, [MANAGED_BY_LABEL]: 'Helm' },
      annotations: {
        ...metadata.annotations,
        [RELEASE_NAME_ANNOTATION]: releaseName,
        [RELEASE_NAMESPACE_ANNOTATION]: namespace,
      },
    },
  };
}

/**
 * Why a live object may not be taken over by the release (null when it may): it must carry
 * this release's name and namespace annotations, like Helm's existing-resource check.
 */
export function ownershipConflict(live: KubeObject, releaseName: string, namespace: string): string | null {
  const ann = live.metadata.annotations ?? {};
  if (ann[RELEASE_NAME_ANNOTATION] === releaseName && ann[RELEASE_NAMESPACE_ANNOTATION] === namespace) return null;
  const owner = ann[RELEASE_NAME_ANNOTATION];
  return owner
    ? `${live.kind}/${live.metadata.name} belongs to release "${owner}" in namespace "${ann[RELEASE_NAMESPACE_ANNOTATION] ?? '?'}"`
    : `${live.kind}/${live.metadata.name} already exists and is not managed by a Helm release`;
}

/** True for objects annotated `helm.sh/resource-policy: keep`. */
export function isKept(obj: KubeObject): boolean {
  return obj.metadata.annotations?.[RESOURCE_POLICY_ANNOTATION] === 'keep';
}

/** Stable identity of an object in a release: apiVersion's group, kind, namespace and name. */
export function objectKey(ref: ObjectRef): string {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
  return `${group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

export function installOrder<T extends { kind: string }>(items: readonly T[]): T[] {
  return sortByKind(items, (i) => i.kind, INSTALL_ORDER);
}

export function uninstallOrder<T extends { kind: string }>(items: readonly T[]): T[] {
  return sortByKind(items, (i) => i.kind, UNINSTALL_ORDER);
}
