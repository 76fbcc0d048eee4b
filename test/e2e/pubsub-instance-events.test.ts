/**
 * The instance event log and its live streams: `seq` allocation in the caller's transaction,
 * publication after commit only, and `subscribeInstanceEvents` = stored history then live,
 * without gaps or duplicates — on the in-process and on the Redis pub/sub.
 */
import type { MikroORM } from '@mikro-orm/core';
import { JobStatus } from '../../src/entities/enums';
import { EventHub } from '../../src/events/event-hub';
import type { InstanceEvent } from '../../src/events/event-topics';
import { appendInstanceEvent } from '../../src/data/events/instance-event.log';
import { InstanceEventError, recordInstanceEvent } from '../../src/events/instance-events';
import { MemoryPubSub } from '../../src/events/memory-pubsub';
import type { PubSub } from '../../src/events/pubsub';
import { RedisPubSub } from '../../src/events/redis-pubsub';
import { sqlRows } from '../../src/data/sql';
import { JobEngineError } from '../../src/jobs/errors';
import { cancelJob, createJob } from '../../src/jobs/job.service';
import { JobHooks } from '../../src/jobs/job-hooks';
import { createMigratedOrm, TEST_REDIS_URL, uniquePrefix } from '../support/db';
import { seedInstance } from './fixtures/job-worker-support';

jest.setTimeout(60000);

