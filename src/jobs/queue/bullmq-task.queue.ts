/**
 * TaskQueue on BullMQ, independent of the backend: the caller supplies constructors bound to
 * Redis or PostgreSQL. Messages are removed when handled; handler rejections (infrastructure
 * errors, never task failures — those are recorded in PostgreSQL) are retried by BullMQ.
 */
import type { Logger } from 'pino';
import type { MessageHandler, QueueConsumer, TaskMessage, TaskMessageData, TaskQueue } from './task-queue';

/** The subset of a BullMQ Queue used here. */
export interface BullQueue {
  addBulk(jobs: Array<{ name: string; data: TaskMessageData; opts: Record<string, unknown> }>): Promise<unknown>;
  waitUntilReady(): Promise<unknown>;
  close(): Promise<void>;
}

/** The subset of a BullMQ Worker used here. */
export interface BullWorker {
  waitUntilReady(): Promise<unknown>;
  close(force?: boolean): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** Builds the BullMQ objects for one backend. */
export interface BullFactory {
  readonly kind: 'redis' | 'postgres';
  queue(name: string): BullQueue;
  worker(
    name: string,
    processor: (job: { data: TaskMessageData }) => Promise<void>,
    options: { concurrency: number; name?: string },
  ): BullWorker;
  /** Releases connections the factory created. */
  close(): Promise<void>;
}

const JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: { count: 1000 },
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
};

export class BullmqTaskQueue implements TaskQueue {
  readonly kind: 'redis' | 'postgres';
  private readonly queue: BullQueue;
  private readonly workers = new Set<BullWorker>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly factory: BullFactory,
    private readonly queueName: string,
    private readonly logger?: Logger,
  ) {
    this.kind = factory.kind;
    this.queue = factory.queue(queueName);
  }

  async enqueue(messages: readonly TaskMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.queue.addBulk(
      messages.map((m) => ({
        name: m.data.action,
        data: m.data,
        opts: { ...JOB_OPTIONS, jobId: m.id, delay: Math.max(0, Math.round(m.delayMs)) },
      })),
    );
  }

  consume(handler: MessageHandler, options: { concurrency: number; name?: string }): QueueConsumer {
    const worker = this.factory.worker(this.queueName, (job) => handler(job.data), options);
    worker.on('error', (err) => this.logger?.error({ err }, 'queue worker error'));
    this.workers.add(worker);
    return {
      ready: async () => {
        await worker.waitUntilReady();
      },
      close: async (force?: boolean) => {
        await worker.close(force);
        this.workers.delete(worker);
      },
    };
  }

  inspectable(): object {
    return this.queue;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.workers].map((w) => w.close()));
      await this.queue.close();
      await this.factory.close();
    })();
    return this.closing;
  }
}
