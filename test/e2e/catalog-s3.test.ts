/**
 * Uploads into S3 repos over GraphQL against s3rver (the S3 API): createApp/createAppVersion
 * with repoId write `<name>-<version>.tgz` and regenerate index.yaml (Helm format for a
 * KUBERNETES repo, OpenPitrix's VM format for a QINGCLOUD repo); the repo's sync then sees the
 * same versions without duplicating them; archives dropped into the bucket by other tools are
 * picked up by the next sync; read-only and wrong-format uploads are refused with typed errors.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parse as load } from 'yaml';
import { startTestMarina, type TestMarina } from '../support/marina';
import { type Authed, awaitJob, developer, type RepoServer, startRepoServer, tgzOf, uploadOk } from './catalog-support';
import { startS3rver, type S3Server } from './repos-servers';

const HELLO = join(__dirname, '../fixtures/packages/hello-chart');
const WORDPRESS = join(__dirname, '../../../shared/reference/openpitrix-vm-package/Wordpress');

const CREATE_REPO = `mutation($input: CreateRepoInput!) { createRepo(input: $input) { __typename ... on Repo { id events { edges { node { jobId } } } } ... on ErrorResult { errorCode message } } }`;
const CREATE_APP = `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename
  ... on App { id name type status repo { id } latestVersion { id name status digest files } } ... on ErrorResult { errorCode message } } }`;
const EVENT = `query($id: ID!) { repo(id: $id) { events(first: 1) { edges { node { status message appsAdded versionsAdded versionsRemoved skipped } } } } }`;

let t: TestMarina;
let s3: S3Server;
let client: S3Client;
let http: RepoServer;
let dev: Authed;

beforeAll(async () => {
  s3 = await startS3rver(['helm-bucket', 'vm-bucket', 'blob-bucket']);
  http = await startRepoServer();
  client = new S3Client({
    endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
  // Blobs in S3 too (MARINA_BLOB_S3_*): uploads and cached repo packages land in blob-bucket/marina/blobs/<sha256>.
  t = await startTestMarina('catalog_s3', {
    workers: true,
    env: { MARINA_ALLOWED_HOSTS: '127.0.0.1', MARINA_BLOB_S3_URL: `s3://${s3.host}/blob-bucket/marina`, MARINA_BLOB_S3_ACCESS_KEY_ID: s3.accessKeyId, MARINA_BLOB_S3_SECRET_ACCESS_KEY: s3.secretAccessKey },
  });
  dev = await developer(t);
}, 60_000);

afterAll(async () => {
  await t?.stop();
  client?.destroy();
  await s3?.close();
  await http?.close();
});

async function objects(bucket: string, prefix: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).filter((k) => !k.split('/').includes('.marina')).sort();
}

async function object(bucket: string, key: string): Promise<Buffer> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

async function s3Repo(name: string, bucket: string, prefix: string, providers: string[]): Promise<string> {
  const { createRepo } = await dev.ok(CREATE_REPO, {
    input: { name, type: 'S3', url: `s3://${s3.host}/${bucket}/${prefix}`, providers, credential: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } },
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

const digestOf = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const chart = (version: string, name = 'hello-chart') =>
  tgzOf(HELLO, name, (files) => files.map((f) => (f.path === 'Chart.yaml' ? { ...f, data: Buffer.from(`apiVersion: v2\nname: ${name}\nversion: ${version}\n`) } : f)));

describe('a KUBERNETES S3 repo', () => {
  let repoId: string;

  it('an empty bucket syncs to nothing', async () => {
    repoId = await s3Repo('charts', 'helm-bucket', 'stable', ['KUBERNETES']);
    expect((await dev.ok(EVENT, { id: repoId })).repo.events.edges[0].node).toMatchObject({ status: 'SUCCEEDED', appsAdded: 0, versionsAdded: 0 });
  });

  it('createApp and createAppVersion publish archives and a Helm index.yaml into the bucket', async () => {
    const first = chart('0.3.1');
    const { createApp: app } = await uploadOk(dev, CREATE_APP, { input: { repoId } }, [{ at: 'input.package', data: first }]);
    expect(app).toMatchObject({ __typename: 'App', name: 'hello-chart', type: 'HELM', status: 'DRAFT', repo: { id: repoId }, latestVersion: { name: '0.3.1', status: 'DRAFT' } });
    const second = chart('0.4.0');
    const v = await uploadOk(dev, `mutation($id: ID!, $p: Upload!) { createAppVersion(appId: $id, package: $p) { __typename ... on AppVersion { name status } } }`, { id: app.id }, [{ at: 'p', data: second }]);
    expect(v.createAppVersion).toEqual({ __typename: 'AppVersion', name: '0.4.0', status: 'DRAFT' });

    expect(await objects('helm-bucket', 'stable/')).toEqual(['stable/hello-chart-0.3.1.tgz', 'stable/hello-chart-0.4.0.tgz', 'stable/index.yaml']);
    expect((await object('helm-bucket', 'stable/hello-chart-0.4.0.tgz')).equals(second)).toBe(true);
    expect(await objects('blob-bucket', 'marina/')).toEqual([`marina/blobs/${digestOf(first)}`, `marina/blobs/${digestOf(second)}`].sort());
    const index = load((await object('helm-bucket', 'stable/index.yaml')).toString('utf8'), { schema: 'core' }) as { apiVersion: string; entries: Record<string, { version: string; digest: string; urls: string[] }[]> };
    expect(index.apiVersion).toBe('v1');
    const digest = digestOf;
    expect(index.entries['hello-chart'].map((e) => [e.version, e.digest, e.urls]).sort()).toEqual([
      ['0.3.1', digest(first), ['hello-chart-0.3.1.tgz']],
      ['0.4.0', digest(second), ['hello-chart-0.4.0.tgz']],
    ]);

    const event = await syncNow(repoId);
    expect(event).toMatchObject({ status: 'SUCCEEDED', appsAdded: 0, versionsAdded: 0, versionsRemoved: 0 });
    const view = await dev.ok(`query($id: ID!) { repo(id: $id) { apps { totalCount edges { node { id status versions { edges { node { name status } } } } } } } }`, { id: repoId });
    expect(view.repo.apps.totalCount).toBe(1);
    expect(view.repo.apps.edges[0].node).toEqual({ id: app.id, status: 'DRAFT', versions: { edges: [{ node: { name: '0.4.0', status: 'DRAFT' } }, { node: { name: '0.3.1', status: 'DRAFT' } }] } });
  }, 60_000);

  it('picks up an archive another tool dropped into the bucket on the next sync', async () => {
    const foreign = chart('2.0.0', 'dropped-chart');
    await client.send(new PutObjectCommand({ Bucket: 'helm-bucket', Key: 'stable/dropped-chart-2.0.0.tgz', Body: foreign }));
    const event = await syncNow(repoId);
    expect(event).toMatchObject({ status: 'SUCCEEDED', appsAdded: 1, versionsAdded: 1, message: expect.stringContaining('dropped-chart-2.0.0.tgz') });
    const apps = await dev.ok(`query($id: ID!) { apps(filter: { repoId: $id }, sort: NAME) { edges { node { name status latestVersion { name status files } } } } }`, { id: repoId });
    expect(apps.apps.edges.map((e: { node: { name: string; status: string } }) => [e.node.name, e.node.status])).toEqual([['dropped-chart', 'ACTIVE'], ['hello-chart', 'DRAFT']]);
    expect(apps.apps.edges[0].node.latestVersion.files).toContain('values.yaml');
  }, 60_000);

  it('refuses a VM package in a Helm repo and writes nothing', async () => {
    const before = await objects('helm-bucket', 'stable/');
    const res = await uploadOk(dev, CREATE_APP, { input: { repoId } }, [{ at: 'input.package', data: tgzOf(WORDPRESS, 'Wordpress') }]);
    expect(res.createApp).toMatchObject({ __typename: 'ValidationError', errorCode: 'PACKAGE_TYPE_MISMATCH' });
    expect(await objects('helm-bucket', 'stable/')).toEqual(before);
  });
});

describe('a QINGCLOUD S3 repo', () => {
  it('publishes the WordPress VM package with an OpenPitrix VM index', async () => {
    const repoId = await s3Repo('vm', 'vm-bucket', '', ['QINGCLOUD']);
    const { createApp: app } = await uploadOk(dev, CREATE_APP, { input: { repoId } }, [{ at: 'input.package', data: tgzOf(WORDPRESS, 'Wordpress') }]);
    expect(app).toMatchObject({ __typename: 'App', name: 'Wordpress', type: 'VM', repo: { id: repoId } });
    expect(await objects('vm-bucket', '')).toEqual(['Wordpress-0.1.0.tgz', 'index.yaml']);
    const index = load((await object('vm-bucket', 'index.yaml')).toString('utf8'), { schema: 'core' }) as { api_version: string; entries: Record<string, { version: string; app_version: string }[]> };
    expect(index.api_version).toBe('v1');
    expect(index.entries.Wordpress).toEqual([expect.objectContaining({ version: '0.1.0', app_version: '4.9.7' })]);
    expect(await syncNow(repoId)).toMatchObject({ status: 'SUCCEEDED', appsAdded: 0, versionsAdded: 0 });
  }, 60_000);
});

describe('read-only repos', () => {
  it('an HTTP repo takes no uploads', async () => {
    http.files.set('index.yaml', Buffer.from('apiVersion: v1\nentries: {}\n'));
    const { createRepo } = await dev.ok(CREATE_REPO, { input: { name: 'ro', type: 'HTTP', url: http.url, providers: ['KUBERNETES'] } });
    const res = await uploadOk(dev, CREATE_APP, { input: { repoId: createRepo.id } }, [{ at: 'input.package', data: chart('1.0.0', 'ro-chart') }]);
    expect(res.createApp).toMatchObject({ __typename: 'ValidationError', errorCode: 'READ_ONLY' });
  });
});
