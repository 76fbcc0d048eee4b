/**
 * All status changes of one job happen inside a JobTransaction: it locks the job row (so
 * concurrent completions of the same job serialise and exactly one of them sees a dependant
 * become ready), applies task/job transitions checked against the literal tables, enqueues
 * through the outbox, and on `settle()` finishes the job when every task is terminal, writes
 * the instance events, runs the job-finished hooks when the job entered SUCCEEDED, FAILED or
 * CANCELLED in this transaction, and announces the change for publication after commit.
 */
import type { EntityManager } from '@mikro-orm/core';
import { JobStatus } from '../entities/enums';
import type { CommitAnnouncer } from '../events/event-hub';
import { recordInstanceEvent, type InstanceEventInput } from '../events/instance-events';
import { dependantsOf, downstreamOf, upstreamOf } from './dag';
import type { JobRow, TaskRow } from '../data/jobs/job-rows';
import {
  insertJobTransition,
  lockJob,
  taskResults,
  tasksOfJob,
  updateJobColumns,
  updateTaskIfStatus,
} from '../data/jobs/job.queries';
import { NOW, type SqlValue } from '../data/sql-set';
import { isTerminal, nextJobStatus, nextTaskStatus, type JobAction, type TaskAction } from './job-status.machine';
import type { FinishedJob, FinishedStatus, JobHooks } from './job-hooks';
import { enqueueViaOutbox } from './outbox';

/** What every job transaction needs from its process: after-commit publication and the job-finished hooks. */
export interface JobDeps {
  readonly events: CommitAnnouncer;
  readonly hooks: JobHooks;
}

/** A transition the tables forbid was attempted: a bug in the engine, never user input. */
export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  readonly code = 'ILLEGAL_TRANSITION';
}

export class JobTransaction {
  private readonly events: InstanceEventInput[] = [];
  /** Set when a transition into a terminal job status was applied in this transaction. */
  private finished = false;

  private constructor(
    readonly em: EntityManager,
    private readonly deps: JobDeps,
    public job: JobRow,
    readonly tasks: TaskRow[],
  ) {}

  /**
   * Locks the job row (`for update`) and loads its tasks. `em` must be in a transaction;
   * `deps.events` publishes the job and its instance events after that transaction commits.
   */
  static async open(em: EntityManager, deps: JobDeps, jobId: string): Promise<JobTransaction | undefined> {
    const job = await lockJob(em, jobId);
    if (!job) return undefined;
    const tasks = await tasksOfJob(em, jobId);
    return new JobTransaction(em, deps, job, tasks);
  }

  task(id: string): TaskRow | undefined {
    return this.tasks.find((t) => t.id === id);
  }

  /** Applies a task transition (guarded by the task's current status) plus column changes. */
  async applyTask(
    task: TaskRow,
    action: TaskAction,
    changes: Record<string, SqlValue | undefined> = {},
    logLine?: string,
  ): Promise<void> {
    const next = nextTaskStatus(task.status, action);
    if (!next) throw new IllegalTransitionError(`task ${task.key}: ${task.status} --${action}--> is not allowed`);
    const from = task.status;
    const line = `${new Date().toISOString()} ${task.status} -> ${next} (${action})${logLine ? `: ${logLine}` : ''}`;
    const updated = await updateTaskIfStatus(this.em, task, { status: next, ...changes }, line);
    if (!updated) throw new IllegalTransitionError(`task ${task.key} changed concurrently (expected ${task.status})`);
    Object.assign(task, updated);
    await this.audit(from, action, next, task, logLine);
    if (isTerminal(next)) {
      this.events.push({
        jobId: this.job.id,
        taskId: task.id,
        kind: 'task.status',
        status: next,
        message: task.error ? `${task.key}: ${task.error}` : task.key,
      });
    }
  }

  /** Applies a job transition plus column changes. */
  async applyJob(action: JobAction, changes: Record<string, SqlValue | undefined> = {}): Promise<void> {
    const next = nextJobStatus(this.job.status, action);
    if (!next) throw new IllegalTransitionError(`job ${this.job.id}: ${this.job.status} --${action}--> is not allowed`);
    const from = this.job.status;
    await this.updateJob({ status: next, ...changes });
    await this.audit(from, action, next);
    this.finished = isTerminal(next);
    this.events.push({
      jobId: this.job.id,
      kind: 'job.status',
      status: this.job.status,
      message: this.job.error ?? this.job.action,
    });
  }

  /** Updates job columns, bumping `version` (the snapshot version) and `updated_at`. */
  async updateJob(changes: Record<string, SqlValue | undefined>): Promise<void> {
    this.job = await updateJobColumns(this.em, this.job.id, changes);
  }

  /** Appends the applied transition to the job_transitions audit (same transaction). */
  private async audit(
    from: JobStatus,
    action: JobAction | TaskAction,
    to: JobStatus,
    task?: TaskRow,
    detail?: string,
  ): Promise<void> {
    await insertJobTransition(this.em, {
      jobId: this.job.id,
      taskId: task?.id,
      taskKey: task?.key,
      from,
      action,
      to,
      detail,
    });
  }

