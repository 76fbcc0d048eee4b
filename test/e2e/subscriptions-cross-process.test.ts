import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { createJob } from '../../src/jobs/job.service';
import { isJobEngineError } from '../../src/jobs/errors';
import { TEST_REDIS_URL } from '../support/db';
import { startTestMarina, type TestMarina } from '../support/marina';
import { createEffectsTable } from './fixtures/job-worker-support';
import { spawnWorker, stopWorker, type WorkerProcess } from './fixtures/job-worker-process';

/**
 * Production profile across processes: the API (this test process, `marina serve` role) takes
 * GraphQL subscriptions; a separate worker process runs the tasks and publishes over Redis.
 */
const prefix = `marina-xproc-${randomBytes(4).toString('hex')}`;
let t: TestMarina;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  t = await startTestMarina('xproc', { env: { MARINA_QUEUE_PREFIX: prefix } });
  await createEffectsTable(t.marina.orm.em.fork());
  worker = spawnWorker('worker-2', {
    DATABASE_URL: t.db.url,
    REDIS_URL: TEST_REDIS_URL,
    BACKEND: 'redis',
    NAMESPACE: prefix,
    PUBSUB_PREFIX: prefix,
  });
  await worker.ready;
}, 60_000);

afterAll(async () => {
  await stopWorker(worker);
  await t?.stop();
});

/** Collects a subscription's payloads until `until` holds (or fails after the deadline). */
function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  until: (items: T[]) => boolean,
  timeoutMs = 20_000,
): Promise<T[]> {
  const items: T[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      dispose();
      reject(new Error(`subscription did not complete in ${timeoutMs} ms; got ${JSON.stringify(items)}`));
    }, timeoutMs);
    const dispose = client.subscribe<Record<string, T>>(
      { query, variables },
      {
        next: (msg) => {
          if (msg.errors?.length) {
            clearTimeout(timer);
            dispose();
            reject(Object.assign(new Error(JSON.stringify(msg.errors)), { errors: msg.errors }));
            return;
          }
          items.push(Object.values(msg.data ?? {})[0] as T);
          if (until(items)) {
            clearTimeout(timer);
            dispose();
            resolve(items);
          }
        },
        error: (err) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
        },
        complete: () => {
          clearTimeout(timer);
          resolve(items);
        },
      },
    );
  });
}

async function workspaceOf(user: Awaited<ReturnType<TestMarina['newUser']>>): Promise<string> {
  return (await user.ok(`{ me { workspace { id } } }`)).me.workspace.id;
}

