/** Renders of one loaded chart reusing the values steps (prepared-values.ts) behave like fresh ones. */
import { GoInt, type GoMapObject } from '@marina/go-runtime';
import { loadChartFiles } from '../chart/chart-loader';
import type { Chart } from '../chart/chart.types';
import { ChartRenderError, renderChart, type RenderOptions } from './render-chart';

const file = (name: string, text: string) => ({ name, data: Buffer.from(text) });

/**
 * parent → sub. Both templates mutate `.Values`; sub's template renders first (deeper path) and
 * writes into `global.shared.nested`, a table Helm's coalescing shares between parent and sub.
 */
function chart(schema?: string): Chart {
  return loadChartFiles([
    file(
      'Chart.yaml',
      'apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 0.1.0\n',
    ),
    file(
      'values.yaml',
      'name: p\ncount: 1\nobj: x\nglobal:\n  shared:\n    nested:\n      a: 1\n  list: [1, 2]\nsub: {}\n',
    ),
    file(
      'templates/cm.yaml',
      [
        '{{- $_ := set .Values "count" (add1 .Values.count) }}',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: {{ .Values.name }}',
        'data:',
        '  values: {{ toJson .Values | quote }}',
      ].join('\n'),
    ),
    ...(schema === undefined ? [] : [file('values.schema.json', schema)]),
    file('charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 0.1.0\n'),
    file('charts/sub/values.yaml', 'global:\n  shared:\n    nested:\n      b: 2\n'),
    file(
      'charts/sub/templates/cm.yaml',
      [
        '{{- $_ := set .Values.global.shared.nested "c" 3 }}',
        '{{- $_ := set .Values "touched" true }}',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: sub',
        'data:',
        '  values: {{ toJson .Values | quote }}',
      ].join('\n'),
    ),
  ]);
}

function render(
  c: Chart,
  values: () => GoMapObject,
  opts: Partial<RenderOptions> = {},
): { text: string; warnings: string[] } {
  const warnings: string[] = [];
  try {
    return {
      text: renderChart(c, { releaseName: 'r', values: values(), warn: (m) => warnings.push(m), ...opts }).manifestText,
      warnings,
    };
  } catch (err) {
    if (!(err instanceof ChartRenderError)) throw err;
    return { text: `${err.code}: ${err.message}`, warnings };
  }
}

describe('renderChart with equal values on one loaded chart', () => {
  it('gives every render the result of a fresh render, whatever earlier templates set', () => {
    const c = chart();
    const fresh = render(chart(), () => ({ name: 'n' }));
    const runs = [1, 2, 3, 4, 5].map(() => render(c, () => ({ name: 'n' })));
    for (const r of runs) expect(r).toEqual(fresh);
    expect(fresh.text).toContain('\\"count\\":2'); // not 3, 4, …: no render sees another's `set`
  });

  it('keeps the sharing of global tables between parent and subchart', () => {
    const c = chart();
    const texts = [1, 2, 3].map(() => render(c, () => ({})).text);
    // sub's `set` on global.shared.nested shows in the parent's values, as in Helm.
    for (const t of texts) expect(t).toContain('\\"nested\\":{\\"a\\":1,\\"b\\":2,\\"c\\":3}');
    expect(texts[2]).toBe(texts[0]);
  });

  it('replays coalescing warnings in order', () => {
    const c = chart();
    const runs = [1, 2, 3].map(() => render(c, () => ({ obj: { a: 1 } })));
    expect(runs[0].warnings).toEqual([
      'warning: skipped value for parent.obj: Not a table.',
      'warning: skipped value for parent.obj: Not a table.',
    ]);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  it('tells different values apart', () => {
    const c = chart();
    for (let i = 0; i < 3; i++) {
      expect(render(c, () => ({ name: 'a' })).text).toContain('name: a\n');
      expect(render(c, () => ({ name: 'b' })).text).toContain('name: b\n');
      expect(render(c, () => ({ count: 1n })).text).toContain('\\"count\\":2');
      expect(render(c, () => ({ count: '1' })).text).toContain('\\"count\\":2');
    }
  });

  it('renders values without a content key (Go typed values) every time', () => {
    const c = chart();
    const fresh = render(chart(), () => ({ count: new GoInt(5n, 'int64') }));
    for (let i = 0; i < 3; i++) expect(render(c, () => ({ count: new GoInt(5n, 'int64') }))).toEqual(fresh);
    expect(fresh.text).toContain('\\"count\\":6');
  });

  it('checks the schema on every render, also after renders that skipped it', () => {
    const c = chart('{"properties": {"name": {"type": "string"}}}');
    for (let i = 0; i < 3; i++)
      expect(render(c, () => ({ name: 5 }), { skipSchemaValidation: true }).text).toContain('name: 5\n');
    const failed = render(c, () => ({ name: 5 }));
    expect(failed.text).toBe(
      `SCHEMA: values don't meet the specifications of the schema(s) in the following chart(s):\nparent:\n- name: Invalid type. Expected: string, given: integer\n`,
    );
    expect(render(c, () => ({ name: 5 }))).toEqual(failed);
    expect(render(c, () => ({ name: 's' })).text).toContain('name: s\n');
  });
});
