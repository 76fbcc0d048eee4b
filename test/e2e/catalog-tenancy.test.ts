/**
 * Repos and apps across workspaces (B6, tenancy) and validateRepo's error codes (B1a, B2) over
 * GraphQL: workspace A cannot see or touch B's private repos, apps and versions; PUBLIC repos
 * (created by holders of repo:public) and their apps are visible to every workspace but only
 * writable by their own; every validateRepo code on a matching bad input, including the SSRF
 * policy refusing a loopback address that is not allow-listed.
 */
import { join } from 'node:path';
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
} from './catalog-support';
import { startS3rver, type S3Server } from './repos-servers';

const HELLO = join(__dirname, '../fixtures/packages/hello-chart');
const INDEX = Buffer.from(`apiVersion: v1
entries:
  shared-chart:
    - apiVersion: v2
      name: shared-chart
      version: 1.0.0
      digest: ${'a'.repeat(64)}
      urls: [shared-chart-1.0.0.tgz]
`);
const VM_INDEX = Buffer.from('api_version: v1\nentries: {}\n');

const CREATE_REPO = `mutation($input: CreateRepoInput!) { createRepo(input: $input) { __typename
  ... on Repo { id visibility events { edges { node { jobId } } } } ... on ErrorResult { errorCode message } } }`;
const VALIDATE = `mutation($input: CreateRepoInput!) { validateRepo(input: $input) { ok errorCode message } }`;

let t: TestMarina;
let server: RepoServer;
let hidden: RepoServer;
let s3: S3Server;

beforeAll(async () => {
  server = await startRepoServer('127.0.0.1');
  hidden = await startRepoServer('127.0.0.3');
  s3 = await startS3rver(['tenancy-bucket']);
  server.files.set('index.yaml', INDEX);
  server.files.set('vm/index.yaml', VM_INDEX);
  server.files.set('bad/index.yaml', Buffer.from('entries: [oops\n'));
  hidden.files.set('index.yaml', INDEX);
  t = await startTestMarina('catalog_tenancy', { workers: true, env: { MARINA_ALLOWED_HOSTS: '127.0.0.1' } });
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await server?.close();
  await hidden?.close();
  await s3?.close();
});

async function repoOf(client: Authed, name: string, visibility = 'PRIVATE'): Promise<string> {
  const { createRepo } = await client.ok(CREATE_REPO, {
    input: { name, type: 'HTTP', url: server.url, providers: ['KUBERNETES'], visibility },
  });
  expect(createRepo.__typename).toBe('Repo');
  expect(await awaitJob(client, createRepo.events.edges[0].node.jobId)).toBe('SUCCEEDED');
  return createRepo.id;
}

const idsOf = (conn: { edges: { node: { id: string } }[] }) => conn.edges.map((e) => e.node.id);

