/**
 * Uploads into S3 repos over GraphQL against s3rver (the S3 API): createApp/createAppVersion
 * with repoId write `<name>-<version>.tgz` and regenerate index.yaml (Helm format for a
 * KUBERNETES repo, OpenPitrix's VM format for a QINGCLOUD repo); the repo's sync then sees the
 * same versions without duplicating them; archives dropped into the bucket by other tools are
 * picked up by the next sync; read-only and wrong-format uploads are refused with typed errors.
 * Publication happens after the upload's transaction commits (a `repo.publish` job): an upload
 * whose transaction fails publishes nothing. Hostile uploads leave no blob in the S3 blob store.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parse as load } from 'yaml';
import { startTestMarina, type TestMarina } from '../support/marina';
import {
  type Authed,
  awaitJob,
  developer,
  type RepoServer,
  sql,
  startRepoServer,
  tgzOf,
  uploadOk,
  uploadRequest,
} from './catalog-support';
import { startS3rver, type S3Server } from './repos-servers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain-JS generator
const { generateHostile } = require('../fixtures/hostile/generate-hostile.js') as {
  generateHostile(dir: string): Array<{ file: string; code: string }>;
};

const HELLO = join(__dirname, '../fixtures/packages/hello-chart');
const WORDPRESS = join(__dirname, '../../../shared/reference/openpitrix-vm-package/Wordpress');

const CREATE_REPO = `mutation($input: CreateRepoInput!) { createRepo(input: $input) { __typename ... on Repo { id events { edges { node { jobId } } } } ... on ErrorResult { errorCode message } } }`;
const CREATE_APP = `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename
  ... on App { id name type status repo { id } latestVersion { id name status digest files } } ... on ErrorResult { errorCode message } } }`;
const CREATE_VERSION = `mutation($id: ID!, $p: Upload!) { createAppVersion(appId: $id, package: $p) { __typename ... on AppVersion { id name status } ... on ErrorResult { errorCode message } } }`;
const EVENT = `query($id: ID!) { repo(id: $id) { events(first: 1) { edges { node { status message appsAdded versionsAdded versionsRemoved skipped } } } } }`;

let t: TestMarina;
let s3: S3Server;
let client: S3Client;
let http: RepoServer;
let dev: Authed;
let hostileDir: string;
let hostile: Array<{ file: string; code: string }>;

beforeAll(async () => {
  // Generated first: it blocks the event loop for seconds, which would stale the clients' pooled connections.
  hostileDir = mkdtempSync(join(tmpdir(), 'marina-hostile-blobs-'));
  hostile = generateHostile(hostileDir);
  s3 = await startS3rver(['helm-bucket', 'vm-bucket', 'blob-bucket']);
  http = await startRepoServer();
  client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  // Blobs in S3 too (MARINA_BLOB_S3_*): uploads and cached repo packages land in blob-bucket/marina/blobs/<sha256>.
  t = await startTestMarina('catalog_s3', {
    workers: true,
    env: {
      MARINA_ALLOWED_HOSTS: '127.0.0.1',
      MARINA_BLOB_S3_URL: `s3://${s3.host}/blob-bucket/marina`,
      MARINA_BLOB_S3_ACCESS_KEY_ID: s3.accessKeyId,
      MARINA_BLOB_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    },
  });
  dev = await developer(t);
}, 60_000);

afterAll(async () => {
  rmSync(hostileDir, { recursive: true, force: true });
  await t?.stop();
  client?.destroy();
  await s3?.close();
  await http?.close();
});

async function objects(bucket: string, prefix: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? [])
    .map((o) => o.Key!)
    .filter((k) => !k.split('/').includes('.marina'))
    .sort();
}

async function object(bucket: string, key: string): Promise<Buffer> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

async function s3Repo(name: string, bucket: string, prefix: string, providers: string[]): Promise<string> {
  const { createRepo } = await dev.ok(CREATE_REPO, {
    input: {
      name,
      type: 'S3',
      url: `s3://${s3.host}/${bucket}/${prefix}`,
      providers,
      credential: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    },
  });
  expect(createRepo.__typename).toBe('Repo');
  expect(await awaitJob(dev, createRepo.events.edges[0].node.jobId)).toBe('SUCCEEDED');
  return createRepo.id;
}

async function syncNow(repoId: string) {
  const { syncRepo } = await dev.ok(`mutation($id: ID!) { syncRepo(id: $id) { jobId } }`, { id: repoId });
  expect(await awaitJob(dev, syncRepo.jobId)).toBe('SUCCEEDED');
  return (await dev.ok(EVENT, { id: repoId })).repo.events.edges[0].node;
}

/** Follows the publish job a version's upload committed with it until the job ends; its status. */
async function published(versionId: string): Promise<string> {
  const jobs = await sql<{ id: string }>(t, `select id from jobs where action = 'repo.publish' and subject = $1`, [
    `version:${versionId}`,
  ]);
  expect(jobs).toHaveLength(1);
  return awaitJob(dev, jobs[0].id);
}

