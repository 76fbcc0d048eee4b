/**
 * Moves outbox rows to the queue: oldest first, in batches locked with `FOR UPDATE SKIP LOCKED`
 * (so several dispatchers in several processes share the work), stamping `dispatched_at` in
 * the same transaction. Queue ids are deterministic, so a batch that was queued but whose
 * commit failed is re-queued harmlessly. Woken by NOTIFY on `marina_outbox`, plus a slow
 * safety poll that also deletes old dispatched rows.
 */
import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { JobMetrics } from './job.metrics';
import { NotifyListener } from '../data/jobs/notify-listener';
import {
  lockUndispatched,
  OUTBOX_CHANNEL,
  markDispatched,
  purgeDispatched,
  TASK_ENQUEUE,
  type OutboxRow,
} from '../data/jobs/outbox.queries';
import { queueJobId } from './outbox';
import type { TaskMessage, TaskQueue } from './queue/task-queue';

export interface DispatcherOptions {
  /** Connection string for the LISTEN connection (default: the ORM's clientUrl). */
  readonly listenUrl?: string;
  readonly batchSize?: number;
  /** Safety poll period (default 5000 ms). */
  readonly pollIntervalMs?: number;
  /** Dispatched rows older than this are deleted by the poll (default 24 h). */
  readonly retentionMs?: number;
  readonly logger?: Logger;
  readonly metrics?: JobMetrics;
}

export class OutboxDispatcher {
  private readonly listener: NotifyListener;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly batchSize: number;

  constructor(
    private readonly orm: MikroORM,
    private readonly queue: TaskQueue,
    private readonly options: DispatcherOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.listener = new NotifyListener({
      url: options.listenUrl ?? orm.config.get('clientUrl'),
      channels: { [OUTBOX_CHANNEL]: () => this.kick() },
      onConnect: () => this.kick(),
      logger: options.logger,
    });
  }

  /** Starts listening and polling, and dispatches whatever is pending. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.listener.start();
    this.timer = setInterval(() => {
      this.kick();
      void this.purge();
    }, this.options.pollIntervalMs ?? 5000);
    this.kick();
  }

  /** Stops listening and polling; resolves after the batch in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.listener.stop();
    await this.running;
  }

  /** Requests a dispatch round (coalesced with one in progress). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Dispatches until the outbox is empty; returns the number of rows moved. Safe to call concurrently from several processes. */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.dispatchBatch();
      total += moved;
      if (moved < this.batchSize) return total;
    }
  }

  private async drain(): Promise<void> {
    try {
      await this.drainOnce();
    } catch (err) {
      this.options.logger?.error({ err }, 'outbox dispatch failed; the safety poll will retry');
    }
  }

  private async dispatchBatch(): Promise<number> {
    return this.orm.em.fork().transactional(async (em) => {
      const rows = await lockUndispatched(em, this.batchSize);
      if (rows.length === 0) return 0;
      const messages: TaskMessage[] = [];
      for (const row of rows) {
        if (row.kind === TASK_ENQUEUE) messages.push(toMessage(row));
        else
          this.options.logger?.error(
            { outboxId: row.id, kind: row.kind },
            'outbox row of unknown kind marked dispatched without effect',
          );
      }
      await this.queue.enqueue(messages);
      await markDispatched(
        em,
        rows.map((r) => r.id),
      );
      for (const row of rows) this.options.metrics?.outboxLag.observe(Number(row.age_ms) / 1000);
      return rows.length;
    });
  }

  private async purge(): Promise<void> {
    const retentionMs = this.options.retentionMs ?? 24 * 3600 * 1000;
    try {
      await purgeDispatched(this.orm.em.fork(), retentionMs);
    } catch (err) {
      this.options.logger?.warn({ err }, 'purging dispatched outbox rows failed');
    }
  }
}

function toMessage(row: OutboxRow): TaskMessage {
  const p = row.payload;
  return {
    id: queueJobId(p, row.id),
    data: { jobId: p.jobId, taskId: p.taskId, taskKey: p.taskKey, action: p.action },
    delayMs: Number(row.delay_ms),
  };
}
