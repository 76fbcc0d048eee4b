/**
 * A chart's values as an instance sees them: the effective values (the user's overrides
 * coalesced onto the chart's defaults by the very steps a render takes, so they are what the
 * templates see as `.Values`), the check against the chart's values.schema.json, and the
 * defaults and schema that removed keys are judged by.
 */
import { ChartRenderError, chartValues, coalesceValues, type Chart, type ChartSchemaIssue } from '@marina/helm';
import { ValidationFailure, type FieldProblem } from '../../errors';
import { isJsonObject, type JsonValue, type ValueOverrides } from './value-overrides';
import { valuePath } from './value-path';

/** The merged values a render uses (plain JSON). */
export type EffectiveValues = ValueOverrides;

/**
 * The overrides coalesced onto `chart`'s defaults as Helm does (`null` deletes a default key,
 * maps merge, everything else replaces; subcharts' sections and `global` included). Throws
 * ChartRenderError for overrides that {@link validateValues} refuses, so validate first.
 */
export function effectiveValues(chart: Chart, overrides: ValueOverrides): EffectiveValues {
  return toJsonObject(chartValues(chart, overrides as never).values);
}

/**
 * Null when `overrides` suit `chart`, else a ValidationFailure naming every problem: each
 * values.schema.json violation of the coalesced values (path `config.<dotted field>`), or why
 * they cannot be coalesced at all (a subchart's section that is not a map, a broken schema).
 */
export function validateValues(chart: Chart, overrides: ValueOverrides): ValidationFailure | null {
  let issues: readonly ChartSchemaIssue[];
  try {
    issues = chartValues(chart, overrides as never).schemaIssues;
  } catch (err) {
    if (!(err instanceof ChartRenderError)) throw err;
    return new ValidationFailure(`Invalid values: ${err.message}`, [{ path: 'config', message: err.message }]);
  }
  if (issues.length === 0) return null;
  const details = issues.map(problemOf);
  const list = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  return new ValidationFailure(`Values do not match the chart's values.schema.json: ${list}`, details);
}

function problemOf(issue: ChartSchemaIssue): FieldProblem {
  const field = issue.field === '(root)' ? [] : [issue.field];
  return {
    path: ['config', ...issue.section.map((s) => valuePath([s])), ...field].join('.'),
    message: issue.description,
  };
}

/**
 * Every default value of the chart tree: the top chart's values.yaml with each subchart's
 * defaults under its name — enabled or not, so a disabled subchart's keys still count as known —
 * plus what dependency processing adds (aliases, import-values).
 */
export function chartDefaults(chart: Chart): EffectiveValues {
  const all = toJsonObject(coalesceValues(chart, {} as never));
  return addMissing(all, toJsonObject(chartValues(chart, {} as never).values));
}

/**
 * The chart's values.schema.json with each subchart's schema placed at its section, for
 * {@link removedValueKeys}; undefined when no chart of the tree has a readable schema.
 */
export function chartSchema(chart: Chart): JsonValue | undefined {
  const parts: JsonValue[] = [];
  const own = parseSchema(chart.schema);
  if (own !== undefined) parts.push(own);
  for (const sub of chart.dependencies) {
    const nested = chartSchema(sub);
    if (nested !== undefined) parts.push({ properties: { [sub.metadata.name]: nested } });
  }
  if (parts.length <= 1) return parts[0];
  return { allOf: parts };
}

function parseSchema(bytes: Buffer | null): JsonValue | undefined {
  if (bytes === null) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as JsonValue;
  } catch (err) {
    if (err instanceof SyntaxError) return undefined; // validateValues reports the broken schema
    throw err;
  }
}

/** `into` with every key of `from` it lacks, recursively. */
function addMissing(into: ValueOverrides, from: ValueOverrides): ValueOverrides {
  const added = Object.entries(from).map(([k, v]): [string, JsonValue] => {
    if (!Object.prototype.hasOwnProperty.call(into, k)) return [k, v];
    const cur = into[k];
    return [k, isJsonObject(cur) && isJsonObject(v) ? addMissing(cur, v) : cur];
  });
  return Object.fromEntries([...Object.entries(into), ...added]);
}

/** Coalesced values as plain JSON (Go integers become numbers). */
function toJsonObject(values: unknown): EffectiveValues {
  const text = JSON.stringify(values, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  const parsed = JSON.parse(text) as JsonValue;
  return isJsonObject(parsed) ? parsed : {};
}
