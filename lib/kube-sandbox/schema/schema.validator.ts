import { isJsonObject, type JsonObject, type JsonValue } from '../api/kube-object.types';
import type { ArraySchema, Constraints, ObjectSchema, SchemaNode } from './schema.types';

/** One problem found while checking a value against a schema. */
export interface SchemaIssue {
  kind: 'unknown' | 'type' | 'constraint' | 'required';
  /** Dotted path with list indexes: `spec.template.spec.containers[0].image`. */
  path: string;
  message: string;
  value?: JsonValue;
  /** Go-style type name for type errors (`int32`, `string`, `[]v1.Container`). */
  expected?: string;
}

/** Result of {@link checkSchema}: the cleaned value (unknown fields pruned, quantities as strings) and the issues. */
export interface SchemaCheck {
  value: JsonValue;
  issues: SchemaIssue[];
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function expectedName(s: SchemaNode): string {
  switch (s.kind) {
    case 'object':
      return s.modelName ? `v1.${s.modelName.replace(/^V\d[a-z0-9]*/, '')}` : 'object';
    case 'map':
      return 'map[string]' + expectedName(s.values);
    case 'array':
      return '[]' + expectedName(s.items);
    case 'integer':
      return s.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'quantity':
      return 'resource.Quantity';
    case 'int-or-string':
      return 'intstr.IntOrString';
    default:
      return s.kind;
  }
}

/**
 * Checks `value` against `schema`, collecting every unknown field, type mismatch and (for CRD
 * schemas) constraint violation. Never throws; the caller decides which issues are fatal.
 */
export function checkSchema(value: JsonValue, schema: SchemaNode, path = ''): SchemaCheck {
  const issues: SchemaIssue[] = [];
  const out = walk(value, schema, path, issues);
  return { value: out === undefined ? null : out, issues };
}

function walk(v: JsonValue, s: SchemaNode, path: string, issues: SchemaIssue[]): JsonValue | undefined {
  if (v === null) return s.nullable || s.kind === 'any' ? null : undefined;
  const typeError = (): undefined => {
    issues.push({
      kind: 'type',
      path,
      message: `must be of type ${expectedName(s)}`,
      value: v,
      expected: expectedName(s),
    });
    return undefined;
  };
  switch (s.kind) {
    case 'any':
      return v;
    case 'object':
      return isJsonObject(v) ? walkObject(v, s, path, issues) : typeError();
    case 'map': {
      if (!isJsonObject(v)) return typeError();
      const out: JsonObject = {};
      for (const [k, item] of Object.entries(v)) {
        const c = walk(item, s.values, join(path, k), issues);
        if (c !== undefined) out[k] = c;
      }
      return out;
    }
    case 'array':
      return Array.isArray(v) ? walkArray(v, s, path, issues) : typeError();
    case 'string':
      if (typeof v !== 'string') return typeError();
      if (s.format === 'byte' && !/^[A-Za-z0-9+/=\s]*$/.test(v)) {
        issues.push({ kind: 'type', path, message: 'illegal base64 data', value: v, expected: '[]byte' });
        return undefined;
      }
      break;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return typeError();
      break;
    case 'number':
      if (typeof v !== 'number') return typeError();
      break;
    case 'boolean':
      if (typeof v !== 'boolean') return typeError();
      break;
    case 'int-or-string':
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) return typeError();
      break;
    case 'quantity':
      if (typeof v === 'number') return String(v);
      if (typeof v !== 'string' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+|[KMGTPE]i?|[munkMGTPE])?$/.test(v)) {
        issues.push({
          kind: 'type',
          path,
          message: `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
          value: v,
          expected: 'resource.Quantity',
        });
        return undefined;
      }
      break;
  }
  checkConstraints(v, s.constraints, path, issues);
  return v;
}

function walkObject(v: JsonObject, s: ObjectSchema, path: string, issues: SchemaIssue[]): JsonObject {
  const out: JsonObject = {};
  for (const [k, item] of Object.entries(v)) {
    if (item === undefined) continue;
    const prop = s.properties[k];
    if (!prop) {
      if (s.preserveUnknownFields) out[k] = item;
      else issues.push({ kind: 'unknown', path: join(path, k), message: 'field not declared in schema' });
      continue;
    }
    const c = walk(item, prop, join(path, k), issues);
    if (c !== undefined) out[k] = c;
  }
  for (const r of s.required) {
    if (out[r] === undefined) issues.push({ kind: 'required', path: join(path, r), message: 'Required value' });
  }
  checkConstraints(v, s.constraints, path, issues);
  return out;
}

function walkArray(v: JsonValue[], s: ArraySchema, path: string, issues: SchemaIssue[]): JsonValue[] {
  const out: JsonValue[] = [];
  v.forEach((item, i) => {
    const c = walk(item, s.items, `${path}[${i}]`, issues);
    if (c !== undefined) out.push(c);
  });
  if (s.listType === 'map' && s.mapKeys.length) {
    const seen = new Set<string>();
    for (const item of out) {
      if (!isJsonObject(item)) continue;
      const id = JSON.stringify(s.mapKeys.map((k) => item[k] ?? null));
      if (seen.has(id)) issues.push({ kind: 'constraint', path, message: `Duplicate value: ${id}`, value: item });
      seen.add(id);
    }
  }
  checkConstraints(v, s.constraints, path, issues);
  return out;
}

function checkConstraints(v: JsonValue, c: Constraints | undefined, path: string, issues: SchemaIssue[]): void {
  if (!c) return;
  const fail = (message: string): void => void issues.push({ kind: 'constraint', path, message, value: v });
  if (c.enum && !c.enum.some((e) => JSON.stringify(e) === JSON.stringify(v)))
    fail(
      `Unsupported value: ${JSON.stringify(v)}: supported values: ${c.enum.map((e) => JSON.stringify(e)).join(', ')}`,
    );
  if (typeof v === 'string') {
    if (c.pattern && !new RegExp(c.pattern, 'u').test(v))
      fail(`Invalid value: ${JSON.stringify(v)}: ${path} in body should match '${c.pattern}'`);
    if (c.minLength !== undefined && [...v].length < c.minLength)
      fail(`Invalid value: ${JSON.stringify(v)}: ${path} in body should be at least ${c.minLength} chars long`);
    if (c.maxLength !== undefined && [...v].length > c.maxLength)
      fail(`Too long: may not be longer than ${c.maxLength}`);
  }
  if (typeof v === 'number') {
    if (c.minimum !== undefined && (c.exclusiveMinimum ? v <= c.minimum : v < c.minimum))
      fail(`Invalid value: ${v}: ${path} in body should be greater than or equal to ${c.minimum}`);
    if (c.maximum !== undefined && (c.exclusiveMaximum ? v >= c.maximum : v > c.maximum))
      fail(`Invalid value: ${v}: ${path} in body should be less than or equal to ${c.maximum}`);
  }
  if (Array.isArray(v)) {
    if (c.minItems !== undefined && v.length < c.minItems)
      fail(`Invalid value: ${v.length}: ${path} in body should have at least ${c.minItems} items`);
    if (c.maxItems !== undefined && v.length > c.maxItems)
      fail(`Too many: ${v.length}: must have at most ${c.maxItems} items`);
  }
  if (isJsonObject(v)) {
    const n = Object.keys(v).length;
    if (c.minProperties !== undefined && n < c.minProperties)
      fail(`Invalid value: ${n}: ${path} in body should have at least ${c.minProperties} properties`);
    if (c.maxProperties !== undefined && n > c.maxProperties)
      fail(`Too many: ${n}: must have at most ${c.maxProperties} items`);
  }
}
