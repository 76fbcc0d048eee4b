/**
 * The worker side: for each queue message, claim the task (skip it unless it is PENDING and
 * due — so each task's effect is applied by one execution at a time), run its processor, and
 * apply the outcome in a job transaction fenced by the claim's lock token.
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { JobStatus } from '../entities/enums';
import type { JobRow, TaskRow } from '../data/jobs/job-rows';
import { taskResults } from '../data/jobs/job.queries';
import { lockAndCountRunning, msUntilDue } from '../data/jobs/task.queries';
import { NOW } from '../data/sql-set';
import type { JobMetrics } from './job.metrics';
import { JobTransaction, type JobDeps } from './job-transaction';
import type { ProcessorRegistry } from './processor.registry';
import type { TaskMessageData } from './queue/task-queue';
import {
  backoffDelay,
  cancelRunningTask,
  failTask,
  ownedBy,
  requeueTask,
  succeedTask,
  type BackoffPolicy,
} from './task-completion';
import { TaskExecution, type ExecutionOutcome, type UpstreamResults } from './task.execution';

export interface RuntimeSettings {
  readonly workerId: string;
  readonly heartbeatIntervalMs: number;
  readonly backoff: BackoffPolicy;
  /** A task re-scheduling itself more often than this fails. */
  readonly maxReschedules: number;
  readonly logger: Logger;
  readonly metrics?: JobMetrics;
}

type Claim =
  | {
      readonly kind: 'claimed';
      readonly task: TaskRow;
      readonly job: JobRow;
      readonly token: string;
      readonly upstream: UpstreamResults;
    }
  | { readonly kind: 'skipped'; readonly reason: string };

const EARLY_TOLERANCE_MS = 20;
/** Delays between attempts to record an outcome whose transaction failed. */
const COMPLETION_RETRY_MS = [100, 300, 1000, 2000];
/** A task over its concurrency cap is offered again after 1..2 × this. */
const CAP_RETRY_MS = 200;

export class TaskRuntime {
  private readonly inFlight = new Set<TaskExecution>();

  constructor(
    private readonly orm: MikroORM,
    private readonly deps: JobDeps,
    private readonly registry: ProcessorRegistry,
    private readonly settings: RuntimeSettings,
  ) {}

  get activeCount(): number {
    return this.inFlight.size;
  }

  /** Handles one queue message. Rejects only on infrastructure errors (the queue redelivers). */
  async handle(data: TaskMessageData): Promise<void> {
    const claim = await this.claim(data);
    const logger = this.settings.logger.child({ jobId: data.jobId, taskId: data.taskId, taskKey: data.taskKey });
    if (claim.kind === 'skipped') {
      logger.debug({ reason: claim.reason }, 'queue message skipped');
      return;
    }
    const child = logger.child({ instanceId: claim.job.instance_id ?? undefined, attempt: claim.task.attempt });
    const execution = new TaskExecution(this.orm, this.deps.events, claim, {
      heartbeatIntervalMs: this.settings.heartbeatIntervalMs,
      logger: child,
    });
    this.inFlight.add(execution);
    this.settings.metrics?.tasksStarted.inc({ action: claim.task.action });
    const started = process.hrtime.bigint();
    try {
      const outcome = await execution.run(this.registry.get(claim.task.action));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.settings.metrics?.taskDuration.observe({ action: claim.task.action, outcome: outcome.type }, seconds);
      await this.completeWithRetries(claim.task, claim.token, outcome, child);
    } finally {
      this.inFlight.delete(execution);
    }
  }

  /**
   * A job was cancelled (NOTIFY from `cancelJob`; `undefined`: maybe missed some): its running
   * executions re-read their state now and abort `ctx.signal` instead of at the next heartbeat.
   */
  onJobCancelled(jobId: string | undefined): void {
    for (const execution of this.inFlight) {
      if (jobId === undefined || execution.job.id === jobId) void execution.refresh();
    }
  }

  /** Resolves `run()` of every in-flight execution with `released` (graceful shutdown gave up). */
  releaseAll(): void {
    for (const execution of this.inFlight) execution.release();
  }

