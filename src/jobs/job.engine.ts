/**
 * Composition of the job engine in one process: outbox dispatcher, queue consumer with the
 * task runtime, and reaper — each can be switched off (e.g. an API-only process runs just the
 * dispatcher). Graceful shutdown stops taking tasks, lets in-flight ones finish for a bounded
 * time and gives the rest back to the queue.
 *
 * Guarantees the engine gives features (details at each type):
 * - job-finished hooks (`JobHooks`, job-hooks.ts) run inside the transaction that finishes a job,
 *   on every path, in workers, reaper and API alike;
 * - a claimed task gets a `task.started` instance event and `ctx.upstream(key)` (results of the
 *   tasks it depends on, read at claim);
 * - `CreateJobInput.concurrency` caps RUNNING tasks per key across all processes (claim-time
 *   advisory lock; a capped task waits PENDING without using attempts);
 * - `cancelJob` reaches running executions at commit through NOTIFY (the worker role listens),
 *   aborting `ctx.signal` without waiting for the next heartbeat.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import pino, { type Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { CommitAnnouncer } from '../events/event-hub';
import { JOB_CANCEL_CHANNEL } from '../data/jobs/job.queries';
import { NotifyListener } from '../data/jobs/notify-listener';
import { JobEngineConfigError } from './errors';
import type { JobHooks } from './job-hooks';
import { createJobMetrics, type JobMetrics } from './job.metrics';
import type { Processor } from './job.types';
import { OutboxDispatcher } from './outbox.dispatcher';
import { ProcessorRegistry } from './processor.registry';
import type { QueueConsumer, TaskQueue } from './queue/task-queue';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './task-completion';
import { TaskReaper } from './task.reaper';
import { TaskRuntime } from './task.runtime';

export interface JobEngineOptions {
  readonly orm: MikroORM;
  /** Publishes job snapshots and instance events after each transaction commits (the process's EventHub). */
  readonly events: CommitAnnouncer;
  /** The process's job-finished hooks (the same registry the API's cancel/retry use: Platform.jobHooks). */
  readonly hooks: JobHooks;
  /** The engine owns it from now on and closes it on shutdown. */
  readonly queue: TaskQueue;
  readonly logger?: Logger;
  /** Where the engine's prom-client instruments are registered. */
  readonly metricsRegistry?: Registry;
  /** Identifies this process in `tasks.locked_by` (default host:pid:random). */
  readonly workerId?: string;
  /** Parallel task executions in this process (default 8). */
  readonly concurrency?: number;
  readonly heartbeatIntervalMs?: number;
  /** Must exceed 2 × heartbeatIntervalMs (default 30000). */
  readonly staleAfterMs?: number;
  readonly reaperIntervalMs?: number;
  /** Ready PENDING tasks whose queue message is older than this get a new one (default 10 min). */
  readonly orphanAfterMs?: number;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly maxReschedules?: number;
  /** `listenUrl` (default: the ORM's clientUrl) also carries the workers' cancellation LISTEN. */
  readonly dispatcher?: { readonly pollIntervalMs?: number; readonly batchSize?: number; readonly listenUrl?: string };
  /** Which parts run here (all by default). */
  readonly roles?: { readonly dispatcher?: boolean; readonly worker?: boolean; readonly reaper?: boolean };
}

export class JobEngine {
  readonly workerId: string;
  readonly metrics: JobMetrics | undefined;
  private readonly logger: Logger;
  private readonly registry = new ProcessorRegistry();
  private readonly runtime: TaskRuntime;
  private readonly dispatcher: OutboxDispatcher;
  private readonly reaper: TaskReaper;
  private readonly cancelListener: NotifyListener;
  private consumer: QueueConsumer | undefined;
  private shutdownPromise: Promise<ShutdownReport> | undefined;

