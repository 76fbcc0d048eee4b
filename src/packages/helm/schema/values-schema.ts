/**
 * Helm's `ValidateAgainstSchema`: each chart's values.schema.json is checked against that chart's
 * coalesced values (the values go through YAML and back to JSON first, as in Helm), subcharts
 * with their own sections. Returns the combined report (`<chart>:\n- <field>: <problem>\n…`) or
 * null when everything validates.
 */
import { isPlainMap, type GoMapObject, type GoValue } from '../../../templates/values';
import type { Chart } from '../chart/chart.types';
import { toJsonTree } from '../json/go-json';
import { jsonTreeToPlain, SchemaLoadError, validateJsonSchema } from './json-schema.validator';

/** Validates values against a chart tree's schemas; null when valid. Throws SchemaLoadError for a broken schema. */
export function validateAgainstSchema(chart: Chart, values: GoMapObject): string | null {
  let out = '';
  if (chart.schema) {
    const problems = validateSingle(values, chart.schema);
    if (problems) out += `${chart.metadata.name}:\n${problems}`;
  }
  for (const sub of chart.dependencies) {
    const subValues = values[sub.metadata.name];
    const nested = validateAgainstSchema(sub, isPlainMap(subValues) ? subValues : (Object.create(null) as GoMapObject));
    if (nested) out += nested;
  }
  return out === '' ? null : out;
}

const parsedSchemas = new WeakMap<Buffer, unknown>();

/**
 * The values as the validator sees them after Helm's YAML→JSON round trip: plain objects and
 * arrays, every number a JS number (integral ones validate as "integer").
 */
function toPlainJson(v: GoValue): unknown {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean') return v ?? null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toPlainJson);
  if (isPlainMap(v)) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(v)) out[k] = toPlainJson(v[k]);
    return out;
  }
  return jsonTreeToPlain(toJsonTree(v));
}

function validateSingle(values: GoMapObject, schemaBytes: Buffer): string | null {
  let schema = parsedSchemas.get(schemaBytes);
  if (schema === undefined) {
    try {
      schema = JSON.parse(schemaBytes.toString('utf8'));
    } catch (err) {
      throw new SchemaLoadError(`unable to validate schema: ${(err as Error).message}`);
    }
    parsedSchemas.set(schemaBytes, schema);
  }
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema))) {
    throw new SchemaLoadError('Invalid JSON schema: schema must be an object or a boolean');
  }
  const instance = toPlainJson(values);
  const issues = validateJsonSchema(schema as boolean | Record<string, unknown>, instance);
  if (issues.length === 0) return null;
  return issues.map((i) => `- ${i.field}: ${i.description}\n`).join('');
}
