import type { MikroORM } from '@mikro-orm/postgresql';
import { PostgresThrottleStore } from '../../src/services/auth/throttle/postgres-throttle.store';
import { RedisThrottleStore } from '../../src/services/auth/throttle/redis-throttle.store';
import { LoginThrottle } from '../../src/services/auth/throttle/login-throttle';
import type { ThrottleStore } from '../../src/services/auth/throttle/throttle-store';
import { DomainError } from '../../src/services/errors';
import { createMigratedOrm, TEST_REDIS_URL, uniquePrefix } from '../support/db';
import { waitFor } from '../support/wait-for';

/** Finding 3: both throttle stores (Redis for production, PostgreSQL for embedded) keep the same contract. */
let orm: MikroORM;
let closeOrm: () => Promise<void>;
const stores: Record<string, ThrottleStore> = {};
beforeAll(async () => {
  const migrated = await createMigratedOrm('sec_throttle_store');
  orm = migrated.orm;
  closeOrm = migrated.close;
  stores.redis = new RedisThrottleStore(TEST_REDIS_URL, uniquePrefix('throttle'));
  stores.postgres = new PostgresThrottleStore(orm.em);
});
afterAll(async () => {
  await Promise.all(Object.values(stores).map((s) => s.close()));
  await closeOrm?.();
});

const DAY = 24 * 3600 * 1000;

describe.each(['redis', 'postgres'])('%s throttle store', (name) => {
  const store = () => stores[name];

  it('counts failures per key, keeps the later window end, and resets', async () => {
    const now = Date.now();
    expect(await store().get(['account:a', 'address:1'], now)).toEqual([
      { failures: 0, blockedUntil: 0 },
      { failures: 0, blockedUntil: 0 },
    ]);
    expect(await store().increment('account:a', now, DAY)).toBe(1);
    expect(await store().increment('account:a', now, DAY)).toBe(2);
    expect(await store().increment('address:1', now, DAY)).toBe(1);
    await store().block('account:a', now + 5000, DAY);
    await store().block('account:a', now + 1000, DAY);
    expect(await store().get(['account:a', 'address:1'], now)).toEqual([
      { failures: 2, blockedUntil: now + 5000 },
      { failures: 1, blockedUntil: 0 },
    ]);
    await store().reset('account:a');
    expect(await store().get(['account:a'], now)).toEqual([{ failures: 0, blockedUntil: 0 }]);
  });

  it('counts concurrent failures exactly', async () => {
    const now = Date.now();
    const counts = await Promise.all(Array.from({ length: 20 }, () => store().increment('account:burst', now, DAY)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('forgets counters that stay idle past the reset time', async () => {
    await store().increment('account:idle', Date.now(), 300);
    await store().block('account:idle', Date.now() + 100, 300);
    await waitFor(
      'the idle counter to reset',
      async () => (await store().get(['account:idle'], Date.now()))[0].failures === 0,
      5000,
      50,
    );
    expect(await store().increment('account:idle', Date.now(), 300)).toBe(1);
  }, 15_000);

  it('drives LoginThrottle windows: free failures, then doubling windows up to the cap', async () => {
    let clock = Date.now();
    const policy = {
      accountFreeFailures: 3,
      addressFreeFailures: 100,
      baseWindowMs: 1000,
      maxWindowMs: 4000,
      idleResetMs: DAY,
    };
    const throttle = new LoginThrottle(store(), policy, () => clock);
    const who = { account: `Policy-${name}`, address: `198.51.100.${name.length}` };
    const refusal = async () => {
      try {
        await throttle.assertAllowed(who);
        return undefined;
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        return (err as DomainError).details.retryAfter;
      }
    };
    for (let i = 0; i < 3; i++) await throttle.failed(who);
    expect(await refusal()).toBeUndefined();
    const seen: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      await throttle.failed(who);
      seen.push(await refusal());
      clock += 10_000;
      expect(await refusal()).toBeUndefined();
    }
    expect(seen).toEqual([1, 2, 4, 4]);
    await throttle.succeeded({ ...who, account: who.account.toUpperCase() });
    await throttle.failed(who);
    expect(await refusal()).toBeUndefined();
  });
});
