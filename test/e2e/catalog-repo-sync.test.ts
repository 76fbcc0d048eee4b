/**
 * Repo sync over GraphQL with real workers (job engine on Redis + PostgreSQL): an HTTP repo
 * serving the argo-helm index syncs to its 11 apps / 1,628 versions; unchanged re-syncs are
 * skipped by ETag and by checksum; removing one entry deletes exactly that version; statuses
 * are never downgraded; packages are fetched on demand and cached by digest; one sync per repo
 * at a time; periodic syncs come from the scheduler.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as load, stringify as dump } from 'yaml';
import { rcompare } from 'semver';
import { startTestMarina, type TestMarina } from '../support/marina';
import { waitFor } from '../support/wait-for';
import {
  type Authed,
  awaitJob,
  blobFiles,
  developer,
  type RepoServer,
  sql,
  startRepoServer,
  tgzOf,
} from './catalog-support';

const INDEXES = join(__dirname, '../../../shared/conformance/index');
const ARGO = readFileSync(join(INDEXES, 'argo-helm-gh-pages-index.yaml'));
const EKS = readFileSync(join(INDEXES, 'aws-eks-charts-gh-pages-index.yaml'));
const HELLO = join(__dirname, '../fixtures/packages/hello-chart');

type IndexDoc = {
  apiVersion: string;
  entries: Record<string, { version: string; digest?: string; urls?: string[] }[]>;
};

const CREATE_REPO = `mutation($input: CreateRepoInput!) { createRepo(input: $input) {
  __typename ... on Repo { id name status syncStatus } ... on ErrorResult { errorCode message } ... on ValidationError { details { path message } } } }`;
const EVENTS = `query($id: ID!) { repo(id: $id) { lastSyncedAt syncStatus events(first: 10) { totalCount edges { node { id status message appsAdded versionsAdded versionsUpdated versionsRemoved skipped jobId } } } } }`;

let t: TestMarina;
let server: RepoServer;
let dev: Authed;
let blobDir: string;

beforeAll(async () => {
  blobDir = mkdtempSync(join(tmpdir(), 'marina-blobs-'));
  server = await startRepoServer();
  t = await startTestMarina('catalog_sync', {
    workers: true,
    env: { MARINA_ALLOWED_HOSTS: '127.0.0.1', MARINA_BLOB_DIR: blobDir, MARINA_REPO_SYNC_TICK_MS: '200' },
  });
  dev = await developer(t);
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await server?.close();
  rmSync(blobDir, { recursive: true, force: true });
});

/** Serves `index` under a fresh prefix so every test has its own repository. */
function serve(prefix: string, index: Buffer): string {
  server.files.set(`${prefix}/index.yaml`, index);
  return `${server.url}/${prefix}`;
}

async function createRepo(
  name: string,
  url: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; jobId: string }> {
  const { createRepo: repo } = await dev.ok(CREATE_REPO, {
    input: { name, type: 'HTTP', url, providers: ['KUBERNETES'], ...extra },
  });
  expect(repo.__typename).toBe('Repo');
  const events = (await dev.ok(EVENTS, { id: repo.id })).repo.events.edges;
  expect(events).toHaveLength(1);
  return { id: repo.id, jobId: events[0].node.jobId };
}

/** Requests a sync, waits for its job, returns the finished event. */
async function syncNow(repoId: string) {
  const { syncRepo: event } = await dev.ok(`mutation($id: ID!) { syncRepo(id: $id) { id status jobId } }`, {
    id: repoId,
  });
  expect(event.status).toBe('PENDING');
  expect(await awaitJob(dev, event.jobId)).toBe('SUCCEEDED');
  return latestEvent(repoId, event.id);
}

async function latestEvent(repoId: string, id?: string) {
  const node = (await dev.ok(EVENTS, { id: repoId })).repo.events.edges[0].node;
  if (id) expect(node.id).toBe(id);
  return node;
}

async function versionRows(
  repoId: string,
): Promise<{ app: string; version: string; status: string; digest: string }[]> {
  return sql(
    t,
    `select a.name as app, v.name as version, v.status, v.digest from app_versions v join apps a on a.id = v.app_id where a.repo_id = $1`,
    [repoId],
  );
}

