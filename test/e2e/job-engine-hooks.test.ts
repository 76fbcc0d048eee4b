/**
 * Job-finished hooks end to end against real PostgreSQL and both queue backends: the hook runs
 * once, inside the transaction that finishes the job, on every path (last task succeeding, a
 * task failing, the reaper giving up, cancelJob, a retried job finishing again); a throwing hook
 * rolls the finish back and the completion is retried. Cancellation reaches a running task by
 * NOTIFY (the heartbeat here is 10 s, so only the notification can make it prompt).
 */
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { JobStatus } from '../../src/entities/enums';
import { EventHub } from '../../src/events/event-hub';
import type { JobUpdate } from '../../src/events/event-topics';
import { MemoryPubSub } from '../../src/events/memory-pubsub';
import { sqlRow, sqlRows } from '../../src/data/sql';
import { DriverError, JobEngineError } from '../../src/jobs/errors';
import { JobHooks, type FinishedJob } from '../../src/jobs/job-hooks';
import type { JobEngine } from '../../src/jobs/job.engine';
import { cancelJob, createJob, retryJob } from '../../src/jobs/job.service';
import type { JobDeps } from '../../src/jobs/job-transaction';
import { done, type CreateJobInput } from '../../src/jobs/job.types';
import { TaskReaper } from '../../src/jobs/task.reaper';
import { createMigratedOrm, TEST_REDIS_URL, uniquePrefix } from '../support/db';
import { waitFor } from '../support/wait-for';
import { createEffectsTable, createTestEngine, type Backend } from './fixtures/job-worker-support';
import { waitForJobSettled } from './fixtures/job-worker-waits';

jest.setTimeout(60000);

interface HookCall {
  hook: string;
  status: string;
  error: string | null;
  seen_status: string;
  payload: FinishedJob;
}

