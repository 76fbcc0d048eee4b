/**
 * Repeated renders of one loaded chart: renderChart reuses the values steps (dependency
 * processing, coalescing, schema check) for equal user values (render/prepared-values.ts). The
 * CLI conformance suites load a chart per render and never reach that path, so here every
 * conformance chart is loaded once and rendered four times with equal values in fresh objects:
 * renders 1–2 compute everything, 3–4 reuse. Manifests, notes, hooks, CRDs, errors and
 * warnings of the reusing renders must equal the computing ones (render 4 also shows that
 * render 3's templates could not change what later renders see). Charts with random functions
 * differ between their own fresh renders; those lines are masked as in the differential test.
 */
import { join, relative } from 'node:path';
import type { GoMapObject } from '@marina/go-runtime';
import { loadChart, renderChart, type Chart, type RenderOptions } from '@marina/helm';
import { findCharts } from '../support/files';

const CONFORMANCE = join(__dirname, '../../../shared/conformance');

/** Render options; `values` builds a new, equal object on every call. */
const VARIANTS: Record<string, { opts: Omit<RenderOptions, 'values'>; values: () => GoMapObject }> = {
  defaults: { opts: { releaseName: 'rel' }, values: () => ({}) },
  'non-default': {
    opts: {
      releaseName: 'rel',
      namespace: 'other',
      isUpgrade: true,
      kubeVersion: '1.25.0',
      apiVersions: ['example.com/v1'],
      includeCrds: true,
    },
    values: () => ({ global: { x: 1n }, extra: { list: ['a', 'b'] }, str: '007' }),
  },
};

/** One render's observable outcome as text. */
function outcome(chart: Chart, variant: (typeof VARIANTS)[string]): string {
  const warnings: string[] = [];
  let result: string;
  try {
    const r = renderChart(chart, { ...variant.opts, values: variant.values(), warn: (m) => warnings.push(m) });
    const hooks = r.hooks.map((h) => `# hook ${h.name} ${h.kind} ${JSON.stringify(h)}\n`).join('');
    const crds = r.crds.map((c) => `# crd ${c.filename}\n${c.content}\n`).join('');
    result = `${r.manifestText}${hooks}${crds}# notes\n${r.notes}`;
  } catch (err) {
    result = `error ${(err as { code?: string }).code}: ${(err as Error).message}`;
  }
  return `${warnings.map((w) => `# warning ${w}\n`).join('')}${result}`;
}

const charts = findCharts(CONFORMANCE)
  .map((p) => relative(CONFORMANCE, p))
  .sort();

describe('renders that reuse the values steps equal renders that compute them', () => {
  it('finds the charts', () => expect(charts.length).toBeGreaterThan(50));
  for (const [name, variant] of Object.entries(VARIANTS)) {
    test.each(charts)(`%s (${name})`, (path) => {
      let chart: Chart;
      try {
        chart = loadChart(join(CONFORMANCE, path));
      } catch {
        return; // load errors are the differential test's business
      }
      const [a, b, c, d] = [1, 2, 3, 4].map(() => outcome(chart, variant).split('\n'));
      const mask = (lines: string[]) => lines.map((l, i) => (a[i] !== b[i] ? '<random>' : l));
      if (a.join('\n') !== b.join('\n')) expect(b.length).toBe(a.length);
      expect(mask(c)).toEqual(mask(a));
      expect(mask(d)).toEqual(mask(a));
    });
  }
});
