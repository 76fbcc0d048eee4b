import { randomUUID } from 'node:crypto';
import { startCloudSandbox, type RunningCloudSandbox } from '@marina/cloud-sandbox';
import { createIaasClient, type IaasClient, type IaasProvider } from '../../src/drivers/iaas';
import { App } from '../../src/entities/app.entity';
import { AppVersion } from '../../src/entities/app-version.entity';
import { AppType, InstanceStatus, JobStatus, Provider } from '../../src/entities/enums';
import { Instance } from '../../src/entities/instance.entity';
import { InstanceNode } from '../../src/entities/instance-node.entity';
import { Job } from '../../src/entities/job.entity';
import { Runtime } from '../../src/entities/runtime.entity';
import { Task } from '../../src/entities/task.entity';
import type { GraphQLClient } from '../support/graphql-client';
import { startTestMarina, type TestMarina } from '../support/marina';
import { waitFor } from '../support/wait-for';
import { kubeRuntime } from './instances-support';

/**
 * Orphaned tagged cloud resources over GraphQL → worker → the real IaaS adapter → the cloud
 * sandbox: resources made with the real SDK that Marina does not track are listed with why, and
 * removed (VMs terminated, volumes detached and deleted) while every tracked one is left alone.
 */
jest.setTimeout(120_000);

const PROVIDER: Record<'aws' | 'qingcloud', IaasProvider> = { aws: 'AWS', qingcloud: 'QINGCLOUD' };
const LIST = `query($r: ID!) { orphanedCloudResources(runtimeId: $r) {
  id kind name state zone instanceTag taskTag reason message attachedTo sizeGiB } }`;
const REMOVE = `mutation($r: ID!, $ids: [String!]) { removeOrphanedCloudResources(runtimeId: $r, ids: $ids) {
  removed { id kind reason } skipped { id message } } }`;

