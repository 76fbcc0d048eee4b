import { TokenIssuer } from '../../src/services/auth/tokens';
import { startTestMarina, type TestMarina } from '../support/marina';

const REGISTER = `mutation($u:String!,$e:String!,$p:String!){ register(username:$u,email:$e,password:$p){
  __typename ... on ValidationError { errorCode message details { path message } } ... on NameTakenError { errorCode message }
  ... on AuthPayload { accessToken refreshToken user { id username roles } } } }`;
const ME = `{ me { id username email roles permissions workspace { id name } } }`;

let t: TestMarina;
beforeAll(async () => {
  t = await startTestMarina('identity');
});
afterAll(() => t?.stop());

describe('registration and login', () => {
  it('rejects a weak password naming every failed rule', async () => {
    const data = await t.anonymous().ok(REGISTER, { u: 'weakling', e: 'weak@example.com', p: 'short' });
    expect(data.register.__typename).toBe('ValidationError');
    expect(data.register.errorCode).toBe('VALIDATION_FAILED');
    const paths = data.register.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['password:min_length', 'password:uppercase', 'password:digit', 'password:special']),
    );
    expect(paths).not.toContain('password:lowercase');
  });

  it('registers, logs in, answers me, refreshes', async () => {
    const reg = await t.anonymous().ok(REGISTER, { u: 'alice', e: 'alice@example.com', p: 'Al1ce!Password' });
    expect(reg.register.__typename).toBe('AuthPayload');
    expect(reg.register.user.roles).toEqual(['USER']);

    const dup = await t.anonymous().ok(REGISTER, { u: 'ALICE', e: 'x@example.com', p: 'Al1ce!Password' });
    expect(dup.register).toMatchObject({ __typename: 'NameTakenError', errorCode: 'NAME_TAKEN' });

    const alice = await t.anonymous().loginAs('alice', 'Al1ce!Password');
    const me = await alice.ok(ME);
    expect(me.me).toMatchObject({
      username: 'alice',
      email: 'alice@example.com',
      roles: ['USER'],
      workspace: { name: 'alice' },
    });
    expect(me.me.permissions).toContain('store:view');

    const wrong = await t
      .anonymous()
      .ok(
        `mutation{ login(username:"alice",password:"Wr0ng!Password"){ __typename ... on ErrorResult { errorCode } } }`,
      );
    expect(wrong.login).toEqual({ __typename: 'ValidationError', errorCode: 'INVALID_CREDENTIALS' });

    const refreshed = await t
      .anonymous()
      .ok(
        `mutation($r:String!){ refreshToken(refreshToken:$r){ ... on AuthPayload { accessToken user { username } } } }`,
        { r: alice.refresh },
      );
    expect(refreshed.refreshToken.user.username).toBe('alice');
    expect((await t.anonymous().withToken(refreshed.refreshToken.accessToken).ok(ME)).me.username).toBe('alice');
  });

  it('answers UNAUTHENTICATED for missing, expired and forged tokens', async () => {
    const user = await t.newUser();
    expect(await t.anonymous().errorCode(ME)).toBe('UNAUTHENTICATED');

    const expired = await new TokenIssuer(Buffer.from(t.secretKey), { access: 0, refresh: 0 }).issue(
      user.userId,
      'access',
      0,
    );
    const resExpired = await t.anonymous().withToken(expired).request(ME);
    expect(resExpired.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(resExpired.errors?.[0].message).toMatch(/expired/i);

    const forged = await new TokenIssuer(Buffer.from('another-key-entirely-0123456789ab'), {
      access: 600,
      refresh: 600,
    }).issue(user.userId, 'access', 0);
    expect(await t.anonymous().withToken(forged).errorCode(ME)).toBe('UNAUTHENTICATED');

    // a refresh token is not an access token, and vice versa
    expect(await t.anonymous().withToken(user.refresh).errorCode(ME)).toBe('UNAUTHENTICATED');
    expect(
      await t
        .anonymous()
        .errorCode(`mutation($r:String!){ refreshToken(refreshToken:$r){ __typename } }`, { r: user.token }),
    ).toBe('UNAUTHENTICATED');
  });

  it('logout revokes refresh tokens', async () => {
    const user = await t.newUser();
    await user.ok(`mutation{ logout }`);
    expect(
      await t
        .anonymous()
        .errorCode(`mutation($r:String!){ refreshToken(refreshToken:$r){ __typename } }`, { r: user.refresh }),
    ).toBe('UNAUTHENTICATED');
  });
});