  private async claim(data: TaskMessageData): Promise<Claim> {
    return this.orm.em.fork().transactional(async (em) => {
      const jt = await JobTransaction.open(em, this.deps, data.jobId);
      const task = jt?.task(data.taskId);
      if (!jt || !task) return { kind: 'skipped', reason: 'task no longer exists' };
      const skipped = await this.unclaimable(jt, task);
      if (skipped) return { kind: 'skipped', reason: skipped };
      const token = `${this.settings.workerId}/${randomUUID().slice(0, 8)}`;
      await jt.applyTask(
        task,
        'claim',
        {
          locked_by: token,
          heartbeat_at: NOW,
          run_after: null,
          started_at: { raw: 'coalesce(started_at, now())' },
        },
        `claimed by ${this.settings.workerId}`,
      );
      if (jt.job.status === JobStatus.PENDING) await jt.applyJob('start', { started_at: NOW });
      jt.addEvent({ taskId: task.id, kind: 'task.started', status: JobStatus.RUNNING, message: startedMessage(task) });
      const upstream = await taskResults(em, jt.job.id, [...jt.upstreamOf(task)]);
      await jt.settle();
      return {
        kind: 'claimed',
        task: { ...task },
        job: { ...jt.job },
        token,
        upstream: upstreamView(jt, task, upstream),
      };
    });
  }

  /**
   * Why the task cannot be claimed now (undefined: it can). A task of a cancelled job is
   * cancelled here; an early message or one over the concurrency cap is re-armed with a delay,
   * the task left as it is (no attempt, no re-schedule counted).
   */
  private async unclaimable(jt: JobTransaction, task: TaskRow): Promise<string | undefined> {
    if (task.status !== JobStatus.PENDING) return `task is ${task.status}`;
    if (jt.job.cancel_requested) {
      await cancelRunningTaskFromPending(jt, task);
      return 'job cancelled';
    }
    const waitMs = await msUntilDue(jt.em, task.id);
    if (waitMs > EARLY_TOLERANCE_MS) {
      await jt.enqueue([task], { delayMs: waitMs, initial: false }); // a stray early message: re-arm, keep the task as is
      return `not due for ${waitMs} ms`;
    }
    const { concurrency_key: key, concurrency_limit: limit } = jt.job;
    if (key && limit > 0 && (await lockAndCountRunning(jt.em, key)) >= limit) {
      const delayMs = CAP_RETRY_MS + Math.floor(Math.random() * CAP_RETRY_MS);
      await jt.enqueue([task], { delayMs, initial: false });
      this.settings.metrics?.tasksRequeued.inc({ action: task.action, reason: 'capped' });
      return `concurrency cap of ${key} (${limit}) reached; retry in ${delayMs} ms`;
    }
    return undefined;
  }