describe('HTTP repo with the argo-helm index', () => {
  const doc = load(ARGO.toString('utf8'), { schema: 'core' }) as IndexDoc;
  const charts = Object.keys(doc.entries);
  const total = charts.reduce((n, c) => n + doc.entries[c].length, 0);
  let repoId: string;

  it('first sync creates every app and version (ACTIVE by default) in one job', async () => {
    expect([charts.length, total]).toEqual([11, 1628]);
    const repo = await createRepo('argo', serve('argo', ARGO));
    repoId = repo.id;
    expect(await awaitJob(dev, repo.jobId)).toBe('SUCCEEDED');
    const event = await latestEvent(repoId);
    expect(event).toMatchObject({
      status: 'SUCCEEDED',
      appsAdded: 11,
      versionsAdded: 1628,
      versionsUpdated: 0,
      versionsRemoved: 0,
      skipped: false,
    });

    const view = await dev.ok(
      `query($id: ID!) { repo(id: $id) { syncStatus lastSyncedAt apps(first: 100) { totalCount edges { node { name type status categories { name }
      latestVersion { name status } versions(first: 1) { totalCount } } } } } }`,
      { id: repoId },
    );
    expect(view.repo.syncStatus).toBe('SUCCEEDED');
    expect(view.repo.lastSyncedAt).not.toBeNull();
    const apps = view.repo.apps.edges.map((e: { node: any }) => e.node);
    expect(apps.map((a: { name: string }) => a.name).sort()).toEqual([...charts].sort());
    for (const app of apps) {
      const newest = doc.entries[app.name].map((e) => e.version).sort((x, y) => rcompare(x, y, { loose: true }))[0];
      expect([app.name, app.type, app.status, app.categories, app.latestVersion, app.versions.totalCount]).toEqual([
        app.name,
        'HELM',
        'ACTIVE',
        [{ name: 'uncategorized' }],
        { name: newest, status: 'ACTIVE' },
        doc.entries[app.name].length,
      ]);
    }
    const rows = await versionRows(repoId);
    expect(rows).toHaveLength(1628);
    const digests = new Map(charts.flatMap((c) => doc.entries[c].map((e) => [`${c} ${e.version}`, e.digest])));
    for (const r of rows) expect(r.digest).toBe(digests.get(`${r.app} ${r.version}`));
  }, 60_000);

  it('an unchanged index is skipped: by ETag (304), and by checksum when the server sends no ETag', async () => {
    const byEtag = await syncNow(repoId);
    expect(byEtag).toMatchObject({
      status: 'SUCCEEDED',
      skipped: true,
      versionsAdded: 0,
      versionsRemoved: 0,
      message: expect.stringContaining('ETag'),
    });
    server.etags = false;
    try {
      const byChecksum = await syncNow(repoId);
      expect(byChecksum).toMatchObject({
        status: 'SUCCEEDED',
        skipped: true,
        message: expect.stringContaining('checksum'),
      });
    } finally {
      server.etags = true;
    }
  }, 60_000);

  it('removing one entry from the index deletes exactly that version', async () => {
    const chart = 'argo-cd';
    const removed = doc.entries[chart]
      .map((e) => e.version)
      .sort((x, y) => rcompare(x, y, { loose: true }))
      .at(-1)!;
    const edited = structuredClone(doc);
    edited.entries[chart] = edited.entries[chart].filter((e) => e.version !== removed);
    server.files.set('argo/index.yaml', Buffer.from(dump(edited)));
    const before = await versionRows(repoId);
    const event = await syncNow(repoId);
    expect(event).toMatchObject({
      status: 'SUCCEEDED',
      skipped: false,
      appsAdded: 0,
      versionsAdded: 0,
      versionsUpdated: 0,
      versionsRemoved: 1,
    });
    const after = await versionRows(repoId);
    const changed = after.filter(
      (r) => before.find((b) => b.app === r.app && b.version === r.version)!.status !== r.status,
    );
    expect(changed).toEqual([{ app: chart, version: removed, status: 'DELETED', digest: expect.any(String) }]);
  }, 60_000);
});

