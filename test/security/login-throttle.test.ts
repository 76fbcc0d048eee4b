import { startTestMarina, type TestMarina } from '../support/marina';
import { waitFor } from '../support/wait-for';

/**
 * Finding 3: failed logins are throttled per account and per client address, answered at once with
 * TOO_MANY_ATTEMPTS and a retryAfter, in growing windows; a success resets the count.
 */
const LOGIN = `mutation($u:String!,$p:String!){ login(username:$u,password:$p){ __typename ... on ErrorResult { errorCode } } }`;
const PASSWORD = 'Us3r!Password';

let t: TestMarina;
let fast: TestMarina;
beforeAll(async () => {
  [t, fast] = await Promise.all([
    startTestMarina('sec_throttle'),
    startTestMarina('sec_throttle_fast', { env: { MARINA_LOGIN_WINDOW_SECONDS: '1' } }),
  ]);
});
afterAll(() => Promise.all([t?.stop(), fast?.stop()]));

interface Outcome {
  kind: string;
  retryAfter?: unknown;
}

async function attempt(m: TestMarina, username: string, password: string): Promise<Outcome> {
  const res = await m.anonymous().request(LOGIN, { u: username, p: password });
  const error = res.errors?.[0];
  if (error) return { kind: String(error.extensions?.code), retryAfter: error.extensions?.retryAfter };
  return { kind: res.data!.login.__typename === 'AuthPayload' ? 'OK' : res.data!.login.errorCode };
}

describe('finding 3: login throttling', () => {
  it('50 wrong passwords in a row: refused at once from the 10th at the latest, and the right one is refused too', async () => {
    const user = await t.newUser('victim');
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 50; i++) outcomes.push(await attempt(t, user.username, `Wr0ng!guess${i}`));
    const firstRefused = outcomes.findIndex((o) => o.kind === 'TOO_MANY_ATTEMPTS');
    expect(firstRefused).toBeGreaterThan(0);
    expect(firstRefused).toBeLessThanOrEqual(9);
    expect(outcomes.slice(0, firstRefused).every((o) => o.kind === 'INVALID_CREDENTIALS')).toBe(true);
    for (const o of outcomes.slice(firstRefused))
      expect(o).toEqual({ kind: 'TOO_MANY_ATTEMPTS', retryAfter: expect.any(Number) });
    expect(outcomes[firstRefused].retryAfter).toBeGreaterThan(0);
    expect(await attempt(t, user.username, PASSWORD)).toMatchObject({ kind: 'TOO_MANY_ATTEMPTS' });
    // another account is not affected
    const other = await t.newUser('bystander');
    expect(await attempt(t, other.username, PASSWORD)).toEqual({ kind: 'OK' });
  });

  it('the account name is matched case-insensitively', async () => {
    const user = await t.newUser('casey');
    for (let i = 0; i < 6; i++)
      await attempt(t, i % 2 ? user.username.toUpperCase() : user.username, `Wr0ng!guess${i}`);
    expect((await attempt(t, user.username.toUpperCase(), PASSWORD)).kind).toBe('TOO_MANY_ATTEMPTS');
  });

  it('windows grow with further failures, end when they pass, and a success resets the count', async () => {
    const user = await fast.newUser('grower');
    for (let i = 0; i < 6; i++)
      expect((await attempt(fast, user.username, `Wr0ng!guess${i}`)).kind).toBe('INVALID_CREDENTIALS');
    const windows: unknown[] = [];
    for (let round = 0; round < 3; round++) {
      const refused = await attempt(fast, user.username, PASSWORD);
      expect(refused.kind).toBe('TOO_MANY_ATTEMPTS');
      windows.push(refused.retryAfter);
      await waitFor(
        'the window to pass',
        async () => (await attempt(fast, user.username, 'Wr0ng!probe')).kind === 'INVALID_CREDENTIALS',
        15_000,
        100,
      );
    }
    expect(windows).toEqual([1, 2, 4]);
    await waitFor(
      'the window to pass',
      async () => (await attempt(fast, user.username, PASSWORD)).kind === 'OK',
      15_000,
      100,
    );
    // the success reset the count: five more failures are answered normally again
    for (let i = 0; i < 5; i++)
      expect((await attempt(fast, user.username, `Wr0ng!again${i}`)).kind).toBe('INVALID_CREDENTIALS');
  }, 30_000);

  it('failures from one client address across many accounts are throttled too', async () => {
    // earlier tests of this file already failed some logins from this address (the default allows 50)
    const outcomes: string[] = [];
    for (let i = 0; i < 60; i++) outcomes.push((await attempt(t, `sprayed-${i}`, 'Spr4y!Password')).kind);
    const firstRefused = outcomes.indexOf('TOO_MANY_ATTEMPTS');
    expect(firstRefused).toBeGreaterThan(0);
    expect(firstRefused).toBeLessThanOrEqual(51);
    expect(outcomes.slice(0, firstRefused).every((k) => k === 'INVALID_CREDENTIALS')).toBe(true);
    expect(outcomes.slice(firstRefused).every((k) => k === 'TOO_MANY_ATTEMPTS')).toBe(true);
  }, 30_000);
});
