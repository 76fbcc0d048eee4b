/**
 * The values half of {@link renderChart} on its own, for callers that need a render's `.Values`
 * without rendering templates (showing a release's effective values, checking user values before
 * anything is installed): dependencies processed on a copy of the chart (conditions, tags,
 * import-values), the user values coalesced onto the defaults, and every schema of the processed
 * tree checked against the result — the same steps, in the same order, as a render.
 */
import type { GoMapObject } from '@marina/go-runtime';
import type { Chart } from '../chart/chart.types';
import { valuesSchemaIssues, type ChartSchemaIssue } from '../schema/values-schema';
import { type WarnFn } from '../values/coalesce';
import { PreparedValues } from './prepared-values';
import { ChartRenderError } from './render-chart';

/** What a render of the chart with those user values would see. */
export interface ChartValues {
  /** `.Values` of the render (a private copy). */
  readonly values: GoMapObject;
  /** The schema problems a render would refuse (empty: valid). */
  readonly schemaIssues: readonly ChartSchemaIssue[];
}

/**
 * `.Values` and the schema check of a render of `chart` with `userValues` (neither is modified).
 * Throws {@link ChartRenderError} where a render would fail before its templates: `DEPENDENCIES`,
 * `VALUES` (a subchart's section is not a map) or `SCHEMA` (a broken values.schema.json).
 */
export function chartValues(chart: Chart, userValues: GoMapObject, warn: WarnFn = () => {}): ChartValues {
  const prepared = new PreparedValues(chart, userValues, warn);
  const processed = step('DEPENDENCIES', () => prepared.processDependencies());
  const values = step('VALUES', () => prepared.coalesce());
  const schemaIssues = step('SCHEMA', () => valuesSchemaIssues(processed, values));
  return { values, schemaIssues };
}

function step<T>(code: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ChartRenderError || !(err instanceof Error)) throw err;
    const c = (err as { code?: unknown }).code;
    throw new ChartRenderError(typeof c === 'string' ? c : code, err.message, false);
  }
}