  constructor(private readonly options: JobEngineOptions) {
    const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 5000;
    const staleAfterMs = options.staleAfterMs ?? 30000;
    if (staleAfterMs <= 2 * heartbeatIntervalMs) {
      throw new JobEngineConfigError(
        'INVALID_OPTION',
        `staleAfterMs (${staleAfterMs}) must exceed 2 × heartbeatIntervalMs (${heartbeatIntervalMs})`,
      );
    }
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ workerId: this.workerId });
    this.metrics = options.metricsRegistry ? createJobMetrics(options.metricsRegistry) : undefined;
    const deps = { events: options.events, hooks: options.hooks };
    this.runtime = new TaskRuntime(options.orm, deps, this.registry, {
      workerId: this.workerId,
      heartbeatIntervalMs,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      maxReschedules: options.maxReschedules ?? 10000,
      logger: this.logger,
      metrics: this.metrics,
    });
    this.cancelListener = new NotifyListener({
      url: options.dispatcher?.listenUrl ?? options.orm.config.get('clientUrl'),
      channels: { [JOB_CANCEL_CHANNEL]: (jobId) => this.runtime.onJobCancelled(jobId) },
      onConnect: () => this.runtime.onJobCancelled(undefined),
      logger: this.logger,
    });
    this.dispatcher = new OutboxDispatcher(options.orm, options.queue, {
      ...options.dispatcher,
      logger: this.logger,
      metrics: this.metrics,
    });
    this.reaper = new TaskReaper(options.orm, deps, {
      staleAfterMs,
      intervalMs: options.reaperIntervalMs ?? Math.max(100, Math.floor(staleAfterMs / 3)),
      orphanAfterMs: options.orphanAfterMs,
      logger: this.logger,
      metrics: this.metrics,
    });
  }

  /** Registers the processor of a task action (before or after start). */
  registerProcessor(action: string, processor: Processor): void {
    this.registry.register(action, processor);
  }

  /** Starts the enabled roles; resolves when the consumer is connected. */
  async start(): Promise<void> {
    const roles = { dispatcher: true, worker: true, reaper: true, ...this.options.roles };
    if (roles.dispatcher) await this.dispatcher.start();
    if (roles.reaper) this.reaper.start();
    if (roles.worker) {
      await this.cancelListener.start();
      this.consumer = this.options.queue.consume((data) => this.runtime.handle(data), {
        concurrency: this.options.concurrency ?? 8,
        name: this.workerId,
      });
      await this.consumer.ready();
    }
    this.logger.info({ roles, processors: this.registry.actions() }, 'job engine started');
  }

  /** Runs one reaper sweep now (for operators and tests); returns the number of tasks reaped. */
  reapNow(): Promise<number> {
    return this.reaper.tick();
  }

  /** Dispatches pending outbox rows now; returns how many were moved. */
  dispatchNow(): Promise<number> {
    return this.dispatcher.drainOnce();
  }

  /**
   * Stops taking tasks, waits up to `graceMs` for in-flight executions, then gives the rest
   * back (PENDING + re-enqueued, same attempt) and closes the queue. Idempotent.
   */
  shutdown(graceMs = 30000): Promise<ShutdownReport> {
    this.shutdownPromise ??= this.doShutdown(graceMs);
    return this.shutdownPromise;
  }

  /** On SIGTERM/SIGINT: graceful shutdown, then `then(report)`. Returns a function removing the handlers. */
  installSignalHandlers(graceMs: number, then: (report: ShutdownReport) => void): () => void {
    const handler = (signal: NodeJS.Signals) => {
      this.logger.info({ signal }, 'shutting down');
      void this.shutdown(graceMs).then(then, (err: unknown) => {
        this.logger.error({ err }, 'shutdown failed');
        then({ released: -1, graceful: false });
      });
    };
    process.once('SIGTERM', handler);
    process.once('SIGINT', handler);
    return () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    };
  }

  private async doShutdown(graceMs: number): Promise<ShutdownReport> {
    const closing = this.consumer?.close() ?? Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      closing.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    const released = inTime ? 0 : this.runtime.activeCount;
    if (!inTime) {
      this.logger.warn({ released }, 'grace period over; releasing in-flight tasks');
      this.runtime.releaseAll();
      await closing;
    }
    await this.cancelListener.stop();
    await this.dispatcher.stop();
    await this.reaper.stop();
    await this.options.queue.close();
    return { released, graceful: inTime };
  }
}

export interface ShutdownReport {
  /** In-flight tasks given back to the queue because the grace period ran out. */
  readonly released: number;
  readonly graceful: boolean;
}
