import type { EntityManager } from '@mikro-orm/postgresql';
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
    const rows = await this.em.fork().getConnection().execute<{ key: string; failures: number; blocked_ms: number | null; expires_ms: number }[]>(
      `select key, failures, extract(epoch from blocked_until)::float8 * 1000 as blocked_ms, extract(epoch from expires_at)::float8 * 1000 as expires_ms
         from login_throttle where key in (${keys.map(() => '?').join(', ')})`,
      [...keys],
    );
    const byKey = new Map(rows.filter((r) => r.expires_ms > now).map((r) => [r.key, r]));
    return keys.map((k) => {
      const row = byKey.get(k);
      return { failures: row?.failures ?? 0, blockedUntil: Math.round(row?.blocked_ms ?? 0) };
    });
  }

  async increment(key: string, now: number, idleResetMs: number): Promise<number> {
    if (Math.random() < PRUNE_PROBABILITY) await this.em.fork().getConnection().execute('delete from login_throttle where expires_at < ?', [new Date(now)]);
    const [row] = await this.em.fork().getConnection().execute<{ failures: number }[]>(
      `insert into login_throttle (key, failures, blocked_until, expires_at) values (?, 1, null, ?)
       on conflict (key) do update set
         failures = case when login_throttle.expires_at <= ? then 1 else login_throttle.failures + 1 end,
         blocked_until = case when login_throttle.expires_at <= ? then null else login_throttle.blocked_until end,
         expires_at = excluded.expires_at
       returning failures`,
      [key, new Date(now + idleResetMs), new Date(now), new Date(now)],
    );
    return row.failures;
  }

  async block(key: string, until: number, idleResetMs: number): Promise<void> {
    await this.em.fork().getConnection().execute(
      `update login_throttle set blocked_until = greatest(coalesce(blocked_until, to_timestamp(0)), ?), expires_at = greatest(expires_at, ?) where key = ?`,
      [new Date(until), new Date(until + idleResetMs), key],
    );
  }

  async reset(key: string): Promise<void> {
    await this.em.fork().getConnection().execute('delete from login_throttle where key = ?', [key]);
  }

  async close(): Promise<void> {}
}
