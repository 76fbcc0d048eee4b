/**
 * The instance service over GraphQL on real PostgreSQL, without workers: what each mutation
 * writes in its transaction (instance, lock, revision, job with tasks, event), the state table's
 * refusals, tenancy, and the settlement that the job-finished hook runs (called here in its own
 * transaction, as the engine's hook does).
 */
import { JobStatus, RuntimeEnvironment } from '../../src/entities/enums';
import { settleInstanceJob } from '../../src/services/instances/instance-settlement';
import type { GraphQLClient } from '../support/graphql-client';
import { startTestMarina, type TestMarina } from '../support/marina';
import { type Authed, developer, sql, tgzOf, uploadOk } from './catalog-support';
import { HELLO, uploadChart } from './lifecycle-support';
import { act, activeChart, deploy, INSTANCE_JOB, kubeRuntime } from './instances-support';

let t: TestMarina;
let admin: GraphQLClient;
let dev: Authed;
let other: Authed;
let chart: { appId: string; versionId: string };
let runtimeId: string;

beforeAll(async () => {
  t = await startTestMarina('instances_service');
  admin = await t.admin();
  dev = await developer(t);
  other = await developer(t, 'other');
  chart = await activeChart(dev, admin, 'svc-web');
  runtimeId = await kubeRuntime(t, dev);
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

const OUTCOME = {
  resources: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      namespace: 'default',
      ready: 1,
      desired: 1,
      health: 'HEALTHY',
      message: null,
    },
  ],
  nodes: [
    {
      role: 'Deployment/web',
      name: 'web-abc',
      providerId: 'uid-1',
      privateIp: '10.0.0.9',
      status: 'Running',
      health: 'HEALTHY',
    },
  ],
  endpoints: [{ kind: 'ClusterIP', name: 'web', address: '10.96.0.10', port: 80, protocol: 'TCP' }],
  removedValueKeys: ['old.key'],
  replicas: { 'Deployment/web': 1 },
  manifestDigest: 'abc123',
};

/** Finishes the instance's latest job as the engine's hook would see it. */
async function settle(instanceId: string, status: JobStatus, error: string | null = null): Promise<void> {
  const [job] = await sql<{ id: string; action: string }>(
    t,
    'select id, action from jobs where instance_id = $1 order by created_at desc limit 1',
    [instanceId],
  );
  await t.marina.orm.em.fork().transactional((tx) =>
    settleInstanceJob(tx, t.marina.services.platform.events, {
      id: job.id,
      action: job.action,
      status,
      error,
      instanceId,
      results: { record: status === JobStatus.SUCCEEDED ? OUTCOME : null },
    }),
  );
}

/** The first message of a subscription (rejects with its errors). */
async function firstMessage(
  client: GraphQLClient,
  query: string,
  variables: Record<string, unknown>,
): Promise<unknown> {
  const ws = client.ws();
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message within 10 s')), 10_000);
      ws.subscribe(
        { query, variables },
        {
          next: (msg) => {
            clearTimeout(timer);
            if (msg.errors?.length) reject(new Error(JSON.stringify(msg.errors)));
            else resolve(msg.data);
          },
          error: (err) => {
            clearTimeout(timer);
            reject(new Error(JSON.stringify(err)));
          },
          complete: () => undefined,
        },
      );
    });
  } finally {
    await ws.dispose();
  }
}

async function instance(client: GraphQLClient, id: string): Promise<Record<string, any>> {
  const data = await client.ok(
    `query($id: ID!) { instance(id: $id) { id name status transitionStatus revision config lastError endpoints replicas
      app { id } version { id } runtime { id }
      revisions { revision status action config removedValueKeys version { id } at }
      resources { kind name ready desired status health message } nodes { name role instanceId status health }
      jobs(first: 10) { totalCount edges { node { action status instance { id } } } } } }`,
    { id },
  );
  return data.instance;
}