describe('subscriptions across processes (production profile)', () => {
  it('jobUpdated on the API process follows a job run by another worker process', async () => {
    const user = await t.newUser('owner');
    const ws = await workspaceOf(user);
    const job = await createJob(t.marina.orm.em.fork(), t.marina.services.platform.events, {
      action: 'test.pipeline',
      ownerId: user.userId,
      workspaceId: ws,
      tasks: [
        { key: 'first', action: 'test.record' },
        { key: 'second', action: 'test.wait', dependsOn: ['first'], input: { polls: 3, delayMs: 400 } },
      ],
    });
    if (isJobEngineError(job)) throw job;

    const client = user.ws();
    try {
      const updates = await collect<{
        status: string;
        progress: number;
        tasks: { action: string; status: string; dependsOn: string[] }[];
      }>(
        client,
        `subscription($id:ID!){ jobUpdated(jobId:$id){ status progress tasks { id action status dependsOn } } }`,
        { id: job.id },
        (items) => items.some((u) => u.status === 'SUCCEEDED'),
      );
      const last = updates.at(-1)!;
      expect(last.status).toBe('SUCCEEDED');
      expect(last.progress).toBe(1);
      expect(last.tasks.map((x) => x.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
      // the job runs for over a second, so the first snapshot is not final: later ones came live from worker-2
      expect(updates[0].status).not.toBe('SUCCEEDED');
      expect(updates.length).toBeGreaterThan(1);
    } finally {
      await client.dispose();
    }

    // every applied transition was audited in the same transaction as the change
    const audit = await t.marina.orm.em
      .fork()
      .getConnection()
      .execute<{ task_key: string | null; action: string; to_status: string }[]>(
        'select task_key, action, to_status from job_transitions where job_id = ? order by id',
        [job.id],
      );
    expect(audit.filter((a) => a.task_key === 'first').map((a) => `${a.action}->${a.to_status}`)).toEqual([
      'claim->RUNNING',
      'succeed->SUCCEEDED',
    ]);
    expect(audit.filter((a) => a.task_key === null).map((a) => `${a.action}->${a.to_status}`)).toEqual([
      'start->RUNNING',
      'succeed->SUCCEEDED',
    ]);

    const viaQuery = await user.ok(`query($id:ID!){ job(id:$id){ status tasks { key logs } } }`, { id: job.id });
    expect(viaQuery.job.status).toBe('SUCCEEDED');

    const stranger = await t.newUser('stranger');
    expect(await stranger.errorCode(`query($id:ID!){ job(id:$id){ id } }`, { id: job.id })).toBe('NOT_FOUND');
    expect(await stranger.errorCode(`mutation($id:ID!){ cancelJob(id:$id){ id } }`, { id: job.id })).toBe('NOT_FOUND');
    const strangerWs = stranger.ws();
    try {
      await expect(
        collect(
          strangerWs,
          `subscription($id:ID!){ jobUpdated(jobId:$id){ status } }`,
          { id: job.id },
          () => true,
          5000,
        ),
      ).rejects.toThrow(/NOT_FOUND|not found/);
    } finally {
      await strangerWs.dispose();
    }
  }, 60_000);

  it('instanceEvents replays stored events from sinceSeq, then delivers live events from the worker process', async () => {
    const user = await t.newUser('ops');
    const ws = await workspaceOf(user);
    const instanceId = await insertInstance(t, user.userId, ws);
    const first = await createJob(t.marina.orm.em.fork(), t.marina.services.platform.events, {
      action: 'test.events',
      instanceId,
      ownerId: user.userId,
      workspaceId: ws,
      tasks: [{ key: 'e1', action: 'test.effect' }],
    });
    if (isJobEngineError(first)) throw first;
    await waitJob(user, first.id);

    const client = user.ws();
    const dashboard = user.ws();
    const outsider = (await t.newUser('outsider')).ws();
    try {
      const everything = collect<{ instanceId: string; message: string }>(
        dashboard,
        `subscription{ myInstanceEvents { instanceId seq kind message } }`,
        {},
        (items) => items.some((e) => e.message?.startsWith('e3 by ')),
      );
      const nothing: { instanceId: string }[] = [];
      const stopOutsider = outsider.subscribe<{ myInstanceEvents: { instanceId: string } }>(
        { query: `subscription{ myInstanceEvents { instanceId } }` },
        {
          next: (m) => m.data && nothing.push(m.data.myInstanceEvents),
          error: () => undefined,
          complete: () => undefined,
        },
      );
      const pending = collect<{ seq: number; kind: string; message: string }>(
        client,
        `subscription($id:ID!){ instanceEvents(instanceId:$id, sinceSeq:0){ seq kind message jobId } }`,
        { id: instanceId },
        (items) => items.some((e) => e.message?.startsWith('e2 by ')),
      );
      const second = await createJob(t.marina.orm.em.fork(), t.marina.services.platform.events, {
        action: 'test.events',
        instanceId,
        ownerId: user.userId,
        workspaceId: ws,
        tasks: [{ key: 'e2', action: 'test.effect' }],
      });
      if (isJobEngineError(second)) throw second;
      const events = await pending;
      const seqs = events.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs[0]).toBe(1);
      expect(events.some((e) => e.message === 'e1 by worker-2')).toBe(true);
      expect(events.some((e) => e.message === 'e2 by worker-2')).toBe(true);
      // myInstanceEvents is live-only: by now (job e2 ran after it was opened) the dashboard is
      // subscribed, so every event of a third job must reach it
      const third = await createJob(t.marina.orm.em.fork(), t.marina.services.platform.events, {
        action: 'test.events',
        instanceId,
        ownerId: user.userId,
        workspaceId: ws,
        tasks: [{ key: 'e3', action: 'test.effect' }],
      });
      if (isJobEngineError(third)) throw third;
      const live = await everything;
      expect(live.some((e) => e.message === 'e3 by worker-2')).toBe(true);
      expect(live.every((e) => e.instanceId === instanceId)).toBe(true);
      expect(nothing).toEqual([]); // an outsider's dashboard never sees this workspace's events
      stopOutsider();
    } finally {
      await client.dispose();
      await dashboard.dispose();
      await outsider.dispose();
    }

    const stranger = await t.newUser('peeker');
    const strangerWs = stranger.ws();
    try {
      await expect(
        collect(
          strangerWs,
          `subscription($id:ID!){ instanceEvents(instanceId:$id){ seq } }`,
          { id: instanceId },
          () => true,
          5000,
        ),
      ).rejects.toThrow(/NOT_FOUND|not found/);
    } finally {
      await strangerWs.dispose();
    }
  }, 60_000);
});

async function waitJob(user: Awaited<ReturnType<TestMarina['newUser']>>, jobId: string): Promise<void> {
  const client = user.ws();
  try {
    await collect<{ status: string }>(
      client,
      `subscription($id:ID!){ jobUpdated(jobId:$id){ status } }`,
      { id: jobId },
      (items) => items.some((u) => ['SUCCEEDED', 'FAILED'].includes(u.status)),
    );
  } finally {
    await client.dispose();
  }
}

/** Minimal app/version/runtime/instance rows in the user's workspace (instances have no API yet). */
async function insertInstance(tm: TestMarina, userId: string, ws: string): Promise<string> {
  const conn = tm.marina.orm.em.fork().getConnection();
  const [cred, runtime, app, version, instance] = Array.from({ length: 5 }, () => randomUUID());
  await conn.execute(
    "insert into runtime_credentials (id, owner_id, workspace_id, name, provider, secret_ciphertext) values (?, ?, ?, ?, 'KUBERNETES', 'x')",
    [cred, userId, ws, `c-${cred.slice(0, 6)}`],
  );
  await conn.execute(
    "insert into runtimes (id, owner_id, workspace_id, name, provider, credential_id) values (?, ?, ?, ?, 'KUBERNETES', ?)",
    [runtime, userId, ws, `r-${runtime.slice(0, 6)}`, cred],
  );
  await conn.execute("insert into apps (id, owner_id, workspace_id, name, type) values (?, ?, ?, ?, 'HELM')", [
    app,
    userId,
    ws,
    `app-${app.slice(0, 6)}`,
  ]);
  await conn.execute(
    "insert into app_versions (id, owner_id, workspace_id, app_id, name, type) values (?, ?, ?, ?, '1.0.0', 'HELM')",
    [version, userId, ws, app],
  );
  await conn.execute(
    'insert into instances (id, owner_id, workspace_id, name, app_id, version_id, runtime_id) values (?, ?, ?, ?, ?, ?, ?)',
    [instance, userId, ws, `i-${instance.slice(0, 6)}`, app, version, runtime],
  );
  return instance;
}
