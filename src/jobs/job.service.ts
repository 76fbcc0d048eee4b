/**
 * The planning API services call inside THEIR transaction (they pass their forked
 * EntityManager): create a job from a task DAG, cancel it, retry it. Expected failures are
 * returned as `JobEngineError` values and change nothing.
 */
import type { EntityManager } from '@mikro-orm/core';
import { JobStatus } from '../entities/enums';
import { Instance } from '../entities/instance.entity';
import { Job } from '../entities/job.entity';
import { Task } from '../entities/task.entity';
import { User } from '../entities/user.entity';
import { Workspace } from '../entities/workspace.entity';
import type { CommitAnnouncer } from '../events/event-hub';
import { validateDag } from './dag';
import { JobEngineError, JobStateError } from './errors';
import { JobTransaction, type JobDeps } from './job-transaction';
import { nextJobStatus } from './job-status.machine';
import type { ConcurrencyCap, CreateJobInput, TaskSpec } from './job.types';
import { enqueueViaOutbox } from './outbox';
import { NOW } from '../data/sql-set';
import { notifyJobCancelled } from '../data/jobs/job.queries';

const INT32_MAX = 2147483647;

function validateSpec(spec: TaskSpec): JobEngineError | undefined {
  const bad = (message: string) =>
    new JobEngineError('INVALID_TASK_OPTION', `Task "${spec.key}": ${message}`, { key: spec.key });
  if (!spec.action || spec.action.length > 64) return bad('action must be 1..64 characters');
  if (spec.target !== undefined && spec.target.length > 256) return bad('target must be at most 256 characters');
  if (
    spec.maxAttempts !== undefined &&
    !(Number.isInteger(spec.maxAttempts) && spec.maxAttempts >= 1 && spec.maxAttempts <= 100)
  ) {
    return bad('maxAttempts must be an integer 1..100');
  }
  if (
    spec.timeoutMs !== undefined &&
    !(Number.isInteger(spec.timeoutMs) && spec.timeoutMs >= 1 && spec.timeoutMs <= INT32_MAX)
  ) {
    return bad(`timeoutMs must be an integer 1..${INT32_MAX}`);
  }
  return undefined;
}

function validateCap(cap: ConcurrencyCap): JobEngineError | undefined {
  if (!cap.key || cap.key.length > 128)
    return new JobEngineError('INVALID_TASK_OPTION', 'Job concurrency key must be 1..128 characters');
  if (!(Number.isInteger(cap.limit) && cap.limit >= 0 && cap.limit <= INT32_MAX))
    return new JobEngineError('INVALID_TASK_OPTION', `Job concurrency limit must be an integer 0..${INT32_MAX}`);
  return undefined;
}

function validateInput(input: CreateJobInput): JobEngineError | undefined {
  if (!input.action || input.action.length > 64)
    return new JobEngineError('INVALID_TASK_OPTION', 'Job action must be 1..64 characters');
  if (input.subject !== undefined && input.subject.length > 128)
    return new JobEngineError('INVALID_TASK_OPTION', 'Job subject must be at most 128 characters');
  const capProblem = input.concurrency && validateCap(input.concurrency);
  if (capProblem) return capProblem;
  for (const spec of input.tasks) {
    const invalid = validateSpec(spec);
    if (invalid) return invalid;
  }
  const order = validateDag(input.tasks.map((t) => ({ key: t.key, dependsOn: t.dependsOn ?? [] })));
  return order instanceof JobEngineError ? order : undefined;
}

async function inTransaction<T>(em: EntityManager, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  return em.isInTransaction() ? fn(em) : em.transactional(fn);
}

/**
 * Validates the DAG and persists the job, its tasks and one outbox row per root task, all in
 * `em`'s transaction (a new one if `em` is not in a transaction); `events` publishes the job on
 * `job.<id>` after commit. Returns the Job entity (managed by `em`).
 */
export async function createJob(
  em: EntityManager,
  events: CommitAnnouncer,
  input: CreateJobInput,
): Promise<Job | JobEngineError> {
  const invalid = validateInput(input);
  if (invalid) return invalid;
  return inTransaction(em, async (tx) => {
    const job = tx.create(Job, {
      action: input.action,
      subject: input.subject,
      input: input.input,
      instance: input.instanceId ? tx.getReference(Instance, input.instanceId) : undefined,
      owner: input.ownerId ? tx.getReference(User, input.ownerId) : undefined,
      workspace: input.workspaceId ? tx.getReference(Workspace, input.workspaceId) : undefined,
      concurrencyKey: input.concurrency?.key,
      concurrencyLimit: input.concurrency?.limit ?? 0,
    });
    const tasks = input.tasks.map((spec) =>
      tx.create(Task, {
        job,
        key: spec.key,
        action: spec.action,
        target: spec.target,
        dependsOn: [...(spec.dependsOn ?? [])],
        input: spec.input,
        maxAttempts: spec.maxAttempts ?? 3,
        timeoutMs: spec.timeoutMs ?? 300000,
        failureAllowed: spec.failureAllowed ?? false,
      }),
    );
    await tx.flush();
    const roots = tasks
      .filter((t) => t.dependsOn.length === 0)
      .map((t) => ({ id: t.id, job_id: job.id, key: t.key, action: t.action }));
    await enqueueViaOutbox(tx, roots, { initial: true });
    await events.announce(tx, { jobIds: [job.id] });
    return job;
  });
}

