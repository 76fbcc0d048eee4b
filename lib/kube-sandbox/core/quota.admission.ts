import { apiErrors } from '../api/api-errors';
import { isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';
import { groupResourceOf, type ResourceType } from '../api/resource-type';
import type { ObjectStore } from '../store/store.types';
import { formatQuantity, parseQuantity } from './quantity';

const countKeys: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

const isTerminal = (pod: KubeObject): boolean => {
  const phase = isJsonObject(pod.status) ? pod.status.phase : undefined;
  return phase === 'Succeeded' || phase === 'Failed';
};

function podResource(pod: KubeObject, key: 'requests' | 'limits', resource: string): number {
  const spec = isJsonObject(pod.spec) ? pod.spec : {};
  let total = 0;
  for (const c of Array.isArray(spec.containers) ? spec.containers.filter(isJsonObject) : []) {
    const res = isJsonObject(c.resources) ? c.resources : {};
    const values = isJsonObject(res[key]) ? (res[key] as JsonObject) : {};
    const v = parseQuantity(values[resource]);
    if (!Number.isNaN(v)) total += v;
  }
  return total;
}

/** Usage of one quota key by one object (0 when the key does not apply to it). */
export function usageOf(key: string, type: ResourceType, obj: KubeObject): number {
  const gr = groupResourceOf(type);
  if (countKeys[gr] === key || key === `count/${gr}`) return gr === 'pods' && isTerminal(obj) ? 0 : 1;
  if (gr === 'pods' && !isTerminal(obj)) {
    const m =
      /^(requests|limits)\.(cpu|memory|ephemeral-storage)$/.exec(key) ??
      (/^(cpu|memory)$/.test(key) ? [key, 'requests', key] : null);
    if (m) return podResource(obj, m[1] as 'requests' | 'limits', m[2]);
  }
  if (gr === 'services') {
    const t = isJsonObject(obj.spec) ? obj.spec.type : undefined;
    if (key === 'services.loadbalancers') return t === 'LoadBalancer' ? 1 : 0;
    if (key === 'services.nodeports')
      return t === 'NodePort' || t === 'LoadBalancer'
        ? Array.isArray((obj.spec as JsonObject).ports)
          ? ((obj.spec as JsonObject).ports as unknown[]).length
          : 0
        : 0;
  }
  if (gr === 'persistentvolumeclaims' && key === 'requests.storage') {
    const req = (obj.spec as JsonObject | undefined)?.resources;
    const storage = isJsonObject(req) && isJsonObject(req.requests) ? parseQuantity(req.requests.storage) : NaN;
    return Number.isNaN(storage) ? 0 : storage;
  }
  return 0;
}

/** Current usage of `key` in a namespace, computed from the store. */
export function namespaceUsage(
  store: ObjectStore,
  registry: { storageTypes(): ResourceType[] },
  namespace: string,
  key: string,
): number {
  let used = 0;
  for (const t of registry.storageTypes()) {
    if (!t.namespaced) continue;
    const gr = groupResourceOf(t);
    if (!(
      countKeys[gr] === key ||
      key === `count/${gr}` ||
      ((gr === 'pods' || gr === 'services' || gr === 'persistentvolumeclaims') && key.includes('.')) ||
      (gr === 'pods' && /^(cpu|memory)$/.test(key))
    ))
      continue;
    for (const o of store.list(gr, namespace)) used += usageOf(key, t, o);
  }
  return used;
}

/**
 * ResourceQuota admission for creates: rejects (403 Forbidden, apiserver wording) an object whose
 * usage would push any quota of its namespace over `spec.hard`.
 */
export function admitQuota(
  store: ObjectStore,
  registry: { storageTypes(): ResourceType[] },
  type: ResourceType,
  obj: KubeObject,
): void {
  const ns = obj.metadata.namespace;
  if (!ns || !type.namespaced) return;
  for (const quota of store.list('resourcequotas', ns)) {
    const hard = isJsonObject(quota.spec) && isJsonObject(quota.spec.hard) ? quota.spec.hard : {};
    for (const [key, limitRaw] of Object.entries(hard)) {
      const requested = usageOf(key, type, obj);
      if (requested === 0) continue;
      const limit = parseQuantity(limitRaw);
      const used = namespaceUsage(store, registry, ns, key);
      if (used + requested > limit) {
        const bin = key.includes('memory') || key.includes('storage');
        const f = (n: number): string => formatQuantity(n, bin);
        throw apiErrors.forbidden(
          `${type.resource}${type.group ? '.' + type.group : ''} "${String(obj.metadata.name)}" is forbidden: exceeded quota: ${String(quota.metadata.name)}, requested: ${key}=${f(requested)}, used: ${key}=${f(used)}, limited: ${key}=${String(limitRaw)}`,
          { name: String(obj.metadata.name), kind: type.resource, group: type.group },
        );
      }
    }
  }
}