describe('workspaces', () => {
  it("A cannot see or touch B's private repos, apps and versions; PUBLIC repos feed every workspace", async () => {
    const a = await developer(t, 'a');
    const b = await developer(t, 'b');
    const admin = await t.admin();
    const repoA = await repoOf(a, 'private-a');
    const { createApp: uploaded } = await uploadOk(
      a,
      `mutation($input: CreateAppInput!) { createApp(input: $input) { ... on App { id latestVersion { id } } } }`,
      { input: {} },
      [{ at: 'input.package', data: tgzOf(HELLO, 'hello-chart') }],
    );
    const repoApps = await a.ok(
      `query($id: ID!) { repo(id: $id) { apps { edges { node { id latestVersion { id } } } } } }`,
      { id: repoA },
    );
    const repoApp = repoApps.repo.apps.edges[0].node;

    const listB = await b.ok(
      `{ repos { totalCount edges { node { id } } } apps { totalCount edges { node { id } } } }`,
    );
    expect(idsOf(listB.repos)).not.toContain(repoA);
    expect(idsOf(listB.apps)).toEqual([]);
    expect((await a.ok(`{ apps { totalCount } }`)).apps.totalCount).toBe(2);
    for (const [query, vars] of [
      [`query($id: ID!) { repo(id: $id) { id } }`, { id: repoA }],
      [`query($id: ID!) { app(id: $id) { id } }`, { id: uploaded.id }],
      [`query($id: ID!) { app(id: $id) { id } }`, { id: repoApp.id }],
      [`query($id: ID!) { appVersion(id: $id) { id } }`, { id: uploaded.latestVersion.id }],
      [`query($id: ID!) { appVersion(id: $id) { files } }`, { id: repoApp.latestVersion.id }],
      [`mutation($id: ID!) { syncRepo(id: $id) { id } }`, { id: repoA }],
      [`mutation($id: ID!) { deleteRepo(id: $id) }`, { id: repoA }],
    ] as const) {
      expect([query, await b.errorCode(query, vars)]).toEqual([query, 'NOT_FOUND']);
    }
    expect(
      (await b.ok(`query($id: ID!) { apps(filter: { repoId: $id }) { totalCount } }`, { id: repoA })).apps.totalCount,
    ).toBe(0);
    const intoA = await uploadOk(
      b,
      `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename } }`,
      { input: { repoId: repoA } },
      [{ at: 'input.package', data: tgzOf(HELLO, 'hello-chart') }],
    ).catch((e: Error) => e.message);
    expect(intoA).toMatch(/NOT_FOUND/);

    // a developer may not make a PUBLIC repo; an admin (repo:public) may, and every workspace sees it
    expect(
      await a.errorCode(CREATE_REPO, {
        input: { name: 'pub', type: 'HTTP', url: server.url, providers: ['KUBERNETES'], visibility: 'PUBLIC' },
      }),
    ).toBe('FORBIDDEN');
    const publicRepo = await repoOf(admin as Authed, 'public-charts', 'PUBLIC');
    for (const client of [a, b]) {
      const seen = await client.ok(
        `query($r: ID!) { repos { edges { node { id visibility } } } apps(filter: { search: "shared", repoId: $r }) { edges { node { name repo { id } latestVersion { id name } } } } }`,
        { r: publicRepo },
      );
      expect(seen.repos.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
        id: publicRepo,
        visibility: 'PUBLIC',
      });
      expect(seen.apps.edges).toHaveLength(1);
      expect(seen.apps.edges[0].node).toMatchObject({
        name: 'shared-chart',
        repo: { id: publicRepo },
        latestVersion: { name: '1.0.0' },
      });
      expect(
        (
          await client.ok(`query($id: ID!) { appVersion(id: $id) { name } }`, {
            id: seen.apps.edges[0].node.latestVersion.id,
          })
        ).appVersion.name,
      ).toBe('1.0.0');
      // the public app's owner belongs to another workspace: no private fields leak
      const owner = (
        await client.ok(
          `query($r: ID!) { apps(filter: { repoId: $r }) { edges { node { owner { username email workspace { id } } } } } }`,
          { r: publicRepo },
        )
      ).apps.edges[0].node.owner;
      expect(owner).toEqual({ username: 'admin', email: 'a***@marina.local', workspace: null });
    }
    expect(await b.errorCode(`mutation($id: ID!) { syncRepo(id: $id) { id } }`, { id: publicRepo })).toBe('FORBIDDEN');
    expect(await b.errorCode(`mutation($id: ID!) { deleteRepo(id: $id) }`, { id: publicRepo })).toBe('FORBIDDEN');

    // the admin sees A's private repo; A still sees its own
    expect(idsOf((await admin.ok(`{ repos(first: 100) { edges { node { id } } } }`)).repos)).toEqual(
      expect.arrayContaining([repoA, publicRepo]),
    );
    expect(idsOf((await a.ok(`{ repos { edges { node { id } } } }`)).repos).sort()).toEqual([repoA, publicRepo].sort());
  }, 90_000);

  it('plain users can browse but not create or validate repos', async () => {
    const user = await t.newUser('viewer');
    expect(
      await user.errorCode(VALIDATE, {
        input: { name: 'x', type: 'HTTP', url: server.url, providers: ['KUBERNETES'] },
      }),
    ).toBe('FORBIDDEN');
    expect(
      await user.errorCode(CREATE_REPO, {
        input: { name: 'x', type: 'HTTP', url: server.url, providers: ['KUBERNETES'] },
      }),
    ).toBe('FORBIDDEN');
    expect((await user.ok(`{ repos { totalCount } }`)).repos.totalCount).toBeGreaterThanOrEqual(0);
  });
});

