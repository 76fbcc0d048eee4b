/**
 * BullMQ's PostgreSQL backend (embedded profile). Its tables live in their own schema
 * (default `bullmq`, which MikroORM's schema generator ignores) and are migrated on connect.
 */
import { createPostgresBackend, withBackend } from 'bullmq';
import type { Logger } from 'pino';
import { BullmqTaskQueue, type BullFactory } from './bullmq-task.queue';
import type { TaskQueue } from './task-queue';

export interface PostgresTaskQueueOptions {
  readonly connectionString: string;
  /** Schema of BullMQ's tables (default `bullmq`). */
  readonly schema?: string;
  readonly queueName?: string;
  /** Pool size of each BullMQ object (each also holds one LISTEN connection). Default 4. */
  readonly poolSize?: number;
  readonly logger?: Logger;
}

/** Creates a TaskQueue on PostgreSQL; each BullMQ object owns (and closes) its pool. */
export function createPostgresTaskQueue(options: PostgresTaskQueueOptions): TaskQueue {
  const { Queue, Worker } = withBackend(createPostgresBackend);
  const connection = () => ({
    connectionString: options.connectionString,
    schema: options.schema ?? 'bullmq',
    migrate: true,
    max: options.poolSize ?? 4,
  });
  const factory: BullFactory = {
    kind: 'postgres',
    queue: (name) => new Queue(name, { connection: connection() }),
    worker: (name, processor, opts) =>
      new Worker(name, processor, { connection: connection(), concurrency: opts.concurrency, name: opts.name }),
    close: async () => undefined,
  };
  return new BullmqTaskQueue(factory, options.queueName ?? 'marina-tasks', options.logger);
}