/** Reads from `stream` until an item has seq `lastSeq`; fails at the deadline. */
async function takeUntilSeq(
  stream: AsyncIterableIterator<InstanceEvent>,
  lastSeq: number,
  timeoutMs = 15000,
): Promise<number[]> {
  const seqs: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out waiting for seq ${lastSeq}; got ${seqs.join(',')}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      deadline,
      (async () => {
        for (;;) {
          const next = await stream.next();
          if (next.done) throw new Error(`stream ended after ${seqs.join(',')}`);
          seqs.push(next.value.seq);
          if (next.value.seq >= lastSeq) return seqs;
        }
      })(),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(['memory', 'redis'] as const)('instance events over %s pub/sub', (kind) => {
  let ctx: Awaited<ReturnType<typeof createMigratedOrm>>;
  let orm: MikroORM;
  let pubsub: PubSub;
  let hub: EventHub;

  beforeAll(async () => {
    ctx = await createMigratedOrm(`events_${kind}`);
    orm = ctx.orm;
    pubsub =
      kind === 'memory' ? new MemoryPubSub() : new RedisPubSub({ url: TEST_REDIS_URL, prefix: uniquePrefix('events') });
    hub = EventHub.attach(orm, pubsub);
  });

  afterAll(async () => {
    await hub?.detach();
    await pubsub?.close();
    await ctx?.close();
  });

  async function record(instanceId: string, count: number, label: string): Promise<void> {
    await orm.em.fork().transactional(async (tx) => {
      for (let i = 0; i < count; i++) {
        const written = await recordInstanceEvent(tx, hub, instanceId, { kind: 'test', message: `${label}-${i}` });
        if (written instanceof InstanceEventError) throw written;
      }
    });
  }

  it('replays stored events after sinceSeq, then goes live without gaps or duplicates under concurrent writers', async () => {
    const instanceId = await seedInstance(orm.em.fork());
    await record(instanceId, 5, 'before');
    const stream = await hub.subscribeInstanceEvents(instanceId, 2);
    const writers = Promise.all(range(1, 6).map((w) => record(instanceId, 5, `w${w}`)));
    const seqs = await takeUntilSeq(stream, 35);
    await writers;
    expect(seqs).toEqual(range(3, 35));
    await stream.return?.();
    const stored = await sqlRows<{ seq: number }>(
      orm.em.fork(),
      'select seq from instance_events where instance_id = ? order by seq',
      [instanceId],
    );
    expect(stored.map((r) => r.seq)).toEqual(range(1, 35));
  });

  it('fills a gap from the log when a committed event was never published', async () => {
    const instanceId = await seedInstance(orm.em.fork());
    await record(instanceId, 1, 'first');
    const stream = await hub.subscribeInstanceEvents(instanceId, 0);
    expect(await takeUntilSeq(stream, 1)).toEqual([1]); // the replay has run: seq 2 can only come through gap-filling
    // seq 2 is committed without publication (as if the publishing process died right after commit)
    await orm.em.fork().transactional((tx) => appendInstanceEvent(tx, instanceId, { kind: 'unpublished' }));
    await record(instanceId, 1, 'third');
    expect(await takeUntilSeq(stream, 3)).toEqual([2, 3]);
    await stream.return?.();
  });

  it('publishes only after the root transaction commits, and never a rolled-back savepoint', async () => {
    const instanceId = await seedInstance(orm.em.fork());
    const stream = await hub.subscribeInstanceEvents(instanceId, 0);
    const seen: string[] = [];
    const off = await pubsub.subscribe(`instance.${instanceId}`, (e) => seen.push(`${e.seq}:${e.message}`));
    await orm.em.fork().transactional(async (tx) => {
      await expect(
        tx.transactional(async (nested) => {
          await recordInstanceEvent(nested, hub, instanceId, { kind: 'test', message: 'rolled-back' });
          throw new Error('abort the savepoint');
        }),
      ).rejects.toThrow('abort the savepoint');
      await recordInstanceEvent(tx, hub, instanceId, { kind: 'test', message: 'kept' });
      expect(seen).toEqual([]); // nothing is published before commit
    });
    const first = await stream.next();
    expect(first.value).toMatchObject({ seq: 1, message: 'kept' });
    expect(seen).toEqual(['1:kept']);
    await off();
    await stream.return?.();
  });

  it('ends a waiting stream at once on return()', async () => {
    const instanceId = await seedInstance(orm.em.fork());
    const stream = await hub.subscribeInstanceEvents(instanceId, 0);
    const pending = stream.next();
    await stream.return?.();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
  });

  it('rejects bad events with typed errors and writes nothing', async () => {
    const instanceId = await seedInstance(orm.em.fork());
    const missing = await recordInstanceEvent(orm.em.fork(), hub, '00000000-0000-4000-8000-000000000000', {
      kind: 'x',
    });
    expect(missing).toMatchObject({ code: 'INSTANCE_NOT_FOUND' });
    const invalid = await recordInstanceEvent(orm.em.fork(), hub, instanceId, { kind: 'x', progress: 2 });
    expect(invalid).toMatchObject({ code: 'INVALID_EVENT' });
    const rows = await sqlRows<{ event_seq: number }>(orm.em.fork(), 'select event_seq from instances where id = ?', [
      instanceId,
    ]);
    expect(rows[0].event_seq).toBe(0);
  });

  it('streams a job as snapshot, then newer snapshots as it changes', async () => {
    const job = await createJob(orm.em.fork(), hub, {
      action: 'test.stream',
      tasks: [{ key: 'a', action: 'nobody.runs.this' }],
    });
    if (job instanceof JobEngineError) throw job;
    const stream = await hub.subscribeJob(job.id);
    const snapshot = await stream.next();
    expect(snapshot.value).toMatchObject({ jobId: job.id, status: JobStatus.PENDING, progress: 0 });
    expect(await cancelJob(orm.em.fork(), { events: hub, hooks: new JobHooks() }, job.id)).toMatchObject({
      status: JobStatus.CANCELLED,
    });
    const live = await stream.next();
    expect(live.value).toMatchObject({
      jobId: job.id,
      status: JobStatus.CANCELLED,
      progress: 1,
      cancelRequested: true,
    });
    expect(live.value.version).toBeGreaterThan(snapshot.value.version);
    expect(live.value.finishedAt).not.toBeNull();
    await stream.return?.();
  });
});
