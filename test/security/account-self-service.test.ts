import { startTestMarina, type TestMarina } from '../support/marina';

/** Finding 10: users change their own password; an admin reset makes the user set a new one at next login. */
let t: TestMarina;
beforeAll(async () => {
  t = await startTestMarina('sec_account');
});
afterAll(() => t?.stop());

const CHANGE = `mutation($c:String!,$n:String!){ changePassword(currentPassword:$c, newPassword:$n){
  __typename ... on User { id mustChangePassword } ... on ValidationError { errorCode details { path } } } }`;
const RESET = `mutation($id:ID!){ resetUserPassword(userId:$id){ temporaryPassword user { id mustChangePassword } } }`;
const REFRESH = `mutation($r:String!){ refreshToken(refreshToken:$r){ __typename } }`;
const LOGIN = `mutation($u:String!,$p:String!){ login(username:$u,password:$p){ __typename ... on AuthPayload { accessToken user { mustChangePassword } } ... on ErrorResult { errorCode } } }`;
const PASSWORD = 'Us3r!Password';

describe('finding 10: changePassword', () => {
  it('needs the current password, enforces the policy, and ends the other sessions only', async () => {
    const user = await t.newUser('changer');
    const other = await t.anonymous().loginAs(user.username, PASSWORD);

    expect((await user.ok(CHANGE, { c: 'Wr0ng!Current', n: 'N3w!Password' })).changePassword).toMatchObject({
      __typename: 'ValidationError',
      errorCode: 'INVALID_CREDENTIALS',
    });
    const weak = (await user.ok(CHANGE, { c: PASSWORD, n: 'weak' })).changePassword;
    expect(weak.__typename).toBe('ValidationError');
    expect(weak.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['newPassword:min_length', 'newPassword:uppercase', 'newPassword:digit']),
    );
    expect((await user.ok(CHANGE, { c: PASSWORD, n: PASSWORD })).changePassword.details).toEqual([
      { path: 'newPassword:unchanged' },
    ]);

    const changed = await user.ok(CHANGE, { c: PASSWORD, n: 'N3w!Password' });
    expect(changed.changePassword).toEqual({ __typename: 'User', id: user.userId, mustChangePassword: false });
    expect((await t.anonymous().ok(LOGIN, { u: user.username, p: PASSWORD })).login.errorCode).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await t.anonymous().ok(LOGIN, { u: user.username, p: 'N3w!Password' })).login.__typename).toBe(
      'AuthPayload',
    );
    expect(await t.anonymous().errorCode(REFRESH, { r: other.refresh })).toBe('UNAUTHENTICATED');
    expect((await t.anonymous().ok(REFRESH, { r: user.refresh })).refreshToken.__typename).toBe('AuthPayload');
  });

  it('wrong current passwords are throttled like logins', async () => {
    const user = await t.newUser('guesser');
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await user.request(CHANGE, { c: `Wr0ng!guess${i}`, n: 'N3w!Password' });
      codes.push(res.errors?.[0]?.extensions?.code ?? res.data?.changePassword.errorCode);
    }
    expect(codes.slice(0, 6)).toEqual(Array(6).fill('INVALID_CREDENTIALS'));
    expect(codes.slice(6)).toEqual(['TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS']);
  });
});

describe('finding 10: admin password reset', () => {
  it('ends every session and token, and the user must set a new password before anything else', async () => {
    const admin = await t.admin();
    const user = await t.newUser('forgetful');
    const api = (await user.ok(`mutation{ createApiToken(name:"ci"){ token } }`)).createApiToken.token as string;
    const reset = (await admin.ok(RESET, { id: user.userId })).resetUserPassword;
    expect(reset.user).toEqual({ id: user.userId, mustChangePassword: true });
    expect(reset.temporaryPassword).toMatch(/^.{20,}$/);

    expect(await user.errorCode(`{ me { id } }`)).toBe('UNAUTHENTICATED');
    expect(await t.anonymous().errorCode(REFRESH, { r: user.refresh })).toBe('UNAUTHENTICATED');
    expect(await t.anonymous().withToken(api).errorCode(`{ me { id } }`)).toBe('UNAUTHENTICATED');
    expect((await t.anonymous().ok(LOGIN, { u: user.username, p: PASSWORD })).login.errorCode).toBe(
      'INVALID_CREDENTIALS',
    );

    const login = (await t.anonymous().ok(LOGIN, { u: user.username, p: reset.temporaryPassword })).login;
    expect(login).toMatchObject({ __typename: 'AuthPayload', user: { mustChangePassword: true } });
    const temp = t.anonymous().withToken(login.accessToken);
    const blocked = await temp.request(`{ apiTokens { id } }`);
    expect(blocked.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PASSWORD_CHANGE_REQUIRED' });
    expect(await temp.errorCode(`mutation{ createApiToken(name:"sneaky"){ id } }`)).toBe('FORBIDDEN');
    expect((await temp.ok(`{ me { id mustChangePassword } }`)).me).toEqual({
      id: user.userId,
      mustChangePassword: true,
    });

    expect((await temp.ok(CHANGE, { c: reset.temporaryPassword, n: 'Fr3sh!Password' })).changePassword).toMatchObject({
      __typename: 'User',
      mustChangePassword: false,
    });
    expect((await temp.ok(`{ apiTokens { id } }`)).apiTokens).toEqual([]);
  });

  it('follows the grant policy: a user:manage role cannot reset an admin, nobody resets their own', async () => {
    const admin = await t.admin();
    const role = await admin.ok(`mutation{ createRole(name:"helpdesk", permissions:["user:manage"]){ __typename } }`);
    expect(role.createRole.__typename).toBe('RoleDefinition');
    const created = await admin.ok(
      `mutation{ createUser(username:"helpdesk1", email:"h@example.com", password:"H3lpdesk!Pass", roles:[USER], customRoles:["helpdesk"]){ ... on AuthPayload { accessToken user { id } } } }`,
    );
    const helpdesk = admin.withToken(created.createUser.accessToken);
    const adminId = (await admin.ok(`{ me { id } }`)).me.id;
    expect(await helpdesk.errorCode(RESET, { id: adminId })).toBe('FORBIDDEN');
    expect(await admin.errorCode(RESET, { id: adminId })).toBe('BAD_USER_INPUT');
    const plain = await t.newUser('plain');
    expect((await helpdesk.ok(RESET, { id: plain.userId })).resetUserPassword.user.mustChangePassword).toBe(true);
    expect(await plain.errorCode(`{ me { id } }`)).toBe('UNAUTHENTICATED');
    expect(await (await t.newUser('nobody')).errorCode(RESET, { id: adminId })).toBe('FORBIDDEN');
  });
});
