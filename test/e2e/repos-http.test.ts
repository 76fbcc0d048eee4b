/**
 * HTTP repositories against local HTTP servers: the real argo-helm index (1,628 versions)
 * served over HTTP parses to the right apps and versions; an unchanged index is skipped by
 * checksum; removing one entry yields a plan deleting exactly that version; validateRepo's
 * HTTP error codes; fetchPackage with digest check, basic auth and the SSRF policy.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllowList, STRICT_POLICY } from '../../src/net';
import { writeTarGz } from '../../src/packages/archive';
import {
  fetchPackage,
  indexDirectory,
  openRepo,
  parseRepoIndex,
  validateRepo,
  type RepoSyncState,
  type SyncPlan,
} from '../../src/repos';
import { planFromBytes, planRepoSync } from '../support/repo-sync-steps';
import { close, listen, port, startStaticServer, type StaticServer } from './repos-servers';

const conformance = join(__dirname, '../../../shared/conformance/index');
const work = mkdtempSync(join(tmpdir(), 'marina-http-repo-'));
const policy = parseAllowList('127.0.0.1');
const servers: Array<{ close(): Promise<void> }> = [];
const emptyState: RepoSyncState = { checksum: null, apps: new Map() };

afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(work, { recursive: true, force: true });
});

async function serve(dir: string, auth?: { username: string; password: string }): Promise<StaticServer> {
  const s = await startStaticServer(dir, auth);
  servers.push(s);
  return s;
}

function repoDir(name: string, indexFrom?: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  if (indexFrom) copyFileSync(indexFrom, join(dir, 'index.yaml'));
  return dir;
}

/** What a sync job would store after applying a plan (versions with digests per app). */
function applied(plan: SyncPlan): RepoSyncState {
  const apps = new Map<string, Map<string, string>>();
  for (const a of plan.apps) apps.set(a.name, new Map());
  for (const v of plan.versions) apps.get(v.app)!.set(v.entry.version, v.entry.digest);
  return { checksum: plan.checksum, etag: plan.etag ?? null, apps };
}

/** Removes the index entry of `name` `version` from index text, leaving every other byte alone. */
function withoutEntry(text: string, name: string, version: string): string {
  const lines = text.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const top = /^ {2}([^\s-][^:]*):$/.exec(lines[i]);
    if (top) section = top[1];
    if (section !== name || !lines[i].startsWith('  - ')) continue;
    let end = i + 1;
    while (end < lines.length && lines[end].startsWith('    ')) end++;
    if (lines.slice(i, end).some((l) => l === `    version: ${version}`))
      return [...lines.slice(0, i), ...lines.slice(end)].join('\n');
  }
  throw new Error(`${name} ${version} not found`);
}

describe('syncing the argo-helm index over HTTP', () => {
  let server: StaticServer;
  let dir: string;
  beforeAll(async () => {
    dir = repoDir('argo', join(conformance, 'argo-helm-gh-pages-index.yaml'));
    server = await serve(dir);
  });

  it('parses every app and version, then skips the unchanged index by checksum, then deletes exactly a removed version', async () => {
    const repo = await openRepo({ type: 'HTTP', url: server.url + '/' }, { policy });
    const first = await planRepoSync(repo, emptyState);
    if (first.kind !== 'changed') throw new Error('first sync must change');
    expect(first.apps).toHaveLength(11);
    expect(first.versions).toHaveLength(1628);
    expect(first.versions.every((v) => v.change === 'create')).toBe(true);
    expect(first.skipped).toEqual([]);
    const argoCd = first.apps.find((a) => a.name === 'argo-cd')!;
    expect(argoCd.latest.version).toBe(
      parseRepoIndex(readFileSync(join(dir, 'index.yaml'))).entries.get('argo-cd')![0].version,
    );

    expect(first.etag).toMatch(/^"[0-9a-f]{16}"$/);
    const state = applied(first);
    const requestsBefore = server.requests.length;
    expect(await planRepoSync(repo, state)).toEqual({
      kind: 'unchanged',
      checksum: first.checksum,
      by: 'etag',
      etag: first.etag,
    });
    expect(server.requests.length).toBe(requestsBefore + 1); // one conditional GET answered 304
    // Without a stored ETag the bytes are downloaded and the checksum decides.
    expect(await planRepoSync(repo, { ...state, etag: null })).toMatchObject({
      kind: 'unchanged',
      checksum: first.checksum,
      by: 'checksum',
    });

    const text = readFileSync(join(dir, 'index.yaml'), 'utf8');
    writeFileSync(join(dir, 'index.yaml'), withoutEntry(text, 'argo-cd', '9.7.1'));
    const third = await planRepoSync(repo, state);
    if (third.kind !== 'changed') throw new Error('third sync must change');
    expect(third.deleteVersions).toEqual([{ app: 'argo-cd', version: '9.7.1' }]);
    expect(third.versions).toEqual([]);
    expect(third.deleteApps).toEqual([]);
    expect(third.unchangedVersions).toBe(1627);
  });

  it('reports a changed digest as an update and a vanished chart as an app deletion (eks-charts)', () => {
    const text = readFileSync(join(conformance, 'aws-eks-charts-gh-pages-index.yaml'), 'utf8');
    const first = planFromBytes(emptyState, Buffer.from(text));
    expect([first.apps.length, first.versions.length]).toEqual([21, 449]);
    const state = applied(first);
    const digest = /^ {4}digest: ([0-9a-f]{64})$/m.exec(text)![1];
    const edited = text.replace(`    digest: ${digest}`, `    digest: ${'0'.repeat(64)}`);
    const vanished = state.apps.keys().next().value as string;
    const withoutApp = edited.replace(new RegExp(`^  ${vanished}:\\n(?: {2}- .*\\n| {4}.*\\n)*`, 'm'), '');
    const plan = planFromBytes(state, Buffer.from(withoutApp));
    const removedVersions = [...state.apps.get(vanished)!.keys()].length;
    expect(plan.deleteApps).toEqual([vanished]);
    expect(plan.deleteVersions).toHaveLength(removedVersions);
    const updated = plan.versions.filter((v) => v.change === 'update');
    expect(plan.versions).toEqual(updated);
    expect(updated.length).toBeLessThanOrEqual(1); // 0 when the edited digest belonged to the vanished app
    expect(plan.unchangedVersions + updated.length + removedVersions).toBe(449);
  });
});