describe.each<Backend>(['redis', 'postgres'])('job-finished hooks on %s', (backend) => {
  let ctx: Awaited<ReturnType<typeof createMigratedOrm>>;
  let orm: MikroORM;
  let hub: EventHub;
  let engine: JobEngine;
  let deps: JobDeps;
  const hooks = new JobHooks();
  let flakyFailures = 0;
  let cancelFailures = 0;

  /** Records the call in the hook's transaction, with the job status that transaction sees. */
  async function recordCall(tx: EntityManager, hook: string, job: FinishedJob): Promise<void> {
    const seen = await sqlRow<{ status: string }>(tx, 'select status from jobs where id = ?', [job.id]);
    await sqlRows(
      tx,
      'insert into test_hook_calls (job_id, hook, status, error, seen_status, payload) values (?, ?, ?, ?, ?, ?)',
      [job.id, hook, job.status, job.error, seen?.status, JSON.stringify(job)],
    );
  }

  beforeAll(async () => {
    ctx = await createMigratedOrm(`jobhooks_${backend}`);
    orm = ctx.orm;
    await createEffectsTable(orm.em.fork());
    await sqlRows(
      orm.em.fork(),
      `create table test_hook_calls (id bigserial primary key, job_id uuid not null, hook text not null,
        status text not null, error text, seen_status text not null, payload jsonb not null)`,
    );
    await sqlRows(orm.em.fork(), 'create table test_fixed (job_id uuid primary key)');
    hooks.register('test.hooked', (tx, job) => recordCall(tx, 'action', job));
    hooks.register(
      (job) => job.subject === 'by-predicate',
      (tx, job) => recordCall(tx, 'predicate', job),
    );
    hooks.register('test.hook-flaky', async (tx, job) => {
      await recordCall(tx, 'flaky', job);
      if (flakyFailures++ < 2) throw new Error('hook store unavailable');
    });
    hooks.register('test.cancel-throws', async (tx, job) => {
      await recordCall(tx, 'cancel-throws', job);
      if (job.status === JobStatus.CANCELLED && cancelFailures++ < 1) throw new Error('hook store unavailable');
    });
    hub = EventHub.attach(orm, new MemoryPubSub());
    deps = { events: hub, hooks };
    engine = createTestEngine({
      orm,
      events: hub,
      hooks,
      backend,
      databaseUrl: ctx.db.url,
      redisUrl: TEST_REDIS_URL,
      namespace: uniquePrefix(`jobhooks_${backend}`),
      workerId: `h-${backend}`,
      heartbeatIntervalMs: 10000,
      staleAfterMs: 30000,
    });
    engine.registerProcessor('test.until-fixed', async (tctx) => {
      const fixed = await sqlRow(tctx.em, 'select 1 as ok from test_fixed where job_id = ?', [tctx.job.id]);
      if (!fixed) throw new DriverError('TEST_NOT_FIXED', 'not fixed yet', false);
      return done({ fixed: true });
    });
    await engine.start();
  });

  afterAll(async () => {
    await engine?.shutdown(5000);
    await hub?.detach();
    await hub?.pubsub.close();
    await ctx?.close();
  });

  const em = (): EntityManager => orm.em.fork();

  async function plan(input: CreateJobInput): Promise<string> {
    const job = await em().transactional((tx) => createJob(tx, hub, input));
    if (job instanceof JobEngineError) throw job;
    return job.id;
  }

  async function run(input: CreateJobInput): Promise<JobUpdate> {
    return waitForJobSettled(hub, await plan(input));
  }

  /** Whether the job's `test.block` task has started blocking. */
  const blocked = async (jobId: string): Promise<boolean> =>
    (await sqlRows(em(), `select 1 from test_effects e join tasks t on t.id = e.task_id where t.job_id = ?`, [jobId]))
      .length > 0;

  const calls = (jobId: string): Promise<HookCall[]> =>
    sqlRows<HookCall>(
      em(),
      'select hook, status, error, seen_status, payload from test_hook_calls where job_id = ? order by id',
      [jobId],
    );

  it('runs once when the last task succeeds, in the finishing transaction, with every result by key', async () => {
    const final = await run({
      action: 'test.hooked',
      subject: 's-1',
      input: { purpose: 'test' },
      tasks: [
        { key: 'a', action: 'test.record' },
        { key: 'b', action: 'test.record', dependsOn: ['a'], target: 'svc/b' },
      ],
    });
    expect(final.status).toBe(JobStatus.SUCCEEDED);
    const [call, ...more] = await calls(final.jobId);
    expect(more).toEqual([]);
    expect(call).toMatchObject({ hook: 'action', status: 'SUCCEEDED', error: null, seen_status: 'SUCCEEDED' });
    expect(call.payload).toMatchObject({
      id: final.jobId,
      action: 'test.hooked',
      subject: 's-1',
      input: { purpose: 'test' },
      instanceId: null,
      results: { a: { key: 'a' }, b: { key: 'b' } },
    });
    expect(call.payload.tasks).toEqual([
      { key: 'a', action: 'test.record', target: null, status: 'SUCCEEDED', error: null },
      { key: 'b', action: 'test.record', target: 'svc/b', status: 'SUCCEEDED', error: null },
    ]);
  });

  it('runs with FAILED and the error when a task fails; a predicate selects jobs too', async () => {
    const final = await run({
      action: 'test.other',
      subject: 'by-predicate',
      tasks: [
        { key: 'a', action: 'test.fail' },
        { key: 'b', action: 'test.record', dependsOn: ['a'] },
      ],
    });
    expect(final.status).toBe(JobStatus.FAILED);
    const [call, ...more] = await calls(final.jobId);
    expect(more).toEqual([]);
    expect(call).toMatchObject({ hook: 'predicate', status: 'FAILED', seen_status: 'FAILED' });
    expect(call.error).toContain('Task a failed: TEST_BROKEN');
    expect(call.payload.results).toEqual({});
    expect(call.payload.tasks.map((t) => `${t.key}:${t.status}`)).toEqual(['a:FAILED', 'b:CANCELLED']);
  });

  it('runs when the reaper gives up on a task whose worker died', async () => {
    const jobId = await em().transactional(async (tx) => {
      const job = await createJob(tx, hub, {
        action: 'test.hooked',
        tasks: [{ key: 'a', action: 'nobody.runs.this', maxAttempts: 1 }],
      });
      if (job instanceof JobEngineError) throw job;
      // what a worker that claimed the task and died leaves behind (in the creating transaction: no worker races it)
      await sqlRows(tx, `update jobs set status = 'RUNNING' where id = ?`, [job.id]);
      await sqlRows(
        tx,
        `update tasks set status = 'RUNNING', locked_by = 'dead/1', heartbeat_at = now() - interval '1 hour' where job_id = ?`,
        [job.id],
      );
      return job.id;
    });
    await new TaskReaper(orm, deps, { staleAfterMs: 1000, intervalMs: 60000 }).tick(); // (or the engine's reaper)
    const [call, ...more] = await waitFor('the hook call', async () => {
      const rows = await calls(jobId);
      return rows.length > 0 ? rows : undefined;
    });
    expect(more).toEqual([]);
    expect(call).toMatchObject({ hook: 'action', status: 'FAILED', seen_status: 'FAILED' });
    expect(call.error).toContain('worker dead/1 stopped responding');
  });

  it('cancelJob runs it with CANCELLED at once and aborts the running task promptly (NOTIFY, not the heartbeat)', async () => {
    const jobId = await plan({
      action: 'test.hooked',
      tasks: [
        { key: 'a', action: 'test.block' },
        { key: 'b', action: 'test.record', dependsOn: ['a'] },
      ],
    });
    await waitFor('task a to block', () => blocked(jobId));
    const cancelledAt = Date.now();
    const result = await em().transactional((tx) => cancelJob(tx, deps, jobId));
    expect(result).toEqual({ jobId, status: JobStatus.CANCELLED, cancelledTasks: ['b'], runningTasks: ['a'] });
    const [call] = await calls(jobId);
    expect(call).toMatchObject({ hook: 'action', status: 'CANCELLED', seen_status: 'CANCELLED' });
    expect(call.payload.tasks.map((t) => `${t.key}:${t.status}`)).toEqual(['a:RUNNING', 'b:CANCELLED']);

    const final = await waitForJobSettled(hub, jobId, 8000);
    expect(Date.now() - cancelledAt).toBeLessThan(5000); // the heartbeat (10 s) would be too late
    expect(final.tasks.map((t) => `${t.key}:${t.status}`)).toEqual(['a:CANCELLED', 'b:CANCELLED']);
    expect(final.finishedAt).not.toBeNull();
    expect(await calls(jobId)).toHaveLength(1); // the running task stopping later does not finish the job again
  });

  it('a throwing hook rolls the finish back and the completion is retried until it commits', async () => {
    const final = await run({ action: 'test.hook-flaky', tasks: [{ key: 'a', action: 'test.record' }] });
    expect(final.status).toBe(JobStatus.SUCCEEDED);
    expect(flakyFailures).toBe(3); // two throwing calls, then the one that committed
    const rows = await calls(final.jobId);
    expect(rows.map((r) => r.hook)).toEqual(['flaky']); // the rolled-back calls left nothing
    const task = await sqlRow<{ attempt: number; status: string }>(
      em(),
      'select attempt, status from tasks where job_id = ?',
      [final.jobId],
    );
    expect(task).toEqual({ attempt: 0, status: 'SUCCEEDED' }); // the task itself was not re-run
    const effects = await sqlRow<{ n: string }>(
      em(),
      `select count(*) as n from test_effects e join tasks t on t.id = e.task_id where t.job_id = ? and e.phase = 'start'`,
      [final.jobId],
    );
    expect(Number(effects?.n)).toBe(1);
  });

  it('cancelJob rejects and changes nothing when the hook throws', async () => {
    const jobId = await plan({
      action: 'test.cancel-throws',
      tasks: [
        { key: 'a', action: 'test.block' },
        { key: 'b', action: 'test.record', dependsOn: ['a'] },
      ],
    });
    await waitFor('task a to block', () => blocked(jobId));
    await expect(em().transactional((tx) => cancelJob(tx, deps, jobId))).rejects.toThrow('hook store unavailable');
    expect(await sqlRow(em(), 'select status, cancel_requested from jobs where id = ?', [jobId])).toEqual({
      status: 'RUNNING',
      cancel_requested: false,
    });
    expect(await sqlRows(em(), 'select key, status from tasks where job_id = ? order by key', [jobId])).toEqual([
      { key: 'a', status: 'RUNNING' },
      { key: 'b', status: 'PENDING' },
    ]);
    expect(await calls(jobId)).toEqual([]);
    // the second attempt commits
    expect(await em().transactional((tx) => cancelJob(tx, deps, jobId))).toMatchObject({ status: 'CANCELLED' });
    await waitForJobSettled(hub, jobId, 8000);
    expect((await calls(jobId)).map((c) => c.status)).toEqual(['CANCELLED']);
  });

  it('retryJob re-opens a FAILED job and the hook runs again when it finishes again', async () => {
    const first = await run({ action: 'test.hooked', tasks: [{ key: 'a', action: 'test.until-fixed' }] });
    expect(first.status).toBe(JobStatus.FAILED);
    await sqlRows(em(), 'insert into test_fixed (job_id) values (?)', [first.jobId]);
    const retried = await em().transactional((tx) => retryJob(tx, deps, first.jobId));
    expect(retried).toMatchObject({ status: JobStatus.RUNNING, retriedTasks: ['a'] });
    const second = await waitForJobSettled(hub, first.jobId);
    expect(second.status).toBe(JobStatus.SUCCEEDED);
    const rows = await calls(first.jobId);
    expect(rows.map((r) => `${r.status}/${r.seen_status}`)).toEqual(['FAILED/FAILED', 'SUCCEEDED/SUCCEEDED']);
    expect(rows[1].payload.results).toEqual({ a: { fixed: true } });
  });
});
