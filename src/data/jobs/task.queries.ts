/**
 * Statements about single tasks outside a job transaction: a running execution's heartbeat
 * and log, the due time of a claimed task, and the reaper's searches for abandoned and
 * orphaned tasks.
 */
import type { EntityManager } from '@mikro-orm/core';
import { sqlRow, sqlRows } from '../sql';
import { APPEND_LOG_SQL } from './job.queries';

/** A task as the reaper finds it. */
export interface TaskRef {
  readonly id: string;
  readonly job_id: string;
}

/**
 * Refreshes the heartbeat of a RUNNING task held by `lockToken`. Returns whether its job asks
 * for cancellation, or undefined when the task is no longer held by that token (lost).
 */
export async function beatTask(
  em: EntityManager,
  taskId: string,
  lockToken: string,
): Promise<{ cancelRequested: boolean } | undefined> {
  const row = await sqlRow<{ cancel_requested: boolean }>(
    em,
    `update tasks set heartbeat_at = now() where id = ? and status = 'RUNNING' and locked_by = ?
      returning (select cancel_requested from jobs where jobs.id = tasks.job_id) as cancel_requested`,
    [taskId, lockToken],
  );
  return row ? { cancelRequested: row.cancel_requested } : undefined;
}

/** Appends a log line to a RUNNING task held by `lockToken` (nothing when it is not). */
export async function appendTaskLog(em: EntityManager, taskId: string, lockToken: string, line: string): Promise<void> {
  await sqlRows(em, `update tasks set ${APPEND_LOG_SQL} where id = ? and status = 'RUNNING' and locked_by = ?`, [
    line,
    taskId,
    lockToken,
  ]);
}

/**
 * Takes the transaction-scoped advisory lock of a concurrency key (claims of the same key
 * serialise until commit), then counts the RUNNING tasks of jobs with that key.
 */
export async function lockAndCountRunning(em: EntityManager, concurrencyKey: string): Promise<number> {
  await sqlRows(em, 'select pg_advisory_xact_lock(?, hashtext(?))', [CONCURRENCY_LOCK_CLASS, concurrencyKey]);
  const row = await sqlRow<{ n: string }>(
    em,
    `select count(*) as n from tasks t join jobs j on j.id = t.job_id
      where j.concurrency_key = ? and t.status = 'RUNNING'`,
    [concurrencyKey],
  );
  return Number(row?.n ?? 0);
}

/** First key of the two-key advisory locks the concurrency caps take ('MRNA'). */
const CONCURRENCY_LOCK_CLASS = 0x4d524e41;

/** Milliseconds until the task's `run_after` by database time (≤ 0 when due or unset). */
export async function msUntilDue(em: EntityManager, taskId: string): Promise<number> {
  const row = await sqlRow<{ wait_ms: string | null }>(
    em,
    'select (extract(epoch from (run_after - clock_timestamp())) * 1000)::bigint as wait_ms from tasks where id = ?',
    [taskId],
  );
  return Number(row?.wait_ms ?? 0);
}

/** RUNNING tasks whose heartbeat is older than `staleAfterMs`, stalest first. */
export function staleRunningTasks(em: EntityManager, staleAfterMs: number, limit: number): Promise<TaskRef[]> {
  return sqlRows<TaskRef>(
    em,
    `select id, job_id from tasks where status = 'RUNNING' and heartbeat_at < now() - (? * interval '1 millisecond')
      order by heartbeat_at limit ?`,
    [staleAfterMs, limit],
  );
}

/** Locks the task row and tells whether its heartbeat is still older than `staleAfterMs`. */
export async function lockIfStale(em: EntityManager, taskId: string, staleAfterMs: number): Promise<boolean> {
  const row = await sqlRow<{ stale: boolean }>(
    em,
    `select heartbeat_at < now() - (? * interval '1 millisecond') as stale from tasks where id = ? for update`,
    [staleAfterMs, taskId],
  );
  return row?.stale === true;
}

/**
 * Ready PENDING tasks of live jobs that have waited longer than `orphanAfterMs` and have no
 * queue message waiting or recently dispatched in the outbox (their message was lost).
 */
export function orphanedReadyTasks(em: EntityManager, orphanAfterMs: number, limit: number): Promise<TaskRef[]> {
  return sqlRows<TaskRef>(
    em,
    `select t.id, t.job_id from tasks t join jobs j on j.id = t.job_id
      where t.status = 'PENDING' and j.status in ('PENDING', 'RUNNING') and not j.cancel_requested
        and coalesce(t.run_after, t.updated_at) < now() - (? * interval '1 millisecond')
        and not exists (select 1 from tasks d where d.job_id = t.job_id and d.key = any(t.depends_on)
                          and not (d.status = 'SUCCEEDED' or (d.status = 'FAILED' and d.failure_allowed)))
        and not exists (select 1 from outbox o where o.payload->>'taskId' = t.id::text
                          and (o.dispatched_at is null or o.dispatched_at >= now() - (? * interval '1 millisecond')))
      limit ?`,
    [orphanAfterMs, orphanAfterMs, limit],
  );
}
