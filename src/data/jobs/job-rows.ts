/** Row shapes of `jobs` and `tasks` as the job engine reads and returns them with SQL. */
import type { JobStatus } from '../../entities/enums';

/** Timestamps arrive as strings: MikroORM keeps PostgreSQL's text form for timestamptz in raw results. */
export interface JobRow {
  id: string;
  action: string;
  status: JobStatus;
  instance_id: string | null;
  subject: string | null;
  owner_id: string | null;
  workspace_id: string | null;
  input: Record<string, unknown> | null;
  error: string | null;
  cancel_requested: boolean;
  /** Per-key cap on RUNNING tasks across jobs (null key or limit 0: none). */
  concurrency_key: string | null;
  concurrency_limit: number;
  started_at: string | null;
  finished_at: string | null;
}

/** A task without its `result` (results can be large; read them with `taskResults`). */
export interface TaskRow {
  id: string;
  job_id: string;
  key: string;
  action: string;
  target: string | null;
  depends_on: string[];
  status: JobStatus;
  input: Record<string, unknown> | null;
  state: Record<string, unknown> | null;
  attempt: number;
  max_attempts: number;
  timeout_ms: number;
  failure_allowed: boolean;
  reschedules: number;
  error: string | null;
  locked_by: string | null;
  heartbeat_at: string | null;
  run_after: string | null;
  started_at: string | null;
  finished_at: string | null;
}

export const JOB_COLUMNS =
  'id, action, status, instance_id, subject, owner_id, workspace_id, input, error, cancel_requested, ' +
  'concurrency_key, concurrency_limit, started_at, finished_at';

export const TASK_COLUMNS =
  'id, job_id, key, action, target, depends_on, status, input, state, attempt, max_attempts, timeout_ms, ' +
  'failure_allowed, reschedules, error, locked_by, heartbeat_at, run_after, started_at, finished_at';
