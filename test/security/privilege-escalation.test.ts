import { startTestMarina, type TestMarina } from '../support/marina';
import type { GraphQLClient } from '../support/graphql-client';

/** Finding 1: a caller grants only what it holds; ADMIN only by an ADMIN; the last ADMIN stays. */
let t: TestMarina;
let admin: GraphQLClient & { userId: string };
beforeAll(async () => {
  t = await startTestMarina('sec_grant');
  admin = (await t.admin()) as GraphQLClient & { userId: string };
  const me = await admin.ok(`{ me { id } }`);
  admin.userId = me.me.id;
  for (const [name, permissions] of [
    ['user-managers', ['user:manage']],
    ['role-composers', ['role:manage', 'user:manage']],
    ['catalog-admins', ['app:manage']],
  ] as const) {
    const r = await admin.ok(
      `mutation($n:String!,$p:[String!]!){ createRole(name:$n, permissions:$p){ __typename } }`,
      { n: name, p: permissions },
    );
    expect(r.createRole.__typename).toBe('RoleDefinition');
  }
});
afterAll(() => t?.stop());

const CREATE_USER = `mutation($u:String!,$r:[Role!]!,$c:[String!]){ createUser(username:$u,email:"x@example.com",password:"Us3r!Password",roles:$r,customRoles:$c){
  __typename ... on AuthPayload { accessToken user { id } } ... on ErrorResult { errorCode message } } }`;
const SET_ROLES = `mutation($id:ID!,$r:[Role!]!,$c:[String!]){ setUserRoles(userId:$id, roles:$r, customRoles:$c){ id roles customRoles } }`;
const ROLES_OF = `query($s:String){ users(first: 50, search: $s){ edges { node { id username roles customRoles } } } }`;

async function userWith(
  username: string,
  roles: string[],
  customRoles: string[],
): Promise<GraphQLClient & { userId: string }> {
  const r = await admin.ok(CREATE_USER, { u: username, r: roles, c: customRoles });
  expect(r.createUser.__typename).toBe('AuthPayload');
  return Object.assign(admin.withToken(r.createUser.accessToken), { userId: r.createUser.user.id as string });
}

async function rolesOf(username: string): Promise<{ roles: string[]; customRoles: string[] }> {
  const r = await admin.ok(ROLES_OF, { s: username });
  return r.users.edges.find((e: { node: { username: string } }) => e.node.username === username).node;
}

describe('finding 1: privilege escalation through granting', () => {
  it('a user:manage role cannot make itself ADMIN, create ADMINs, or demote the real admins', async () => {
    const mallory = await userWith('mallory', ['USER'], ['user-managers']);
    expect(await mallory.errorCode(SET_ROLES, { id: mallory.userId, r: ['ADMIN'] })).toBe('FORBIDDEN');
    expect((await rolesOf('mallory')).roles).toEqual(['USER']);

    expect(await mallory.errorCode(CREATE_USER, { u: 'mallory-admin', r: ['ADMIN'] })).toBe('FORBIDDEN');
    expect((await admin.ok(ROLES_OF, { s: 'mallory-admin' })).users.edges).toEqual([]);

    expect(await mallory.errorCode(SET_ROLES, { id: admin.userId, r: ['USER'] })).toBe('FORBIDDEN');
    expect((await rolesOf('admin')).roles).toContain('ADMIN');
  });

  it('permissions the caller lacks cannot be granted through built-in or custom roles, to itself or others', async () => {
    const mallory2 = await userWith('mallory2', ['USER'], ['user-managers']);
    expect(
      await mallory2.errorCode(SET_ROLES, { id: mallory2.userId, r: ['USER'], c: ['user-managers', 'catalog-admins'] }),
    ).toBe('FORBIDDEN');
    expect(await mallory2.errorCode(SET_ROLES, { id: mallory2.userId, r: ['USER', 'TECHNICAL_REVIEWER'] })).toBe(
      'FORBIDDEN',
    );
    expect(await mallory2.errorCode(CREATE_USER, { u: 'reviewer-by-mallory', r: ['TECHNICAL_REVIEWER'] })).toBe(
      'FORBIDDEN',
    );
    expect(await mallory2.errorCode(CREATE_USER, { u: 'catalog-by-mallory', r: ['USER'], c: ['catalog-admins'] })).toBe(
      'FORBIDDEN',
    );
    expect(await rolesOf('mallory2')).toEqual(
      expect.objectContaining({ roles: ['USER'], customRoles: ['user-managers'] }),
    );

    // what it holds, it may grant
    const plain = await mallory2.ok(CREATE_USER, { u: 'plain-by-mallory', r: ['USER'] });
    expect(plain.createUser.__typename).toBe('AuthPayload');
  });

  it('cannot take roles from a user holding permissions the caller lacks', async () => {
    const mallory3 = await userWith('mallory3', ['USER'], ['user-managers']);
    const reviewer = await userWith('tech-reviewer', ['USER', 'TECHNICAL_REVIEWER'], []);
    expect(await mallory3.errorCode(SET_ROLES, { id: reviewer.userId, r: ['USER'] })).toBe('FORBIDDEN');
    expect((await rolesOf('tech-reviewer')).roles).toContain('TECHNICAL_REVIEWER');
  });

  it('createRole and deleteRole compose only permissions the caller holds', async () => {
    const composer = await userWith('composer', ['USER'], ['role-composers']);
    expect(
      await composer.errorCode(`mutation{ createRole(name:"escalator", permissions:["app:manage"]){ __typename } }`),
    ).toBe('FORBIDDEN');
    expect(
      await composer.errorCode(
        `mutation{ createRole(name:"escalator2", permissions:["user:manage","settings:manage"]){ __typename } }`,
      ),
    ).toBe('FORBIDDEN');
    expect(await composer.errorCode(`mutation{ deleteRole(name:"catalog-admins") }`)).toBe('FORBIDDEN');
    const ok = await composer.ok(
      `mutation{ createRole(name:"user-helpers", permissions:["user:manage"]){ __typename } }`,
    );
    expect(ok.createRole.__typename).toBe('RoleDefinition');
    const roles = await admin.ok(`{ roleDefinitions { name } }`);
    expect(roles.roleDefinitions.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(['catalog-admins', 'user-helpers']),
    );
    expect(roles.roleDefinitions.map((r: { name: string }) => r.name)).not.toContain('escalator');
  });

  it('ADMIN is granted only by an ADMIN, and the last ADMIN keeps the role', async () => {
    const second = await userWith('second-admin', ['ADMIN', 'USER'], []);
    // an admin may step down while another admin remains
    const down = await second.ok(SET_ROLES, { id: second.userId, r: ['USER'] });
    expect(down.setUserRoles.roles).toEqual(['USER']);
    const res = await admin.request(SET_ROLES, { id: admin.userId, r: ['USER'] });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/last ADMIN/);
    expect((await rolesOf('admin')).roles).toContain('ADMIN');
  });
});