  /**
   * Records the outcome; a failed transaction (database trouble, or a job-finished hook that
   * threw — everything it wrote is rolled back) is retried after COMPLETION_RETRY_MS delays.
   * If it still fails the handler rejects: the queue redelivers a message that finds the task
   * RUNNING and skips it, and the reaper re-runs the task as a new attempt once its heartbeat
   * is stale.
   */
  private async completeWithRetries(
    claimed: TaskRow,
    token: string,
    outcome: ExecutionOutcome,
    logger: Logger,
  ): Promise<void> {
    for (const delayMs of [...COMPLETION_RETRY_MS, undefined]) {
      try {
        await this.complete(claimed, token, outcome, logger);
        return;
      } catch (err) {
        if (delayMs === undefined) throw err;
        logger.warn({ err, retryInMs: delayMs }, 'recording the task outcome failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  private async complete(claimed: TaskRow, token: string, outcome: ExecutionOutcome, logger: Logger): Promise<void> {
    if (outcome.type === 'lost') {
      this.settings.metrics?.tasksRequeued.inc({ action: claimed.action, reason: 'lost' });
      return;
    }
    await this.orm.em.fork().transactional(async (em) => {
      const jt = await JobTransaction.open(em, this.deps, claimed.job_id);
      const task = jt?.task(claimed.id);
      if (!jt || !ownedBy(task, token)) {
        logger.warn({ outcome: outcome.type }, 'task changed hands before its outcome was recorded; outcome discarded');
        return;
      }
      await this.applyOutcome(jt, task, outcome);
      await jt.settle();
    });
  }

  private async applyOutcome(
    jt: JobTransaction,
    task: TaskRow,
    outcome: Exclude<ExecutionOutcome, { type: 'lost' }>,
  ): Promise<void> {
    const metrics = this.settings.metrics;
    const cancelled = jt.job.cancel_requested;
    if (outcome.type === 'done') {
      await succeedTask(jt, task, outcome.result);
      metrics?.tasksSucceeded.inc({ action: task.action });
    } else if (outcome.type === 'released') {
      await requeueTask(jt, task, 'release', 0, {}, `released by ${this.settings.workerId} (shutdown)`);
      metrics?.tasksRequeued.inc({ action: task.action, reason: 'released' });
    } else if (outcome.type === 'cancelled' && !cancelled) {
      // the job was cancelled and then retried while this execution wound down: run the task again
      await requeueTask(jt, task, 'release', 0, {}, 'cancellation withdrawn (job retried)');
      metrics?.tasksRequeued.inc({ action: task.action, reason: 'released' });
    } else if (outcome.type === 'cancelled' || cancelled) {
      await cancelRunningTask(jt, task, 'job cancelled');
      metrics?.tasksRequeued.inc({ action: task.action, reason: 'cancelled' });
    } else if (outcome.type === 'reschedule') {
      await this.applyReschedule(jt, task, outcome.delayMs, outcome.state);
    } else {
      await this.applyError(jt, task, outcome.message, outcome.retryable);
    }
  }

  private async applyReschedule(
    jt: JobTransaction,
    task: TaskRow,
    delayMs: number,
    state?: Record<string, unknown>,
  ): Promise<void> {
    if (task.reschedules + 1 > this.settings.maxReschedules) {
      await failTask(jt, task, `re-scheduled more than ${this.settings.maxReschedules} times`, task.attempt + 1);
      this.settings.metrics?.tasksFailed.inc({ action: task.action });
      return;
    }
    const delay = Number.isFinite(delayMs) ? Math.max(0, delayMs) : 0;
    await requeueTask(
      jt,
      task,
      'reschedule',
      delay,
      { state, reschedules: task.reschedules + 1 },
      `re-scheduled in ${delay} ms`,
    );
    this.settings.metrics?.tasksRequeued.inc({ action: task.action, reason: 'reschedule' });
  }

  private async applyError(jt: JobTransaction, task: TaskRow, message: string, retryable: boolean): Promise<void> {
    const attempt = task.attempt + 1;
    if (retryable && attempt < task.max_attempts) {
      const delay = backoffDelay(this.settings.backoff, attempt);
      await requeueTask(
        jt,
        task,
        'retry',
        delay,
        { attempt, error: message },
        `attempt ${attempt} failed, retry in ${delay} ms: ${message}`,
      );
      this.settings.metrics?.tasksRequeued.inc({ action: task.action, reason: 'retry' });
      return;
    }
    await failTask(jt, task, message, attempt);
    this.settings.metrics?.tasksFailed.inc({ action: task.action });
  }
}

function startedMessage(task: TaskRow): string {
  return task.target ? `${task.key} started (${task.target})` : `${task.key} started`;
}

/** The results the task may read with `ctx.upstream(key)`: every upstream key, null when it has none. */
function upstreamView(
  jt: JobTransaction,
  task: TaskRow,
  stored: ReadonlyMap<string, Record<string, unknown> | null>,
): UpstreamResults {
  return new Map([...jt.upstreamOf(task)].map((k) => [k, stored.get(k) ?? null]));
}

/** A PENDING task of a cancelled job that slipped through (queued before the cancel): cancel it. */
async function cancelRunningTaskFromPending(jt: JobTransaction, task: TaskRow): Promise<void> {
  await jt.applyTask(task, 'cancel', { finished_at: NOW, run_after: null }, 'job cancelled');
  await jt.settle();
}
