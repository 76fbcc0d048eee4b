/**
 * Job engine latency and throughput, one process, real PostgreSQL and Redis, on both queue
 * backends. Prints:
 *  - outbox → task start: from the outbox row's write (DB clock) to the claim (DB clock), one job at a time
 *  - dependency hop: from a task's completion to its dependant's claim, along a 20-task chain
 *  - burst: single-task jobs created by 10 concurrent writers, end-to-end jobs/s
 * Run: `npm run bench -- job-latency`.
 */
import type { MikroORM } from '@mikro-orm/core';
import { EventHub } from '../src/events/event-hub';
import { MemoryPubSub } from '../src/events/memory-pubsub';
import { sqlRows } from '../src/data/sql';
import { JobEngineError } from '../src/jobs/errors';
import { JobHooks } from '../src/jobs/job-hooks';
import { JobEngine } from '../src/jobs/job.engine';
import { createJob } from '../src/jobs/job.service';
import { done, type TaskSpec } from '../src/jobs/job.types';
import { createPostgresTaskQueue } from '../src/jobs/queue/postgres-task.queue';
import { createRedisTaskQueue } from '../src/jobs/queue/redis-task.queue';
import { createMigratedOrm, TEST_REDIS_URL, uniquePrefix } from '../test/support/db';
import { waitForJobSettled } from '../test/e2e/fixtures/job-worker-waits';

type Backend = 'redis' | 'postgres';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const fmt = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(1)} ms  p95 ${percentile(values, 95).toFixed(1)} ms  max ${Math.max(...values).toFixed(1)} ms  (n=${values.length})`;

async function runJob(orm: MikroORM, hub: EventHub, tasks: TaskSpec[]): Promise<string> {
  const job = await orm.em.fork().transactional((tx) => createJob(tx, hub, { action: 'bench', tasks }));
  if (job instanceof JobEngineError) throw job;
  const final = await waitForJobSettled(hub, job.id, 60000);
  if (final.status !== 'SUCCEEDED') throw new Error(`bench job ${job.id} ended ${final.status}`);
  return job.id;
}

async function bench(backend: Backend): Promise<void> {
  const ctx = await createMigratedOrm(`bench_jobs_${backend}`);
  const orm = ctx.orm;
  const pubsub = new MemoryPubSub();
  const hub = EventHub.attach(orm, pubsub);
  const namespace = uniquePrefix(`bench_${backend}`).replace(/-/g, '_');
  const queue =
    backend === 'redis'
      ? createRedisTaskQueue({ url: TEST_REDIS_URL, prefix: namespace })
      : createPostgresTaskQueue({ connectionString: ctx.db.url, schema: namespace });
  const engine = new JobEngine({
    orm,
    events: hub,
    hooks: new JobHooks(),
    queue,
    concurrency: 8,
    dispatcher: { pollIntervalMs: 5000 },
  });
  engine.registerProcessor('bench.noop', async () => done());
  await engine.start();
  try {
    for (let i = 0; i < 10; i++) await runJob(orm, hub, [{ key: 'a', action: 'bench.noop' }]); // warm-up
    const single: string[] = [];
    for (let i = 0; i < 100; i++) single.push(await runJob(orm, hub, [{ key: 'a', action: 'bench.noop' }]));
    const startLatency = await sqlRows<{ ms: number }>(
      orm.em.fork(),
      `select extract(epoch from (t.started_at - to_timestamp((o.payload->>'runAt')::bigint / 1000.0))) * 1000 as ms
         from tasks t join outbox o on o.payload->>'taskId' = t.id::text and (o.payload->>'initial')::boolean
        where t.job_id in (?)`,
      [single],
    );

    const chain: TaskSpec[] = Array.from({ length: 20 }, (_, i) => ({
      key: `c${i}`,
      action: 'bench.noop',
      dependsOn: i ? [`c${i - 1}`] : [],
    }));
    const hops: number[] = [];
    for (let i = 0; i < 5; i++) {
      const jobId = await runJob(orm, hub, chain);
      const rows = await sqlRows<{ ms: number }>(
        orm.em.fork(),
        `select extract(epoch from (t.started_at - d.finished_at)) * 1000 as ms
           from tasks t join tasks d on d.job_id = t.job_id and d.key = t.depends_on[1] where t.job_id = ?`,
        [jobId],
      );
      hops.push(...rows.map((r) => Number(r.ms)));
    }

    const burst = 300;
    const t0 = process.hrtime.bigint();
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < burst / 10; i++) {
          const job = await createJob(orm.em.fork(), hub, {
            action: 'bench',
            tasks: [{ key: 'a', action: 'bench.noop' }],
          });
          if (job instanceof JobEngineError) throw job;
          ids.push(job.id);
        }
      }),
    );
    await Promise.all(ids.map((id) => waitForJobSettled(hub, id, 120000)));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

    console.log(`[${backend}] outbox → task start: ${fmt(startLatency.map((r) => Number(r.ms)))}`);
    console.log(`[${backend}] dependency hop (finish → dependant start): ${fmt(hops)}`);
    console.log(
      `[${backend}] burst of ${burst} single-task jobs: ${(burst / seconds).toFixed(0)} jobs/s (${seconds.toFixed(2)} s)`,
    );
  } finally {
    await engine.shutdown(5000);
    await hub.detach();
    await pubsub.close();
    await ctx.close();
  }
}

async function main(): Promise<void> {
  for (const backend of ['redis', 'postgres'] as const) await bench(backend);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