describe('validateRepo', () => {
  it('returns each error code on a matching bad input', async () => {
    const dev = await developer(t, 'validator');
    const http = (url: string, extra: Record<string, unknown> = {}) => ({
      name: 'v',
      type: 'HTTP',
      url,
      providers: ['KUBERNETES'],
      ...extra,
    });
    const s3url = (bucket: string) => `s3://${s3.host}/${bucket}/p`;
    const keys = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
    server.auth = undefined;
    const cases: [string, Record<string, unknown>][] = [
      ['INVALID_INPUT', http(server.url, { providers: [] })],
      ['INVALID_INPUT', http(server.url, { syncPeriodSeconds: 179 })],
      ['BAD_URL', http('not a url')],
      ['TYPE_MISMATCH', http(`s3://${s3.host}/tenancy-bucket`)],
      ['MISSING_ACCESS_KEY_ID', { name: 'v', type: 'S3', url: s3url('tenancy-bucket'), providers: ['KUBERNETES'] }],
      [
        'MISSING_SECRET_ACCESS_KEY',
        {
          name: 'v',
          type: 'S3',
          url: s3url('tenancy-bucket'),
          providers: ['KUBERNETES'],
          credential: { accessKeyId: 'S3RVER' },
        },
      ],
      ['SSRF_BLOCKED', http(hidden.url)],
      ['SSRF_BLOCKED', http('http://169.254.169.254/latest')],
      ['UNREACHABLE', http('http://127.0.0.1:1/')],
      ['INDEX_NOT_FOUND', http(`${server.url}/nothing-here`)],
      ['BAD_INDEX_YAML', http(`${server.url}/bad`)],
      ['INDEX_TYPE_MISMATCH', http(server.url, { providers: ['QINGCLOUD'] })],
      ['INDEX_TYPE_MISMATCH', http(`${server.url}/vm`)],
      [
        'BUCKET_NOT_FOUND',
        { name: 'v', type: 'S3', url: s3url('no-such-bucket'), providers: ['KUBERNETES'], credential: keys },
      ],
    ];
    const got: string[] = [];
    for (const [, input] of cases) {
      const { validateRepo } = await dev.ok(VALIDATE, { input });
      expect(validateRepo.ok).toBe(false);
      expect(typeof validateRepo.message).toBe('string');
      got.push(validateRepo.errorCode);
    }
    expect(got).toEqual(cases.map(([code]) => code));

    // the same server is fine on an allow-listed address; an S3 bucket with keys is fine
    expect((await dev.ok(VALIDATE, { input: http(server.url) })).validateRepo).toEqual({
      ok: true,
      errorCode: null,
      message: null,
    });
    expect(
      (
        await dev.ok(VALIDATE, {
          input: { name: 'v', type: 'S3', url: s3url('tenancy-bucket'), providers: ['KUBERNETES'], credential: keys },
        })
      ).validateRepo.ok,
    ).toBe(true);

    // basic auth: refused without the right password, accepted with it
    server.auth = { username: 'reader', password: 'right' };
    try {
      expect(
        (await dev.ok(VALIDATE, { input: http(server.url, { credential: { username: 'reader', password: 'wrong' } }) }))
          .validateRepo.errorCode,
      ).toBe('ACCESS_DENIED');
      expect(
        (await dev.ok(VALIDATE, { input: http(server.url, { credential: { username: 'reader', password: 'right' } }) }))
          .validateRepo.ok,
      ).toBe(true);
    } finally {
      server.auth = undefined;
    }

    // createRepo runs the same checks and returns a ValidationError carrying the code; nothing is stored
    const refused = await dev.ok(CREATE_REPO, { input: http(hidden.url) });
    expect(refused.createRepo).toMatchObject({ __typename: 'ValidationError', errorCode: 'SSRF_BLOCKED' });
    expect(
      (await dev.ok(`{ repos { edges { node { visibility } } } }`)).repos.edges.filter(
        (e: { node: { visibility: string } }) => e.node.visibility === 'PRIVATE',
      ),
    ).toEqual([]);
  }, 60_000);

  it('stores HTTP credentials sealed and never returns them; the repo syncs with them', async () => {
    const dev = await developer(t, 'secretive');
    server.auth = { username: 'reader', password: 'Sup3r-Secret-Passw0rd' };
    try {
      const { createRepo } = await dev.ok(CREATE_REPO, {
        input: {
          name: 'authed',
          type: 'HTTP',
          url: server.url,
          providers: ['KUBERNETES'],
          credential: { username: 'reader', password: 'Sup3r-Secret-Passw0rd' },
        },
      });
      expect(createRepo.__typename).toBe('Repo');
      expect(await awaitJob(dev, createRepo.events.edges[0].node.jobId)).toBe('SUCCEEDED');
      const [row] = await sql<{ credential_ciphertext: string }>(
        t,
        'select credential_ciphertext from repos where id = $1',
        [createRepo.id],
      );
      expect(row.credential_ciphertext).toMatch(/^v1\./);
      expect(row.credential_ciphertext).not.toContain('Sup3r');
      const seen = await dev.request(`query($id: ID!) { repo(id: $id) { apps { totalCount } } }`, {
        id: createRepo.id,
      });
      expect(JSON.stringify(seen)).not.toContain('Sup3r');
      expect(seen.data!.repo.apps.totalCount).toBe(1);
    } finally {
      server.auth = undefined;
    }
  }, 60_000);
});
