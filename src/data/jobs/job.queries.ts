/**
 * Statements of one job transaction: lock the job row, read its tasks, change task and job
 * columns, and append the transition audit. Every function runs in `em`'s transaction.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { JobStatus } from '../../entities/enums';
import { sqlRow, sqlRows } from '../sql';
import { buildSet, NOW, type SqlValue } from '../sql-set';
import { JOB_COLUMNS, TASK_COLUMNS, type JobRow, type TaskRow } from './job-rows';

/** A task keeps at most this many log lines (the oldest are dropped). */
export const MAX_LOG_LINES = 500;

/** Keeps the newest MAX_LOG_LINES lines of `logs` after appending one (`?` is the new line). */
export const APPEND_LOG_SQL = `logs = (array_append(logs, ?))[greatest(1, cardinality(logs) + 2 - ${MAX_LOG_LINES}):]`;

/** Locks the job row (`for update`, until the transaction ends); undefined when it does not exist. */
export function lockJob(em: EntityManager, jobId: string): Promise<JobRow | undefined> {
  return sqlRow<JobRow>(em, `select ${JOB_COLUMNS} from jobs where id = ? for update`, [jobId]);
}

/** The job's tasks in creation order (key breaks ties). */
export function tasksOfJob(em: EntityManager, jobId: string): Promise<TaskRow[]> {
  return sqlRows<TaskRow>(em, `select ${TASK_COLUMNS} from tasks where job_id = ? order by created_at, key`, [jobId]);
}

/** Stored results of the job's tasks with the given keys that SUCCEEDED (key → result, null when none). */
export async function taskResults(
  em: EntityManager,
  jobId: string,
  keys: readonly string[],
): Promise<Map<string, Record<string, unknown> | null>> {
  if (keys.length === 0) return new Map();
  const rows = await sqlRows<{ key: string; result: Record<string, unknown> | null }>(
    em,
    `select key, result from tasks where job_id = ? and key in (?) and status = 'SUCCEEDED'`,
    [jobId, keys],
  );
  return new Map(rows.map((r) => [r.key, r.result]));
}

/**
 * Sets `status` and the other columns of a task, appends `logLine` and bumps `updated_at` —
 * only while the task is still in `expected` status. Returns the updated row, or undefined when
 * the status had changed (nothing written).
 */
export async function updateTaskIfStatus(
  em: EntityManager,
  task: { readonly id: string; readonly status: JobStatus },
  changes: Readonly<Record<string, SqlValue | undefined>>,
  logLine: string,
): Promise<TaskRow | undefined> {
  const set = buildSet({ ...changes, updated_at: NOW });
  const rows = await sqlRows<TaskRow>(
    em,
    `update tasks set ${set.sql}, ${APPEND_LOG_SQL} where id = ? and status = ? returning ${TASK_COLUMNS}`,
    [...set.params, logLine, task.id, task.status],
  );
  return rows.length === 1 ? rows[0] : undefined;
}

/** Updates job columns, bumping `version` (the snapshot version) and `updated_at`; returns the new row. */
export async function updateJobColumns(
  em: EntityManager,
  jobId: string,
  changes: Readonly<Record<string, SqlValue | undefined>>,
): Promise<JobRow> {
  const set = buildSet({ ...changes, version: { raw: 'version + 1' }, updated_at: NOW });
  const rows = await sqlRows<JobRow>(em, `update jobs set ${set.sql} where id = ? returning ${JOB_COLUMNS}`, [
    ...set.params,
    jobId,
  ]);
  return rows[0];
}

/** One applied transition, as the `job_transitions` audit records it. */
export interface TransitionRecord {
  readonly jobId: string;
  readonly taskId?: string;
  readonly taskKey?: string;
  readonly from: JobStatus;
  readonly action: string;
  readonly to: JobStatus;
  readonly detail?: string;
}

/** The LISTEN/NOTIFY channel on which `cancelJob` announces (at commit) the id of a cancelled job. */
export const JOB_CANCEL_CHANNEL = 'marina_job_cancel';

/** Tells every worker, when the transaction commits, that the job was cancelled. */
export async function notifyJobCancelled(em: EntityManager, jobId: string): Promise<void> {
  await sqlRows(em, 'select pg_notify(?, ?)', [JOB_CANCEL_CHANNEL, jobId]);
}

/** Appends a transition to the `job_transitions` audit. */
export async function insertJobTransition(em: EntityManager, t: TransitionRecord): Promise<void> {
  await sqlRows(
    em,
    'insert into job_transitions (job_id, task_id, task_key, from_status, action, to_status, detail) values (?, ?, ?, ?, ?, ?, ?)',
    [t.jobId, t.taskId ?? null, t.taskKey ?? null, t.from, t.action, t.to, t.detail ?? null],
  );
}
