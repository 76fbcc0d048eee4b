/**
 * `helm template` goldens replayed through `marina template` in-process:
 * - the 23 `helm template` cases of Helm v3.21.4's cmd tests (rendered by Helm's test build, which
 *   reports Kubernetes 1.20.0, so `--kube-version 1.20.0` is prepended; explicit flags still win);
 * - the 8 Bitnami redis/mariadb scenarios rendered by the helm 3.17.3 release binary.
 * Output (stdout, then stderr) must be byte-identical up to trailing newlines, as in Helm's own
 * golden assertions; error cases must fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTemplate } from '../../src/cli/template/template-run';

const CONFORMANCE = join(__dirname, '../../../shared/conformance');

interface HelmCase {
  name: string;
  subcommand: string;
  argv: string[];
  golden_path: string;
  wantError: boolean;
  cwd?: string;
}

function runIn(cwd: string, argv: string[]): { out: string; code: number } {
  const prev = process.cwd();
  process.chdir(cwd);
  let out = '';
  let err = '';
  try {
    const code = runTemplate(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { out: out + err, code };
  } finally {
    process.chdir(prev);
  }
}

const trimEnd = (s: string) => s.replace(/\n+$/, '');

describe('helm v3.21.4 `helm template` goldens', () => {
  const index = JSON.parse(readFileSync(join(CONFORMANCE, 'helm/index-v3.21.4.json'), 'utf8')) as {
    cwd: string;
    cases: HelmCase[];
  };
  const cases = index.cases.filter((c) => c.subcommand === 'template');
  it('has the 23 upstream cases', () => expect(cases).toHaveLength(23));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const cwd = join(CONFORMANCE, 'helm', index.cwd);
    const argv = ['--kube-version', '1.20.0', ...c.argv.slice(1)];
    const { out, code } = runIn(cwd, argv);
    const golden = readFileSync(join(CONFORMANCE, 'helm', c.golden_path), 'utf8');
    expect(code !== 0).toBe(c.wantError);
    expect(trimEnd(out)).toBe(trimEnd(golden));
  });
});

interface BitnamiCase {
  chart: string;
  scenario: string;
  argv: string[];
  cwd: string;
  exit_code: number;
  expected_stdout: string;
  stderr_file: string | null;
}

describe('Bitnami redis/mariadb goldens (helm 3.17.3)', () => {
  const index = JSON.parse(readFileSync(join(CONFORMANCE, 'charts/golden/index.json'), 'utf8')) as {
    cases: BitnamiCase[];
  };
  it('has the 8 scenarios', () => expect(index.cases).toHaveLength(8));
  test.each(index.cases.map((c) => [`${c.chart} ${c.scenario}`, c] as const))('%s', (_name, c) => {
    const prev = process.cwd();
    process.chdir(join(CONFORMANCE, c.cwd));
    let out = '';
    let err = '';
    let code: number;
    try {
      code = runTemplate(c.argv.slice(1), { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    } finally {
      process.chdir(prev);
    }
    expect(code).toBe(c.exit_code);
    expect(out).toBe(readFileSync(join(CONFORMANCE, c.expected_stdout), 'utf8'));
    if (c.stderr_file) expect(err).toBe(readFileSync(join(CONFORMANCE, c.stderr_file), 'utf8'));
  });
});