const digestOf = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const chart = (version: string, name = 'hello-chart') =>
  tgzOf(HELLO, name, (files) =>
    files.map((f) =>
      f.path === 'Chart.yaml' ? { ...f, data: Buffer.from(`apiVersion: v2\nname: ${name}\nversion: ${version}\n`) } : f,
    ),
  );

describe('a KUBERNETES S3 repo', () => {
  let repoId: string;

  it('an empty bucket syncs to nothing', async () => {
    repoId = await s3Repo('charts', 'helm-bucket', 'stable', ['KUBERNETES']);
    expect((await dev.ok(EVENT, { id: repoId })).repo.events.edges[0].node).toMatchObject({
      status: 'SUCCEEDED',
      appsAdded: 0,
      versionsAdded: 0,
    });
  });

  it('createApp and createAppVersion publish archives and a Helm index.yaml into the bucket', async () => {
    const first = chart('0.3.1');
    const { createApp: app } = await uploadOk(dev, CREATE_APP, { input: { repoId } }, [
      { at: 'input.package', data: first },
    ]);
    expect(app).toMatchObject({
      __typename: 'App',
      name: 'hello-chart',
      type: 'HELM',
      status: 'DRAFT',
      repo: { id: repoId },
      latestVersion: { name: '0.3.1', status: 'DRAFT' },
    });
    expect(await published(app.latestVersion.id)).toBe('SUCCEEDED');
    const second = chart('0.4.0');
    const v = await uploadOk(dev, CREATE_VERSION, { id: app.id }, [{ at: 'p', data: second }]);
    expect(v.createAppVersion).toMatchObject({ __typename: 'AppVersion', name: '0.4.0', status: 'DRAFT' });
    expect(await published(v.createAppVersion.id)).toBe('SUCCEEDED');

    expect(await objects('helm-bucket', 'stable/')).toEqual([
      'stable/hello-chart-0.3.1.tgz',
      'stable/hello-chart-0.4.0.tgz',
      'stable/index.yaml',
    ]);
    expect((await object('helm-bucket', 'stable/hello-chart-0.4.0.tgz')).equals(second)).toBe(true);
    expect(await objects('blob-bucket', 'marina/')).toEqual(
      [`marina/blobs/${digestOf(first)}`, `marina/blobs/${digestOf(second)}`].sort(),
    );
    const index = load((await object('helm-bucket', 'stable/index.yaml')).toString('utf8'), { schema: 'core' }) as {
      apiVersion: string;
      entries: Record<string, { version: string; digest: string; urls: string[] }[]>;
    };
    expect(index.apiVersion).toBe('v1');
    const digest = digestOf;
    expect(index.entries['hello-chart'].map((e) => [e.version, e.digest, e.urls]).sort()).toEqual([
      ['0.3.1', digest(first), ['hello-chart-0.3.1.tgz']],
      ['0.4.0', digest(second), ['hello-chart-0.4.0.tgz']],
    ]);

    const event = await syncNow(repoId);
    expect(event).toMatchObject({ status: 'SUCCEEDED', appsAdded: 0, versionsAdded: 0, versionsRemoved: 0 });
    const view = await dev.ok(
      `query($id: ID!) { repo(id: $id) { apps { totalCount edges { node { id status versions { edges { node { name status } } } } } } } }`,
      { id: repoId },
    );
    expect(view.repo.apps.totalCount).toBe(1);
    expect(view.repo.apps.edges[0].node).toEqual({
      id: app.id,
      status: 'DRAFT',
      versions: { edges: [{ node: { name: '0.4.0', status: 'DRAFT' } }, { node: { name: '0.3.1', status: 'DRAFT' } }] },
    });
  }, 60_000);

  it('picks up an archive another tool dropped into the bucket on the next sync', async () => {
    const foreign = chart('2.0.0', 'dropped-chart');
    await client.send(
      new PutObjectCommand({ Bucket: 'helm-bucket', Key: 'stable/dropped-chart-2.0.0.tgz', Body: foreign }),
    );
    const event = await syncNow(repoId);
    expect(event).toMatchObject({
      status: 'SUCCEEDED',
      appsAdded: 1,
      versionsAdded: 1,
      message: expect.stringContaining('dropped-chart-2.0.0.tgz'),
    });
    const apps = await dev.ok(
      `query($id: ID!) { apps(filter: { repoId: $id }, sort: NAME) { edges { node { name status latestVersion { name status files } } } } }`,
      { id: repoId },
    );
    expect(
      apps.apps.edges.map((e: { node: { name: string; status: string } }) => [e.node.name, e.node.status]),
    ).toEqual([
      ['dropped-chart', 'ACTIVE'],
      ['hello-chart', 'DRAFT'],
    ]);
    expect(apps.apps.edges[0].node.latestVersion.files).toContain('values.yaml');
  }, 60_000);

  it('refuses a VM package in a Helm repo and writes nothing', async () => {
    const before = await objects('helm-bucket', 'stable/');
    const res = await uploadOk(dev, CREATE_APP, { input: { repoId } }, [
      { at: 'input.package', data: tgzOf(WORDPRESS, 'Wordpress') },
    ]);
    expect(res.createApp).toMatchObject({ __typename: 'ValidationError', errorCode: 'PACKAGE_TYPE_MISMATCH' });
    expect(await objects('helm-bucket', 'stable/')).toEqual(before);
  });
});

