/**
 * Dependency processing works on a render copy: the loaded chart is never changed, two renders
 * never share values they could write to, and the memoised version-range check and the skipped
 * deep copy (import-values with nothing to import) give the same values as before.
 */
import { join } from 'node:path';
import { mapGet, type GoMapObject } from '@marina/go-runtime';
import { coalesceValues } from '../values/coalesce';
import { pathValue } from '../values/values-table';
import { loadChartDir } from './chart-loader';
import type { Chart } from './chart.types';
import { cloneChartForRender, processDependencies } from './dependencies';

const CONFORMANCE = join(__dirname, '../../../../shared/conformance');
const REDIS = join(CONFORMANCE, 'charts/assembled/redis-23.1.1');
const SUBPOP = join(CONFORMANCE, 'helm/v3.21.4/pkg/chartutil/testdata/subpop');

/** Everything about a chart tree that processing could change, as comparable data. */
function snapshot(c: Chart): unknown {
  return {
    metadata: JSON.parse(JSON.stringify(c.metadata)),
    values: JSON.parse(JSON.stringify(c.values)),
    deps: c.dependencies.map(snapshot),
  };
}

function renderValues(loaded: Chart, user: GoMapObject = {}): { chart: Chart; values: GoMapObject } {
  const chart = cloneChartForRender(loaded);
  processDependencies(chart, user);
  return { chart, values: coalesceValues(chart, user) };
}

describe('processDependencies on a render copy', () => {
  it.each([[REDIS], [SUBPOP]])('leaves the loaded chart %s as it was', (dir) => {
    const loaded = loadChartDir(dir);
    const before = snapshot(loaded);
    const a = renderValues(loaded);
    renderValues(loaded, { tags: { 'front-end': false } });
    expect(snapshot(loaded)).toEqual(before);
    expect(a.values).toEqual(renderValues(loaded).values); // the same again from the memoised range checks
  });

  it('gives every render values of its own (a template may `set` into them)', () => {
    const loaded = loadChartDir(REDIS);
    const a = renderValues(loaded);
    const b = renderValues(loaded);
    const expected = JSON.stringify(b.values);
    const master = mapGet(a.values, 'master') as GoMapObject;
    master.count = 99;
    (mapGet(a.values, 'common') as GoMapObject).extra = 'x';
    ((mapGet(a.values, 'global') as GoMapObject) ?? {}).written = true;
    expect(JSON.stringify(b.values)).toBe(expected);
    expect(JSON.stringify(renderValues(loaded).values)).toBe(expected);
  });

  it('imports values from subcharts (the deep copy before merging imports is kept)', () => {
    const loaded = loadChartDir(SUBPOP);
    const { chart } = renderValues(loaded);
    const again = renderValues(loaded).chart;
    expect(JSON.stringify(chart.values)).toBe(JSON.stringify(again.values));
    expect(pathValue(chart.values, 'imported-chart1.SC1bool')).toEqual({ found: true, value: true }); // imported from subchart1
  });
});
