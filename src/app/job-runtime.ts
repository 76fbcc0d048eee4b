import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { MarinaConfig } from '../config';
import { EventHub } from '../events/event-hub';
import { MemoryPubSub } from '../events/memory-pubsub';
import type { PubSub } from '../events/pubsub';
import { RedisPubSub } from '../events/redis-pubsub';
import { JobEngine } from '../jobs/job.engine';
import type { JobDeps } from '../jobs/job-transaction';
import { createPostgresTaskQueue } from '../jobs/queue/postgres-task.queue';
import { createRedisTaskQueue } from '../jobs/queue/redis-task.queue';
import type { TaskQueue } from '../jobs/queue/task-queue';

/** Pub/sub of the profile: Redis across processes (production), in-process (embedded). */
export function createPubSub(config: MarinaConfig, log: Logger): PubSub {
  return config.redisUrl
    ? new RedisPubSub({ url: config.redisUrl, prefix: config.queuePrefix, logger: log })
    : new MemoryPubSub(log);
}

/** Task queue of the profile: BullMQ on Redis (production) or on PostgreSQL (embedded). */
export function createTaskQueue(config: MarinaConfig, databaseUrl: string, log: Logger): TaskQueue {
  return config.redisUrl
    ? createRedisTaskQueue({ url: config.redisUrl, prefix: config.queuePrefix, logger: log })
    : createPostgresTaskQueue({
        connectionString: databaseUrl,
        schema: 'bullmq',
        queueName: `${config.queuePrefix}-tasks`,
        logger: log,
      });
}

export interface EventsRuntime {
  readonly hub: EventHub;
  stop(): Promise<void>;
}

/** Attaches the event hub (after-commit publishing, replay+live subscriptions) to the ORM. */
export function startEvents(orm: MikroORM, config: MarinaConfig, log: Logger): EventsRuntime {
  const pubsub = createPubSub(config, log);
  const hub = EventHub.attach(orm, pubsub, log);
  return {
    hub,
    stop: async () => {
      await hub.detach();
      await pubsub.close();
    },
  };
}

/**
 * Starts the job engine (outbox dispatcher, workers, reaper) with every product processor
 * registered by `register`. `stop` drains in-flight tasks for up to `graceMs`.
 */
export async function startJobEngine(
  orm: MikroORM,
  deps: JobDeps,
  config: MarinaConfig,
  databaseUrl: string,
  log: Logger,
  registry: Registry,
  register: (engine: JobEngine) => void,
): Promise<{ engine: JobEngine; stop(graceMs?: number): Promise<void> }> {
  const engine = new JobEngine({
    orm,
    events: deps.events,
    hooks: deps.hooks,
    queue: createTaskQueue(config, databaseUrl, log),
    logger: log,
    metricsRegistry: registry,
    concurrency: config.workerConcurrency,
    heartbeatIntervalMs: config.jobHeartbeatMs,
    staleAfterMs: config.jobStaleAfterMs,
    dispatcher: { listenUrl: databaseUrl },
  });
  register(engine);
  await engine.start();
  return {
    engine,
    stop: async (graceMs = 30_000) => {
      const report = await engine.shutdown(graceMs);
      log.info(report, 'job engine stopped');
    },
  };
}