describe('deployInstance', () => {
  it('creates the PENDING instance locked CREATING with revision 1, its job and an event, in one go', async () => {
    const r = await deploy(dev, { versionId: chart.versionId, runtimeId, name: 'web-1', config: { replicaCount: 2 } });
    expect(r).toMatchObject({
      __typename: 'InstanceJob',
      instance: {
        name: 'web-1',
        status: 'PENDING',
        transitionStatus: 'CREATING',
        revision: 1,
        config: { replicaCount: 2 },
      },
      job: { action: 'deploy', status: 'PENDING' },
    });
    expect(r.job.tasks.length).toBeGreaterThan(0);
    const got = await instance(dev, r.instance.id);
    expect(got.revisions).toEqual([
      expect.objectContaining({ revision: 1, status: 'pending', action: 'deploy', config: { replicaCount: 2 } }),
    ]);
    expect(got.jobs.edges.map((e: any) => e.node)).toEqual([
      { action: 'deploy', status: 'PENDING', instance: { id: r.instance.id } },
    ]);
    const [job] = await sql<{ input: Record<string, unknown> }>(t, 'select input from jobs where id = $1', [r.job.id]);
    expect(job.input).toMatchObject({
      action: 'deploy',
      instanceId: r.instance.id,
      runtimeId,
      namespace: 'default',
      releaseName: 'web-1',
      revision: 1,
      versionId: chart.versionId,
      overrides: { replicaCount: 2 },
    });
    const events = await sql(t, 'select seq, kind, status from instance_events where instance_id = $1 order by seq', [
      r.instance.id,
    ]);
    expect(events[0]).toMatchObject({ seq: 1, kind: 'instance.status', status: 'CREATING' });
  });

  it('refuses a second operation while the transition is set, changing nothing', async () => {
    const r = await deploy(dev, { versionId: chart.versionId, runtimeId, name: 'web-busy' });
    const before = await sql(t, 'select count(*)::int as n from jobs where instance_id = $1', [r.instance.id]);
    for (const mutation of ['stopInstance', 'deleteInstance', 'ceaseInstance'] as const) {
      expect(await act(dev, mutation, r.instance.id)).toMatchObject({
        __typename: 'InvalidStateError',
        from: 'CREATING',
        action: mutation.replace('Instance', ''),
      });
    }
    const upgraded = await dev.ok(
      `mutation($id: ID!, $v: ID!) { r: upgradeInstance(id: $id, versionId: $v, config: { a: 1 }) { ${INSTANCE_JOB} } }`,
      { id: r.instance.id, v: chart.versionId },
    );
    expect(upgraded.r).toMatchObject({ __typename: 'InvalidStateError', from: 'CREATING', action: 'upgrade' });
    expect(await sql(t, 'select count(*)::int as n from jobs where instance_id = $1', [r.instance.id])).toEqual(before);
    expect((await instance(dev, r.instance.id)).revisions).toHaveLength(1);
  });

  it('answers NameTakenError for a name the owner already uses, ValidationError for bad names and config', async () => {
    await deploy(dev, { versionId: chart.versionId, runtimeId, name: 'web-dup' });
    expect(await deploy(dev, { versionId: chart.versionId, runtimeId, name: 'web-dup' })).toMatchObject({
      __typename: 'NameTakenError',
    });
    for (const name of ['Web', 'web_1', 'x'.repeat(54), '-web'])
      expect(await deploy(dev, { versionId: chart.versionId, runtimeId, name })).toMatchObject({
        __typename: 'ValidationError',
      });
    expect(await deploy(dev, { versionId: chart.versionId, runtimeId, name: 'web-cfg', config: [1] })).toMatchObject({
      __typename: 'ValidationError',
    });
    expect(await sql(t, "select name from instances where name in ('Web', 'web-cfg')")).toEqual([]);
  });

  it("validates values against the chart's values.schema.json before writing; effectiveConfig merges defaults", async () => {
    const schema = { type: 'object', properties: { replicaCount: { type: 'integer', minimum: 1 } } };
    const tgz = tgzOf(HELLO, 'svc-schema', (files) => [
      ...files.map((f) =>
        f.path === 'Chart.yaml' ? { ...f, data: Buffer.from('apiVersion: v2\nname: svc-schema\nversion: 1.0.0\n') } : f,
      ),
      { path: 'values.schema.json', data: Buffer.from(JSON.stringify(schema)) },
    ]);
    const created = await uploadOk(
      dev,
      `mutation($input: CreateAppInput!) { createApp(input: $input) { ... on App { latestVersion { id } } } }`,
      { input: {} },
      [{ at: 'input.package', data: tgz }],
    );
    const versionId = created.createApp.latestVersion.id;
    const bad = await deploy(dev, { versionId, runtimeId, name: 'schema-bad', config: { replicaCount: 0 } });
    expect(bad).toMatchObject({ __typename: 'ValidationError', message: expect.stringContaining('replicaCount') });
    expect(await sql(t, "select id from instances where name = 'schema-bad'")).toEqual([]);
    const good = await deploy(dev, { versionId, runtimeId, name: 'schema-ok', config: { replicaCount: 2 } });
    const data = await dev.ok(`query($id: ID!) { instance(id: $id) { config effectiveConfig } }`, {
      id: good.instance.id,
    });
    expect(data.instance).toEqual({
      config: { replicaCount: 2 },
      effectiveConfig: { replicaCount: 2, image: { repository: 'nginx', tag: '1.27' }, service: { port: 80 } },
    });
  });

  it('deploys a DRAFT version only for its owners and only to TEST runtimes', async () => {
    const draft = await uploadChart(dev, 'svc-draft');
    expect(await deploy(dev, { versionId: draft.versionId, runtimeId, name: 'draft-1' })).toMatchObject({
      __typename: 'InstanceJob',
    });
    const prod = await kubeRuntime(t, dev, { environment: RuntimeEnvironment.PRODUCTION });
    expect(await deploy(dev, { versionId: draft.versionId, runtimeId: prod, name: 'draft-2' })).toMatchObject({
      __typename: 'ValidationError',
    });
    const theirs = await kubeRuntime(t, other);
    expect(
      await other.errorCode(`mutation($i: DeployInput!) { deployInstance(input: $i) { __typename } }`, {
        i: { versionId: draft.versionId, runtimeId: theirs, name: 'steal' },
      }),
    ).toBe('NOT_FOUND');
    // anyone deploys an ACTIVE version of the store to their own runtime, never to someone else's
    expect(await deploy(other, { versionId: chart.versionId, runtimeId: theirs, name: 'web-1' })).toMatchObject({
      __typename: 'InstanceJob',
    });
    expect(
      await other.errorCode(`mutation($i: DeployInput!) { deployInstance(input: $i) { __typename } }`, {
        i: { versionId: chart.versionId, runtimeId, name: 'intruder' },
      }),
    ).toBe('NOT_FOUND');
  });
});

