import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/observability/logger';
import { createMigratedOrm } from '../support/db';
import { startTestMarina, type TestMarina } from '../support/marina';
import { firstSubscriptionResult, memoryLogger } from './support';

/**
 * Finding 4: malformed ids and unstorable strings are BAD_USER_INPUT at the boundary (not
 * INTERNAL_SERVER_ERROR), free text has length limits, and logs never carry bound SQL values.
 */
let t: TestMarina;
const logs = memoryLogger('info');
beforeAll(async () => {
  t = await startTestMarina('sec_input', { logger: logs.logger });
});
afterAll(() => t?.stop());

const BY_ID: readonly [string, string][] = [
  ['job', `query($id:ID!){ job(id:$id){ id } }`],
  ['cancelJob', `mutation($id:ID!){ cancelJob(id:$id){ id } }`],
  ['retryJob', `mutation($id:ID!){ retryJob(id:$id){ id } }`],
  ['revokeApiToken', `mutation($id:ID!){ revokeApiToken(id:$id) }`],
  ['workspace', `query($id:ID!){ workspace(id:$id){ id } }`],
  ['removeWorkspaceMember', `mutation($id:ID!){ removeWorkspaceMember(workspaceId:$id, userId:$id) }`],
  ['passVendor', `mutation($id:ID!){ passVendor(id:$id){ id } }`],
  ['rejectVendor', `mutation($id:ID!){ rejectVendor(id:$id, message:"no"){ id } }`],
  ['setUserRoles', `mutation($id:ID!){ setUserRoles(userId:$id, roles:[USER]){ id } }`],
  ['app', `query($id:ID!){ app(id:$id){ id } }`],
  ['appVersion', `query($id:ID!){ appVersion(id:$id){ id } }`],
  ['repo', `query($id:ID!){ repo(id:$id){ id } }`],
  ['deleteRepo', `mutation($id:ID!){ deleteRepo(id:$id) }`],
  ['syncRepo', `mutation($id:ID!){ syncRepo(id:$id){ id } }`],
];
const MALFORMED_IDS = ['not-a-uuid', "1' or '1'='1", '0'.repeat(5000), '00000000-0000-0000-0000-00000000000g'];