describe('statuses, deletions and failures', () => {
  it('never downgrades a status on re-index, revives re-listed versions, deletes vanished apps, and reports bad indexes', async () => {
    const doc = load(EKS.toString('utf8'), { schema: 'core' }) as IndexDoc;
    const repo = await createRepo('eks', serve('eks', EKS), { appDefaultStatus: 'DRAFT' });
    expect(await awaitJob(dev, repo.jobId)).toBe('SUCCEEDED');
    const charts = Object.keys(doc.entries).sort();
    const [a, b] = charts.filter((c) => doc.entries[c].length >= 2);
    const [va, vb] = [doc.entries[a][0].version, doc.entries[b][0].version];
    await sql(
      t,
      `update app_versions v set status = $3 from apps x where x.id = v.app_id and x.repo_id = $1 and x.name = $2 and v.name = $4`,
      [repo.id, a, 'PASSED', va],
    );
    await sql(
      t,
      `update app_versions v set status = $3 from apps x where x.id = v.app_id and x.repo_id = $1 and x.name = $2 and v.name = $4`,
      [repo.id, b, 'ACTIVE', vb],
    );

    const edited = structuredClone(doc);
    edited.entries[a][0].digest = '0'.repeat(64);
    edited.entries[b][0].digest = '1'.repeat(64);
    const gone = charts.find((c) => c !== a && c !== b)!;
    delete edited.entries[gone];
    server.files.set('eks/index.yaml', Buffer.from(dump(edited)));
    const event = await syncNow(repo.id);
    expect(event).toMatchObject({
      status: 'SUCCEEDED',
      versionsUpdated: 2,
      versionsAdded: 0,
      versionsRemoved: doc.entries[gone].length,
    });
    const rows = await versionRows(repo.id);
    const row = (app: string, v: string) => rows.find((r) => r.app === app && r.version === v)!;
    expect(row(a, va)).toMatchObject({ status: 'PASSED', digest: '0'.repeat(64) });
    expect(row(b, vb)).toMatchObject({ status: 'ACTIVE', digest: '1'.repeat(64) });
    const statuses = await sql<{ name: string; status: string }>(
      t,
      'select name, status from apps where repo_id = $1',
      [repo.id],
    );
    const appStatus = new Map(statuses.map((s) => [s.name, s.status]));
    expect([appStatus.get(a), appStatus.get(b), appStatus.get(gone)]).toEqual(['DRAFT', 'ACTIVE', 'DELETED']);

    server.files.set('eks/index.yaml', EKS);
    const revived = await syncNow(repo.id);
    expect(revived).toMatchObject({ appsAdded: 1, versionsAdded: doc.entries[gone].length, versionsUpdated: 2 });
    expect((await versionRows(repo.id)).filter((r) => r.status === 'DELETED')).toEqual([]);

    server.files.set('eks/index.yaml', Buffer.from('apiVersion: v1\nentries: [this is: not]: valid\n'));
    const failed = await syncNow(repo.id);
    expect(failed).toMatchObject({ status: 'FAILED', message: expect.stringMatching(/^BAD_INDEX_YAML: /) });
    server.files.delete('eks/index.yaml');
    expect(await syncNow(repo.id)).toMatchObject({
      status: 'FAILED',
      message: expect.stringMatching(/^INDEX_NOT_FOUND: /),
    });
    expect((await dev.ok(`query($id: ID!) { repo(id: $id) { syncStatus } }`, { id: repo.id })).repo.syncStatus).toBe(
      'FAILED',
    );
  }, 90_000);

  it('deleteRepo marks the repo, its apps and versions deleted', async () => {
    const repo = await createRepo('short-lived', serve('short', EKS));
    expect(await awaitJob(dev, repo.jobId)).toBe('SUCCEEDED');
    expect((await dev.ok(`mutation($id: ID!) { deleteRepo(id: $id) }`, { id: repo.id })).deleteRepo).toBe(true);
    expect(await dev.errorCode(`query($id: ID!) { repo(id: $id) { id } }`, { id: repo.id })).toBe('NOT_FOUND');
    const left = await sql<{ status: string; n: string }>(
      t,
      `select v.status::text, count(*) n from app_versions v join apps a on a.id = v.app_id where a.repo_id = $1 group by 1
      union all select 'app:' || status::text, count(*) from apps where repo_id = $1 group by 1`,
      [repo.id],
    );
    expect(left.map((r) => r.status).sort()).toEqual(['DELETED', 'app:DELETED']);
    const again = await dev.ok(CREATE_REPO, {
      input: { name: 'short-lived', type: 'HTTP', url: `${server.url}/short`, providers: ['KUBERNETES'] },
    });
    expect(again.createRepo.__typename).toBe('Repo');
  }, 60_000);
});

