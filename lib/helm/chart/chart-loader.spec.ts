import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChartLoadError, loadChart } from './chart-loader';

describe('loading a chart directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'marina-chart-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function chart(at: string): void {
    mkdirSync(join(at, 'templates'), { recursive: true });
    writeFileSync(join(at, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 1.0.0\n');
    writeFileSync(join(at, 'values.yaml'), 'a: 1\n');
  }

  it('follows symbolic links to files and directories, as Helm does, in name order', () => {
    const c = join(dir, 'demo');
    chart(c);
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'cm.yaml'), 'kind: ConfigMap\n');
    writeFileSync(join(dir, 'outside.yaml'), 'kind: Secret\n');
    symlinkSync(join(dir, 'outside.yaml'), join(c, 'templates', 'b-secret.yaml'));
    symlinkSync(join(dir, 'shared'), join(c, 'templates', 'linked'));
    writeFileSync(join(c, 'templates', 'a.yaml'), 'kind: Service\n');
    const loaded = loadChart(c);
    expect(loaded.templates.map((t) => [t.name, t.data.toString('utf8')])).toEqual([
      ['templates/a.yaml', 'kind: Service\n'],
      ['templates/b-secret.yaml', 'kind: Secret\n'],
      ['templates/linked/cm.yaml', 'kind: ConfigMap\n'],
    ]);
  });

  it("refuses an irregular file with Helm's message", () => {
    const c = join(dir, 'demo');
    chart(c);
    execFileSync('mkfifo', [join(c, 'templates', 'pipe')]);
    expect(() => loadChart(c)).toThrow(ChartLoadError);
    expect(() => loadChart(c)).toThrow(
      `cannot load irregular file ${join(c, 'templates', 'pipe')} as it has file mode type bits set`,
    );
  });
});
