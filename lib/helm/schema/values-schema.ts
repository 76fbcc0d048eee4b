/**
 * Helm's `ValidateAgainstSchema`: each chart's values.schema.json is checked against that chart's
 * coalesced values (the values go through YAML and back to JSON first, as in Helm), subcharts
 * with their own sections. Returns the combined report (`<chart>:\n- <field>: <problem>\n…`) or
 * null when everything validates. Reports are memoised per schema by the JSON text of the values
 * (renders of one chart with the same values validate the same instance every time).
 */
import { isPlainMap, toJsonTree, type GoMapObject, type GoValue } from '@marina/go-runtime';
import type { Chart } from '../chart/chart.types';
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

const REPORTS_MAX_ENTRIES = 32;
const REPORTS_MAX_KEY = 256 * 1024;
/** Per schema: JSON text of the plain instance → its report (null: valid). */
const reports = new WeakMap<Buffer, Map<string, string | null>>();

/**
 * Converts values to what the validator sees, and tells whether the JSON text of the result is
 * an exact key for it: JSON.stringify is injective on null, booleans, strings, plain objects and
 * arrays and finite numbers other than -0 (NaN and ±Infinity would all print as `null`).
 */
class PlainJson {
  keyable = true;

  /**
   * Whether the validator can read `v` itself (only read, never written): it already is what
   * {@link convert} would make of it — null, booleans, strings, JS numbers, arrays and plain maps
   * (the validator reads own keys only, so the maps' prototype does not matter). Chart values
   * from YAML are; bigints (from --set) and typed Go values need the copy. Sets `keyable` when true.
   */
  readsAsIs(v: GoValue): boolean {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0)) this.keyable = false;
      return true;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) this.keyable = false;
        else if (!this.readsAsIs(v[i])) return false;
      }
      return true;
    }
    if (!isPlainMap(v)) return false;
    for (const k of Object.keys(v)) if (!this.readsAsIs(v[k])) return false;
    return true;
  }

  /**
   * The values as the validator sees them after Helm's YAML→JSON round trip: plain objects and
   * arrays, every number a JS number (integral ones validate as "integer").
   */
  convert(v: GoValue): unknown {
    if (v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean') return v ?? null;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0)) this.keyable = false;
      return v;
    }
    if (typeof v === 'bigint') return this.convert(Number(v));
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (!(i in v)) this.keyable = false; // a hole stays a hole for the validator but prints as null
      return v.map((x) => this.convert(x));
    }
    if (isPlainMap(v)) {
      const out = Object.create(null) as Record<string, unknown>;
      for (const k of Object.keys(v)) out[k] = this.convert(v[k]);
      return out;
    }
    this.keyable = false; // typed Go values: rare, not worth proving their text exact
    return jsonTreeToPlain(toJsonTree(v));
  }
}

/** A values.schema.json problem of one chart of a chart tree. */
export interface ChartSchemaIssue {
  /** The chart whose schema reports it. */
  readonly chart: string;
  /** Where that chart's section is in the top chart's values: [] for the top chart, ["cache"] for its subchart cache. */
  readonly section: readonly string[];
  /** "(root)" or a dotted path inside that chart's values ("image.tag", "list.0"). */
  readonly field: string;
  readonly description: string;
}

/**
 * The problems {@link validateAgainstSchema} reports, one by one: same charts, same order, same
 * words. Empty when the values validate. Throws SchemaLoadError for a broken schema.
 */
export function valuesSchemaIssues(
  chart: Chart,
  values: GoMapObject,
  section: readonly string[] = [],
): ChartSchemaIssue[] {
  const out: ChartSchemaIssue[] = [];
  if (chart.schema) {
    const instance = new PlainJson().convert(values);
    for (const i of validateJsonSchema(parsedSchema(chart.schema), instance))
      out.push({ chart: chart.metadata.name, section, field: i.field, description: i.description });
  }
  for (const sub of chart.dependencies) {
    const name = sub.metadata.name;
    const subValues = values[name];
    const subMap = isPlainMap(subValues) ? subValues : (Object.create(null) as GoMapObject);
    out.push(...valuesSchemaIssues(sub, subMap, [...section, name]));
  }
  return out;
}

function parsedSchema(schemaBytes: Buffer): boolean | Record<string, unknown> {
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
  return schema as boolean | Record<string, unknown>;
}

function validateSingle(values: GoMapObject, schemaBytes: Buffer): string | null {
  const schema = parsedSchema(schemaBytes);
  const plain = new PlainJson();
  const instance = plain.readsAsIs(values) ? values : plain.convert(values);
  const key = plain.keyable ? JSON.stringify(instance) : '';
  if (key === '' || key.length > REPORTS_MAX_KEY) return report(schema, instance);
  let memo = reports.get(schemaBytes);
  if (!memo) reports.set(schemaBytes, (memo = new Map()));
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const out = report(schema, instance);
  if (memo.size >= REPORTS_MAX_ENTRIES) memo.clear();
  memo.set(key, out);
  return out;
}

function report(schema: boolean | Record<string, unknown>, instance: unknown): string | null {
  const issues = validateJsonSchema(schema, instance);
  if (issues.length === 0) return null;
  return issues.map((i) => `- ${i.field}: ${i.description}\n`).join('');
}
