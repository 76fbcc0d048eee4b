/**
 * Objects of a release manifest (multi-document YAML, `# Source:` comments and empty documents
 * allowed) and how objects are told apart: by API group, kind, namespace and name, as Helm
 * matches the resources of two revisions.
 */
import { splitManifests, unmarshalYaml } from '@marina/helm';
import type { KubeObject } from '../kube-object.types';

/** Kinds that live outside namespaces (the built-in ones charts create). */
const CLUSTER_SCOPED = new Set([
  'APIService',
  'CSIDriver',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
]);

/** Thrown for a document that is not a Kubernetes object. */
export class ManifestObjectError extends Error {
  override readonly name = 'ManifestObjectError';
}

/** The objects of a manifest text, in document order. */
export function manifestObjects(manifest: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of splitManifests(manifest)) {
    const value = unmarshalYaml(doc) as unknown;
    if (value === null || value === undefined) continue; // a document of comments only
    if (!isKubeObject(value)) throw new ManifestObjectError(`not a Kubernetes object: ${doc.slice(0, 80)}`);
    out.push(
      JSON.parse(JSON.stringify(value, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x))) as KubeObject,
    );
  }
  return out;
}

function isKubeObject(v: unknown): v is KubeObject {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | null | undefined;
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string' && typeof meta?.name === 'string';
}

/** The object's namespace: its own, else the live object's, else `defaultNs` (null for cluster-scoped kinds). */
export function namespaceOf(obj: KubeObject, defaultNs: string, live: KubeObject | null = null): string | null {
  if (obj.metadata.namespace) return obj.metadata.namespace;
  if (live) return live.metadata.namespace ?? null;
  return CLUSTER_SCOPED.has(obj.kind) ? null : defaultNs;
}

/** `group/kind/namespace/name`: equal for the same object in two revisions, whatever the version. */
export function objectKey(obj: KubeObject, defaultNs: string): string {
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  return [group, obj.kind, namespaceOf(obj, defaultNs) ?? '', obj.metadata.name].join('/');
}

/** Objects of `previous` that `next` no longer has (Helm's resource difference), in `previous` order. */
export function droppedObjects(
  previous: readonly KubeObject[],
  next: readonly KubeObject[],
  defaultNs: string,
): KubeObject[] {
  const kept = new Set(next.map((o) => objectKey(o, defaultNs)));
  return previous.filter((o) => !kept.has(objectKey(o, defaultNs)));
}
