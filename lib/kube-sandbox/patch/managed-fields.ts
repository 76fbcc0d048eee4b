import { isJsonObject, jsonEqual, type JsonObject, type JsonValue, type KubeObject } from '../api/kube-object.types';
import type { SchemaNode } from '../schema/schema.types';
import { fieldsOf, fromFieldsV1, splitPath, toFieldsV1, valueAt, type FieldSet } from './field-set';

/** One `metadata.managedFields` entry in decoded form. */
export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
  fields: FieldSet;
}

/** Which part of an object a write may touch: the main resource (no status) or the status subresource. */
export type WriteScope = 'main' | 'status' | 'all';

export function readManagedFields(obj: KubeObject | undefined): ManagedEntry[] {
  const raw = obj?.metadata.managedFields;
  if (!Array.isArray(raw)) return [];
  return raw.filter(isJsonObject).map((e) => ({
    manager: String(e.manager ?? ''),
    operation: e.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: String(e.apiVersion ?? ''),
    time: String(e.time ?? ''),
    subresource: typeof e.subresource === 'string' && e.subresource ? e.subresource : undefined,
    fields: fromFieldsV1(e.fieldsV1),
  }));
}

export function writeManagedFields(obj: KubeObject, entries: ManagedEntry[]): void {
  const kept = entries.filter((e) => e.fields.size > 0);
  if (kept.length === 0) {
    delete obj.metadata.managedFields;
    return;
  }
  obj.metadata.managedFields = kept.map((e) => {
    const out: JsonObject = {
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      time: e.time,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(e.fields),
    };
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

/** Paths of `set` whose value differs between `before` and `after` (list items: presence only). */
export function changedPaths(set: FieldSet, before: JsonValue | undefined, after: JsonValue): FieldSet {
  const out: FieldSet = new Set();
  for (const p of set) {
    const parts = splitPath(p);
    const a = valueAt(after, parts);
    const b = before === undefined ? { found: false } : valueAt(before, parts);
    const isItem = !parts[parts.length - 1].startsWith('f:');
    if (!b.found || (!isItem && !jsonEqual(a.value, b.value))) out.add(p);
  }
  return out;
}

/** Drops paths that no longer exist in `obj` from every entry. */
function pruneMissing(entries: ManagedEntry[], obj: KubeObject): void {
  for (const e of entries)
    for (const p of [...e.fields]) if (!valueAt(obj as unknown as JsonValue, splitPath(p)).found) e.fields.delete(p);
}

export interface UpdateRecord {
  manager: string;
  apiVersion: string;
  time: string;
  subresource?: string;
  scope: WriteScope;
  schema: SchemaNode;
}

/**
 * Records a non-apply write (create, update, non-apply patch) in `next.metadata.managedFields`:
 * the fields it changed move to `manager`'s Update entry, other managers lose them.
 * `requested` is what the client sent (used on create so defaults stay unowned).
 */
export function recordUpdate(
  prev: KubeObject | undefined,
  next: KubeObject,
  rec: UpdateRecord,
  requested?: KubeObject,
): void {
  const incoming = next.metadata.managedFields;
  const base =
    Array.isArray(incoming) && prev && !jsonEqual(incoming, prev.metadata.managedFields)
      ? readManagedFields(next)
      : readManagedFields(prev);
  const source = requested ?? next;
  const touched = changedPaths(
    fieldsOf(source as unknown as JsonObject, rec.schema, rec.scope),
    prev as unknown as JsonValue,
    next as unknown as JsonValue,
  );
  const entries = base;
  for (const e of entries) for (const p of touched) e.fields.delete(p);
  let own = entries.find(
    (e) => e.manager === rec.manager && e.operation === 'Update' && e.subresource === rec.subresource,
  );
  if (!own && touched.size > 0) {
    own = {
      manager: rec.manager,
      operation: 'Update',
      apiVersion: rec.apiVersion,
      time: rec.time,
      subresource: rec.subresource,
      fields: new Set(),
    };
    entries.push(own);
  }
  if (own && touched.size > 0) {
    for (const p of touched) own.fields.add(p);
    own.time = rec.time;
    own.apiVersion = rec.apiVersion;
  }
  pruneMissing(entries, next);
  writeManagedFields(next, entries);
}
