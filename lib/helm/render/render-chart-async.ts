/**
 * Rendering with a live, asynchronous `lookup` (for installs against a cluster). Templates run
 * synchronously, so the chart is rendered in passes: each pass answers `lookup` from what has been
 * fetched so far (unknown objects read as `{}`, like a missing object) and records the queries it
 * could not answer; those are fetched and the chart is rendered again, until a pass asks for
 * nothing new. Charts whose lookups depend on earlier lookups converge in a few passes.
 */
import type { GoMapObject } from '@marina/go-runtime';
import type { Chart } from '../chart/chart.types';
import { deepCopy } from '../values/values-table';
import type { LookupFn } from './helm-funcs';
import { ChartRenderError, renderChart, type RenderOptions, type RenderResult } from './render-chart';

/** Fetches one object (or a list when `name` is '') from the cluster; `{}` when absent. */
export type AsyncLookupFn = (apiVersion: string, kind: string, namespace: string, name: string) => Promise<GoMapObject>;

/** Most render passes before giving up on lookups that keep asking for new objects. */
export const MAX_LOOKUP_PASSES = 8;

const keyOf = (a: string, k: string, ns: string, n: string) => JSON.stringify([a, k, ns, n]);

/**
 * `renderChart` with an asynchronous lookup. Resolves to the final pass's result; throws
 * ChartRenderError like renderChart (code LOOKUP_DID_NOT_SETTLE after MAX_LOOKUP_PASSES).
 */
export async function renderChartWithLookup(
  chart: Chart,
  opts: Omit<RenderOptions, 'lookup'>,
  lookup: AsyncLookupFn,
): Promise<RenderResult> {
  const known = new Map<string, GoMapObject>();
  for (let pass = 0; pass < MAX_LOOKUP_PASSES; pass++) {
    const missing = new Map<string, [string, string, string, string]>();
    const sync: LookupFn = (a, k, ns, n) => {
      const key = keyOf(a, k, ns, n);
      const hit = known.get(key);
      if (hit) return deepCopy(hit);
      missing.set(key, [a, k, ns, n]);
      return Object.create(null) as GoMapObject;
    };
    let result: RenderResult | undefined;
    let failure: unknown;
    try {
      result = renderChart(chart, { ...opts, lookup: sync });
    } catch (err) {
      failure = err;
    }
    if (missing.size === 0) {
      if (result) return result;
      throw failure;
    }
    await Promise.all([...missing].map(async ([key, args]) => known.set(key, await lookup(...args))));
  }
  throw new ChartRenderError(
    'LOOKUP_DID_NOT_SETTLE',
    `lookup results kept changing after ${MAX_LOOKUP_PASSES} render passes`,
    true,
  );
}
