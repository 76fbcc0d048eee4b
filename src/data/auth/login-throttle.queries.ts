/**
 * Statements on `login_throttle` (failed-login counters of the embedded profile, which has no
 * Redis). Times are epoch milliseconds; a row whose `expires_at` has passed counts as absent.
 */
import type { EntityManager } from '@mikro-orm/core';
import { sqlRows } from '../sql';

/** One counter row as stored; `blocked_ms` and `expires_ms` are epoch milliseconds. */
export interface LoginThrottleRow {
  readonly key: string;
  readonly failures: number;
  readonly blocked_ms: number | null;
  readonly expires_ms: number;
}

/** The rows of `keys` (expired ones included; the caller compares `expires_ms` with its clock). */
export async function loginThrottleRows(em: EntityManager, keys: readonly string[]): Promise<LoginThrottleRow[]> {
  return sqlRows<LoginThrottleRow>(
    em,
    `select key, failures, extract(epoch from blocked_until)::float8 * 1000 as blocked_ms, extract(epoch from expires_at)::float8 * 1000 as expires_ms
       from login_throttle where key in (${keys.map(() => '?').join(', ')})`,
    keys,
  );
}

/**
 * Counts one failure of `key` and returns the new count: an expired row starts again from one
 * (and loses its block); every failure moves the expiry to `now + idleResetMs`.
 */
export async function incrementLoginFailures(
  em: EntityManager,
  key: string,
  now: number,
  idleResetMs: number,
): Promise<number> {
  const [row] = await sqlRows<{ failures: number }>(
    em,
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

/** Blocks `key` until `until` at least (a later block already set is kept), keeping the row that long. */
export async function blockLoginKey(em: EntityManager, key: string, until: number, idleResetMs: number): Promise<void> {
  await sqlRows(
    em,
    'update login_throttle set blocked_until = greatest(coalesce(blocked_until, to_timestamp(0)), ?), expires_at = greatest(expires_at, ?) where key = ?',
    [new Date(until), new Date(until + idleResetMs), key],
  );
}

/** Forgets the counter of `key`. */
export async function deleteLoginThrottle(em: EntityManager, key: string): Promise<void> {
  await sqlRows(em, 'delete from login_throttle where key = ?', [key]);
}

/** Deletes the rows that expired before `now`. */
export async function pruneLoginThrottle(em: EntityManager, now: number): Promise<void> {
  await sqlRows(em, 'delete from login_throttle where expires_at < ?', [new Date(now)]);
}