describe('packages of repo versions', () => {
  it('are fetched from the repo when first needed, checked against the digest and cached by it', async () => {
    const archive = tgzOf(HELLO, 'hello-chart');
    const digest = createHash('sha256').update(archive).digest('hex');
    server.files.set('pkgs/hello-chart-0.3.1.tgz', archive);
    server.files.set('pkgs/bad-0.1.0.tgz', archive);
    const index = {
      apiVersion: 'v1',
      entries: {
        'hello-chart': [
          {
            apiVersion: 'v2',
            name: 'hello-chart',
            version: '0.3.1',
            urls: ['hello-chart-0.3.1.tgz'],
            digest,
            created: '2026-01-01T00:00:00Z',
          },
        ],
        bad: [
          {
            apiVersion: 'v2',
            name: 'bad',
            version: '0.1.0',
            urls: ['bad-0.1.0.tgz'],
            digest: 'f'.repeat(64),
            created: '2026-01-01T00:00:00Z',
          },
        ],
      },
    };
    const repo = await createRepo('pkgs', serve('pkgs', Buffer.from(dump(index))));
    expect(await awaitJob(dev, repo.jobId)).toBe('SUCCEEDED');
    expect(server.requests.filter((r) => r.endsWith('.tgz'))).toEqual([]);
    expect(blobFiles(blobDir)).toEqual([]);

    const apps = await dev.ok(
      `query($id: ID!) { apps(filter: { repoId: $id }, sort: NAME) { edges { node { name latestVersion { id } } } } }`,
      { id: repo.id },
    );
    const [bad, hello] = apps.apps.edges.map(
      (e: { node: { latestVersion: { id: string } } }) => e.node.latestVersion.id,
    );
    const q = `query($id: ID!) { appVersion(id: $id) { digest packageSize files values: file(name: "values.yaml") } }`;
    const first = await dev.ok(q, { id: hello });
    expect(first.appVersion).toMatchObject({
      digest,
      packageSize: archive.length,
      values: readFileSync(join(HELLO, 'values.yaml'), 'utf8'),
    });
    expect(first.appVersion.files).toContain('Chart.yaml');
    expect(server.requests.filter((r) => r === 'GET /pkgs/hello-chart-0.3.1.tgz')).toHaveLength(1);
    await dev.ok(q, { id: hello });
    expect(server.requests.filter((r) => r === 'GET /pkgs/hello-chart-0.3.1.tgz')).toHaveLength(1);
    expect(blobFiles(blobDir).map((f) => f.split('/').at(-1))).toEqual([digest]);

    const res = await dev.request(`query($id: ID!) { appVersion(id: $id) { files } }`, { id: bad });
    expect(res.errors?.[0]).toMatchObject({
      extensions: { code: 'UNAVAILABLE' },
      message: expect.stringContaining('DIGEST_MISMATCH'),
    });
  }, 60_000);
});

