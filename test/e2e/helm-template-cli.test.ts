/**
 * `marina template` as a real process (the compiled CLI, like `npx marina template`) against the
 * real `helm template` 3.17.3 process: same stdout, stderr and exit code for chart directories,
 * packaged `.tgz` charts, every values flag, and the error paths.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFORMANCE_DIR, isolatedToolEnv, newestMtime } from '../support/files';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- shared JS helper of the toolchain
const { helm } = require('../../scripts/tools').ensureTools() as { helm: string };

const root = join(__dirname, '../..');
const node = join(root, 'node_modules/.bin/node');
const cli = join(root, 'dist/src/cli/main.js');
const conformance = CONFORMANCE_DIR;
const work = mkdtempSync(join(tmpdir(), 'marina-template-cli-'));
const env = isolatedToolEnv(work);

/** Builds dist/ when it is missing or older than the sources this test exercises. */
function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(join(root, 'dist/src/packages/helm/cli/template-run.js')).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const sources = Math.max(newestMtime(join(root, 'src/packages/helm')), newestMtime(join(root, 'src/templates')), statSync(join(root, 'src/cli/template.command.ts')).mtimeMs);
  if (built >= sources) return;
  const r = spawnSync(node, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
  const b = spawnSync(node, [join(root, 'scripts/bundle-cli.js')], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`bundling failed:\n${b.stdout}${b.stderr}`);
}

type Run = { stdout: string; stderr: string; code: number | null };

function run(cmd: string, args: string[], cwd: string): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

const helmTemplate = (args: string[], cwd = conformance) => run(helm, ['template', ...args], cwd);
const marinaTemplate = (args: string[], cwd = conformance) => run(node, [cli, 'template', ...args], cwd);

function expectSame(args: string[], cwd = conformance): Run {
  const h = helmTemplate(args, cwd);
  const m = marinaTemplate(args, cwd);
  expect(m.code).toBe(h.code);
  expect(m.stdout).toBe(h.stdout);
  expect(m.stderr).toBe(h.stderr);
  return m;
}

beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('marina template process vs helm template process', () => {
  it('renders the Bitnami redis chart with scenario values byte-identically', () => {
    const r = expectSame(['myrel', 'charts/assembled/redis-23.1.1', '--namespace', 'default', '--kube-version', '1.30.0', '-f', 'charts/golden-scenarios/redis/02-standalone-no-persistence.values.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Source: redis/templates/master/application.yaml');
  });

  it('fails the schema-invalid scenario like helm (exit 1, same message)', () => {
    const r = expectSame(['myrel', 'charts/assembled/redis-23.1.1', '--kube-version', '1.30.0', '-f', 'charts/golden-scenarios/redis/04-tls-existing-secret-acl-SCHEMA-ERROR.values.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("values don't meet the specifications of the schema(s)");
  });

  it('renders a packaged .tgz chart', () => {
    const pkg = run(helm, ['package', join(conformance, 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart'), '-d', work], work);
    expect(pkg.code).toBe(0);
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tgz).toBeDefined();
    expectSame(['rel', join(work, tgz as string), '--include-crds']);
  });

  it('applies --set, --set-string, --set-json, --set-file and -f in helm order', () => {
    const file = join(work, 'extra.txt');
    writeFileSync(file, 'from a file\n');
    const values = join(work, 'v.yaml');
    writeFileSync(values, 'service:\n  name: fromfile\n  externalPort: 8080\n');
    expectSame([
      'rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart', '-f', values, '--set', 'service.internalPort=9000',
      '--set-string', 'service.type=007', '--set-json', 'service.name="json"', '--set-file', `note=${file}`, '-n', 'prod',
    ]);
  });

  it('supports --show-only with globs and several files', () => {
    expectSame(['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart', '--show-only', 'templates/service.yaml', '-s', 'charts/subcharta/templates/*']);
  });

  it.each([
    [[] as string[]],
    [['rel', './does-not-exist']],
    [['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart', '--set', 'broken']],
    [['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart', '--kube-version', 'x.y']],
    [['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart', '--bogus']],
    [['BAD', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart']],
    [['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart', '--show-only', 'templates/nope.yaml']],
    [['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/chart-with-template-with-invalid-yaml']],
  ])('reports errors like helm: %j', (args) => {
    const r = expectSame(args);
    expect(r.code).toBe(1);
  });
});

describe('npx marina', () => {
  it('npm install links node_modules/.bin/marina, which npx runs directly', () => {
    const bin = join(root, 'node_modules/.bin/marina');
    const args = ['template', 'rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart'];
    // PATH as npx sets it: the project's node_modules/.bin first (so `env node` finds Node 24).
    const r = spawnSync(bin, args, { cwd: conformance, env: { ...env, PATH: `${join(root, 'node_modules/.bin')}:${env.PATH ?? ''}` }, encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(helmTemplate(args.slice(1)).stdout);
  });
});