  /** Enqueues tasks through the outbox. */
  async enqueue(tasks: readonly TaskRow[], options: { delayMs?: number; initial: boolean }): Promise<void> {
    await enqueueViaOutbox(this.em, tasks, options);
  }

  /** Whether `task` no longer blocks its dependants. */
  satisfies(task: TaskRow): boolean {
    return task.status === JobStatus.SUCCEEDED || (task.status === JobStatus.FAILED && task.failure_allowed);
  }

  /** PENDING tasks whose dependencies are all satisfied, among `candidates`. */
  ready(candidates: readonly TaskRow[]): TaskRow[] {
    const byKey = new Map(this.tasks.map((t) => [t.key, t]));
    return candidates.filter(
      (t) =>
        t.status === JobStatus.PENDING &&
        t.depends_on.every((k) => {
          const dep = byKey.get(k);
          return dep !== undefined && this.satisfies(dep);
        }),
    );
  }

  /** Keys of the tasks `task` depends on, directly or transitively. */
  upstreamOf(task: TaskRow): Set<string> {
    return upstreamOf(this.tasks.map(nodeOf), task.key);
  }

  /** Direct dependants of `task` that just became ready. */
  newlyReady(task: TaskRow): TaskRow[] {
    const keys = new Set(dependantsOf(this.tasks.map(nodeOf), task.key).map((n) => n.key));
    return this.ready(this.tasks.filter((t) => keys.has(t.key)));
  }

  /** Cancels the PENDING tasks that (transitively) depend on `task`. */
  async cancelDownstream(task: TaskRow, reason: string): Promise<void> {
    const keys = downstreamOf(this.tasks.map(nodeOf), [task.key]);
    for (const t of this.tasks) {
      if (keys.has(t.key) && t.status === JobStatus.PENDING) {
        await this.applyTask(t, 'cancel', { finished_at: NOW, locked_by: null, run_after: null }, reason);
      }
    }
  }

  /** Records an instance event with the job's current progress (no-op without an instance). */
  addEvent(event: Omit<InstanceEventInput, 'jobId' | 'progress'>): void {
    this.events.push({ ...event, jobId: this.job.id });
  }

  progress(): number {
    return this.tasks.filter((t) => isTerminal(t.status)).length / Math.max(1, this.tasks.length);
  }

  /**
   * Finishes the job when every task is terminal (FAILED if a non-allowed task failed, else
   * SUCCEEDED; a CANCELLED job only gets `finished_at`), writes instance events, runs the
   * job-finished hooks if the job entered a terminal status in this transaction (a throwing hook
   * aborts the transaction) and announces the job for publication after commit. Call once, last.
   */
  async settle(): Promise<void> {
    const open = this.tasks.some((t) => !isTerminal(t.status));
    if (!open && !this.job.finished_at) {
      const failed = this.tasks.find((t) => t.status === JobStatus.FAILED && !t.failure_allowed);
      if (this.job.status === JobStatus.CANCELLED) await this.updateJob({ finished_at: NOW });
      else if (failed)
        await this.applyJob('fail', {
          finished_at: NOW,
          error: this.job.error ?? `Task ${failed.key} failed: ${failed.error ?? ''}`,
        });
      else await this.applyJob('succeed', { finished_at: NOW });
    } else {
      await this.updateJob({});
    }
    await this.writeEvents();
    if (this.finished && isTerminal(this.job.status)) await this.deps.hooks.run(this.em, await this.finishedJob());
    await this.deps.events.announce(this.em, { jobIds: [this.job.id] });
  }

  /** The job as job-finished hooks see it (results read in this transaction). */
  private async finishedJob(): Promise<FinishedJob> {
    const succeeded = this.tasks.filter((t) => t.status === JobStatus.SUCCEEDED).map((t) => t.key);
    const results = await taskResults(this.em, this.job.id, succeeded);
    const j = this.job;
    return {
      id: j.id,
      action: j.action,
      status: j.status as FinishedStatus,
      error: j.error,
      instanceId: j.instance_id,
      subject: j.subject,
      ownerId: j.owner_id,
      workspaceId: j.workspace_id,
      input: j.input,
      tasks: this.tasks.map((t) => ({
        key: t.key,
        action: t.action,
        target: t.target,
        status: t.status,
        error: t.error,
      })),
      results: Object.fromEntries(succeeded.map((k) => [k, results.get(k) ?? null])),
    };
  }

  private async writeEvents(): Promise<void> {
    if (!this.job.instance_id) return;
    const progress = this.progress();
    for (const event of this.events.splice(0)) {
      const written = await recordInstanceEvent(this.em, this.deps.events, this.job.instance_id, {
        ...event,
        progress,
      });
      if (written instanceof Error) throw written;
    }
  }
}

function nodeOf(t: TaskRow): { key: string; dependsOn: string[] } {
  return { key: t.key, dependsOn: t.depends_on };
}
