/**
 * Helm's `lookup` over a connection: one object, or a list (`name` ''), as the Go value Helm's
 * templates see (unstructured JSON: integers as int64, other numbers as float64); `{}` when the
 * object, or its kind, does not exist — the empty map Helm returns for a NotFound.
 */
import { GoInt, mapSet, newGoMap, type GoMapObject, type GoValue } from '@marina/go-runtime';
import type { KubeObject } from './kube-object.types';

/** JSON as Kubernetes' unstructured decoding gives it to templates. */
export function toGoValue(json: unknown): GoValue {
  if (Array.isArray(json)) return json.map(toGoValue);
  if (typeof json === 'number') return Number.isInteger(json) ? new GoInt(BigInt(json), 'int64') : json;
  if (json !== null && typeof json === 'object') {
    const map = newGoMap();
    for (const [k, v] of Object.entries(json)) mapSet(map, k, toGoValue(v));
    return map;
  }
  return json as GoValue;
}

export interface LookupSource {
  get(apiVersion: string, kind: string, namespace: string, name: string): Promise<KubeObject | null>;
  list(apiVersion: string, kind: string, namespace: string): Promise<KubeObject[] | null>;
}

/** Builds the AsyncLookupFn over `source`. */
export function liveLookup(source: LookupSource) {
  return async (apiVersion: string, kind: string, namespace: string, name: string): Promise<GoMapObject> => {
    if (name !== '') {
      const found = await source.get(apiVersion, kind, namespace, name);
      return (found ? toGoValue(found) : newGoMap()) as GoMapObject;
    }
    const items = await source.list(apiVersion, kind, namespace);
    if (!items) return newGoMap();
    return toGoValue({ apiVersion, kind: `${kind}List`, metadata: {}, items }) as GoMapObject;
  };
}
