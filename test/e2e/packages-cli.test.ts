/**
 * Packaging CLI end to end: `marina package` (Helm chart and the OpenPitrix WordPress VM
 * package), `marina repo index` compared with the real `helm repo index` on the same
 * directory, the index served over HTTP to the real helm (`repo add` + `search repo`),
 * a VM-format index, and `marina lint`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { readTarGz } from '../../src/packages/archive';
import { parseRepoIndex } from '../../src/repos/index/repo-index.parse';
import { startStaticServer, type StaticServer } from './repos-servers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- shared JS helper of the toolchain
const { helm } = require('../../scripts/tools').ensureTools() as { helm: string };

const fixtures = join(__dirname, '../fixtures/packages');
const wordpress = join(__dirname, '../../../shared/reference/openpitrix-vm-package/Wordpress');
const work = mkdtempSync(join(tmpdir(), 'marina-cli-'));
const helmEnv = {
  ...process.env,
  HELM_CONFIG_HOME: join(work, 'helm/config'),
  HELM_CACHE_HOME: join(work, 'helm/cache'),
  HELM_DATA_HOME: join(work, 'helm/data'),
};
let server: StaticServer | undefined;

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

async function marina(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const runHelm = (...args: string[]) => execFileSync(helm, args, { env: helmEnv, encoding: 'utf8' });
/** For helm calls that talk to our in-process server (a sync exec would block its event loop). */
const runHelmAsync = async (...args: string[]) =>
  (await promisify(execFile)(helm, args, { env: helmEnv, encoding: 'utf8' })).stdout;
/** Index text with the timestamps (`generated`, per-entry `created`) blanked. */
const withoutTimes = (text: string) => text.replace(/^(\s*(?:- )?(?:created|generated): ).*$/gm, '$1<time>');