describe('lifecycle through settlement', () => {
  it('deploy → ACTIVE, config-only upgrade fails → FAILED, rollback → ACTIVE, stop/start, delete, recover, cease', async () => {
    const r = await deploy(dev, { versionId: chart.versionId, runtimeId, name: 'life', config: { replicaCount: 1 } });
    const id = r.instance.id;
    await settle(id, JobStatus.SUCCEEDED);
    let got = await instance(dev, id);
    expect(got).toMatchObject({ status: 'ACTIVE', transitionStatus: null, lastError: null, revision: 1 });
    expect(got.resources).toEqual([
      { kind: 'Deployment', name: 'web', ready: 1, desired: 1, status: 'HEALTHY', health: 'HEALTHY', message: null },
    ]);
    expect(got.nodes).toEqual([
      { name: 'web-abc', role: 'Deployment/web', instanceId: 'uid-1', status: 'Running', health: 'HEALTHY' },
    ]);
    expect(got.endpoints).toEqual(OUTCOME.endpoints);
    expect(got.revisions[0]).toMatchObject({ status: 'deployed', removedValueKeys: ['old.key'] });

    const up = await dev.ok(
      `mutation($id: ID!, $v: ID!) { r: upgradeInstance(id: $id, versionId: $v, config: { replicaCount: 3 }) { ${INSTANCE_JOB} } }`,
      { id, v: chart.versionId },
    );
    expect(up.r).toMatchObject({
      instance: { transitionStatus: 'UPGRADING', revision: 2, config: { replicaCount: 3 } },
    });
    await settle(id, JobStatus.FAILED, 'Task wait failed: ImagePullBackOff on container web');
    got = await instance(dev, id);
    expect(got).toMatchObject({
      status: 'FAILED',
      transitionStatus: null,
      lastError: expect.stringContaining('ImagePullBackOff'),
    });
    expect(got.revisions.map((v: any) => v.status)).toEqual(['deployed', 'failed']);

    const back = await dev.ok(`mutation($id: ID!) { r: rollbackInstance(id: $id, revision: 1) { ${INSTANCE_JOB} } }`, {
      id,
    });
    expect(back.r).toMatchObject({
      instance: { transitionStatus: 'ROLLING_BACK', revision: 3, config: { replicaCount: 1 } },
    });
    await settle(id, JobStatus.SUCCEEDED);
    got = await instance(dev, id);
    expect(got).toMatchObject({ status: 'ACTIVE', lastError: null, revision: 3 });
    expect(got.revisions.map((v: any) => [v.revision, v.status, v.action])).toEqual([
      [1, 'superseded', 'deploy'],
      [2, 'failed', 'upgrade'],
      [3, 'deployed', 'rollback'],
    ]);

    expect(await act(dev, 'startInstance', id)).toMatchObject({ __typename: 'InvalidStateError', from: 'ACTIVE' });
    expect(await act(dev, 'stopInstance', id)).toMatchObject({
      instance: { transitionStatus: 'STOPPING', revision: 3 },
    });
    await settle(id, JobStatus.SUCCEEDED);
    expect(await instance(dev, id)).toMatchObject({ status: 'STOPPED', replicas: { 'Deployment/web': 1 } });
    expect(await act(dev, 'startInstance', id)).toMatchObject({ instance: { transitionStatus: 'STARTING' } });
    await settle(id, JobStatus.SUCCEEDED);
    expect(await act(dev, 'deleteInstance', id)).toMatchObject({ instance: { transitionStatus: 'DELETING' } });
    await settle(id, JobStatus.SUCCEEDED);
    expect(await instance(dev, id)).toMatchObject({ status: 'DELETED', revision: 3 });
    expect(await act(dev, 'recoverInstance', id)).toMatchObject({
      instance: { transitionStatus: 'RECOVERING', revision: 4 },
    });
    await settle(id, JobStatus.SUCCEEDED);
    expect(await instance(dev, id)).toMatchObject({ status: 'ACTIVE', revision: 4 });
    expect(await act(dev, 'ceaseInstance', id)).toMatchObject({ instance: { transitionStatus: 'CEASING' } });
    await settle(id, JobStatus.SUCCEEDED);
    got = await instance(dev, id);
    expect(got.status).toBe('CEASED');
    expect(got.jobs.totalCount).toBe(8);
    // a ceased instance frees its name
    expect(await deploy(dev, { versionId: chart.versionId, runtimeId, name: 'life' })).toMatchObject({
      __typename: 'InstanceJob',
    });
  });

  it('rollback needs an earlier revision; resize and scale are for VM instances', async () => {
    const r = await deploy(dev, { versionId: chart.versionId, runtimeId, name: 'single' });
    await settle(r.instance.id, JobStatus.SUCCEEDED);
    const back = await dev.ok(`mutation($id: ID!) { r: rollbackInstance(id: $id) { ${INSTANCE_JOB} } }`, {
      id: r.instance.id,
    });
    expect(back.r).toMatchObject({ __typename: 'ValidationError' });
    const resized = await dev.ok(
      `mutation($id: ID!) { r: resizeInstance(id: $id, roles: [{ role: "web", cpu: 2 }]) { ${INSTANCE_JOB} } }`,
      { id: r.instance.id },
    );
    expect(resized.r).toMatchObject({ __typename: 'ValidationError', message: expect.stringContaining('VM') });
    expect((await instance(dev, r.instance.id)).status).toBe('ACTIVE');
  });

  it('cancelJob settles the instance in the same transaction (hook); retryJob re-takes the lock', async () => {
    const r = await deploy(dev, { versionId: chart.versionId, runtimeId, name: 'cancel-me' });
    const cancelled = await dev.ok(
      `mutation($id: ID!) { cancelJob(id: $id) { status instance { status transitionStatus lastError } } }`,
      {
        id: r.job.id,
      },
    );
    expect(cancelled.cancelJob).toMatchObject({
      status: 'CANCELLED',
      instance: { status: 'FAILED', transitionStatus: null, lastError: expect.stringMatching(/cancel/i) },
    });
    expect((await instance(dev, r.instance.id)).revisions[0].status).toBe('failed');
    const retried = await dev.ok(
      `mutation($id: ID!) { retryJob(id: $id) { status instance { status transitionStatus } } }`,
      {
        id: r.job.id,
      },
    );
    expect(retried.retryJob).toMatchObject({
      status: 'RUNNING',
      instance: { status: 'FAILED', transitionStatus: 'CREATING' },
    });
    expect((await instance(dev, r.instance.id)).revisions[0].status).toBe('pending');
    expect(await dev.errorCode(`mutation($id: ID!) { retryJob(id: $id) { id } }`, { id: r.job.id })).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('an administrator resets a stuck transition: the job is cancelled and the instance settles FAILED', async () => {
    const r = await deploy(dev, { versionId: chart.versionId, runtimeId, name: 'stuck' });
    expect(
      await dev.errorCode(`mutation($id: ID!) { resetInstanceTransition(id: $id) { id } }`, { id: r.instance.id }),
    ).toBe('FORBIDDEN');
    const reset = await admin.ok(
      `mutation($id: ID!) { r: resetInstanceTransition(id: $id) { status transitionStatus lastError } }`,
      {
        id: r.instance.id,
      },
    );
    expect(reset.r).toMatchObject({
      status: 'FAILED',
      transitionStatus: null,
      lastError: expect.stringContaining('reset by admin'),
    });
    const [job] = await sql(t, 'select status from jobs where id = $1', [r.job.id]);
    expect(job.status).toBe('CANCELLED');
    expect((await instance(dev, r.instance.id)).revisions[0].status).toBe('failed');
  });
});

describe('deleteRuntime', () => {
  it('is refused while instances live; force ceases them through their jobs', async () => {
    const rt = await kubeRuntime(t, dev);
    const a = await deploy(dev, { versionId: chart.versionId, runtimeId: rt, name: 'rt-a' });
    const b = await deploy(dev, { versionId: chart.versionId, runtimeId: rt, name: 'rt-b' });
    const del = `mutation($id: ID!, $f: Boolean) { deleteRuntime(id: $id, force: $f) }`;
    expect(await dev.errorCode(del, { id: rt })).toBe('BAD_USER_INPUT');
    // a live instance in a transition cannot be ceased: refused, nothing changes
    await settle(a.instance.id, JobStatus.SUCCEEDED);
    expect(await dev.errorCode(del, { id: rt, f: true })).toBe('BAD_USER_INPUT');
    expect(await sql(t, 'select count(*)::int as n from jobs where instance_id = $1', [a.instance.id])).toEqual([
      { n: 1 },
    ]);
    await settle(b.instance.id, JobStatus.FAILED, 'boom');
    expect(await dev.ok(del, { id: rt, f: true })).toEqual({ deleteRuntime: true });
    for (const id of [a.instance.id, b.instance.id])
      expect(await instance(dev, id)).toMatchObject({ transitionStatus: 'CEASING' });
    expect(await sql(t, 'select status from runtimes where id = $1', [rt])).toEqual([{ status: 'deleted' }]);
  });
});

describe('tenancy', () => {
  it("another workspace's user can neither see nor change the instance", async () => {
    const r = await deploy(dev, { versionId: chart.versionId, runtimeId, name: 'private' });
    const id = r.instance.id;
    expect(await other.errorCode(`query($id: ID!) { instance(id: $id) { id } }`, { id })).toBe('NOT_FOUND');
    for (const m of ['stopInstance', 'deleteInstance', 'ceaseInstance', 'recoverInstance'])
      expect(await other.errorCode(`mutation($id: ID!) { ${m}(id: $id) { __typename } }`, { id })).toBe('NOT_FOUND');
    expect(
      await other.errorCode(
        `query($id: ID!, $v: ID!) { previewInstanceUpgrade(id: $id, versionId: $v) { __typename } }`,
        {
          id,
          v: chart.versionId,
        },
      ),
    ).toBe('NOT_FOUND');
    expect(await other.errorCode(`mutation($id: ID!) { cancelJob(id: $id) { id } }`, { id: r.job.id })).toBe(
      'NOT_FOUND',
    );
    for (const [query, variables] of [
      [`subscription($id: ID!) { instanceEvents(instanceId: $id, sinceSeq: 0) { seq } }`, { id }],
      [`subscription($id: ID!) { jobUpdated(jobId: $id) { id } }`, { id: r.job.id }],
    ] as const)
      await expect(firstMessage(other, query, variables)).rejects.toThrow(/not found/i);
    // the owner's subscription replays the instance's log from seq 1
    expect(
      await firstMessage(dev, `subscription($id: ID!) { instanceEvents(instanceId: $id, sinceSeq: 0) { seq kind } }`, {
        id,
      }),
    ).toEqual({ instanceEvents: { seq: 1, kind: 'instance.status' } });
    const list = await other.ok(`{ instances(first: 100) { edges { node { id } } } }`);
    expect(list.instances.edges.map((e: any) => e.node.id)).not.toContain(id);
    const mine = await dev.ok(`{ instances(first: 100, status: [PENDING]) { edges { node { id } } } }`);
    expect(mine.instances.edges.map((e: any) => e.node.id)).toContain(id);
  });
});