describe.each(['aws', 'qingcloud'] as const)('orphaned cloud resources on the %s sandbox', (cloud) => {
  let sandbox: RunningCloudSandbox;
  let t: TestMarina;
  let user: GraphQLClient & { userId: string };
  let admin: GraphQLClient;
  let client: IaasClient;
  let runtimeId: string;
  /** Cloud ids by what they stand for. */
  const ids: Record<string, string> = {};
  const marina = {
    ghost: randomUUID(),
    goneFrontgate: randomUUID(),
    frontgate: '',
    ceased: '',
    live: '',
    busy: '',
    other: '',
    finishedTask: '',
  };

  const run = async (
    label: string,
    instanceTag: string,
    task = `task-${label}`,
    extra: Record<string, string> = {},
  ) => {
    const node = await client.runInstance({
      token: `tok-${label}-${randomUUID()}`,
      name: `orphans-${label}`,
      zone: sandbox.info.zone,
      imageId: 'img-orphans',
      cpu: 1,
      memoryMiB: 1024,
      subnetId: sandbox.info.subnetId,
      tags: { 'marina:instance': instanceTag, 'marina:task': task, ...extra },
    });
    ids[label] = node.id;
    return node.id;
  };
  const volume = async (label: string, instanceTag: string) => {
    const v = await client.createVolume({
      token: `tok-${label}-${randomUUID()}`,
      name: `orphans-${label}`,
      zone: sandbox.info.zone,
      sizeGiB: 10,
      tags: { 'marina:instance': instanceTag, 'marina:task': `task-${label}` },
    });
    ids[label] = v.id;
    return v.id;
  };
  const nodeState = async (id: string) => (await client.describeInstances({ ids: [id] }))[0]?.state ?? 'ABSENT';
  const volumeState = async (id: string) => (await client.describeVolumes({ ids: [id] }))[0]?.state ?? 'ABSENT';

  /** Instance rows (app, version, jobs, nodes) as deploys would have left them. */
  async function seedMarina(): Promise<void> {
    const em = t.marina.orm.em.fork();
    const runtime = await em.findOneOrFail(Runtime, runtimeId);
    const owner = runtime.owner;
    const workspace = runtime.workspace;
    const app = em.create(App, { owner, workspace, name: `vm-app-${cloud}`, type: AppType.VM });
    const version = em.create(AppVersion, { app, name: '1.0.0', type: AppType.VM, owner, workspace } as never);
    const otherRuntime = em.create(Runtime, {
      owner,
      workspace,
      name: `other-${cloud}`,
      provider: runtime.provider,
      credential: runtime.credential,
      zone: runtime.zone,
      region: runtime.region,
    });
    const instance = (name: string, status: InstanceStatus, on: Runtime = runtime) =>
      em.create(Instance, { owner, workspace, name, app, version, runtime: on, status });
    const ceased = instance('ceased', InstanceStatus.CEASED);
    const live = instance('live', InstanceStatus.ACTIVE);
    const busy = instance('busy', InstanceStatus.ACTIVE);
    const other = instance('other', InstanceStatus.ACTIVE, otherRuntime);
    const finished = em.create(Job, { action: 'deploy', instance: live, status: JobStatus.SUCCEEDED });
    const finishedTask = em.create(Task, { job: finished, key: 'run', action: 'vm.run', status: JobStatus.SUCCEEDED });
    em.create(Job, { action: 'scale', instance: busy, status: JobStatus.RUNNING });
    await em.flush();
    const [frontgate] = await em
      .getConnection()
      .execute(`insert into vm_frontgates (owner_id, runtime_id, token) values (?, ?, 'fg-token') returning id::text`, [
        owner.id,
        runtime.id,
      ]);
    marina.frontgate = frontgate.id as string;
    Object.assign(marina, {
      ceased: ceased.id,
      live: live.id,
      busy: busy.id,
      other: other.id,
      finishedTask: finishedTask.id,
    });
  }

  async function recordNode(instanceId: string, vm: string, vol?: string): Promise<void> {
    const em = t.marina.orm.em.fork();
    em.create(InstanceNode, {
      instance: em.getReference(Instance, instanceId),
      role: 'wordpress',
      name: `node-${vm}`,
      providerInstanceId: vm,
      volumeId: vol,
    });
    await em.flush();
  }

  beforeAll(async () => {
    sandbox = await startCloudSandbox(cloud, { bootDelayMs: 200 });
    const host = new URL(sandbox.info.endpoint).hostname;
    t = await startTestMarina(`orphans-${cloud}`, { workers: true, env: { MARINA_ALLOWED_HOSTS: `${host}/32` } });
    user = await t.newUser('orph');
    admin = await t.admin();
    const provider = PROVIDER[cloud];
    const credential = await user.ok(
      `mutation($i: CreateRuntimeCredentialInput!) { createRuntimeCredential(input: $i) { id } }`,
      {
        i: {
          name: `cred-${cloud}`,
          provider,
          endpoint: sandbox.info.endpoint,
          region: sandbox.info.region,
          accessKeyId: sandbox.info.accessKeyId,
          secretAccessKey: sandbox.info.secretAccessKey,
        },
      },
    );
    const runtime = await user.ok(
      `mutation($i: CreateRuntimeInput!) { createRuntime(input: $i) { __typename ... on Runtime { id } ... on ErrorResult { message } } }`,
      {
        i: {
          name: `rt-${cloud}`,
          provider,
          credentialId: credential.createRuntimeCredential.id,
          zone: sandbox.info.zone,
        },
      },
    );
    expect(runtime.createRuntime.__typename).toBe('Runtime');
    runtimeId = runtime.createRuntime.id;
    client = createIaasClient({
      provider,
      endpoint: sandbox.info.endpoint,
      accessKeyId: sandbox.info.accessKeyId,
      secretAccessKey: sandbox.info.secretAccessKey,
      region: sandbox.info.region,
    });
    await seedMarina();

    await run('ghostVm', marina.ghost);
    await volume('ghostVol', marina.ghost);
    await run('ceasedVm', marina.ceased);
    await recordNode(marina.ceased, ids.ceasedVm);
    await run('liveVm', marina.live);
    await volume('liveVol', marina.live);
    await recordNode(marina.live, ids.liveVm, ids.liveVol);
    await run('lostVm', marina.live, marina.finishedTask);
    await run('busyVm', marina.busy);
    await run('otherVm', marina.other);
    // a frontgate being made (its record exists) and one whose record is gone
    await run('frontgateVm', `frontgate-${marina.frontgate}`, marina.frontgate, {
      'marina:frontgate': marina.frontgate,
    });
    await run('lostFrontgateVm', `frontgate-${marina.goneFrontgate}`, marina.goneFrontgate, {
      'marina:frontgate': marina.goneFrontgate,
    });
    await waitFor('the ghost VM running', async () => (await nodeState(ids.ghostVm)) === 'RUNNING');
    await client.attachVolume(ids.ghostVol, ids.ghostVm);
    await waitFor('the ghost volume attached', async () => (await volumeState(ids.ghostVol)) === 'IN_USE');
  });

  afterAll(async () => {
    await t?.stop();
    await sandbox?.stop();
  });

  it('lists exactly the untracked resources, each with why', async () => {
    const found = (await admin.ok(LIST, { r: runtimeId })).orphanedCloudResources as Record<string, unknown>[];
    const byId = new Map(found.map((o) => [o.id, o]));
    expect([...byId.keys()].sort()).toEqual(
      [ids.ghostVm, ids.ghostVol, ids.ceasedVm, ids.lostVm, ids.lostFrontgateVm].sort(),
    );
    expect(byId.get(ids.lostFrontgateVm)).toMatchObject({ reason: 'INSTANCE_UNKNOWN' });
    expect(byId.get(ids.ghostVm)).toMatchObject({
      kind: 'INSTANCE',
      reason: 'INSTANCE_UNKNOWN',
      instanceTag: marina.ghost,
      taskTag: 'task-ghostVm',
      zone: sandbox.info.zone,
      message: `tagged for instance ${marina.ghost}, which Marina does not know`,
    });
    expect(byId.get(ids.ghostVol)).toMatchObject({ kind: 'VOLUME', attachedTo: ids.ghostVm, sizeGiB: 10 });
    expect(byId.get(ids.ceasedVm)).toMatchObject({ reason: 'INSTANCE_CEASED' });
    expect(byId.get(ids.lostVm)).toMatchObject({
      reason: 'UNRECORDED',
      taskTag: marina.finishedTask,
      message: `made for instance live (${marina.live}) by task ${marina.finishedTask} but recorded on none of its nodes`,
    });
  });

  it('is for instance administrators and cloud runtimes only', async () => {
    expect(await user.errorCode(LIST, { r: runtimeId })).toBe('FORBIDDEN');
    expect(await user.errorCode(REMOVE, { r: runtimeId })).toBe('FORBIDDEN');
    const kube = await kubeRuntime(t, user as never);
    const refused = await admin.request(LIST, { r: kube });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(refused.errors?.[0].message).toMatch(/Kubernetes runtime/);
    expect(await admin.errorCode(LIST, { r: randomUUID() })).toBe('NOT_FOUND');
    expect(await admin.errorCode(REMOVE, { r: runtimeId, ids: [] })).toBe('BAD_USER_INPUT');
    expect(await nodeState(ids.ghostVm)).toBe('RUNNING');
  });

  it('removes only the chosen orphans and leaves a tracked id alone', async () => {
    const res = (await admin.ok(REMOVE, { r: runtimeId, ids: [ids.lostVm, ids.liveVm] })).removeOrphanedCloudResources;
    expect(res.removed).toEqual([{ id: ids.lostVm, kind: 'INSTANCE', reason: 'UNRECORDED' }]);
    expect(res.skipped).toEqual([
      { id: ids.liveVm, message: `${ids.liveVm} is not an orphaned resource of this runtime; left alone` },
    ]);
    await waitFor('the lost VM terminated', async () => ['TERMINATED', 'ABSENT'].includes(await nodeState(ids.lostVm)));
    expect(await nodeState(ids.liveVm)).toBe('RUNNING');
    expect(await nodeState(ids.ghostVm)).toBe('RUNNING');
  });

  it('removes every orphan: VMs terminated, the attached volume detached and deleted, nothing tracked touched', async () => {
    const res = (await admin.ok(REMOVE, { r: runtimeId })).removeOrphanedCloudResources;
    expect(res.removed.map((r: { id: string }) => r.id).sort()).toEqual(
      [ids.ghostVm, ids.ghostVol, ids.ceasedVm, ids.lostFrontgateVm].sort(),
    );
    expect(res.skipped).toEqual([]);
    for (const vm of [ids.ghostVm, ids.ceasedVm, ids.lostFrontgateVm])
      await waitFor(`VM ${vm} terminated`, async () => ['TERMINATED', 'ABSENT'].includes(await nodeState(vm)));
    await waitFor('the ghost volume deleted', async () =>
      ['DELETED', 'ABSENT'].includes(await volumeState(ids.ghostVol)),
    );
    for (const vm of [ids.liveVm, ids.busyVm, ids.otherVm, ids.frontgateVm])
      expect(await nodeState(vm)).toBe('RUNNING');
    expect(await volumeState(ids.liveVol)).toBe('AVAILABLE');
    expect((await admin.ok(LIST, { r: runtimeId })).orphanedCloudResources).toEqual([]);
  });
});
