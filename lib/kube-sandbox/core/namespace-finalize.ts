import { apiErrors } from '../api/api-errors';
import { isJsonObject, type KubeObject } from '../api/kube-object.types';
import type { ResourceService } from './resource.service';

/**
 * The `namespaces/<name>/finalize` subresource: replaces `spec.finalizers` (nothing else). A
 * terminating namespace left without finalizers of either kind is deleted.
 */
export function finalizeNamespace(svc: ResourceService, name: string, finalizers: string[]): KubeObject {
  const type = svc.registry.anyVersionOf('namespaces');
  if (!type) throw apiErrors.notFound('namespaces', '', name);
  const key = svc.keyOf(type, '', name);
  const stored = svc.store.get(key);
  if (!stored) throw apiErrors.notFound('namespaces', '', name);
  const next: KubeObject = { ...stored, spec: { ...(isJsonObject(stored.spec) ? stored.spec : {}), finalizers } };
  if (stored.metadata.deletionTimestamp && finalizers.length === 0 && (stored.metadata.finalizers ?? []).length === 0) {
    return svc.present(type, svc.store.delete(key, stored.metadata.resourceVersion));
  }
  return svc.present(type, svc.store.update(key, next, stored.metadata.resourceVersion));
}
