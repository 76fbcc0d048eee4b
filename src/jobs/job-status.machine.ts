/**
 * Job and task status transitions as literal tables (`state → action → next`). Every status
 * change the engine makes is looked up here first; SQL updates are additionally guarded with
 * `status = any(sourcesOf(action))` so a concurrent writer can never apply an illegal change.
 */
import { JobStatus } from '../entities/enums';

export type JobAction = 'start' | 'succeed' | 'fail' | 'cancel' | 'retry';
export type TaskAction =
  'claim' | 'succeed' | 'fail' | 'retry' | 'reschedule' | 'reap' | 'release' | 'cancel' | 'rerun';

export const JOB_ACTIONS: readonly JobAction[] = ['start', 'succeed', 'fail', 'cancel', 'retry'];
export const TASK_ACTIONS: readonly TaskAction[] = [
  'claim',
  'succeed',
  'fail',
  'retry',
  'reschedule',
  'reap',
  'release',
  'cancel',
  'rerun',
];
export const ALL_STATUSES: readonly JobStatus[] = Object.values(JobStatus);

type Table<A extends string> = Readonly<Record<JobStatus, Readonly<Partial<Record<A, JobStatus>>>>>;

/** Job lifecycle. A job starts when its first task is claimed and ends when every task is terminal or on cancel. */
export const JOB_TRANSITIONS: Table<JobAction> = {
  [JobStatus.PENDING]: { start: JobStatus.RUNNING, cancel: JobStatus.CANCELLED },
  [JobStatus.RUNNING]: { succeed: JobStatus.SUCCEEDED, fail: JobStatus.FAILED, cancel: JobStatus.CANCELLED },
  [JobStatus.FAILED]: { retry: JobStatus.RUNNING },
  [JobStatus.CANCELLED]: { retry: JobStatus.RUNNING },
  [JobStatus.SUCCEEDED]: {},
};

/**
 * Task lifecycle. `retry` (backoff after a retryable error), `reschedule` (a long wait), `reap`
 * (the worker died) and `release` (graceful shutdown) all put a running task back to PENDING
 * with a new queue message; `rerun` is `retryJob` reviving a FAILED or CANCELLED task.
 */
export const TASK_TRANSITIONS: Table<TaskAction> = {
  [JobStatus.PENDING]: { claim: JobStatus.RUNNING, cancel: JobStatus.CANCELLED },
  [JobStatus.RUNNING]: {
    succeed: JobStatus.SUCCEEDED,
    fail: JobStatus.FAILED,
    retry: JobStatus.PENDING,
    reschedule: JobStatus.PENDING,
    reap: JobStatus.PENDING,
    release: JobStatus.PENDING,
    cancel: JobStatus.CANCELLED,
  },
  [JobStatus.FAILED]: { rerun: JobStatus.PENDING },
  [JobStatus.CANCELLED]: { rerun: JobStatus.PENDING },
  [JobStatus.SUCCEEDED]: {},
};

/** The next job status, or undefined when `action` is illegal in `from`. */
export function nextJobStatus(from: JobStatus, action: JobAction): JobStatus | undefined {
  return JOB_TRANSITIONS[from][action];
}

/** The next task status, or undefined when `action` is illegal in `from`. */
export function nextTaskStatus(from: JobStatus, action: TaskAction): JobStatus | undefined {
  return TASK_TRANSITIONS[from][action];
}

/** States in which the job action is legal (for SQL guards). */
export function jobSourcesOf(action: JobAction): JobStatus[] {
  return ALL_STATUSES.filter((s) => JOB_TRANSITIONS[s][action] !== undefined);
}

/** States in which the task action is legal (for SQL guards). */
export function taskSourcesOf(action: TaskAction): JobStatus[] {
  return ALL_STATUSES.filter((s) => TASK_TRANSITIONS[s][action] !== undefined);
}

/** The single target of a task action (every action has exactly one target in the table). */
export function taskTargetOf(action: TaskAction): JobStatus {
  const targets = new Set(taskSourcesOf(action).map((s) => TASK_TRANSITIONS[s][action] as JobStatus));
  if (targets.size !== 1) throw new Error(`task action ${action} has ${targets.size} targets`);
  return [...targets][0];
}

/** The single target of a job action. */
export function jobTargetOf(action: JobAction): JobStatus {
  const targets = new Set(jobSourcesOf(action).map((s) => JOB_TRANSITIONS[s][action] as JobStatus));
  if (targets.size !== 1) throw new Error(`job action ${action} has ${targets.size} targets`);
  return [...targets][0];
}

/** SUCCEEDED, FAILED and CANCELLED never change again except through an explicit retry. */
export function isTerminal(status: JobStatus): boolean {
  return status === JobStatus.SUCCEEDED || status === JobStatus.FAILED || status === JobStatus.CANCELLED;
}
