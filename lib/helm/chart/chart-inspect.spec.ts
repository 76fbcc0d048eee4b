/** Per-file problem reports for uploaded charts. */
import { inspectChart } from './chart-inspect';

const file = (name: string, text: string) => ({ name, data: Buffer.from(text) });
const base = [file('Chart.yaml', 'apiVersion: v2\nname: demo\nversion: 1.0.0\n'), file('README.md', '# Demo\n')];

describe('inspectChart', () => {
  it('accepts a valid chart and returns its README', () => {
    const r = inspectChart([
      ...base,
      file('values.yaml', 'name: x\n'),
      file('templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n'),
    ]);
    expect(r.issues).toEqual([]);
    expect(r.chart?.metadata.version).toBe('1.0.0');
    expect(r.readme).toBe('# Demo\n');
  });
  it('attributes Chart.yaml problems to Chart.yaml', () => {
    const r = inspectChart([file('Chart.yaml', 'apiVersion: v2\nname: demo\nversion: not-semver\n')]);
    expect(r.chart).toBeNull();
    expect(r.issues).toEqual([
      { path: 'Chart.yaml', message: 'validation: chart.metadata.version "not-semver" is invalid' },
    ]);
  });
  it('attributes values.yaml syntax errors to values.yaml', () => {
    const r = inspectChart([...base, file('values.yaml', 'a: [1\n')]);
    expect(r.issues[0].path).toBe('values.yaml');
    expect(r.issues[0].message).toContain("did not find expected ',' or ']'");
  });
  it('lists every template that does not parse, and a broken schema', () => {
    const r = inspectChart([
      ...base,
      file('values.schema.json', '{nope'),
      file('templates/a.yaml', '{{ if }}'),
      file('templates/b.yaml', '{{ nosuchfunc }}'),
    ]);
    expect(r.issues.map((i) => i.path)).toEqual(['values.schema.json', 'templates/a.yaml', 'templates/b.yaml']);
  });
  it('reports render failures with the template that failed', () => {
    const r = inspectChart([...base, file('templates/a.yaml', '{{ required "x is required" .Values.x }}')]);
    expect(r.issues).toEqual([{ path: 'templates/a.yaml', message: expect.stringContaining('x is required') }]);
  });
});
