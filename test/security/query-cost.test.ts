import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startTestMarina, type TestMarina } from '../support/marina';
import { type Authed, developer, tgzOf, uploadOk } from '../e2e/catalog-support';

/**
 * Finding 2: cost reflects work and bytes (package fields priced by what they load, connections by
 * their page), responses and per-request package reads are capped, and credential fields cannot be
 * multiplied by aliases.
 */
const HELLO = join(__dirname, '../fixtures/packages/hello-chart');
const MiB = 1024 * 1024;
const CREATE_APP = `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename ... on App { latestVersion { id } } ... on ErrorResult { errorCode message } } }`;

let t: TestMarina;
let small: TestMarina;
let dev: Authed;
let versionId: string;

/** values.yaml of ~1.5 MiB that does not compress much (base64 of random bytes, as YAML comments). */
function bigValues(): Buffer {
  const lines: string[] = [];
  for (let size = 0; size < 1.5 * MiB;) {
    const line = `# ${randomBytes(96).toString('base64')}`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(`replicaCount: 1\n${lines.join('\n')}\n`);
}

beforeAll(async () => {
  [t, small] = await Promise.all([
    startTestMarina('sec_cost', { env: { MARINA_MAX_REQUEST_PACKAGE_BYTES: String(6 * MiB) } }),
    startTestMarina('sec_cost_small', { env: { MARINA_MAX_RESPONSE_BYTES: '1024' } }),
  ]);
  dev = await developer(t);
  const pkg = tgzOf(HELLO, 'hello-chart', (files) =>
    files.map((f) => (f.path === 'values.yaml' ? { ...f, data: bigValues() } : f)),
  );
  const created = await uploadOk(dev, CREATE_APP, { input: { package: null } }, [{ at: 'input.package', data: pkg }]);
  expect(created.createApp.__typename).toBe('App');
  versionId = created.createApp.latestVersion.id;
}, 60_000);
afterAll(() => Promise.all([t?.stop(), small?.stop()]));

function aliasedFiles(n: number): string {
  const copies = Array.from({ length: n }, (_, i) => `f${i}: file(name: "values.yaml")`).join(' ');
  return `query($id: ID!) { appVersion(id: $id) { id ${copies} } }`;
}

describe('finding 2: query cost matches real cost', () => {
  it('40 aliased copies of AppVersion.file are refused before anything loads', async () => {
    const res = await dev.request(aliasedFiles(40), { id: versionId });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Query complexity \d+ exceeds the limit of 20000/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('one request reads a bounded amount of package data', async () => {
    const one = await dev.ok(aliasedFiles(1), { id: versionId });
    expect(one.appVersion.f0.length).toBeGreaterThan(MiB);
    const three = await dev.request(aliasedFiles(3), { id: versionId });
    expect(three.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/more than 6291456 bytes of packages/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const served = Object.values(three.data?.appVersion ?? {}).filter((v) => typeof v === 'string' && v.length > MiB);
    expect(served.length).toBeLessThan(3);
  });

  it('connections without first are priced by the page they fetch', async () => {
    const admin = await t.admin();
    const members = (inner: string) => `workspace { members { edges { node { ${inner} } } } }`;
    const res = await admin.request(`{ users { edges { node { ${members(members('id'))} } } } }`);
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Query complexity \d+ exceeds/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(res.data).toBeUndefined();
  });

  it('responses larger than the configured limit are refused', async () => {
    const admin = await small.admin();
    expect((await admin.ok(`{ me { id } }`)).me.id).toEqual(expect.any(String));
    const res = await admin.request(
      `{ a: roleDefinitions { name description permissions } b: roleDefinitions { name description permissions } }`,
    );
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/larger than 1024 bytes/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});

describe('finding 2: credential fields are not multiplied by aliases', () => {
  const many = (n: number, field: (i: number) => string) =>
    `mutation { ${Array.from({ length: n }, (_, i) => field(i)).join(' ')} }`;

  it('more than 5 login fields are refused as a whole; 5 run', async () => {
    const login = (i: number) =>
      `l${i}: login(username: "admin", password: "${i === 5 ? 'Adm1n!Passw0rd' : `Wr0ng!guess${i}`}") { __typename ... on AuthPayload { accessToken } }`;
    const refused = await t.anonymous().request(many(6, login));
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/at most 5/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const viaFragments = await t
      .anonymous()
      .request(
        `mutation { ...A ...B } fragment A on Mutation { ${many(3, login).slice(11, -2)} } fragment B on Mutation { ${many(3, (i) => login(i + 3)).slice(11, -2)} }`,
      );
    expect(viaFragments.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(viaFragments.data).toBeUndefined();
    const five = await t
      .anonymous()
      .request(many(5, (i) => `l${i}: login(username: "nobody-${i}", password: "Wr0ng!guess") { __typename }`));
    expect(
      five.data &&
        Object.values(five.data).every((v) => (v as { __typename: string }).__typename === 'ValidationError'),
    ).toBe(true);
  });

  it('more than 5 register or createApiToken fields create nothing', async () => {
    const reg = await t
      .anonymous()
      .request(
        many(
          6,
          (i) =>
            `r${i}: register(username: "bulk${i}", email: "bulk${i}@example.com", password: "Bulk!Passw0rd") { __typename }`,
        ),
      );
    expect(reg.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const admin = await t.admin();
    expect((await admin.ok(`{ users(first: 10, search: "bulk") { totalCount } }`)).users.totalCount).toBe(0);

    const user = await t.newUser();
    const tokens = await user.request(many(6, (i) => `t${i}: createApiToken(name: "bulk${i}") { id }`));
    expect(tokens.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await user.ok(`{ apiTokens { id } }`)).apiTokens).toEqual([]);
  });
});
