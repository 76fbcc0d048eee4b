import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from '../api/kube-object.types';
import { anySchema, type SchemaNode } from '../schema/schema.types';
import { childSchema } from './strategic-merge-patch';

/**
 * A set of field paths in the structured-merge-diff notation of `managedFields.fieldsV1`:
 * path elements are `f:<field>`, `k:<json of map keys>` (list item by key), `v:<json>` (set
 * member) and `i:<index>`. A path names a leaf field or — for list items — the item itself (".").
 * Paths are stored joined with NUL so the set is a plain `Set<string>`.
 */
export type FieldSet = Set<string>;

const SEP = '\u0000';
export const joinPath = (parts: string[]): string => parts.join(SEP);
export const splitPath = (path: string): string[] => (path === '' ? [] : path.split(SEP));

/** Top-level metadata fields that take part in field ownership. */
const ownedMetadata = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

function itemKey(item: JsonValue, keys: string[]): string {
  const k: JsonObject = {};
  for (const name of keys) if (isJsonObject(item) && item[name] !== undefined) k[name] = item[name];
  return `k:${JSON.stringify(k)}`;
}

/** Path element identifying list item `item` under a list schema. */
export function listElement(item: JsonValue, schema: SchemaNode, index: number): string {
  if (schema.kind === 'array' && schema.listType === 'map' && schema.mapKeys.length)
    return itemKey(item, schema.mapKeys);
  if (schema.kind === 'array' && schema.listType === 'set') return `v:${JSON.stringify(item)}`;
  return `i:${index}`;
}

/** The fields an object sets (leaves and associative-list items), as {@link FieldSet}. */
export function fieldsOf(obj: JsonObject, schema: SchemaNode, scope: 'main' | 'status' | 'all' = 'all'): FieldSet {
  const out: FieldSet = new Set();
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (scope === 'main' && k === 'status') continue;
    if (scope === 'status' && k !== 'status') continue;
    if (k === 'metadata') {
      if (!isJsonObject(v)) continue;
      for (const [mk, mv] of Object.entries(v))
        if (ownedMetadata.has(mk))
          collect(mv, childSchema(childSchema(schema, 'metadata'), mk), ['f:metadata', `f:${mk}`], out);
      continue;
    }
    collect(v, childSchema(schema, k), [`f:${k}`], out);
  }
  return out;
}

function collect(v: JsonValue, schema: SchemaNode, path: string[], out: FieldSet): void {
  if (
    isJsonObject(v) &&
    !(schema.kind === 'object' && schema.atomic) &&
    schema.kind !== 'int-or-string' &&
    Object.keys(v).length > 0
  ) {
    for (const [k, x] of Object.entries(v)) collect(x, childSchema(schema, k), [...path, `f:${k}`], out);
    return;
  }
  if (Array.isArray(v) && schema.kind === 'array' && schema.listType !== 'atomic' && v.length > 0) {
    v.forEach((item, i) => {
      const el = listElement(item, schema, i);
      const itemPath = [...path, el];
      out.add(joinPath(itemPath));
      if (schema.listType === 'map' && isJsonObject(item)) {
        for (const [k, x] of Object.entries(item))
          collect(x, childSchema(schema.items, k), [...itemPath, `f:${k}`], out);
      }
    });
    return;
  }
  out.add(joinPath(path));
}

/** Resolves a path in an object; `found` is false when any element is missing. */
export function valueAt(obj: JsonValue, path: string[]): { found: boolean; value?: JsonValue } {
  let cur: JsonValue = obj;
  for (const el of path) {
    if (el.startsWith('f:')) {
      if (!isJsonObject(cur) || !(el.slice(2) in cur)) return { found: false };
      cur = cur[el.slice(2)];
    } else if (Array.isArray(cur)) {
      const found = findItem(cur, el);
      if (found < 0) return { found: false };
      cur = cur[found];
    } else return { found: false };
  }
  return { found: true, value: cur };
}

/** Index of the list item a `k:`/`v:`/`i:` element names, or -1. */
export function findItem(list: JsonValue[], el: string): number {
  if (el.startsWith('i:')) {
    const i = Number(el.slice(2));
    return i < list.length ? i : -1;
  }
  const spec = JSON.parse(el.slice(2)) as JsonValue;
  if (el.startsWith('v:')) return list.findIndex((x) => jsonEqual(x, spec));
  if (!isJsonObject(spec)) return -1;
  return list.findIndex((x) => isJsonObject(x) && Object.entries(spec).every(([k, v]) => jsonEqual(x[k], v)));
}

/** Removes the field or list item at `path` from `obj` (in place); parents left empty are kept. */
export function removeAt(obj: JsonValue, path: string[]): void {
  if (path.length === 0) return;
  const parent = valueAt(obj, path.slice(0, -1));
  if (!parent.found) return;
  const el = path[path.length - 1];
  if (el.startsWith('f:') && isJsonObject(parent.value)) delete parent.value[el.slice(2)];
  else if (Array.isArray(parent.value)) {
    const i = findItem(parent.value, el);
    if (i >= 0) parent.value.splice(i, 1);
  }
}

/** Encodes a field set as the `fieldsV1` JSON object. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  for (const p of [...set].sort()) {
    let node = root;
    for (const el of splitPath(p)) {
      if (!isJsonObject(node[el])) node[el] = {};
      node = node[el] as JsonObject;
    }
    node['.'] = {};
  }
  return collapse(root);
}

function collapse(node: JsonObject): JsonObject {
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === '.') return {};
  const out: JsonObject = {};
  for (const k of keys) out[k] = k === '.' ? {} : collapse(node[k] as JsonObject);
  return out;
}

/** Decodes a `fieldsV1` object into a field set. */
export function fromFieldsV1(v: unknown): FieldSet {
  const out: FieldSet = new Set();
  const visit = (node: JsonObject, path: string[]): void => {
    const children = Object.keys(node).filter((k) => k !== '.');
    if ('.' in node || children.length === 0) if (path.length) out.add(joinPath(path));
    for (const c of children) if (isJsonObject(node[c])) visit(node[c] as JsonObject, [...path, c]);
  };
  if (isJsonObject(v)) visit(v, []);
  return out;
}

export const anyFieldSchema = anySchema;
