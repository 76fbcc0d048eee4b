/**
 * Crash safety with real worker processes (Node 24 children running the engine on Redis):
 * SIGKILL mid-task → the reaper in the surviving worker re-runs the task, observe-then-act keeps
 * every effect exactly once; SIGTERM → in-flight tasks are released and finished elsewhere.
 */
import type { MikroORM } from '@mikro-orm/core';
import { JobStatus } from '../../src/entities/enums';
import { EventHub } from '../../src/events/event-hub';
import { RedisPubSub } from '../../src/events/redis-pubsub';
import { sqlRows } from '../../src/data/sql';
import { JobEngineError } from '../../src/jobs/errors';
import { createJob } from '../../src/jobs/job.service';
import type { ConcurrencyCap, TaskSpec } from '../../src/jobs/job.types';
import { createMigratedOrm, TEST_REDIS_URL, uniquePrefix } from '../support/db';
import { waitFor } from '../support/wait-for';
import { spawnWorker, stopWorker, type WorkerProcess } from './fixtures/job-worker-process';
import { createEffectsTable, seedInstance } from './fixtures/job-worker-support';
import { waitForJobSettled } from './fixtures/job-worker-waits';

jest.setTimeout(120000);

interface TaskState {
  key: string;
  status: string;
  attempt: number;
  locked_by: string | null;
  logs: string[];
  effects: string;
  effect_workers: string[] | null;
}

