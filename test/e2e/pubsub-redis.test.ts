/**
 * Redis pub/sub: delivery semantics in one process, and an event published by a worker
 * process (after its transaction commits) received by a subscriber in this process.
 */
import type { MikroORM } from '@mikro-orm/core';
import { EventHub } from '../../src/events/event-hub';
import { topics, type InstanceEvent, type JobUpdate } from '../../src/events/event-topics';
import { MemoryPubSub } from '../../src/events/memory-pubsub';
import { RedisPubSub } from '../../src/events/redis-pubsub';
import { JobEngineError } from '../../src/jobs/errors';
import { createJob } from '../../src/jobs/job.service';
import { createMigratedOrm, TEST_REDIS_URL, uniquePrefix } from '../support/db';
import { spawnWorker, stopWorker, type WorkerProcess } from './fixtures/job-worker-process';
import { createEffectsTable, seedInstance } from './fixtures/job-worker-support';

jest.setTimeout(60000);

/** Resolves when `predicate` holds for the collected items; rejects at the deadline. */
function collectUntil<T>(
  what: string,
  items: T[],
  predicate: (items: T[]) => boolean,
  timeoutMs = 20000,
): { push(item: T): void; done: Promise<T[]> } {
  let resolveDone: (items: T[]) => void = () => undefined;
  let rejectDone: (err: Error) => void = () => undefined;
  const done = new Promise<T[]>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  const timer = setTimeout(
    () => rejectDone(new Error(`Timed out waiting for ${what}; got ${JSON.stringify(items)}`)),
    timeoutMs,
  );
  return {
    push(item: T) {
      items.push(item);
      if (predicate(items)) {
        clearTimeout(timer);
        resolveDone(items);
      }
    },
    done,
  };
}

describe('Redis pub/sub', () => {
  let a: RedisPubSub;
  let b: RedisPubSub;

  beforeAll(() => {
    const prefix = uniquePrefix('pubsub');
    a = new RedisPubSub({ url: TEST_REDIS_URL, prefix });
    b = new RedisPubSub({ url: TEST_REDIS_URL, prefix });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const update = (jobId: string, version: number): JobUpdate => ({
    jobId,
    version,
    action: 'x',
    status: 'RUNNING' as JobUpdate['status'],
    instanceId: null,
    subject: null,
    progress: 0.5,
    error: null,
    cancelRequested: false,
    startedAt: null,
    finishedAt: null,
    tasks: [],
  });

  it('delivers in publish order to every handler once the subscription resolved, and stops after unsubscribe', async () => {
    const first: number[] = [];
    const second = collectUntil<number>('three messages', [], (items) => items.length === 3);
    const offFirst = await b.subscribe(topics.job('j1'), (u) => first.push(u.version));
    await b.subscribe(topics.job('j1'), (u) => second.push(u.version));
    for (const v of [1, 2, 3]) await a.publish(topics.job('j1'), update('j1', v));
    expect(await second.done).toEqual([1, 2, 3]);
    expect(first).toEqual([1, 2, 3]);

    await offFirst();
    const sentinel = collectUntil<string>('the sentinel', [], (items) => items.length === 1);
    await b.subscribe(topics.user('u1'), (n) => sentinel.push(n.message));
    await a.publish(topics.job('j1'), update('j1', 4));
    await a.publish(topics.user('u1'), { userId: 'u1', kind: 'test', message: 'after' });
    expect(await sentinel.done).toEqual(['after']); // same publisher connection: j1/4 was delivered before this
    expect(first).toEqual([1, 2, 3]);
  });

  it('keeps topics apart and survives a throwing handler', async () => {
    const got = collectUntil<string>('two events', [], (items) => items.length === 2);
    await b.subscribe(topics.instance('i-throw'), () => {
      throw new Error('handler bug');
    });
    await b.subscribe(topics.instance('i-throw'), (e) => got.push(`i:${e.seq}`));
    await b.subscribe(topics.instance('other'), (e) => got.push(`other:${e.seq}`));
    const event = (instanceId: string, seq: number): InstanceEvent => ({
      instanceId,
      seq,
      jobId: null,
      taskId: null,
      kind: 'k',
      status: null,
      progress: null,
      message: null,
      createdAt: new Date().toISOString(),
    });
    await a.publish(topics.instance('i-throw'), event('i-throw', 1));
    await a.publish(topics.instance('other'), event('other', 7));
    expect(await got.done).toEqual(['i:1', 'other:7']);
  });
});

describe('pub/sub across processes', () => {
  let ctx: Awaited<ReturnType<typeof createMigratedOrm>>;
  let orm: MikroORM;
  let subscriber: RedisPubSub;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    ctx = await createMigratedOrm('pubsub_xproc');
    orm = ctx.orm;
    await createEffectsTable(orm.em.fork());
  });

  afterAll(async () => {
    await stopWorker(worker);
    await subscriber?.close();
    await ctx?.close();
  });

  it('receives instance events and job updates published by a worker process', async () => {
    const prefix = uniquePrefix('xproc-events');
    worker = spawnWorker('publisher', {
      DATABASE_URL: ctx.db.url,
      REDIS_URL: TEST_REDIS_URL,
      BACKEND: 'redis',
      NAMESPACE: uniquePrefix('xproc'),
      PUBSUB_PREFIX: prefix,
    });
    await worker.ready;
    // This process's hub publishes in-process only: whatever arrives over Redis was published by the worker process.
    const localOnly = EventHub.attach(orm, new MemoryPubSub());
    subscriber = new RedisPubSub({ url: TEST_REDIS_URL, prefix });
    const instanceId = await seedInstance(orm.em.fork());
    const events = collectUntil<InstanceEvent>('the job.status SUCCEEDED event', [], (items) =>
      items.some((e) => e.kind === 'job.status' && e.status === 'SUCCEEDED'),
    );
    await subscriber.subscribe(topics.instance(instanceId), (e) => events.push(e));

    const updates = collectUntil<JobUpdate>('a SUCCEEDED job update', [], (items) =>
      items.some((u) => u.status === 'SUCCEEDED'),
    );
    const job = await orm.em.fork().transactional(async (tx) => {
      const created = await createJob(tx, localOnly, {
        action: 'test.xproc',
        instanceId,
        tasks: [{ key: 'a', action: 'test.effect' }],
      });
      if (created instanceof JobEngineError) throw created;
      await subscriber.subscribe(topics.job(created.id), (u) => updates.push(u)); // before commit: no update can be missed
      return created;
    });

    const received = await events.done;
    expect(received.find((e) => e.kind === 'test.effect')).toMatchObject({
      instanceId,
      jobId: job.id,
      message: 'a by publisher',
    });
    // published after commit, in commit order: seq is strictly increasing
    const seqs = received.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const final = (await updates.done).find((u) => u.status === 'SUCCEEDED');
    expect(final).toMatchObject({ jobId: job.id, progress: 1, instanceId });
    expect(final?.tasks).toEqual([expect.objectContaining({ key: 'a', status: 'SUCCEEDED' })]);
  });
});