describe('validateRepo over HTTP', () => {
  let good: StaticServer;
  let secured: StaticServer;
  let empty: StaticServer;
  let garbage: StaticServer;
  beforeAll(async () => {
    good = await serve(repoDir('good', join(conformance, 'aws-eks-charts-gh-pages-index.yaml')));
    secured = await serve(repoDir('secured', join(conformance, 'aws-eks-charts-gh-pages-index.yaml')), {
      username: 'reader',
      password: 's3cret',
    });
    empty = await serve(repoDir('empty'));
    const g = repoDir('garbage');
    writeFileSync(join(g, 'index.yaml'), 'entries: {a: [unclosed\n');
    garbage = await serve(g);
  });

  const v = (
    type: 'HTTP' | 'HTTPS',
    url: string,
    extra: { credential?: Record<string, string>; providers?: string[] } = {},
    p = policy,
  ) => validateRepo({ type, url, ...extra }, { policy: p });

  it('accepts a served Helm index (with basic auth when required)', async () => {
    await expect(v('HTTP', good.url, { providers: ['KUBERNETES'] })).resolves.toEqual({
      ok: true,
      format: 'helm',
      packages: 449,
    });
    await expect(
      v('HTTP', secured.url, { credential: { username: 'reader', password: 's3cret' } }),
    ).resolves.toMatchObject({ ok: true });
  });

  it.each([
    ['BAD_URL', () => v('HTTP', 'http//missing-colon')],
    ['TYPE_MISMATCH', () => v('HTTPS', 'http://127.0.0.1/charts')],
    ['SSRF_BLOCKED', () => v('HTTP', 'http://127.0.0.1/charts', {}, STRICT_POLICY)],
    ['SSRF_BLOCKED', () => v('HTTP', 'http://169.254.169.254/latest/', {}, policy)],
    ['UNREACHABLE', () => v('HTTP', 'http://127.0.0.1:1/')],
    ['ACCESS_DENIED', () => v('HTTP', secured.url, { credential: { username: 'reader', password: 'wrong' } })],
    ['INDEX_NOT_FOUND', () => v('HTTP', empty.url)],
    ['BAD_INDEX_YAML', () => v('HTTP', garbage.url)],
    ['INDEX_TYPE_MISMATCH', () => v('HTTP', good.url, { providers: ['QINGCLOUD'] })],
  ])('returns %s', async (code, run) => {
    expect(await run()).toMatchObject({ ok: false, errorCode: code });
  });
});

describe('fetchPackage over HTTP', () => {
  let repoServer: StaticServer;
  let redirector: Server;
  const chartBytes = writeTarGz([
    { path: 'hello/Chart.yaml', data: Buffer.from('apiVersion: v2\nname: hello\nversion: 1.0.0\n') },
  ]);

  beforeAll(async () => {
    const dir = repoDir('pkgs');
    writeFileSync(join(dir, 'hello-1.0.0.tgz'), chartBytes);
    writeFileSync(join(dir, 'index.yaml'), indexDirectory(dir).text);
    repoServer = await serve(dir, { username: 'u', password: 'p' });
    redirector = createServer((_req, res) =>
      res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    );
    await listen(redirector);
    servers.push({ close: () => close(redirector) });
  });

  it('downloads a relative URL with the repository credentials and checks the digest', async () => {
    const repo = await openRepo(
      { type: 'HTTP', url: repoServer.url, credential: { username: 'u', password: 'p' } },
      { policy },
    );
    const entry = parseRepoIndex((await repo.read('index.yaml'))!).entries.get('hello')![0];
    expect(await fetchPackage(repo, entry, { policy })).toEqual(chartBytes);
    await expect(fetchPackage(repo, { ...entry, digest: 'f'.repeat(64) }, { policy })).rejects.toMatchObject({
      code: 'DIGEST_MISMATCH',
    });
    await expect(fetchPackage(repo, { ...entry, urls: ['missing-1.0.0.tgz'] }, { policy })).rejects.toMatchObject({
      code: 'PACKAGE_NOT_FOUND',
    });
  });

  it('applies the SSRF policy to absolute URLs and to redirects', async () => {
    const repo = await openRepo(
      {
        type: 'HTTP',
        url: repoServer.url.replace('127.0.0.1', 'localhost'),
        credential: { username: 'u', password: 'p' },
      },
      { policy: parseAllowList('localhost') },
    );
    const entry = parseRepoIndex((await repo.read('index.yaml'))!).entries.get('hello')![0];
    const elsewhere = { ...entry, urls: [`http://127.0.0.1:${port(redirector)}/hello-1.0.0.tgz`] };
    await expect(fetchPackage(repo, elsewhere, { policy: parseAllowList('localhost') })).rejects.toMatchObject({
      code: 'SSRF_BLOCKED',
    });
    await expect(fetchPackage(repo, elsewhere, { policy })).rejects.toMatchObject({ code: 'SSRF_BLOCKED' }); // redirect to metadata
  });
});