describe('finding 4: ids are validated in one place', () => {
  it.each(BY_ID)(
    '%s: malformed ids are BAD_USER_INPUT, unknown well-formed ids are NOT_FOUND',
    async (_name, query) => {
      const admin = await t.admin();
      for (const id of MALFORMED_IDS) {
        const res = await admin.request(query, { id });
        expect({ id: id.slice(0, 40), code: res.errors?.[0]?.extensions?.code }).toEqual({
          id: id.slice(0, 40),
          code: 'BAD_USER_INPUT',
        });
        expect(res.status).toBeLessThan(500);
      }
      expect(await admin.errorCode(query, { id: randomUUID() })).toBe('NOT_FOUND');
    },
  );

  it('subscriptions refuse malformed ids the same way', async () => {
    const user = await t.newUser();
    for (const [query, variables] of [
      [`subscription($id:ID!){ jobUpdated(jobId:$id){ id } }`, { id: 'not-a-uuid' }],
      [`subscription($id:ID!){ instanceEvents(instanceId:$id){ seq } }`, { id: "x'; drop table jobs; --" }],
    ] as const) {
      const outcome = await firstSubscriptionResult(user, query, variables);
      expect(outcome.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const unknown = await firstSubscriptionResult(user, `subscription($id:ID!){ jobUpdated(jobId:$id){ id } }`, {
      id: randomUUID(),
    });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('finding 4: strings are checked at the boundary', () => {
  const REGISTER = `mutation($u:String!,$e:String!,$p:String!){ register(username:$u,email:$e,password:$p){ __typename } }`;
  const LOGIN = `mutation($u:String!,$p:String!){ login(username:$u,password:$p){ __typename } }`;

  it('NUL bytes and unpaired surrogates are BAD_USER_INPUT, also unauthenticated, and create nothing', async () => {
    const anon = t.anonymous();
    for (const bad of ['nul\u0000byte', 'lone\ud800surrogate', 'tail\udc00']) {
      expect(await anon.errorCode(LOGIN, { u: bad, p: 'Whatever1!x' })).toBe('BAD_USER_INPUT');
      expect(await anon.errorCode(LOGIN, { u: 'admin', p: bad })).toBe('BAD_USER_INPUT');
      expect(await anon.errorCode(REGISTER, { u: 'nulltester', e: `a${bad}@example.com`, p: 'Str0ng!Passw0rd' })).toBe(
        'BAD_USER_INPUT',
      );
      expect(await anon.errorCode(REGISTER, { u: `n${bad}`, e: 'n@example.com', p: 'Str0ng!Passw0rd' })).toBe(
        'BAD_USER_INPUT',
      );
    }
    const admin = await t.admin();
    expect((await admin.ok(`{ users(first: 10, search: "nulltester"){ totalCount } }`)).users.totalCount).toBe(0);
    const user = await t.newUser();
    expect(
      await user.errorCode(`mutation($d:String){ submitVendor(companyName:"Acme", description:$d){ id } }`, {
        d: 'x\u0000y',
      }),
    ).toBe('BAD_USER_INPUT');
    expect(await user.errorCode(`mutation($n:String!){ createApiToken(name:$n){ id } }`, { n: '\ud83d' })).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await user.errorCode(`mutation($n:String!){ createWorkspace(name:$n){ __typename } }`, { n: 'ws\u0000' }),
    ).toBe('BAD_USER_INPUT');
  });

  it('free-text fields have length limits (a 1.5 MB vendor description is refused)', async () => {
    const user = await t.newUser();
    const res = await user.request(`mutation($d:String){ submitVendor(companyName:"Acme", description:$d){ id } }`, {
      d: 'x'.repeat(1_500_000),
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/longer than 4096/);
    const fits = await user.ok(
      `mutation($d:String){ submitVendor(companyName:"Acme", description:$d){ description } }`,
      { d: 'y'.repeat(4096) },
    );
    expect(fits.submitVendor.description).toHaveLength(4096);
    expect(await user.errorCode(`mutation($n:String!){ createApiToken(name:$n){ id } }`, { n: 'n'.repeat(257) })).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('a forged cursor carrying a malformed id is BAD_USER_INPUT', async () => {
    const admin = await t.admin();
    const cursor = Buffer.from(JSON.stringify({ t: new Date().toISOString(), id: 'nope\u0000' })).toString('base64url');
    expect(await admin.errorCode(`query($a:String){ users(first: 2, after: $a){ totalCount } }`, { a: cursor })).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('nothing of the refused requests reached the log: no password hashes, no SQL values', () => {
    const text = logs.text();
    expect(text).toContain('Marina API listening');
    expect(text).not.toContain('$argon2id$');
    expect(text).not.toContain('insert into');
    expect(text).not.toContain('INTERNAL_SERVER_ERROR');
  });
});

describe('finding 4: the log serializer drops bound SQL values', () => {
  it('a real database error logged as err keeps the SQLSTATE, not the values', async () => {
    const { orm, close } = await createMigratedOrm('sec_log');
    const out: string[] = [];
    const log = createLogger('info', 'marina', { write: (line: string) => void out.push(line) });
    try {
      const secret = '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0$c2VjcmV0aGFzaA';
      const err = await orm.em
        .fork()
        .execute('select ?::uuid as id', [secret])
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(Error);
      log.error({ err }, 'query failed');
      const text = out.join('');
      expect(text).toContain('22P02');
      expect(text).toContain('query failed');
      expect(text).not.toContain('argon2id');
      expect(text).not.toContain('select');
    } finally {
      await close();
    }
  }, 30_000);
});
