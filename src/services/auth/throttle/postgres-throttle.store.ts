import type { EntityManager } from '@mikro-orm/postgresql';
import {
  blockLoginKey,
  deleteLoginThrottle,
  incrementLoginFailures,
  loginThrottleRows,
  pruneLoginThrottle,
} from '../../../data/auth/login-throttle.queries';
import type { ThrottleState, ThrottleStore } from './throttle-store';

/** About one increment in a hundred also deletes idle-expired rows. */
const PRUNE_PROBABILITY = 0.01;

/**
 * Throttle counters in the `login_throttle` table (the embedded profile, which has no Redis). A row
 * whose last failure is older than `idleResetMs` counts from zero again.
 */
export class PostgresThrottleStore implements ThrottleStore {
  constructor(private readonly em: EntityManager) {}

  async get(keys: readonly string[], now: number): Promise<ThrottleState[]> {
    const rows = await loginThrottleRows(this.em.fork(), keys);
    const byKey = new Map(rows.filter((r) => r.expires_ms > now).map((r) => [r.key, r]));
    return keys.map((k) => {
      const row = byKey.get(k);
      return { failures: row?.failures ?? 0, blockedUntil: Math.round(row?.blocked_ms ?? 0) };
    });
  }

  async increment(key: string, now: number, idleResetMs: number): Promise<number> {
    if (Math.random() < PRUNE_PROBABILITY) await pruneLoginThrottle(this.em.fork(), now);
    return incrementLoginFailures(this.em.fork(), key, now, idleResetMs);
  }

  async block(key: string, until: number, idleResetMs: number): Promise<void> {
    await blockLoginKey(this.em.fork(), key, until, idleResetMs);
  }

  async reset(key: string): Promise<void> {
    await deleteLoginThrottle(this.em.fork(), key);
  }

  async close(): Promise<void> {}
}
