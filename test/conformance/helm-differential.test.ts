/**
 * Differential test: every chart under /work/shared/conformance (directories with a Chart.yaml
 * that are not vendored subcharts, and chart archives) rendered by the real helm 3.17.3 binary
 * and by `marina template` in-process, with default values and with non-default settings
 * (`--set`, namespace, upgrade, kube version, extra API version, CRDs). stdout+stderr and the exit
 * code must be identical.
 *
 * Charts that use random functions (randAlphaNum, genCA …) make helm disagree with itself. For
 * those, helm renders twice; lines that differ between helm's two runs are masked in all three
 * outputs, and the rest (line count included) must be identical. The number of such charts is
 * reported, not hidden.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runTemplate } from '../../src/cli/template/template-run';
import { findCharts, isolatedToolEnv } from '../support/files';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the oracle helper is plain JS
const { ensureTools } = require('../../scripts/tools') as { ensureTools(): { helm: string } };

const CONFORMANCE = join(__dirname, '../../../shared/conformance');

const VARIANTS: Record<string, string[]> = {
  defaults: [],
  'non-default': [
    '--set',
    'global.x=1,extra.list={a,b}',
    '--set-string',
    'str=007',
    '--namespace',
    'other',
    '--is-upgrade',
    '--kube-version',
    '1.25.0',
    '--api-versions',
    'example.com/v1',
    '--include-crds',
  ],
};

let helmBin: string;
let homeDir: string;

beforeAll(() => {
  helmBin = ensureTools().helm;
  homeDir = mkdtempSync(join(tmpdir(), 'marina-helm-home-'));
});
afterAll(() => rmSync(homeDir, { recursive: true, force: true }));

function helm(args: string[]): { out: string; code: number } {
  const r = spawnSync(helmBin, ['template', ...args], {
    cwd: CONFORMANCE,
    encoding: 'utf8',
    env: isolatedToolEnv(homeDir),
  });
  if (r.error) throw r.error;
  return { out: r.stdout + r.stderr, code: r.status ?? -1 };
}

function marina(args: string[]): { out: string; code: number } {
  const prev = process.cwd();
  process.chdir(CONFORMANCE);
  let out = '';
  let err = '';
  try {
    const code = runTemplate(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { out: out + err, code };
  } finally {
    process.chdir(prev);
  }
}

const nondeterministic: string[] = [];

function compare(args: string[], label: string): void {
  const h1 = helm(args);
  const m = marina(args);
  expect(m.code).toBe(h1.code);
  if (m.out === h1.out) return;
  const h2 = helm(args);
  if (h2.out === h1.out) {
    expect(m.out).toBe(h1.out);
    return;
  }
  nondeterministic.push(label);
  const a = h1.out.split('\n');
  const b = h2.out.split('\n');
  const c = m.out.split('\n');
  expect(c.length).toBe(a.length);
  const mask = (lines: string[]) => lines.map((l, i) => (a[i] !== b[i] ? '<random>' : l));
  expect(mask(c)).toEqual(mask(a));
}

const charts = findCharts(CONFORMANCE)
  .map((p) => relative(CONFORMANCE, p))
  .sort();

describe('marina template vs helm 3.17.3 on every conformance chart', () => {
  it('finds the charts', () => expect(charts.length).toBeGreaterThan(50));
  for (const [variant, flags] of Object.entries(VARIANTS)) {
    test.each(charts)(`%s (${variant})`, (chart) => compare(['rel', chart, ...flags], `${chart} (${variant})`));
  }
  afterAll(() => {
    process.stdout.write(
      `differential: ${charts.length} charts x ${Object.keys(VARIANTS).length} variants; compared with random lines masked: ${nondeterministic.length} (${nondeterministic.join(', ')})\n`,
    );
  });
});
