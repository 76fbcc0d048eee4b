/**
 * The job engine end to end in one process against real PostgreSQL and Redis: planning API,
 * dispatcher (LISTEN/NOTIFY), BullMQ on Redis AND on BullMQ's PostgreSQL backend, worker
 * runtime, after-commit job publication.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { JobStatus } from '../../src/entities/enums';
import { EventHub } from '../../src/events/event-hub';
import type { JobUpdate } from '../../src/events/event-topics';
import { MemoryPubSub } from '../../src/events/memory-pubsub';
import { sqlRow, sqlRows } from '../../src/data/sql';
import { JobEngineError } from '../../src/jobs/errors';
import type { JobEngine } from '../../src/jobs/job.engine';
import { cancelJob, createJob, retryJob } from '../../src/jobs/job.service';
import type { CreateJobInput } from '../../src/jobs/job.types';
import { JobHooks } from '../../src/jobs/job-hooks';
import type { JobDeps } from '../../src/jobs/job-transaction';
import { createMigratedOrm, TEST_REDIS_URL, uniquePrefix } from '../support/db';
import { waitFor } from '../support/wait-for';
import { createEffectsTable, createTestEngine, seedInstance, type Backend } from './fixtures/job-worker-support';
import { waitForJobSettled, waitForJobUpdate } from './fixtures/job-worker-waits';

jest.setTimeout(60000);

interface EffectRow {
  task_key: string;
  phase: string;
  at: Date;
}

describe.each<Backend>(['redis', 'postgres'])('job engine on %s', (backend) => {
  let ctx: Awaited<ReturnType<typeof createMigratedOrm>>;
  let orm: MikroORM;
  let hub: EventHub;
  let engine: JobEngine;
  let deps: JobDeps;
  const hooks = new JobHooks();

  beforeAll(async () => {
    ctx = await createMigratedOrm(`jobs_${backend}`);
    orm = ctx.orm;
    await createEffectsTable(orm.em.fork());
    hub = EventHub.attach(orm, new MemoryPubSub());
    deps = { events: hub, hooks };
    engine = createTestEngine({
      hooks,
      orm,
      events: hub,
      backend,
      databaseUrl: ctx.db.url,
      redisUrl: TEST_REDIS_URL,
      namespace: uniquePrefix(`jobs_${backend}`),
      workerId: `w-${backend}`,
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

  async function run(input: CreateJobInput): Promise<JobUpdate> {
    const job = await em().transactional((tx) => createJob(tx, hub, input));
    if (job instanceof JobEngineError) throw job;
    return waitForJobSettled(hub, job.id);
  }

  async function effects(jobId: string): Promise<EffectRow[]> {
    return sqlRows<EffectRow>(
      em(),
      `select e.task_key, e.phase, e.at from test_effects e join tasks t on t.id = e.task_id
      where t.job_id = ? order by e.id`,
      [jobId],
    );
  }

  const at = (rows: EffectRow[], key: string, phase: string): number => {
    const row = rows.find((r) => r.task_key === key && r.phase === phase);
    if (!row) throw new Error(`no ${phase} row for ${key}`);
    return new Date(row.at).getTime() + 0;
  };
  const statusOf = (u: JobUpdate, key: string) => u.tasks.find((t) => t.key === key)?.status;

  it('runs a diamond DAG in dependency order', async () => {
    const final = await run({
      action: 'test.diamond',
      tasks: [
        { key: 'a', action: 'test.record' },
        { key: 'b', action: 'test.record', dependsOn: ['a'] },
        { key: 'c', action: 'test.record', dependsOn: ['a'] },
        { key: 'd', action: 'test.record', dependsOn: ['b', 'c'] },
      ],
    });
    expect(final.status).toBe(JobStatus.SUCCEEDED);
    expect(final.progress).toBe(1);
    const rows = await effects(final.jobId);
    expect(rows.filter((r) => r.phase === 'start')).toHaveLength(4);
    expect(at(rows, 'b', 'start')).toBeGreaterThanOrEqual(at(rows, 'a', 'end'));
    expect(at(rows, 'c', 'start')).toBeGreaterThanOrEqual(at(rows, 'a', 'end'));
    expect(at(rows, 'd', 'start')).toBeGreaterThanOrEqual(Math.max(at(rows, 'b', 'end'), at(rows, 'c', 'end')));
    const ids = rows.map((r) => `${r.task_key}:${r.phase}`);
    expect(ids.indexOf('d:start')).toBeGreaterThan(Math.max(ids.indexOf('b:end'), ids.indexOf('c:end')));
  });

  it('lets a job succeed when a failure-allowed task fails', async () => {
    const final = await run({
      action: 'test.allowed',
      tasks: [
        { key: 'a', action: 'test.record' },
        { key: 'x', action: 'test.fail', dependsOn: ['a'], failureAllowed: true },
        { key: 'd', action: 'test.record', dependsOn: ['x'] },
      ],
    });
    expect(final.status).toBe(JobStatus.SUCCEEDED);
    expect(statusOf(final, 'x')).toBe(JobStatus.FAILED);
    expect(final.tasks.find((t) => t.key === 'x')?.error).toContain('TEST_BROKEN');
    expect(statusOf(final, 'd')).toBe(JobStatus.SUCCEEDED);
  });

  it('fails the job on a non-allowed failure, cancels what can no longer run and finishes independent work', async () => {
    const final = await run({
      action: 'test.failing',
      tasks: [
        { key: 'a', action: 'test.record' },
        { key: 'x', action: 'test.fail', dependsOn: ['a'] },
        { key: 'd', action: 'test.record', dependsOn: ['x'] },
        { key: 'e', action: 'test.record', dependsOn: ['d'] },
        { key: 'solo', action: 'test.record' },
      ],
    });
    expect(final.status).toBe(JobStatus.FAILED);
    expect(final.error).toContain('Task x failed');
    expect(statusOf(final, 'x')).toBe(JobStatus.FAILED);
    expect(statusOf(final, 'd')).toBe(JobStatus.CANCELLED);
    expect(statusOf(final, 'e')).toBe(JobStatus.CANCELLED);
    expect(statusOf(final, 'solo')).toBe(JobStatus.SUCCEEDED);
    expect((await effects(final.jobId)).some((r) => r.task_key === 'd')).toBe(false);
  });

  it('retries a retryable error with exponential backoff, then succeeds', async () => {
    const final = await run({
      action: 'test.flaky',
      tasks: [{ key: 'f', action: 'test.flaky', input: { failTimes: 2 }, maxAttempts: 3 }],
    });
    expect(final.status).toBe(JobStatus.SUCCEEDED);
    expect(final.tasks[0].attempt).toBe(2);
    const rows = await effects(final.jobId);
    expect(rows.map((r) => r.phase)).toEqual(['attempt-0', 'attempt-1', 'attempt-2']);
    // backoff base 50 ms: the second gap is at least the doubled delay
    expect(at(rows, 'f', 'attempt-1') - at(rows, 'f', 'attempt-0')).toBeGreaterThanOrEqual(50);
    expect(at(rows, 'f', 'attempt-2') - at(rows, 'f', 'attempt-1')).toBeGreaterThanOrEqual(100);
  });

  it('fails a task whose retries are exhausted', async () => {
    const final = await run({
      action: 'test.exhaust',
      tasks: [{ key: 'f', action: 'test.flaky', input: { failTimes: 9 }, maxAttempts: 2 }],
    });
    expect(final.status).toBe(JobStatus.FAILED);
    expect(final.tasks[0].attempt).toBe(2);
    expect((await effects(final.jobId)).map((r) => r.phase)).toEqual(['attempt-0', 'attempt-1']);
  });

  it('runs a task that re-schedules itself with a delay instead of waiting', async () => {
    const final = await run({
      action: 'test.wait',
      tasks: [{ key: 'w', action: 'test.wait', input: { polls: 3, delayMs: 150 } }],
    });
    expect(final.status).toBe(JobStatus.SUCCEEDED);
    const task = await sqlRow<{ reschedules: number; result: { polls: number }; attempt: number }>(
      em(),
      'select reschedules, result, attempt from tasks where job_id = ?',
      [final.jobId],
    );
    expect(task).toMatchObject({ reschedules: 2, result: { polls: 3 }, attempt: 0 });
    const rows = await effects(final.jobId);
    expect(rows.map((r) => r.phase)).toEqual(['poll-1', 'poll-2', 'poll-3']);
    expect(at(rows, 'w', 'poll-2') - at(rows, 'w', 'poll-1')).toBeGreaterThanOrEqual(150);
  });

  it('cancels a running job: pending tasks at once, the running one at its next checkpoint', async () => {
    const job = await em().transactional((tx) =>
      createJob(tx, hub, {
        action: 'test.cancel',
        tasks: [
          { key: 'slow', action: 'test.block' },
          { key: 'after', action: 'test.record', dependsOn: ['slow'] },
        ],
      }),
    );
    if (job instanceof JobEngineError) throw job;
    await waitFor('the blocking task to start', async () => (await effects(job.id)).some((r) => r.phase === 'blocked'));
    const result = await cancelJob(em(), deps, job.id);
    expect(result).toMatchObject({ status: JobStatus.CANCELLED, cancelledTasks: ['after'], runningTasks: ['slow'] });
    const final = await waitForJobSettled(hub, job.id);
    expect(final.status).toBe(JobStatus.CANCELLED);
    expect(statusOf(final, 'slow')).toBe(JobStatus.CANCELLED);
    expect(statusOf(final, 'after')).toBe(JobStatus.CANCELLED);
    const again = await cancelJob(em(), deps, job.id);
    expect(again).toBeInstanceOf(JobEngineError);
    expect((again as JobEngineError).code).toBe('ILLEGAL_JOB_TRANSITION');
  });

  it('retryJob after a failure re-runs the failed and cancelled tasks and completes the job', async () => {
    const job = await em().transactional((tx) =>
      createJob(tx, hub, {
        action: 'test.retry',
        tasks: [
          { key: 'a', action: 'test.record' },
          { key: 'f', action: 'test.flaky', input: { failTimes: 1 }, maxAttempts: 1, dependsOn: ['a'] },
          { key: 'z', action: 'test.record', dependsOn: ['f'] },
        ],
      }),
    );
    if (job instanceof JobEngineError) throw job;
    const failed = await waitForJobSettled(hub, job.id);
    expect(failed.status).toBe(JobStatus.FAILED);
    expect(statusOf(failed, 'z')).toBe(JobStatus.CANCELLED);
    const retried = await retryJob(em(), deps, job.id);
    expect(retried).toMatchObject({ status: JobStatus.RUNNING, retriedTasks: ['f', 'z'], enqueuedTasks: ['f'] });
    // test.flaky fails while attempt < failTimes (1). The retry reset the attempt to 0, so it fails once more —
    // proof that attempts are reset — and a second retry after the "driver is fixed" completes the job.
    const again = await waitForJobUpdate(hub, job.id, (u) => u.status !== JobStatus.RUNNING && u.finishedAt !== null);
    expect(again.status).toBe(JobStatus.FAILED);
    await sqlRows(em(), `update tasks set input = '{"failTimes": 0}'::jsonb where job_id = ? and key = 'f'`, [job.id]);
    expect(await retryJob(em(), deps, job.id)).toMatchObject({ status: JobStatus.RUNNING });
    const succeeded = await waitForJobUpdate(hub, job.id, (u) => u.status === JobStatus.SUCCEEDED);
    expect(succeeded.tasks.every((t) => t.status === JobStatus.SUCCEEDED)).toBe(true);
    const phases = (await effects(job.id)).map((r) => `${r.task_key}:${r.phase}`);
    expect(phases).toEqual(['a:start', 'a:end', 'f:attempt-0', 'f:attempt-0', 'f:attempt-0', 'z:start', 'z:end']);
  });

  it('enforces timeoutMs per execution and fails the task when every attempt timed out', async () => {
    const final = await run({
      action: 'test.timeout',
      tasks: [{ key: 'slow', action: 'test.block', timeoutMs: 200, maxAttempts: 2 }],
    });
    expect(final.status).toBe(JobStatus.FAILED);
    expect(final.tasks[0]).toMatchObject({ status: JobStatus.FAILED, attempt: 2 });
    expect(final.tasks[0].error).toContain('TASK_TIMEOUT');
    expect((await effects(final.jobId)).map((r) => r.phase)).toEqual(['blocked', 'blocked']);
  });

  it('records instance events for job status changes and task starts and ends', async () => {
    const instanceId = await seedInstance(em());
    const final = await run({ action: 'test.instance', instanceId, tasks: [{ key: 'a', action: 'test.effect' }] });
    expect(final.instanceId).toBe(instanceId);
    const rows = await sqlRows<{ seq: number; kind: string; status: string | null; progress: number | null }>(
      em(),
      'select seq, kind, status, progress from instance_events where instance_id = ? order by seq',
      [instanceId],
    );
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.map((r) => `${r.kind}:${r.status ?? ''}`)).toEqual([
      'job.status:RUNNING',
      'task.started:RUNNING',
      'test.effect:',
      'task.status:SUCCEEDED',
      'job.status:SUCCEEDED',
    ]);
    expect(rows[rows.length - 1].progress).toBe(1);
  });

  it('rejects a bad DAG with a typed error and writes nothing', async () => {
    const before = await sqlRow<{ n: string }>(em(), 'select count(*) as n from jobs');
    const cycle = await createJob(em(), hub, {
      action: 'test.bad',
      tasks: [
        { key: 'a', action: 'x', dependsOn: ['b'] },
        { key: 'b', action: 'x', dependsOn: ['a'] },
      ],
    });
    expect(cycle).toBeInstanceOf(JobEngineError);
    expect((cycle as JobEngineError).code).toBe('DEPENDENCY_CYCLE');
    const badOption = await createJob(em(), hub, {
      action: 'test.bad',
      tasks: [{ key: 'a', action: 'x', maxAttempts: 0 }],
    });
    expect((badOption as JobEngineError).code).toBe('INVALID_TASK_OPTION');
    expect(await sqlRow<{ n: string }>(em(), 'select count(*) as n from jobs')).toEqual(before);
    expect(await retryJob(em(), deps, '00000000-0000-4000-8000-000000000000')).toMatchObject({ code: 'JOB_NOT_FOUND' });
  });
});
