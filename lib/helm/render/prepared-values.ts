/**
 * The values half of a render — dependency processing, value coalescing and the schema check —
 * reused across renders of one loaded chart with equal user values. All of it depends only on the
 * loaded chart (never mutated) and the content of the user values, and it is most of the per-render
 * work outside the templates (three coalesces of the whole values tree plus a schema check).
 *
 * A reused result replays Helm's warnings in their order and hands each render its own copy of the
 * chart (metadata and dependency lists) and of the values, with the same sharing of `global`
 * sections a fresh coalesce makes, so templates that `set` into `.Values` see exactly what they
 * would have seen and never reach another render's values.
 *
 * A result is kept only on the second render with the same values: a single render (the CLI)
 * pays for the key but not for the extra copy that keeping needs.
 */
import type { GoMapObject } from '@marina/go-runtime';
import type { Chart } from '../chart/chart.types';
import { cloneChartForRender, processDependencies } from '../chart/dependencies';
import { validateAgainstSchema } from '../schema/values-schema';
import { coalesceValues, type WarnFn } from '../values/coalesce';
import { valuesContentKey } from '../values/values-key';
import { deepCopyShared, sharedNodes } from '../values/values-table';

/** Longest user-values key worth computing (longer values are processed every time). */
const MAX_KEY = 64 * 1024;
/** Distinct user values remembered per loaded chart. */
const MAX_ENTRIES = 8;

/** What dependency processing and coalescing produced for one (loaded chart, user values). */
interface Kept {
  /** The processed chart; each render gets a clone. */
  readonly chart: Chart;
  readonly dependencyWarnings: readonly string[];
  /** The coalesced values, never handed out: each render gets a copy. */
  readonly values: GoMapObject;
  readonly shared: ReadonlySet<object>;
  readonly valueWarnings: readonly string[];
  /** The schema report (null: valid) once computed. */
  schema?: string | null;
}

/** Per loaded chart: user-values key → kept result, or SEEN after the first render. */
const kept = new WeakMap<Chart, Map<string, Kept | typeof SEEN>>();
const SEEN = 0;

/**
 * The steps of one render that depend on the values, in Helm's order: call
 * {@link processDependencies}, then {@link coalesce}, then optionally {@link schemaProblems}.
 */
export class PreparedValues {
  private chart: Chart | null = null;
  private values: GoMapObject | null = null;
  private readonly dependencyWarnings: string[] = [];
  private readonly valueWarnings: string[] = [];
  /** Content key of the user values; null when they have none (then nothing is reused or kept). */
  private readonly key: string | null;
  private readonly reuse: Kept | undefined;

  constructor(
    private readonly loaded: Chart,
    private readonly userValues: GoMapObject,
    private readonly warn: WarnFn,
  ) {
    this.key = valuesContentKey(userValues, MAX_KEY);
    const found = this.key === null ? undefined : kept.get(loaded)?.get(this.key);
    this.reuse = found === SEEN ? undefined : found;
  }

  /** Helm's `ProcessDependenciesWithMerge` on a render copy of the chart; returns that copy. */
  processDependencies(): Chart {
    if (this.reuse) {
      for (const w of this.reuse.dependencyWarnings) this.warn(w);
      return (this.chart = cloneChartForRender(this.reuse.chart));
    }
    const chart = cloneChartForRender(this.loaded);
    processDependencies(chart, this.userValues, this.recorder(this.dependencyWarnings));
    return (this.chart = chart);
  }

  /** The coalesced values for this render (its own copy). */
  coalesce(): GoMapObject {
    const chart = this.chart as Chart;
    if (this.reuse) {
      for (const w of this.reuse.valueWarnings) this.warn(w);
      return (this.values = deepCopyShared(this.reuse.values, this.reuse.shared));
    }
    const values = coalesceValues(chart, this.userValues, this.recorder(this.valueWarnings));
    this.values = values;
    this.keep(chart, values);
    return values;
  }

  /** The schema report for the coalesced values (null: valid); call before templates run. */
  schemaProblems(): string | null {
    if (this.reuse) {
      if (this.reuse.schema === undefined)
        this.reuse.schema = validateAgainstSchema(this.reuse.chart, this.reuse.values);
      return this.reuse.schema;
    }
    const report = validateAgainstSchema(this.chart as Chart, this.values as GoMapObject);
    // Same key, same values: the report holds for a result this render has just kept.
    const k = this.key === null ? undefined : kept.get(this.loaded)?.get(this.key);
    if (k !== undefined && k !== SEEN) k.schema = report;
    return report;
  }

  private recorder(into: string[]): WarnFn {
    return (message) => {
      into.push(message);
      this.warn(message);
    };
  }

  /** Marks the values as seen, or keeps this render's result when they were seen before. */
  private keep(chart: Chart, values: GoMapObject): void {
    if (this.key === null) return;
    let byKey = kept.get(this.loaded);
    if (byKey === undefined) kept.set(this.loaded, (byKey = new Map()));
    if (byKey.get(this.key) !== SEEN) {
      if (byKey.size >= MAX_ENTRIES) byKey.clear();
      byKey.set(this.key, SEEN);
      return;
    }
    const copy = deepCopyShared(values, sharedNodes(values));
    byKey.set(this.key, {
      // This render goes on with `chart` and `values`; the kept ones are copies so no two renders share one.
      chart: cloneChartForRender(chart),
      dependencyWarnings: this.dependencyWarnings,
      values: copy,
      shared: sharedNodes(copy),
      valueWarnings: this.valueWarnings,
    });
  }
}
