/**
 * Finds RUNNING tasks whose heartbeat is older than a threshold (their worker died or hung) and
 * puts them back to PENDING with a new queue message — a new attempt, so a task that keeps
 * killing its worker ends FAILED after `maxAttempts`. Safe with several reapers: each candidate
 * is re-checked under the job's row lock, and only one reaper sees it still stale.
 */
import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { JobStatus } from '../entities/enums';
import { lockIfStale, orphanedReadyTasks, staleRunningTasks } from '../data/jobs/task.queries';
import type { JobMetrics } from './job.metrics';
import { JobTransaction, type JobDeps } from './job-transaction';
import { failTask, requeueTask } from './task-completion';

export interface ReaperOptions {
  /** A RUNNING task whose heartbeat is older than this is considered abandoned. */
  readonly staleAfterMs: number;
  readonly intervalMs: number;
  readonly batchSize?: number;
  /**
   * A PENDING, ready task whose last queue message is older than this (and that has no message
   * waiting in the outbox) is assumed lost by the queue (e.g. Redis restarted without persistence)
   * and gets a new message. Duplicates are harmless: only one execution can claim the task.
   * Default 10 minutes.
   */
  readonly orphanAfterMs?: number;
  readonly logger?: Logger;
  readonly metrics?: JobMetrics;
}

export class TaskReaper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private lastOrphanSweep = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly deps: JobDeps,
    private readonly options: ReaperOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One sweep (skipped if one is in progress); returns how many tasks were reaped. */
  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = this.sweep()
      .then(async (reaped) => {
        if (Date.now() - this.lastOrphanSweep >= (this.options.orphanAfterMs ?? 600000) / 4) {
          this.lastOrphanSweep = Date.now();
          await this.requeueOrphans();
        }
        return reaped;
      })
      .catch((err: unknown) => {
        this.options.logger?.error({ err }, 'reaper sweep failed');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Re-enqueues ready PENDING tasks whose queue message went missing; returns how many. */
  async requeueOrphans(): Promise<number> {
    const orphanAfterMs = this.options.orphanAfterMs ?? 10 * 60 * 1000;
    const candidates = await orphanedReadyTasks(this.orm.em.fork(), orphanAfterMs, this.options.batchSize ?? 100);
    let requeued = 0;
    for (const candidate of candidates) {
      requeued += await this.orm.em.fork().transactional(async (em) => {
        const jt = await JobTransaction.open(em, this.deps, candidate.job_id);
        const task = jt?.task(candidate.id);
        if (!jt || !task || jt.ready([task]).length === 0) return 0;
        await jt.enqueue([task], { initial: false });
        this.options.logger?.warn(
          { jobId: candidate.job_id, taskId: candidate.id },
          're-enqueued a ready task whose queue message was lost',
        );
        return 1;
      });
    }
    return requeued;
  }

  private async sweep(): Promise<number> {
    const candidates = await staleRunningTasks(
      this.orm.em.fork(),
      this.options.staleAfterMs,
      this.options.batchSize ?? 100,
    );
    let reaped = 0;
    for (const candidate of candidates) {
      if (await this.reap(candidate.id, candidate.job_id)) reaped++;
    }
    return reaped;
  }

  private async reap(taskId: string, jobId: string): Promise<boolean> {
    return this.orm.em.fork().transactional(async (em) => {
      const jt = await JobTransaction.open(em, this.deps, jobId);
      const task = jt?.task(taskId);
      if (!jt || !task || task.status !== JobStatus.RUNNING) return false;
      if (!(await lockIfStale(em, taskId, this.options.staleAfterMs))) return false;
      const attempt = task.attempt + 1;
      const lostFrom = task.locked_by ?? 'unknown worker';
      if (attempt >= task.max_attempts) {
        await failTask(
          jt,
          task,
          `worker ${lostFrom} stopped responding (attempt ${attempt} of ${task.max_attempts})`,
          attempt,
        );
      } else {
        await requeueTask(
          jt,
          task,
          'reap',
          0,
          { attempt, error: `worker ${lostFrom} stopped responding` },
          `reaped from ${lostFrom}`,
        );
      }
      await jt.settle();
      this.options.metrics?.tasksRequeued.inc({ action: task.action, reason: 'reaped' });
      this.options.logger?.warn({ jobId, taskId, lostFrom, attempt }, 'reaped a task whose worker stopped responding');
      return true;
    });
  }
}