describe('job engine across worker processes (Redis)', () => {
  let ctx: Awaited<ReturnType<typeof createMigratedOrm>>;
  let orm: MikroORM;
  let hub: EventHub;
  let pubsub: RedisPubSub;
  let env: Record<string, string>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    ctx = await createMigratedOrm('jobs_multiprocess');
    orm = ctx.orm;
    await createEffectsTable(orm.em.fork());
    const pubsubPrefix = uniquePrefix('jobs-mp-events');
    pubsub = new RedisPubSub({ url: TEST_REDIS_URL, prefix: pubsubPrefix });
    hub = EventHub.attach(orm, pubsub);
    env = {
      DATABASE_URL: ctx.db.url,
      REDIS_URL: TEST_REDIS_URL,
      BACKEND: 'redis',
      NAMESPACE: uniquePrefix('jobs-mp'),
      PUBSUB_PREFIX: pubsubPrefix,
    };
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopWorker(w)));
    await hub?.detach();
    await pubsub?.close();
    await ctx?.close();
  });

  function start(id: string, extra: Record<string, string> = {}): WorkerProcess {
    const worker = spawnWorker(id, { ...env, ...extra });
    workers.push(worker);
    return worker;
  }

  async function tasks(jobId: string): Promise<TaskState[]> {
    return sqlRows<TaskState>(
      orm.em.fork(),
      `select t.key, t.status, t.attempt, t.locked_by, t.logs,
        (select count(*) from test_effects e where e.task_id = t.id and e.phase = 'effect') as effects,
        (select array_agg(e.worker order by e.id) from test_effects e where e.task_id = t.id and e.phase = 'effect') as effect_workers
      from tasks t where t.job_id = ? order by t.key`,
      [jobId],
    );
  }

  async function plan(action: string, specs: TaskSpec[], concurrency?: ConcurrencyCap): Promise<string> {
    const instanceId = await seedInstance(orm.em.fork());
    const job = await orm.em
      .fork()
      .transactional((tx) => createJob(tx, hub, { action, instanceId, tasks: specs, concurrency }));
    if (job instanceof JobEngineError) throw job;
    return job.id;
  }

  it('SIGKILL of a worker mid-task: another worker completes the job and every effect happens exactly once', async () => {
    const victim = start('victim', { HOLD: '1' });
    await victim.ready;
    const fanOut = Array.from({ length: 6 }, (_, i) => `t${i}`);
    const jobId = await plan('test.crash', [
      { key: 'a', action: 'test.effect' },
      ...fanOut.map((key) => ({ key, action: 'test.effect', dependsOn: ['a'], input: { hold: true }, maxAttempts: 3 })),
      { key: 'z', action: 'test.effect', dependsOn: fanOut },
    ]);
    // the victim has acted (effect recorded) on several tasks and is blocked before recording completion
    const held = await waitFor(
      'the victim to hold tasks mid-execution',
      async () => {
        const rows = (await tasks(jobId)).filter(
          (t) => t.status === 'RUNNING' && t.locked_by?.startsWith('victim/') && Number(t.effects) === 1,
        );
        return rows.length >= 2 ? rows.map((t) => t.key) : undefined;
      },
      30000,
    );
    const survivor = start('survivor');
    await survivor.ready;
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const final = await waitForJobSettled(hub, jobId, 60000);
    expect(final.status).toBe(JobStatus.SUCCEEDED);
    const rows = await tasks(jobId);
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      expect({ key: row.key, status: row.status, effects: Number(row.effects) }).toEqual({
        key: row.key,
        status: 'SUCCEEDED',
        effects: 1,
      });
    }
    for (const key of held) {
      const row = rows.find((r) => r.key === key)!;
      expect(row.effect_workers).toEqual(['victim']); // the effect was not repeated by the survivor
      expect(row.attempt).toBeGreaterThanOrEqual(1); // …although the task was executed again
      expect(row.logs.some((line) => line.includes('reaped from victim/'))).toBe(true);
      expect(row.logs.some((line) => line.includes('claimed by survivor'))).toBe(true);
    }
    await stopWorker(survivor);
  });

  it('SIGTERM: the worker releases its in-flight tasks at the end of the grace period and another worker finishes them', async () => {
    const leaving = start('leaving', { HOLD: '1', GRACE_MS: '300' });
    await leaving.ready;
    const jobId = await plan('test.drain', [{ key: 'h', action: 'test.effect', input: { hold: true } }]);
    await waitFor(
      'the leaving worker to hold the task',
      async () =>
        (await tasks(jobId)).some(
          (t) => t.status === 'RUNNING' && t.locked_by?.startsWith('leaving/') && Number(t.effects) === 1,
        ),
      30000,
    );
    const staying = start('staying');
    await staying.ready;
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toEqual({ code: 0, signal: null });
    expect(leaving.messages).toContainEqual({ shutdown: { released: 1, graceful: false } });

    const final = await waitForJobSettled(hub, jobId, 30000);
    expect(final.status).toBe(JobStatus.SUCCEEDED);
    const [row] = await tasks(jobId);
    expect(row).toMatchObject({ status: 'SUCCEEDED', attempt: 0, effects: '1', effect_workers: ['leaving'] });
    expect(row.logs.some((line) => line.includes('released by leaving'))).toBe(true);
    expect(row.logs.some((line) => line.includes('claimed by staying'))).toBe(true);
    expect(row.logs.some((line) => line.includes('reaped'))).toBe(false);
    await stopWorker(staying);
  });

  /** The most `test.span` executions of the given jobs that were running at the same instant (database clock). */
  async function maxOverlap(jobIds: string[]): Promise<number> {
    const spans = await sqlRows<{ start: string; end: string }>(
      orm.em.fork(),
      `select s.at as start, e.at as end from test_effects s
        join test_effects e on e.task_id = s.task_id and e.phase = 'end'
        join tasks t on t.id = s.task_id
       where s.phase = 'start' and t.job_id in (?)`,
      [jobIds],
    );
    const times = spans.map((s) => ({ start: new Date(s.start).getTime(), end: new Date(s.end).getTime() }));
    return Math.max(...times.map((a) => times.filter((b) => b.start <= a.start && a.start < b.end).length));
  }

  it('caps RUNNING tasks per concurrency key across two worker processes without counting attempts', async () => {
    const one = start('cap-1');
    const two = start('cap-2');
    await Promise.all([one.ready, two.ready]);
    const spans = (n: number): TaskSpec[] =>
      Array.from({ length: n }, (_, i) => ({ key: `s${i}`, action: 'test.span', input: { holdMs: 300 } }));
    const cap = { key: uniquePrefix('runtime'), limit: 2 };
    const capped = await Promise.all([1, 2, 3].map(() => plan('test.capped', spans(3), cap)));
    const free = await plan('test.uncapped', spans(3), { key: uniquePrefix('runtime'), limit: 0 });
    for (const jobId of [...capped, free]) {
      expect((await waitForJobSettled(hub, jobId, 60000)).status).toBe(JobStatus.SUCCEEDED);
    }
    expect(await maxOverlap(capped)).toBe(2); // the cap, reached but never exceeded
    expect(await maxOverlap([free])).toBe(3); // another key (unlimited) is not held back
    const counted = await sqlRows<{ attempt: number; reschedules: number }>(
      orm.em.fork(),
      'select distinct attempt, reschedules from tasks where job_id in (?)',
      [capped],
    );
    expect(counted).toEqual([{ attempt: 0, reschedules: 0 }]);
    const workers = await sqlRows<{ worker: string }>(
      orm.em.fork(),
      `select distinct e.worker from test_effects e join tasks t on t.id = e.task_id where t.job_id in (?) order by 1`,
      [capped],
    );
    expect(workers.map((w) => w.worker)).toEqual(['cap-1', 'cap-2']);
    await Promise.all([stopWorker(one), stopWorker(two)]);
  });
});