describe('API tokens', () => {
  it('are shown once, work as bearer tokens, and stop working when revoked', async () => {
    const user = await t.newUser();
    const created = await user.ok(`mutation{ createApiToken(name:"console"){ id name token } }`);
    expect(created.createApiToken.token).toMatch(/^mrn_/);
    const listed = await user.ok(`{ apiTokens { id name token } }`);
    expect(listed.apiTokens).toEqual([{ id: created.createApiToken.id, name: 'console', token: null }]);

    const console = t.anonymous().withToken(created.createApiToken.token);
    expect((await console.ok(ME)).me.username).toBe(user.username);

    const other = await t.newUser();
    expect(
      await other.errorCode(`mutation($id:ID!){ revokeApiToken(id:$id) }`, { id: created.createApiToken.id }),
    ).toBe('NOT_FOUND');
    await user.ok(`mutation($id:ID!){ revokeApiToken(id:$id) }`, { id: created.createApiToken.id });
    expect(await console.errorCode(ME)).toBe('UNAUTHENTICATED');
  });
});

describe('roles and permissions', () => {
  it('refuses admin operations to a USER with FORBIDDEN', async () => {
    const user = await t.newUser();
    expect(await user.errorCode(`{ users { totalCount } }`)).toBe('FORBIDDEN');
    expect(
      await user.errorCode(`mutation($id:ID!){ setUserRoles(userId:$id, roles:[ADMIN]){ id } }`, { id: user.userId }),
    ).toBe('FORBIDDEN');
    expect(await user.errorCode(`mutation{ createRole(name:"x", permissions:["user:manage"]){ __typename } }`)).toBe(
      'FORBIDDEN',
    );
    expect(
      await user.errorCode(
        `mutation{ createUser(username:"zed",email:"z@example.com",password:"Z3d!Password",roles:[ADMIN]){ __typename } }`,
      ),
    ).toBe('FORBIDDEN');
  });

  it('lets an admin compose a custom role that takes effect', async () => {
    const admin = await t.admin();
    const bad = await admin.ok(
      `mutation{ createRole(name:"broken", permissions:["no:such"]){ __typename ... on ValidationError { details { message } } } }`,
    );
    expect(bad.createRole.__typename).toBe('ValidationError');

    const role = await admin.ok(
      `mutation{ createRole(name:"user-auditor", description:"reads users", permissions:["user:manage"]){ __typename ... on RoleDefinition { name permissions builtin } } }`,
    );
    expect(role.createRole).toEqual({
      __typename: 'RoleDefinition',
      name: 'user-auditor',
      permissions: ['user:manage'],
      builtin: false,
    });

    const user = await t.newUser('auditor');
    expect(await user.errorCode(`{ users { totalCount } }`)).toBe('FORBIDDEN');
    const updated = await admin.ok(
      `mutation($id:ID!){ setUserRoles(userId:$id, roles:[USER], customRoles:["user-auditor"]){ roles customRoles permissions } }`,
      { id: user.userId },
    );
    expect(updated.setUserRoles).toMatchObject({ roles: ['USER'], customRoles: ['user-auditor'] });
    expect(updated.setUserRoles.permissions).toContain('user:manage');
    const listed = await user.ok(`{ users(search:"auditor") { totalCount edges { node { username } } } }`);
    expect(listed.users.totalCount).toBeGreaterThanOrEqual(1);
  });

  it('lets an admin create users with roles', async () => {
    const admin = await t.admin();
    const res = await admin.ok(
      `mutation{ createUser(username:"rev1",email:"rev1@example.com",password:"R3viewer!Pass",roles:[TECHNICAL_REVIEWER]){ __typename ... on AuthPayload { user { roles permissions } } } }`,
    );
    expect(res.createUser.user.roles).toEqual(['TECHNICAL_REVIEWER']);
    expect(res.createUser.user.permissions).toContain('review:technical');
  });
});

