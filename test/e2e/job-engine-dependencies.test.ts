/**
 * What the engine hands a task about its job, against real PostgreSQL and both queue backends:
 * the stored results of its upstream tasks (`ctx.upstream`), `task.started` instance events in
 * seq order, typed state errors from cancel/retry, and validation of concurrency caps.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { JobStatus } from '../../src/entities/enums';
import { EventHub } from '../../src/events/event-hub';
import type { JobUpdate } from '../../src/events/event-topics';
import { MemoryPubSub } from '../../src/events/memory-pubsub';
import { sqlRow, sqlRows } from '../../src/data/sql';
import { JobEngineError, JobStateError } from '../../src/jobs/errors';
import { JobHooks } from '../../src/jobs/job-hooks';
import type { JobEngine } from '../../src/jobs/job.engine';
import { cancelJob, createJob, retryJob } from '../../src/jobs/job.service';
import type { JobDeps } from '../../src/jobs/job-transaction';
import type { CreateJobInput } from '../../src/jobs/job.types';
import { createMigratedOrm, TEST_REDIS_URL, uniquePrefix } from '../support/db';
import { createEffectsTable, createTestEngine, seedInstance, type Backend } from './fixtures/job-worker-support';
import { waitForJobSettled } from './fixtures/job-worker-waits';

jest.setTimeout(60000);

describe.each<Backend>(['redis', 'postgres'])('job engine task context on %s', (backend) => {
  let ctx: Awaited<ReturnType<typeof createMigratedOrm>>;
  let orm: MikroORM;
  let hub: EventHub;
  let engine: JobEngine;
  let deps: JobDeps;

  beforeAll(async () => {
    ctx = await createMigratedOrm(`jobdeps_${backend}`);
    orm = ctx.orm;
    await createEffectsTable(orm.em.fork());
    hub = EventHub.attach(orm, new MemoryPubSub());
    deps = { events: hub, hooks: new JobHooks() };
    engine = createTestEngine({
      orm,
      events: hub,
      hooks: deps.hooks,
      backend,
      databaseUrl: ctx.db.url,
      redisUrl: TEST_REDIS_URL,
      namespace: uniquePrefix(`jobdeps_${backend}`),
      workerId: `d-${backend}`,
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

  const resultOf = async (jobId: string, key: string) =>
    (
      await sqlRow<{ result: Record<string, unknown> | null }>(
        em(),
        'select result from tasks where job_id = ? and key = ?',
        [jobId, key],
      )
    )?.result;

  it('lets a task read the results of its direct and transitive dependencies, large ones included', async () => {
    const final = await run({
      action: 'test.upstream',
      tasks: [
        { key: 'render', action: 'test.record' },
        { key: 'manifest', action: 'test.big', dependsOn: ['render'], input: { bytes: 100000 } },
        { key: 'skipped', action: 'test.fail', dependsOn: ['render'], failureAllowed: true },
        {
          key: 'apply',
          action: 'test.upstream',
          dependsOn: ['manifest', 'skipped'],
          input: { keys: ['render', 'manifest', 'skipped'] },
        },
      ],
    });
    expect(final.status).toBe(JobStatus.SUCCEEDED);
    const result = (await resultOf(final.jobId, 'apply')) as { seen: Record<string, Record<string, unknown> | null> };
    expect(result.seen.render).toEqual({ key: 'render' }); // transitive
    expect(String(result.seen.manifest?.manifest)).toHaveLength(100000); // direct, ~100 KB
    expect(result.seen.skipped).toBeNull(); // a failure-allowed dependency that failed
  });

  it('fails a task at once (no retry) when it asks for a task that is not upstream', async () => {
    const final = await run({
      action: 'test.not-upstream',
      tasks: [
        { key: 'a', action: 'test.record' },
        { key: 'sibling', action: 'test.record', dependsOn: ['a'] },
        { key: 'b', action: 'test.upstream', dependsOn: ['a'], input: { keys: ['sibling'] }, maxAttempts: 3 },
      ],
    });
    expect(final.status).toBe(JobStatus.FAILED);
    const b = final.tasks.find((t) => t.key === 'b');
    expect(b).toMatchObject({ status: JobStatus.FAILED, attempt: 1 });
    expect(b?.error).toBe('NOT_UPSTREAM: Task "b" does not depend on a task "sibling" (its upstream tasks: a)');
  });

  it('records task.started (naming key and target) after job.status RUNNING, seq consecutive', async () => {
    const instanceId = await seedInstance(em());
    const final = await run({
      action: 'test.started',
      instanceId,
      tasks: [
        { key: 'ns', action: 'test.record', target: 'Namespace/web' },
        { key: 'apply', action: 'test.record', dependsOn: ['ns'] },
      ],
    });
    expect(final.status).toBe(JobStatus.SUCCEEDED);
    const rows = await sqlRows<{ seq: number; kind: string; status: string | null; message: string | null }>(
      em(),
      'select seq, kind, status, message from instance_events where instance_id = ? order by seq',
      [instanceId],
    );
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.map((r) => `${r.kind}:${r.status}:${r.message}`)).toEqual([
      'job.status:RUNNING:test.started',
      'task.started:RUNNING:ns started (Namespace/web)',
      'task.status:SUCCEEDED:ns',
      'task.started:RUNNING:apply started',
      'task.status:SUCCEEDED:apply',
      'job.status:SUCCEEDED:test.started',
    ]);
  });

  it('returns JobStateError (from, action) for cancel or retry in the wrong state, and changes nothing', async () => {
    const final = await run({ action: 'test.state', tasks: [{ key: 'a', action: 'test.record' }] });
    const cancelled = await cancelJob(em(), deps, final.jobId);
    expect(cancelled).toBeInstanceOf(JobStateError);
    expect(cancelled).toMatchObject({ code: 'ILLEGAL_JOB_TRANSITION', from: JobStatus.SUCCEEDED, action: 'cancel' });
    const retried = await retryJob(em(), deps, final.jobId);
    expect(retried).toBeInstanceOf(JobStateError);
    expect(retried).toMatchObject({ from: JobStatus.SUCCEEDED, action: 'retry' });
    expect((retried as JobStateError).message).toBe('A SUCCEEDED job cannot be retried');
    expect(await sqlRow(em(), 'select status, cancel_requested from jobs where id = ?', [final.jobId])).toEqual({
      status: 'SUCCEEDED',
      cancel_requested: false,
    });
  });

  it('validates a concurrency cap and stores it', async () => {
    const before = await sqlRow<{ n: string }>(em(), 'select count(*) as n from jobs');
    for (const concurrency of [
      { key: '', limit: 1 },
      { key: 'k'.repeat(129), limit: 1 },
      { key: 'runtime:x', limit: -1 },
      { key: 'runtime:x', limit: 1.5 },
    ]) {
      const bad = await createJob(em(), hub, { action: 'test.cap', concurrency, tasks: [{ key: 'a', action: 'x' }] });
      expect(bad).toMatchObject({ code: 'INVALID_TASK_OPTION' });
    }
    expect(await sqlRow(em(), 'select count(*) as n from jobs')).toEqual(before);
    const final = await run({
      action: 'test.cap',
      concurrency: { key: 'runtime:unlimited', limit: 0 },
      tasks: [{ key: 'a', action: 'test.record' }],
    });
    expect(final.status).toBe(JobStatus.SUCCEEDED);
    expect(
      await sqlRow(em(), 'select concurrency_key, concurrency_limit from jobs where id = ?', [final.jobId]),
    ).toEqual({ concurrency_key: 'runtime:unlimited', concurrency_limit: 0 });
  });
});