describe('a QINGCLOUD S3 repo', () => {
  it('publishes the WordPress VM package with an OpenPitrix VM index', async () => {
    const repoId = await s3Repo('vm', 'vm-bucket', '', ['QINGCLOUD']);
    const { createApp: app } = await uploadOk(dev, CREATE_APP, { input: { repoId } }, [
      { at: 'input.package', data: tgzOf(WORDPRESS, 'Wordpress') },
    ]);
    expect(app).toMatchObject({ __typename: 'App', name: 'Wordpress', type: 'VM', repo: { id: repoId } });
    expect(await published(app.latestVersion.id)).toBe('SUCCEEDED');
    expect(await objects('vm-bucket', '')).toEqual(['Wordpress-0.1.0.tgz', 'index.yaml']);
    const index = load((await object('vm-bucket', 'index.yaml')).toString('utf8'), { schema: 'core' }) as {
      api_version: string;
      entries: Record<string, { version: string; app_version: string }[]>;
    };
    expect(index.api_version).toBe('v1');
    expect(index.entries.Wordpress).toEqual([expect.objectContaining({ version: '0.1.0', app_version: '4.9.7' })]);
    expect(await syncNow(repoId)).toMatchObject({ status: 'SUCCEEDED', appsAdded: 0, versionsAdded: 0 });
  }, 60_000);
});

describe('read-only repos', () => {
  it('an HTTP repo takes no uploads', async () => {
    http.files.set('index.yaml', Buffer.from('apiVersion: v1\nentries: {}\n'));
    const { createRepo } = await dev.ok(CREATE_REPO, {
      input: { name: 'ro', type: 'HTTP', url: http.url, providers: ['KUBERNETES'] },
    });
    const res = await uploadOk(dev, CREATE_APP, { input: { repoId: createRepo.id } }, [
      { at: 'input.package', data: chart('1.0.0', 'ro-chart') },
    ]);
    expect(res.createApp).toMatchObject({ __typename: 'ValidationError', errorCode: 'READ_ONLY' });
  });
});