describe('vendor certification', () => {
  const SUBMIT = `mutation{ submitVendor(companyName:"Acme Ltd", website:"https://acme.example", description:"tools", contact:"ops@acme.example"){ id status user { username } } }`;

  it('submit → admin pass → the user has ISV and can create developers in its workspace', async () => {
    const user = await t.newUser('isv');
    const submitted = await user.ok(SUBMIT);
    expect(submitted.submitVendor).toMatchObject({ status: 'SUBMITTED', user: { username: user.username } });
    expect(
      await user.errorCode(`mutation($id:ID!){ passVendor(id:$id){ id } }`, { id: submitted.submitVendor.id }),
    ).toBe('FORBIDDEN');

    const admin = await t.admin();
    const pending = await admin.ok(`{ vendors(status:SUBMITTED){ edges { node { id companyName } } } }`);
    expect(pending.vendors.edges.map((e: any) => e.node.id)).toContain(submitted.submitVendor.id);
    const passed = await admin.ok(`mutation($id:ID!){ passVendor(id:$id){ status } }`, {
      id: submitted.submitVendor.id,
    });
    expect(passed.passVendor.status).toBe('PASSED');

    const me = await user.ok(ME);
    expect(me.me.roles).toEqual(expect.arrayContaining(['ISV', 'USER']));
    const dev = await user.ok(
      `mutation{ createDeveloper(username:"${user.username}-dev", email:"dev@acme.example", password:"D3veloper!Pass"){ __typename ... on User { roles workspace { id } } } }`,
    );
    expect(dev.createDeveloper).toMatchObject({
      __typename: 'User',
      roles: ['DEVELOPER'],
      workspace: { id: me.me.workspace.id },
    });
    const devClient = await t.anonymous().loginAs(`${user.username}-dev`, 'D3veloper!Pass');
    expect((await devClient.ok(ME)).me.workspace.id).toBe(me.me.workspace.id);
  });

  it('reject carries the message; passing twice is refused', async () => {
    const user = await t.newUser('vendor');
    const submitted = await user.ok(SUBMIT);
    const admin = await t.admin();
    expect(
      await admin.errorCode(`mutation($id:ID!){ rejectVendor(id:$id, message:"  "){ id } }`, {
        id: submitted.submitVendor.id,
      }),
    ).toBe('BAD_USER_INPUT');
    const rejected = await admin.ok(
      `mutation($id:ID!){ rejectVendor(id:$id, message:"Website unreachable"){ status message } }`,
      { id: submitted.submitVendor.id },
    );
    expect(rejected.rejectVendor).toEqual({ status: 'REJECTED', message: 'Website unreachable' });
    const mine = await user.ok(`{ vendors { edges { node { status message } } } }`);
    expect(mine.vendors.edges).toEqual([{ node: { status: 'REJECTED', message: 'Website unreachable' } }]);
    expect((await user.ok(ME)).me.roles).toEqual(['USER']);
    expect(
      await admin.errorCode(`mutation($id:ID!){ passVendor(id:$id){ id } }`, { id: submitted.submitVendor.id }),
    ).toBe('BAD_USER_INPUT');
  });
});

describe('queue dashboard', () => {
  it('is served to admins only', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    const user = await t.newUser('curious');
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${user.token}` } })).status).toBe(
      403,
    );
    expect((await fetch(`${base}/admin/queues?token=forged`, { redirect: 'manual' })).status).toBe(401);
    const admin = await t.admin();
    const page = await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const viaQuery = await fetch(`${base}/admin/queues?token=${admin.token}`, { redirect: 'manual' });
    expect(viaQuery.status).toBe(302);
    const cookie = viaQuery.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: { cookie: cookie.split(';')[0] } });
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain('tasks');
  });
});
