import { apiErrors } from '../api/api-errors';
import { cloneJson, isJsonObject, jsonEqual, type JsonObject, type JsonValue } from '../api/kube-object.types';
import { anySchema, type ArraySchema, type SchemaNode } from '../schema/schema.types';

const directive = '$patch';
const setOrderPrefix = '$setElementOrder/';
const deletePrimitivePrefix = '$deleteFromPrimitiveList/';
const retainKeys = '$retainKeys';

/** Schema of a child property (unknown children are free JSON). */
export function childSchema(s: SchemaNode, key: string): SchemaNode {
  if (s.kind === 'object') return s.properties[key] ?? anySchema;
  if (s.kind === 'map') return s.values;
  return anySchema;
}

/**
 * Applies a Kubernetes strategic merge patch to `original`, guided by the type's schema
 * (merge keys and strategies). Supports `$patch: replace|delete|merge`, `$retainKeys`,
 * `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
 */
export function applyStrategicMergePatch(original: JsonObject, patch: JsonValue, schema: SchemaNode): JsonObject {
  if (!isJsonObject(patch)) throw apiErrors.badRequest('strategic merge patch must be a JSON object');
  const merged = mergeMap(cloneJson(original), patch, schema);
  return merged ?? {};
}

function mergeMap(original: JsonObject, patch: JsonObject, schema: SchemaNode): JsonObject | null {
  const mode = patch[directive];
  if (mode === 'delete') return null;
  if (mode === 'replace') return stripDirectives(patch) as JsonObject;
  const out: JsonObject = { ...original };
  const orders: [string, JsonValue][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === directive || key === retainKeys) continue;
    if (key.startsWith(setOrderPrefix)) {
      orders.push([key.slice(setOrderPrefix.length), value]);
      continue;
    }
    if (key.startsWith(deletePrimitivePrefix)) {
      const field = key.slice(deletePrimitivePrefix.length);
      const drop = Array.isArray(value) ? value : [];
      if (Array.isArray(out[field]))
        out[field] = (out[field] as JsonValue[]).filter((v) => !drop.some((d) => jsonEqual(d, v)));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    out[key] = mergeValue(out[key], value, childSchema(schema, key));
    if (out[key] === null) delete out[key];
  }
  for (const [field, order] of orders)
    if (Array.isArray(out[field]) && Array.isArray(order))
      out[field] = reorder(out[field] as JsonValue[], order, childSchema(schema, field));
  if (Array.isArray(patch[retainKeys])) {
    const keep = new Set(patch[retainKeys].map(String));
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  return out;
}

function mergeValue(orig: JsonValue | undefined, patch: JsonValue, schema: SchemaNode): JsonValue {
  if (isJsonObject(patch)) {
    const atomic = (schema.kind === 'object' && schema.atomic) || schema.kind === 'int-or-string';
    if (!isJsonObject(orig) || atomic)
      return patch[directive] === 'delete' ? null : (stripDirectives(patch) as JsonValue);
    return mergeMap(orig, patch, schema);
  }
  if (Array.isArray(patch)) {
    if (schema.kind === 'array' && (schema.patchStrategy ?? '').includes('merge') && Array.isArray(orig))
      return mergeList(orig, patch, schema);
    return stripDirectives(patch.filter((p) => !(isJsonObject(p) && p[directive] === 'replace')));
  }
  return patch;
}

function mergeList(orig: JsonValue[], patch: JsonValue[], schema: ArraySchema): JsonValue[] {
  if (patch.some((p) => isJsonObject(p) && p[directive] === 'replace'))
    return stripDirectives(patch.filter((p) => !(isJsonObject(p) && p[directive] === 'replace'))) as JsonValue[];
  const key = schema.patchMergeKey;
  if (!key) {
    const out = [...orig];
    for (const p of patch) if (!out.some((o) => jsonEqual(o, p))) out.push(p);
    return out;
  }
  const out = [...orig];
  for (const item of patch) {
    if (!isJsonObject(item)) continue;
    const idx = out.findIndex((o) => isJsonObject(o) && jsonEqual(o[key], item[key]));
    if (item[directive] === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) {
      const merged = mergeMap(out[idx] as JsonObject, item, schema.items);
      if (merged) out[idx] = merged;
      else out.splice(idx, 1);
    } else out.push(stripDirectives(item));
  }
  return out;
}

function reorder(list: JsonValue[], order: JsonValue[], schema: SchemaNode): JsonValue[] {
  const key = schema.kind === 'array' ? schema.patchMergeKey : undefined;
  const id = (v: JsonValue): JsonValue => (key && isJsonObject(v) ? (v[key] ?? null) : v);
  const rank = (v: JsonValue): number => {
    const i = order.findIndex((o) => jsonEqual(key && isJsonObject(o) ? (o[key] ?? null) : o, id(v)));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return list
    .map((v, i) => ({ v, i, r: rank(v) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.v);
}

function stripDirectives(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isJsonObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === directive || k === retainKeys || k.startsWith(setOrderPrefix) || k.startsWith(deletePrimitivePrefix))
      continue;
    if (x === null) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}
