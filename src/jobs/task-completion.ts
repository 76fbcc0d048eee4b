/**
 * What happens to a task after an execution (or when its worker is lost), applied inside a
 * JobTransaction that has locked the job. Shared by the worker runtime and the reaper.
 */
import { JobStatus } from '../entities/enums';
import type { TaskRow } from '../data/jobs/job-rows';
import type { JobTransaction } from './job-transaction';
import { NOW } from '../data/sql-set';

/** Retry timing: `baseMs * 2^(attempt-1)`, capped. */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 5 * 60 * 1000 };

export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
}

const RELEASE_LOCK = { locked_by: null, heartbeat_at: null } as const;

/** RUNNING → SUCCEEDED, then enqueue the dependants that became ready. */
export async function succeedTask(
  jt: JobTransaction,
  task: TaskRow,
  result: Record<string, unknown> | undefined,
): Promise<void> {
  await jt.applyTask(task, 'succeed', {
    ...RELEASE_LOCK,
    result: { json: result ?? null },
    error: null,
    finished_at: NOW,
    run_after: null,
  });
  await jt.enqueue(jt.newlyReady(task), { initial: true });
}

/**
 * RUNNING → FAILED for good. A failure-allowed task lets its dependants run; otherwise the
 * tasks that can no longer run are cancelled and the job records the error (the job itself
 * ends FAILED once nothing is running any more).
 */
export async function failTask(jt: JobTransaction, task: TaskRow, message: string, attempt: number): Promise<void> {
  await jt.applyTask(
    task,
    'fail',
    { ...RELEASE_LOCK, attempt, error: message, finished_at: NOW, run_after: null },
    message,
  );
  if (task.failure_allowed) {
    await jt.enqueue(jt.newlyReady(task), { initial: true });
    return;
  }
  await jt.cancelDownstream(task, `dependency ${task.key} failed`);
  if (!jt.job.error) await jt.updateJob({ error: `Task ${task.key} failed: ${message}` });
}

/**
 * RUNNING → PENDING with a new queue message after `delayMs` (retry after an error, re-schedule
 * of a long wait, reaped or released). `changes` carries attempt/state/reschedules updates.
 */
export async function requeueTask(
  jt: JobTransaction,
  task: TaskRow,
  action: 'retry' | 'reschedule' | 'reap' | 'release',
  delayMs: number,
  changes: { attempt?: number; state?: Record<string, unknown>; reschedules?: number; error?: string },
  logLine: string,
): Promise<void> {
  await jt.applyTask(
    task,
    action,
    {
      ...RELEASE_LOCK,
      attempt: changes.attempt,
      reschedules: changes.reschedules,
      error: changes.error,
      state: changes.state === undefined ? undefined : { json: changes.state },
      run_after: { raw: `clock_timestamp() + interval '${Math.max(0, Math.round(delayMs))} milliseconds'` },
    },
    logLine,
  );
  await jt.enqueue([task], { delayMs, initial: false });
}

/** RUNNING → CANCELLED (the job was cancelled while it ran). */
export async function cancelRunningTask(jt: JobTransaction, task: TaskRow, reason: string): Promise<void> {
  await jt.applyTask(task, 'cancel', { ...RELEASE_LOCK, finished_at: NOW, run_after: null }, reason);
}

/** Whether `task` is still RUNNING under `lockToken` (the fencing check before any write). */
export function ownedBy(task: TaskRow | undefined, lockToken: string): task is TaskRow {
  return task !== undefined && task.status === JobStatus.RUNNING && task.locked_by === lockToken;
}
