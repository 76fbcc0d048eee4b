/** BullMQ on Redis (production profile). */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { BullmqTaskQueue, type BullFactory } from './bullmq-task.queue';
import type { TaskQueue } from './task-queue';

export interface RedisTaskQueueOptions {
  readonly url: string;
  /** BullMQ key prefix (default `marina`), so deployments or test suites can share a Redis. */
  readonly prefix?: string;
  readonly queueName?: string;
  readonly logger?: Logger;
}

/** Creates a TaskQueue on Redis. Connections are created here and closed by `close()`. */
export function createRedisTaskQueue(options: RedisTaskQueueOptions): TaskQueue {
  const connections: Redis[] = [];
  const connect = () => {
    const conn = new Redis(options.url, { maxRetriesPerRequest: null });
    conn.on('error', (err) => options.logger?.warn({ err }, 'redis queue connection error'));
    connections.push(conn);
    return conn;
  };
  const prefix = options.prefix ?? 'marina';
  const factory: BullFactory = {
    kind: 'redis',
    queue: (name) => new Queue(name, { connection: connect(), prefix }),
    worker: (name, processor, opts) =>
      new Worker(name, processor, { connection: connect(), prefix, concurrency: opts.concurrency, name: opts.name }),
    close: async () => {
      await Promise.all(
        connections.map((c) => (c.status === 'end' ? undefined : c.quit().catch(() => c.disconnect()))),
      );
    },
  };
  return new BullmqTaskQueue(factory, options.queueName ?? 'marina-tasks', options.logger);
}