describe('publication after commit', () => {
  /**
   * Makes every transaction that adds a `doomed-chart` version fail at COMMIT (a deferred
   * constraint trigger), i.e. after all its statements — the app, version, job and outbox rows.
   */
  async function failingUploadTransactions<T>(run: () => Promise<T>): Promise<T> {
    await sql(
      t,
      `create or replace function fail_doomed_commit() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from apps a where a.id = new.app_id and a.name = 'doomed-chart') then
          raise exception 'injected failure of the upload transaction at commit';
        end if;
        return new;
      end $$`,
    );
    await sql(
      t,
      `create constraint trigger fail_doomed_commit after insert on app_versions
      deferrable initially deferred for each row execute function fail_doomed_commit()`,
    );
    try {
      return await run();
    } finally {
      await sql(t, 'drop trigger fail_doomed_commit on app_versions');
    }
  }

  async function doomedRows(repoId: string) {
    const [row] = await sql<{ apps: number; versions: number; jobs: number; outbox: number }>(
      t,
      `select (select count(*)::int from apps where name = 'doomed-chart') apps,
              (select count(*)::int from app_versions v join apps a on a.id = v.app_id where a.name = 'doomed-chart') versions,
              (select count(*)::int from tasks where action = 'repo.publish' and input->>'repoId' = $1) jobs,
              (select count(*)::int from outbox where payload->>'action' = 'repo.publish') outbox`,
      [repoId],
    );
    // outbox: every publish message of this database (rows of earlier tests included)
    return row;
  }

  it('an upload whose transaction fails publishes nothing; once it commits, its publish job writes the archive and index.yaml', async () => {
    const repoId = await s3Repo('doomed', 'helm-bucket', 'doomed', ['KUBERNETES']);
    const bucketBefore = await objects('helm-bucket', 'doomed/');
    const rowsBefore = await doomedRows(repoId);
    const first = chart('1.0.0', 'doomed-chart');
    const failed = await failingUploadTransactions(() =>
      uploadRequest(dev, CREATE_APP, { input: { repoId } }, [{ at: 'input.package', data: first }]),
    );
    expect(failed.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    // No rows, no publish job (so nothing can ever be published for it), no blob, nothing in the bucket.
    expect(await doomedRows(repoId)).toEqual({ ...rowsBefore, apps: 0, versions: 0, jobs: 0 });
    expect(await objects('blob-bucket', 'marina/')).not.toContain(`marina/blobs/${digestOf(first)}`);
    expect(await objects('helm-bucket', 'doomed/')).toEqual(bucketBefore);

    const { createApp: app } = await uploadOk(dev, CREATE_APP, { input: { repoId } }, [
      { at: 'input.package', data: first },
    ]);
    expect(app).toMatchObject({ __typename: 'App', name: 'doomed-chart', latestVersion: { name: '1.0.0' } });
    expect(await published(app.latestVersion.id)).toBe('SUCCEEDED');
    expect(await objects('helm-bucket', 'doomed/')).toEqual(['doomed/doomed-chart-1.0.0.tgz', 'doomed/index.yaml']);
    expect((await object('helm-bucket', 'doomed/doomed-chart-1.0.0.tgz')).equals(first)).toBe(true);

    const second = chart('2.0.0', 'doomed-chart');
    const indexBefore = await object('helm-bucket', 'doomed/index.yaml');
    const rowsBeforeVersion = await doomedRows(repoId);
    const failedVersion = await failingUploadTransactions(() =>
      uploadRequest(dev, CREATE_VERSION, { id: app.id }, [{ at: 'p', data: second }]),
    );
    expect(failedVersion.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(await doomedRows(repoId)).toEqual(rowsBeforeVersion);
    expect(rowsBeforeVersion).toMatchObject({ apps: 1, versions: 1, jobs: 1 });
    expect(await objects('helm-bucket', 'doomed/')).toEqual(['doomed/doomed-chart-1.0.0.tgz', 'doomed/index.yaml']);
    expect((await object('helm-bucket', 'doomed/index.yaml')).equals(indexBefore)).toBe(true);
  }, 60_000);
});

describe('uploads into the S3 blob store', () => {
  it('stores valid uploads and leaves no blob for any hostile package', async () => {
    const before = await objects('blob-bucket', 'marina/');
    expect(hostile.length).toBeGreaterThan(25);
    for (const c of hostile) {
      const res = await uploadRequest(dev, CREATE_APP, { input: {} }, [
        { at: 'input.package', data: readFileSync(join(hostileDir, c.file)), filename: c.file },
      ]);
      expect([c.file, res.data?.createApp.__typename, res.data?.createApp.errorCode]).toEqual([
        c.file,
        'ValidationError',
        c.code,
      ]);
    }
    expect(await objects('blob-bucket', 'marina/')).toEqual(before);
    const good = chart('1.0.0', 'fine-chart');
    expect(
      (await uploadOk(dev, CREATE_APP, { input: {} }, [{ at: 'input.package', data: good }])).createApp.__typename,
    ).toBe('App');
    expect(await objects('blob-bucket', 'marina/')).toContain(`marina/blobs/${digestOf(good)}`);
  }, 120_000);
});