/** Result of cancelJob. */
export interface CancelJobResult {
  readonly jobId: string;
  readonly status: JobStatus;
  /** Tasks that were PENDING and are now CANCELLED. */
  readonly cancelledTasks: readonly string[];
  /** Tasks still RUNNING; they see the cancellation at their next checkpoint. */
  readonly runningTasks: readonly string[];
}

/**
 * Cancels a PENDING or RUNNING job, in one transaction: its PENDING tasks (including tasks
 * waiting after a re-schedule or a retry backoff) → CANCELLED and are never run again,
 * `cancelRequested` is set, the job → CANCELLED and the job-finished hooks run with CANCELLED.
 * After commit, running executions are told at once (NOTIFY) and their `ctx.signal` aborts;
 * each then ends CANCELLED (or SUCCEEDED/FAILED if it had already finished its work) and the
 * job gets `finishedAt` when the last one stops. The state left: job CANCELLED with
 * `cancelRequested`; tasks SUCCEEDED (work done), CANCELLED (never ran, or stopped) or FAILED.
 * Effects a running task made before it stopped stay; `retryJob` re-runs the CANCELLED tasks.
 * A job that is not PENDING or RUNNING → JobStateError (nothing changed); unknown → JOB_NOT_FOUND.
 * Rejects (nothing changed) when a job-finished hook throws.
 */
export async function cancelJob(
  em: EntityManager,
  deps: JobDeps,
  jobId: string,
): Promise<CancelJobResult | JobEngineError> {
  return inTransaction(em, async (tx) => {
    const jt = await JobTransaction.open(tx, deps, jobId);
    if (!jt) return new JobEngineError('JOB_NOT_FOUND', `Job ${jobId} does not exist`, { jobId });
    if (!nextJobStatus(jt.job.status, 'cancel')) return new JobStateError(jobId, jt.job.status, 'cancel');
    const cancelled: string[] = [];
    for (const task of jt.tasks.filter((t) => t.status === JobStatus.PENDING)) {
      await jt.applyTask(task, 'cancel', { finished_at: NOW, run_after: null }, 'job cancelled');
      cancelled.push(task.key);
    }
    await jt.applyJob('cancel', { cancel_requested: true });
    await notifyJobCancelled(tx, jobId);
    await jt.settle();
    const running = jt.tasks.filter((t) => t.status === JobStatus.RUNNING).map((t) => t.key);
    return { jobId, status: jt.job.status, cancelledTasks: cancelled, runningTasks: running };
  });
}

/** Result of retryJob. */
export interface RetryJobResult {
  readonly jobId: string;
  readonly status: JobStatus;
  /** Tasks put back to PENDING. */
  readonly retriedTasks: readonly string[];
  /** Of those, the ones enqueued now (their dependencies are satisfied). */
  readonly enqueuedTasks: readonly string[];
}

/**
 * Retries a FAILED or CANCELLED job: its FAILED and CANCELLED tasks go back to PENDING with
 * attempts reset, the job becomes RUNNING (re-opened: the job-finished hooks run again when it
 * finishes again), and the tasks whose dependencies are satisfied are enqueued (the others
 * follow as their dependencies succeed). A job with nothing left to re-run finishes in this
 * same transaction. Another status → JobStateError; unknown → JOB_NOT_FOUND. Rejects (nothing
 * changed) when a job-finished hook throws.
 */
export async function retryJob(
  em: EntityManager,
  deps: JobDeps,
  jobId: string,
): Promise<RetryJobResult | JobEngineError> {
  return inTransaction(em, async (tx) => {
    const jt = await JobTransaction.open(tx, deps, jobId);
    if (!jt) return new JobEngineError('JOB_NOT_FOUND', `Job ${jobId} does not exist`, { jobId });
    if (!nextJobStatus(jt.job.status, 'retry')) return new JobStateError(jobId, jt.job.status, 'retry');
    const revived = jt.tasks.filter((t) => t.status === JobStatus.FAILED || t.status === JobStatus.CANCELLED);
    for (const task of revived) {
      await jt.applyTask(
        task,
        'rerun',
        {
          attempt: 0,
          reschedules: 0,
          error: null,
          result: { json: null },
          locked_by: null,
          heartbeat_at: null,
          run_after: null,
          finished_at: null,
        },
        'job retried',
      );
    }
    await jt.applyJob('retry', { cancel_requested: false, error: null, finished_at: null });
    const ready = jt.ready(revived);
    await jt.enqueue(ready, { initial: false });
    await jt.settle();
    return {
      jobId,
      status: jt.job.status,
      retriedTasks: revived.map((t) => t.key),
      enqueuedTasks: ready.map((t) => t.key),
    };
  });
}
