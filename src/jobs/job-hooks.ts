/**
 * Job-finished hooks: code a feature registers (by job action or predicate) to run INSIDE the
 * transaction that moves a job to SUCCEEDED, FAILED or CANCELLED — whichever path does it (the
 * last task succeeding, a task failing, the reaper giving up on a task, `cancelJob`, or a
 * `retryJob` that re-opens a job which then finishes again). A feature can therefore settle its
 * own rows (an instance's status, say) atomically with the job's final status: whoever reads the
 * job as finished reads the settled rows too.
 *
 * Failure: a hook that throws rolls the whole transaction back — the job is not finished. The
 * engine treats that like an infrastructure error: a worker retries the completion a few times,
 * then gives the task back to the reaper (which re-runs it as a new attempt); the reaper retries
 * its own sweep; `cancelJob`/`retryJob` reject and change nothing. Hooks must therefore be
 * idempotent with respect to their own writes and should only throw for real infrastructure
 * problems.
 *
 * One registry is built per process (Platform.jobHooks) and handed both to the JobEngine
 * (workers, reaper) and to the services that call `cancelJob`/`retryJob` (API processes).
 */
import type { EntityManager } from '@mikro-orm/core';
import type { JobStatus } from '../entities/enums';

/** The statuses a job finishes in. */
export type FinishedStatus = JobStatus.SUCCEEDED | JobStatus.FAILED | JobStatus.CANCELLED;

/** A task of a finished job. In a CANCELLED job a task may still be RUNNING (winding down). */
export interface FinishedTask {
  readonly key: string;
  readonly action: string;
  readonly target: string | null;
  readonly status: JobStatus;
  readonly error: string | null;
}

/** What a hook learns about the job that just finished (read inside the finishing transaction). */
export interface FinishedJob {
  readonly id: string;
  readonly action: string;
  readonly status: FinishedStatus;
  /** The job's error (the first failed task's, or the cancellation reason); null when SUCCEEDED. */
  readonly error: string | null;
  readonly instanceId: string | null;
  readonly subject: string | null;
  readonly ownerId: string | null;
  readonly workspaceId: string | null;
  readonly input: Readonly<Record<string, unknown>> | null;
  readonly tasks: readonly FinishedTask[];
  /** The stored result of every SUCCEEDED task by key (null when it returned none). */
  readonly results: Readonly<Record<string, Readonly<Record<string, unknown>> | null>>;
}

/** Runs in the finishing transaction (`tx`); throwing rolls the finish back (see the file comment). */
export type JobFinishedHook = (tx: EntityManager, job: FinishedJob) => Promise<void>;

/** Which jobs a hook is for: a job action, or a predicate over the finished job. */
export type JobHookMatch = string | ((job: FinishedJob) => boolean);

/** The registry of job-finished hooks of one process. */
export class JobHooks {
  private readonly hooks: { readonly match: JobHookMatch; readonly hook: JobFinishedHook }[] = [];

  /** Adds a hook; every matching hook runs, in registration order. */
  register(match: JobHookMatch, hook: JobFinishedHook): void {
    this.hooks.push({ match, hook });
  }

  /** Runs every matching hook in `tx`, in registration order; the first error propagates. */
  async run(tx: EntityManager, job: FinishedJob): Promise<void> {
    for (const { match, hook } of this.hooks) {
      if (matches(match, job)) await hook(tx, job);
    }
  }
}

function matches(match: JobHookMatch, job: FinishedJob): boolean {
  return typeof match === 'string' ? match === job.action : match(job);
}
