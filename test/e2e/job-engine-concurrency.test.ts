/**
 * Several dispatchers and several reapers working on the same database at once: every outbox
 * row is dispatched by exactly one of them, and an abandoned task is reaped exactly once.
 */
import type { MikroORM } from '@mikro-orm/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EventHub } from '../../src/events/event-hub';
import { MemoryPubSub } from '../../src/events/memory-pubsub';
import { sqlRow, sqlRows } from '../../src/data/sql';
import { JobEngineError } from '../../src/jobs/errors';
import { createJob } from '../../src/jobs/job.service';
import { OutboxDispatcher } from '../../src/jobs/outbox.dispatcher';
import { createRedisTaskQueue } from '../../src/jobs/queue/redis-task.queue';
import type { TaskQueue } from '../../src/jobs/queue/task-queue';
import { TaskReaper } from '../../src/jobs/task.reaper';
import { JobHooks } from '../../src/jobs/job-hooks';
import { createMigratedOrm, TEST_REDIS_URL, uniquePrefix } from '../support/db';

jest.setTimeout(60000);

describe('concurrent dispatchers and reapers', () => {
  let ctx: Awaited<ReturnType<typeof createMigratedOrm>>;
  let orm: MikroORM;
  let hub: EventHub;
  const prefix = uniquePrefix('jobs-conc');
  const queues: TaskQueue[] = [];
  let inspector: Queue;
  let redis: Redis;

  beforeAll(async () => {
    ctx = await createMigratedOrm('jobs_concurrency');
    orm = ctx.orm;
    hub = EventHub.attach(orm, new MemoryPubSub());
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    inspector = new Queue('marina-tasks', { connection: redis, prefix });
  });

  afterAll(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await inspector?.close();
    await redis?.quit();
    await hub?.detach();
    await ctx?.close();
  });

  function queue(): TaskQueue {
    const q = createRedisTaskQueue({ url: TEST_REDIS_URL, prefix });
    queues.push(q);
    return q;
  }

  it('three dispatchers draining one outbox move every row exactly once', async () => {
    const jobs = 40;
    const em = orm.em.fork();
    for (let i = 0; i < jobs; i++) {
      const job = await createJob(em, hub, {
        action: 'test.fanout',
        tasks: Array.from({ length: 10 }, (_, k) => ({ key: `t${k}`, action: 'nobody.runs.this' })),
      });
      if (job instanceof JobEngineError) throw job;
    }
    const dispatchers = [1, 2, 3].map(() => new OutboxDispatcher(orm, queue(), { batchSize: 25 }));
    const moved = await Promise.all(dispatchers.map((d) => d.drainOnce()));
    expect(moved.reduce((a, b) => a + b, 0)).toBe(jobs * 10);
    expect(moved.filter((n) => n > 0).length).toBeGreaterThan(1); // the work really was shared
    expect(
      await sqlRow<{ n: string }>(orm.em.fork(), 'select count(*) as n from outbox where dispatched_at is null'),
    ).toEqual({ n: '0' });
    expect(await inspector.getWaitingCount()).toBe(jobs * 10);
    // re-dispatching the same rows (a crash between enqueue and commit) adds nothing: ids are deterministic
    await sqlRows(orm.em.fork(), 'update outbox set dispatched_at = null');
    expect(await dispatchers[0].drainOnce()).toBe(jobs * 10);
    expect(await inspector.getWaitingCount()).toBe(jobs * 10);
  });

  it('several reapers reap an abandoned task exactly once', async () => {
    const job = await createJob(orm.em.fork(), hub, {
      action: 'test.reap',
      tasks: [{ key: 'a', action: 'nobody.runs.this', maxAttempts: 3 }],
    });
    if (job instanceof JobEngineError) throw job;
    // a worker claimed the task and died: RUNNING, heartbeat long ago
    await sqlRows(
      orm.em.fork(),
      `update tasks set status = 'RUNNING', locked_by = 'dead/1', heartbeat_at = now() - interval '1 hour' where job_id = ?`,
      [job.id],
    );
    const reapers = [1, 2, 3, 4].map(
      () => new TaskReaper(orm, { events: hub, hooks: new JobHooks() }, { staleAfterMs: 1000, intervalMs: 60000 }),
    );
    const reaped = await Promise.all(reapers.map((r) => r.tick()));
    expect(reaped.reduce((a, b) => a + b, 0)).toBe(1);
    const task = await sqlRow<{ status: string; attempt: number; locked_by: string | null; error: string }>(
      orm.em.fork(),
      'select status, attempt, locked_by, error from tasks where job_id = ?',
      [job.id],
    );
    expect(task).toEqual({ status: 'PENDING', attempt: 1, locked_by: null, error: 'worker dead/1 stopped responding' });
    const outbox = await sqlRows<{ initial: boolean }>(
      orm.em.fork(),
      `select (payload->>'initial')::boolean as initial from outbox where payload->>'jobId' = ? order by id`,
      [job.id],
    );
    expect(outbox).toEqual([{ initial: true }, { initial: false }]);
  });

  it('fails a task that exhausted its attempts by losing workers', async () => {
    const job = await createJob(orm.em.fork(), hub, {
      action: 'test.reap-fail',
      tasks: [
        { key: 'a', action: 'nobody.runs.this', maxAttempts: 1 },
        { key: 'b', action: 'x', dependsOn: ['a'] },
      ],
    });
    if (job instanceof JobEngineError) throw job;
    await sqlRows(orm.em.fork(), `update jobs set status = 'RUNNING' where id = ?`, [job.id]);
    await sqlRows(
      orm.em.fork(),
      `update tasks set status = 'RUNNING', locked_by = 'dead/2', heartbeat_at = now() - interval '1 hour' where job_id = ? and key = 'a'`,
      [job.id],
    );
    expect(
      await new TaskReaper(
        orm,
        { events: hub, hooks: new JobHooks() },
        { staleAfterMs: 1000, intervalMs: 60000 },
      ).tick(),
    ).toBe(1);
    const rows = await sqlRows<{ key: string; status: string }>(
      orm.em.fork(),
      'select key, status from tasks where job_id = ? order by key',
      [job.id],
    );
    expect(rows).toEqual([
      { key: 'a', status: 'FAILED' },
      { key: 'b', status: 'CANCELLED' },
    ]);
    expect(await sqlRow(orm.em.fork(), 'select status, error from jobs where id = ?', [job.id])).toEqual({
      status: 'FAILED',
      error: 'Task a failed: worker dead/2 stopped responding (attempt 1 of 1)',
    });
  });

  it('re-enqueues a ready task whose queue message was lost, and only that one', async () => {
    const job = await createJob(orm.em.fork(), hub, {
      action: 'test.orphan',
      tasks: [
        { key: 'a', action: 'nobody.runs.this' },
        { key: 'b', action: 'x', dependsOn: ['a'] },
      ],
    });
    if (job instanceof JobEngineError) throw job;
    // the message for `a` was dispatched an hour ago and the queue lost it (e.g. Redis restarted without persistence)
    await sqlRows(
      orm.em.fork(),
      `update outbox set dispatched_at = now() - interval '1 hour' where payload->>'jobId' = ?`,
      [job.id],
    );
    await sqlRows(orm.em.fork(), `update tasks set updated_at = now() - interval '1 hour' where job_id = ?`, [job.id]);
    const reaper = new TaskReaper(
      orm,
      { events: hub, hooks: new JobHooks() },
      { staleAfterMs: 1000, intervalMs: 60000, orphanAfterMs: 60000 },
    );
    expect(await reaper.requeueOrphans()).toBe(1);
    expect(await reaper.requeueOrphans()).toBe(0); // its new message is pending in the outbox now
    const outbox = await sqlRows<{ key: string; initial: boolean }>(
      orm.em.fork(),
      `select payload->>'taskKey' as key, (payload->>'initial')::boolean as initial from outbox where payload->>'jobId' = ? order by id`,
      [job.id],
    );
    expect(outbox).toEqual([
      { key: 'a', initial: true },
      { key: 'a', initial: false },
    ]); // never `b`: it is not ready
  });
});
