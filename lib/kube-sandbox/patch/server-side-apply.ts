import { KubeApiError } from '../api/api-errors';
import {
  cloneJson,
  isJsonObject,
  jsonEqual,
  type JsonObject,
  type JsonValue,
  type KubeObject,
} from '../api/kube-object.types';
import type { SchemaNode } from '../schema/schema.types';
import { fieldsOf, findItem, listElement, removeAt, splitPath, valueAt } from './field-set';
import { readManagedFields, writeManagedFields, type ManagedEntry, type WriteScope } from './managed-fields';
import { childSchema } from './strategic-merge-patch';

/** Parameters of one server-side apply request. */
export interface ApplyRequest {
  manager: string;
  force: boolean;
  apiVersion: string;
  time: string;
  scope: WriteScope;
  subresource?: string;
  schema: SchemaNode;
}

/** `.spec.containers[name="web"].image` — how the apiserver prints a field path in conflicts. */
export function displayPath(path: string): string {
  return splitPath(path)
    .map((el) => {
      if (el.startsWith('f:')) return `.${el.slice(2)}`;
      if (el.startsWith('k:')) {
        const keys = JSON.parse(el.slice(2)) as JsonObject;
        return `[${Object.entries(keys)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      if (el.startsWith('v:')) return `[=${el.slice(2)}]`;
      return `[${el.slice(2)}]`;
    })
    .join('');
}

function conflictError(conflicts: { entry: ManagedEntry; path: string }[]): KubeApiError {
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) {
    const label = `"${c.entry.manager}"${c.entry.operation === 'Update' ? '' : ''} using ${c.entry.apiVersion}`;
    byManager.set(label, [...(byManager.get(label) ?? []), displayPath(c.path)]);
  }
  const n = conflicts.length;
  const parts = [...byManager.entries()].map(([who, paths]) =>
    paths.length === 1
      ? `conflict with ${who}: ${paths[0]}`
      : `conflicts with ${who}:\n${paths.map((p) => `- ${p}`).join('\n')}`,
  );
  const message = `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${parts.join('\n')}`;
  return new KubeApiError('Conflict', message, {
    causes: conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${c.entry.manager}" using ${c.entry.apiVersion}`,
      field: displayPath(c.path),
    })),
  });
}

/**
 * Server-side apply: merges `applied` into `live` (undefined when creating), enforcing field
 * ownership. Throws a 409 listing every conflicting field unless `force`; on success returns the
 * new object with updated `managedFields` (not yet validated or stored).
 */
export function serverSideApply(live: KubeObject | undefined, applied: JsonObject, req: ApplyRequest): KubeObject {
  const entries = readManagedFields(live);
  const appliedFields = fieldsOf(applied, req.schema, req.scope);
  const conflicts: { entry: ManagedEntry; path: string }[] = [];
  for (const p of appliedFields) {
    const parts = splitPath(p);
    if (!parts[parts.length - 1].startsWith('f:')) continue;
    const liveValue = live ? valueAt(live as unknown as JsonValue, parts) : { found: false };
    if (liveValue.found && jsonEqual(liveValue.value, valueAt(applied, parts).value)) continue;
    for (const e of entries) {
      if (e.manager === req.manager || !e.fields.has(p)) continue;
      conflicts.push({ entry: e, path: p });
    }
  }
  if (conflicts.length && !req.force) throw conflictError(conflicts);
  for (const c of conflicts) c.entry.fields.delete(c.path);
  const merged = mergeApplied(
    live ? (cloneJson(live) as unknown as JsonValue) : undefined,
    applied,
    req.schema,
  ) as unknown as KubeObject;
  const own = entries.find(
    (e) => e.manager === req.manager && e.operation === 'Apply' && e.subresource === req.subresource,
  );
  if (own) {
    for (const p of own.fields) {
      if (appliedFields.has(p)) continue;
      const ownedElsewhere = entries.some((e) => e !== own && e.fields.has(p));
      if (!ownedElsewhere) removeAt(merged as unknown as JsonValue, splitPath(p));
    }
    own.fields = appliedFields;
    own.time = req.time;
    own.apiVersion = req.apiVersion;
  } else {
    entries.push({
      manager: req.manager,
      operation: 'Apply',
      apiVersion: req.apiVersion,
      time: req.time,
      subresource: req.subresource,
      fields: appliedFields,
    });
  }
  writeManagedFields(merged, entries);
  return merged;
}

function mergeApplied(live: JsonValue | undefined, applied: JsonValue, schema: SchemaNode): JsonValue {
  if (isJsonObject(applied)) {
    if (!isJsonObject(live) || (schema.kind === 'object' && schema.atomic)) return stripNulls(applied);
    const out: JsonObject = { ...live };
    for (const [k, v] of Object.entries(applied)) {
      if (v === null) continue;
      out[k] = mergeApplied(live[k], v, childSchema(schema, k));
    }
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live) && schema.kind === 'array' && schema.listType !== 'atomic') {
    const out = [...live];
    applied.forEach((item, i) => {
      const idx = findItem(out, listElement(item, schema, i));
      if (schema.listType === 'set') {
        if (idx < 0) out.push(item);
      } else if (idx >= 0) out[idx] = mergeApplied(out[idx], item, schema.items);
      else out.push(stripNulls(item));
    });
    return out;
  }
  return stripNulls(applied);
}

function stripNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (!isJsonObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = stripNulls(x);
  return out;
}