describe('marina package', () => {
  const repo = join(work, 'repo');
  beforeAll(() => mkdirSync(repo, { recursive: true }));

  it('packages a Helm chart like helm package (honouring .helmignore)', async () => {
    const r = await marina('package', join(fixtures, 'hello-chart'), '-d', repo);
    expect(r).toMatchObject({ code: 0, err: '' });
    const files = readTarGz(readFileSync(join(repo, 'hello-chart-0.3.1.tgz')))
      .map((f) => f.path)
      .sort();
    expect(files).toEqual([
      'hello-chart/.helmignore',
      'hello-chart/Chart.yaml',
      'hello-chart/templates/NOTES.txt',
      'hello-chart/templates/deployment.yaml',
      'hello-chart/values.yaml',
    ]);
    // The real helm accepts the archive as a chart.
    expect(runHelm('show', 'chart', join(repo, 'hello-chart-0.3.1.tgz'))).toContain('name: hello-chart');
  });

  it('packages the WordPress VM package', async () => {
    const r = await marina('package', wordpress, '--destination', repo);
    expect(r.code).toBe(0);
    const files = readTarGz(readFileSync(join(repo, 'Wordpress-0.1.0.tgz')))
      .map((f) => f.path)
      .sort();
    expect(files).toEqual(['Wordpress/cluster.json.tmpl', 'Wordpress/config.json', 'Wordpress/package.json']);
  });

  it('refuses an invalid package with per-file errors and writes nothing', async () => {
    const bad = join(work, 'bad-chart');
    mkdirSync(bad);
    writeFileSync(join(bad, 'Chart.yaml'), 'apiVersion: v2\nname: bad\nversion: one\n');
    const out = join(work, 'out-bad');
    mkdirSync(out);
    const r = await marina('package', bad, '-d', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Chart.yaml: chart.metadata.version "one" is invalid');
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('marina repo index', () => {
  const repo = join(work, 'repo');

  it('writes the same index as helm repo index on the same directory (timestamps aside)', async () => {
    const helmDir = join(work, 'helm-indexed');
    mkdirSync(helmDir);
    for (const f of readdirSync(repo)) copyFileSync(join(repo, f), join(helmDir, f));
    runHelm('repo', 'index', helmDir, '--url', 'https://charts.example.com/stable');
    const r = await marina('repo', 'index', repo, '--url', 'https://charts.example.com/stable');
    expect(r.code).toBe(0);
    expect(r.err).toContain('skipping Wordpress-0.1.0.tgz'); // helm skips non-charts too
    const ours = readFileSync(join(repo, 'index.yaml'), 'utf8');
    const theirs = readFileSync(join(helmDir, 'index.yaml'), 'utf8');
    expect(withoutTimes(ours)).toBe(withoutTimes(theirs));
    const parsed = parseRepoIndex(ours);
    expect(parsed.entries.get('hello-chart')?.[0]).toMatchObject({
      appVersion: '1.0',
      urls: ['https://charts.example.com/stable/hello-chart-0.3.1.tgz'],
    });
  });

  it('serves an index the real helm can add and search', async () => {
    await marina('repo', 'index', repo);
    server = await startStaticServer(repo);
    await runHelmAsync('repo', 'add', 'marina-test', server.url);
    const search = runHelm('search', 'repo', 'marina-test/', '--versions');
    expect(search).toMatch(/marina-test\/hello-chart\s+0\.3\.1\s+1\.0\s+A small chart/);
    mkdirSync(join(work, 'pulled'));
    await runHelmAsync('pull', 'marina-test/hello-chart', '--destination', join(work, 'pulled'));
    expect(readFileSync(join(work, 'pulled', 'hello-chart-0.3.1.tgz'))).toEqual(
      readFileSync(join(repo, 'hello-chart-0.3.1.tgz')),
    );
  });

  it('merges an existing index like --merge (old versions kept, present ones refreshed)', async () => {
    const old = join(work, 'old-index.yaml');
    writeFileSync(
      old,
      'apiVersion: v1\nentries:\n  legacy:\n  - apiVersion: v1\n    name: legacy\n    version: 0.0.1\n    urls: [legacy-0.0.1.tgz]\n    digest: abc\ngenerated: "2020-01-01T00:00:00Z"\n',
    );
    await marina('repo', 'index', repo, '--merge', old);
    const parsed = parseRepoIndex(readFileSync(join(repo, 'index.yaml')));
    expect([...parsed.entries.keys()].sort()).toEqual(['hello-chart', 'legacy']);
  });

  it('writes an OpenPitrix VM index for VM packages', async () => {
    const vmRepo = join(work, 'vm-repo');
    mkdirSync(vmRepo);
    copyFileSync(join(repo, 'Wordpress-0.1.0.tgz'), join(vmRepo, 'Wordpress-0.1.0.tgz'));
    const r = await marina('repo', 'index', vmRepo, '--url', 'http://repo.example.com/vm');
    expect(r.code).toBe(0);
    const text = readFileSync(join(vmRepo, 'index.yaml'), 'utf8');
    expect(text).toMatch(/^api_version: v1\nentries:\n  Wordpress:\n  - api_version: v1\n    app_version: 4\.9\.7\n/);
    const parsed = parseRepoIndex(text);
    expect(parsed.format).toBe('vm');
    expect(parsed.entries.get('Wordpress')?.[0]).toMatchObject({
      version: '0.1.0',
      appVersion: '4.9.7',
      urls: ['http://repo.example.com/vm/Wordpress-0.1.0.tgz'],
    });
  });
});

describe('marina lint', () => {
  it('passes good packages and reports per-file errors for bad ones', async () => {
    const good = await marina(
      'lint',
      join(fixtures, 'hello-chart'),
      wordpress,
      join(fixtures, 'nginx-template'),
      join(work, 'repo', 'hello-chart-0.3.1.tgz'),
    );
    expect(good.out).toContain('4 package(s) linted, 0 package(s) failed');
    expect(good.code).toBe(0);
    const bad = await marina('lint', join(work, 'bad-chart'));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('[ERROR] Chart.yaml: chart.metadata.version "one" is invalid (INVALID_METADATA)');
  });
});
