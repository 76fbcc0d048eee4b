/**
 * One execution of one claimed task: builds the processor context, keeps the heartbeat going,
 * enforces the timeout, and turns whatever happens into an ExecutionOutcome. It never writes
 * the task's status — the runtime applies the outcome, fenced by the lock token.
 */
import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { CommitAnnouncer } from '../events/event-hub';
import { recordInstanceEvent } from '../events/instance-events';
import { DriverError, errorMessage, isRetryable, TaskCancelledError } from './errors';
import type { JobRow, TaskRow } from '../data/jobs/job-rows';
import { appendTaskLog, beatTask } from '../data/jobs/task.queries';
import { toJobInfo, toTaskInfo } from './processor-views';
import type { Processor, ProcessorEvent, TaskContext } from './job.types';

export type ExecutionOutcome =
  | { readonly type: 'done'; readonly result?: Record<string, unknown> }
  | { readonly type: 'reschedule'; readonly delayMs: number; readonly state?: Record<string, unknown> }
  | { readonly type: 'error'; readonly message: string; readonly retryable: boolean }
  | { readonly type: 'cancelled' }
  /** The task was taken away from this worker (reaped, job retried…): write nothing. */
  | { readonly type: 'lost' }
  /** Graceful shutdown ran out of time: give the task back. */
  | { readonly type: 'released' };

/** Results of a task's upstream tasks (every key it depends on, directly or transitively), read at claim. */
export type UpstreamResults = ReadonlyMap<string, Readonly<Record<string, unknown>> | null>;

/** What a successful claim hands to the execution. */
export interface ClaimedTask {
  readonly task: TaskRow;
  readonly job: JobRow;
  /** Fences every write of this execution. */
  readonly token: string;
  readonly upstream: UpstreamResults;
}

export interface ExecutionSettings {
  readonly heartbeatIntervalMs: number;
  readonly logger: Logger;
}

export class TaskExecution {
  private readonly abort = new AbortController();
  private cancelled: boolean;
  private lost = false;
  private releaseNow: (() => void) | undefined;
  readonly task: TaskRow;
  readonly job: JobRow;
  readonly lockToken: string;

  constructor(
    private readonly orm: MikroORM,
    private readonly events: CommitAnnouncer,
    private readonly claim: ClaimedTask,
    private readonly settings: ExecutionSettings,
  ) {
    this.task = claim.task;
    this.job = claim.job;
    this.lockToken = claim.token;
    this.cancelled = claim.job.cancel_requested;
  }

  /** Runs `processor` (or reports a missing one) and resolves with what happened; never rejects. */
  async run(processor: Processor | undefined): Promise<ExecutionOutcome> {
    if (!processor)
      return {
        type: 'error',
        message: `PROCESSOR_NOT_FOUND: no processor registered for "${this.task.action}"`,
        retryable: false,
      };
    const timer = setInterval(() => void this.beat(), this.settings.heartbeatIntervalMs);
    let timeout: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<ExecutionOutcome>((resolve) => {
        timeout = setTimeout(() => {
          this.abort.abort(new DriverError('TASK_TIMEOUT', `timed out after ${this.task.timeout_ms} ms`, true));
          resolve({
            type: 'error',
            message: `TASK_TIMEOUT: timed out after ${this.task.timeout_ms} ms`,
            retryable: true,
          });
        }, this.task.timeout_ms);
      });
      const released = new Promise<ExecutionOutcome>((resolve) => {
        this.releaseNow = () => resolve({ type: 'released' });
      });
      return await Promise.race([this.invoke(processor), timedOut, released]);
    } finally {
      clearInterval(timer);
      clearTimeout(timeout);
    }
  }

  /** Re-reads cancellation now (the job may have been cancelled): aborts `ctx.signal` if so. */
  refresh(): Promise<void> {
    return this.beat();
  }

  /** Graceful shutdown gave up waiting: abort the processor and resolve `run()` with `released`. */
  release(): void {
    this.abort.abort(new Error('worker shutting down'));
    this.releaseNow?.();
  }

  private async invoke(processor: Processor): Promise<ExecutionOutcome> {
    try {
      const outcome = await processor(this.context());
      if (this.lost) return { type: 'lost' };
      if (outcome.type === 'done') return { type: 'done', result: outcome.result };
      return { type: 'reschedule', delayMs: outcome.delayMs, state: outcome.state };
    } catch (err) {
      if (this.lost) return { type: 'lost' };
      if (err instanceof TaskCancelledError || (this.cancelled && this.abort.signal.aborted))
        return { type: 'cancelled' };
      this.settings.logger.warn({ err }, 'task execution failed');
      return { type: 'error', message: errorMessage(err), retryable: isRetryable(err) };
    }
  }

  private context(): TaskContext {
    return {
      task: toTaskInfo(this.task),
      job: toJobInfo(this.job),
      em: this.orm.em.fork(),
      logger: this.settings.logger,
      signal: this.abort.signal,
      log: (line) => this.log(line),
      heartbeat: () => this.beat(),
      isCancelled: () => this.cancelled || this.lost,
      checkpoint: async () => {
        await this.beat();
        if (this.cancelled || this.lost) throw new TaskCancelledError(this.task.id);
      },
      emit: (event) => this.emit(event),
      upstream: (key) => this.upstream(key),
    };
  }

  private upstream(key: string): Readonly<Record<string, unknown>> | null {
    const result = this.claim.upstream.get(key);
    if (result === undefined) {
      const known = [...this.claim.upstream.keys()].join(', ') || 'none';
      throw new DriverError(
        'NOT_UPSTREAM',
        `Task "${this.task.key}" does not depend on a task "${key}" (its upstream tasks: ${known})`,
        false,
      );
    }
    return result;
  }

  /** Refreshes the heartbeat if the task is still ours; learns about cancellation or loss. */
  private async beat(): Promise<void> {
    if (this.lost) return;
    try {
      const beat = await beatTask(this.orm.em.fork(), this.task.id, this.lockToken);
      if (!beat) this.markLost();
      else if (beat.cancelRequested && !this.cancelled) {
        this.cancelled = true;
        this.abort.abort(new TaskCancelledError(this.task.id));
      }
    } catch (err) {
      this.settings.logger.warn({ err }, 'heartbeat failed');
    }
  }

  private markLost(): void {
    this.lost = true;
    this.settings.logger.warn('task was taken away from this worker; its outcome will be discarded');
    this.abort.abort(new Error('task lock lost'));
  }

  private async log(line: string): Promise<void> {
    this.settings.logger.info({ line }, 'task log');
    await appendTaskLog(this.orm.em.fork(), this.task.id, this.lockToken, line);
  }

  private async emit(event: ProcessorEvent): Promise<void> {
    if (!this.job.instance_id) return;
    const written = await recordInstanceEvent(this.orm.em.fork(), this.events, this.job.instance_id, {
      ...event,
      jobId: this.job.id,
      taskId: this.task.id,
    });
    if (written instanceof Error) throw written;
  }
}
