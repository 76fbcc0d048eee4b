import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../../src/config';
import { readTarGz, writeTar } from '../../src/packages/archive';
import { startTestMarina, type TestMarina } from '../support/marina';
import { type Authed, blobFiles, developer, sql, tgzOf, uploadOk, uploadRequest } from '../e2e/catalog-support';
import { firstSubscriptionResult } from './support';

/**
 * Finding 9: public profiles only for other users, introspection and /metrics closed by default in
 * production, NOT_FOUND without long ids, package files readable by Marina only, archive names UTF-8.
 */
const HELLO = join(__dirname, '../fixtures/packages/hello-chart');
const CREATE_APP = `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename ... on App { id } ... on ErrorResult { errorCode message } } }`;

let t: TestMarina;
let blobDir: string;
let dev: Authed;
let appId: string;
beforeAll(async () => {
  blobDir = mkdtempSync(join(tmpdir(), 'marina-sec-blobs-'));
  t = await startTestMarina('sec_disclosure', { env: { MARINA_BLOB_DIR: blobDir } });
  dev = await developer(t);
  const created = await uploadOk(dev, CREATE_APP, { input: { package: null } }, [
    { at: 'input.package', data: tgzOf(HELLO, 'hello-chart') },
  ]);
  expect(created.createApp.__typename).toBe('App');
  appId = created.createApp.id;
  // as if indexed from a PUBLIC repo: every user may read it
  await sql(t, `update apps set visibility = 'PUBLIC' where id = $1`, [appId]);
  await sql(t, `update app_versions set visibility = 'PUBLIC' where app_id = $1`, [appId]);
}, 60_000);
afterAll(async () => {
  await t?.stop();
  rmSync(blobDir, { recursive: true, force: true });
});

const OWNER = `query($id:ID!){ app(id:$id){ owner { id username email roles customRoles permissions workspace { id } } } }`;

describe('finding 9: disclosure', () => {
  it('other users see a public profile of an app owner: no roles, permissions, workspace or address', async () => {
    const mine = await dev.ok(OWNER, { id: appId });
    expect(mine.app.owner.roles).toEqual(['DEVELOPER']);
    expect(mine.app.owner.permissions).toContain('app:develop');
    const stranger = await t.newUser('stranger');
    const seen = await stranger.ok(OWNER, { id: appId });
    expect(seen.app.owner).toEqual({
      id: dev.userId,
      username: dev.username,
      email: expect.stringMatching(/^.\*\*\*@/),
      roles: [],
      customRoles: [],
      permissions: [],
      workspace: null,
    });
  });

  it('introspection is off by default in the production profile, over HTTP and WebSocket', async () => {
    const user = await t.newUser('curious');
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "User") { fields { name } } }']) {
      expect(await user.errorCode(query)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(await t.anonymous().errorCode(query)).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const overWs = await firstSubscriptionResult(user, '{ __schema { queryType { name } } }', {});
    expect(JSON.stringify(overWs)).toMatch(/introspection/i);
    expect(overWs.data).toBeUndefined();
    expect((await user.ok('{ __typename }')).__typename).toBe('Query');
    // the defaults, and the switch
    expect(loadConfig({}).introspection).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y', REDIS_URL: 'redis://x' }).introspection).toBe(false);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://x/y', REDIS_URL: 'redis://x', MARINA_INTROSPECTION: '1' }).introspection,
    ).toBe(true);
  });

  it('/metrics is off by default in the production profile, token-guarded when configured, open embedded', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('marina_process');
    const production = { DATABASE_URL: 'postgres://x/y', REDIS_URL: 'redis://x' };
    expect(loadConfig(production).metrics).toEqual({ mode: 'off' });
    expect(loadConfig({ ...production, MARINA_METRICS_TOKEN: 'a-long-enough-token' }).metrics).toEqual({
      mode: 'token',
      token: 'a-long-enough-token',
    });
    expect(loadConfig({}).metrics).toEqual({ mode: 'open' });
    expect(() => loadConfig({ ...production, MARINA_METRICS: 'token' })).toThrow(/MARINA_METRICS_TOKEN/);
  });

  it('NOT_FOUND messages do not echo long ids back', async () => {
    const admin = await t.admin();
    const long = 'r'.repeat(256);
    const res = await admin.request(`mutation($n:String!){ deleteRole(name:$n) }`, { n: long });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.errors?.[0]?.message).not.toContain(
      'rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr',
    );
    const huge = await admin.request(`query($id:ID!){ job(id:$id){ id } }`, { id: 'j'.repeat(1_000_000) });
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(huge).length).toBeLessThan(2000);
  });

  it('stored package files are readable by the Marina user only', () => {
    const files = blobFiles(blobDir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect({ f, mode: (statSync(f).mode & 0o777).toString(8) }).toEqual({ f, mode: '600' });
  });

  it('archive entry names that are not valid UTF-8 are refused', async () => {
    const good = tgzOf(HELLO, 'hello-chart');
    const entries = readTarGz(good);
    const marker = entries.find((e) => e.path.endsWith('values.yaml'))!.path;
    // the same archive with one name byte replaced by 0xff (not UTF-8), checksum fixed
    const tar = writeTar(entries.map((e) => ({ path: e.path, data: e.data })));
    const at = tar.indexOf(Buffer.from(marker));
    tar[at + marker.length - 'values.yaml'.length] = 0xff;
    const header = tar.subarray(at - (at % 512), at - (at % 512) + 512);
    header.fill(0x20, 148, 156);
    header.write(
      `${header
        .reduce((n, b) => n + b, 0)
        .toString(8)
        .padStart(6, '0')}\0 `,
      148,
      'latin1',
    );
    const res = await uploadRequest(
      dev,
      `mutation($p: Upload!) { validatePackage(package: $p) { ok errorCode errors { path message } } }`,
      {},
      [{ at: 'p', data: gzipSync(tar) }],
    );
    expect(res.data?.validatePackage).toMatchObject({ ok: false, errorCode: 'INVALID_PATH' });
  });
});