describe('one sync per repo at a time, periodic syncs', () => {
  it('concurrent sync requests share one event while a sync runs', async () => {
    const repo = await createRepo('held', serve('held', EKS));
    expect(await awaitJob(dev, repo.jobId)).toBe('SUCCEEDED');
    let release!: () => void;
    server.gate = new Promise<void>((resolve) => (release = resolve));
    try {
      server.files.set('held/index.yaml', Buffer.concat([EKS, Buffer.from('\n')]));
      const events = await Promise.all(
        Array.from({ length: 6 }, () =>
          dev.ok(`mutation($id: ID!) { syncRepo(id: $id) { id jobId } }`, { id: repo.id }),
        ),
      );
      const ids = new Set(events.map((e) => e.syncRepo.id));
      expect(ids.size).toBe(1);
      const active = await sql<{ n: string }>(
        t,
        `select count(*) n from repo_events where repo_id = $1 and status in ('PENDING', 'SYNCING')`,
        [repo.id],
      );
      expect(Number(active[0].n)).toBe(1);
      const jobs = await sql<{ n: string }>(t, `select count(*) n from jobs where subject = $1`, [`repo:${repo.id}`]);
      expect(Number(jobs[0].n)).toBe(2);
      release();
      expect(await awaitJob(dev, events[0].syncRepo.jobId)).toBe('SUCCEEDED');
    } finally {
      server.gate = undefined;
      release();
    }
  }, 60_000);

  it('a cancelled sync writes nothing and frees the repo', async () => {
    const doc = load(EKS.toString('utf8'), { schema: 'core' }) as IndexDoc;
    const repo = await createRepo('cancelled', serve('cancel', EKS));
    expect(await awaitJob(dev, repo.jobId)).toBe('SUCCEEDED');
    const edited = structuredClone(doc);
    delete edited.entries[Object.keys(doc.entries)[0]];
    server.files.set('cancel/index.yaml', Buffer.from(dump(edited)));
    let release!: () => void;
    server.gate = new Promise<void>((resolve) => (release = resolve));
    const fetches = () => server.requests.filter((r) => r === 'GET /cancel/index.yaml').length;
    const before = fetches();
    try {
      const { syncRepo: event } = await dev.ok(`mutation($id: ID!) { syncRepo(id: $id) { id jobId } }`, {
        id: repo.id,
      });
      await waitFor('the sync to fetch the index', () => fetches() > before);
      expect(
        (await dev.ok(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id: event.jobId })).cancelJob.status,
      ).toBe('CANCELLED');
      release();

      const failed = await waitFor('the cancelled event', async () => {
        const node = await latestEvent(repo.id, event.id);
        return node.status === 'FAILED' ? node : undefined;
      });
      expect(failed.message).toMatch(/^CANCELLED: /);
    } finally {
      server.gate = undefined;
      release();
    }
    expect((await versionRows(repo.id)).filter((r) => r.status === 'DELETED')).toEqual([]);
    expect(await syncNow(repo.id)).toMatchObject({
      status: 'SUCCEEDED',
      versionsRemoved: doc.entries[Object.keys(doc.entries)[0]].length,
    });
  }, 60_000);

  it('the scheduler fails an event whose job died without finishing it, so the repo can sync again', async () => {
    const repo = await createRepo('crashed', serve('crashed', EKS));
    expect(await awaitJob(dev, repo.jobId)).toBe('SUCCEEDED');
    const [job] = await sql<{ id: string }>(
      t,
      `insert into jobs (id, action, status, subject, error) values (gen_random_uuid(), 'repo.sync', 'FAILED', $1, 'worker lost') returning id`,
      [`repo:${repo.id}`],
    );
    const [stuck] = await sql<{ id: string }>(
      t,
      `insert into repo_events (id, repo_id, status, job_id) values (gen_random_uuid(), $1, 'SYNCING', $2) returning id`,
      [repo.id, job.id],
    );
    const failed = await waitFor('the scheduler to fail the orphaned event', async () => {
      const node = (await dev.ok(EVENTS, { id: repo.id })).repo.events.edges.find(
        (e: { node: { id: string } }) => e.node.id === stuck.id,
      ).node;
      return node.status === 'FAILED' ? node : undefined;
    });
    expect(failed.message).toBe('sync job failed: worker lost');
    expect(await syncNow(repo.id)).toMatchObject({ status: 'SUCCEEDED', skipped: true });
  }, 60_000);

  it('the scheduler syncs a repo whose period is due, and periods under 180 s are refused', async () => {
    const short = await dev.ok(CREATE_REPO, {
      input: {
        name: 'too-often',
        type: 'HTTP',
        url: `${server.url}/eks`,
        providers: ['KUBERNETES'],
        syncPeriodSeconds: 60,
      },
    });
    expect(short.createRepo).toMatchObject({ __typename: 'ValidationError', details: [{ path: 'syncPeriodSeconds' }] });

    const repo = await createRepo('periodic', serve('periodic', EKS), { syncPeriodSeconds: 180 });
    expect(await awaitJob(dev, repo.jobId)).toBe('SUCCEEDED');
    expect((await latestEvent(repo.id)).status).toBe('SUCCEEDED');
    await sql(t, `update repos set next_sync_at = now() - interval '1 second' where id = $1`, [repo.id]);
    const next = await waitFor(
      'a scheduled sync event',
      async () => {
        const edges = (await dev.ok(EVENTS, { id: repo.id })).repo.events.edges;
        return edges.length === 2 ? edges[0].node : undefined;
      },
      20_000,
    );
    expect(await awaitJob(dev, next.jobId)).toBe('SUCCEEDED');
    expect(await latestEvent(repo.id, next.id)).toMatchObject({ status: 'SUCCEEDED', skipped: true });
    const [row] = await sql<{ due: boolean }>(
      t,
      `select next_sync_at > now() + interval '170 seconds' as due from repos where id = $1`,
      [repo.id],
    );
    expect(row.due).toBe(true);
  }, 60_000);
});
