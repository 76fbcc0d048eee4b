/**
 * The AWS IaaS adapter (src/drivers/iaas/aws) against the EC2 sandbox on the real core: every call
 * goes through @aws-sdk/client-ec2 over HTTP with SigV4, and every VM is a real sshd host reached
 * with the ssh2 client at its private address.
 */
import { createServer } from 'node:net';
import { createClient } from '../../src/drivers/iaas/aws';
import type {
  IaasClient,
  IaasNode,
  MarinaTags,
  NodeState,
  RunInstanceRequest,
  VolumeState,
} from '../../src/drivers/iaas/iaas.types';
import type { RunningCloudSandbox } from '@marina/cloud-sandbox';
import { sshExec } from '../support/ssh-exec';
import { waitFor } from '../support/wait-for';
import { credentialOf, iaasErrorOf, launchKey, type LaunchKey } from '../support/cloud';
import { startEc2Sandbox } from './cloud-aws.support';

/** Real sshd boots and SDK round trips: a loaded machine needs more than jest's default 5 s. */
jest.setTimeout(60_000);

const BOOT_DELAY_MS = 500;
const tags = (task: string): MarinaTags => ({ 'marina:instance': 'app-1', 'marina:task': task });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('AWS adapter against the EC2 sandbox', () => {
  let sandbox: RunningCloudSandbox;
  let aws: IaasClient;
  let key: LaunchKey;
  let keyPairId: string;
  const credential = () => credentialOf(sandbox.info);
  const request = (task: string, extra: Partial<RunInstanceRequest> = {}): RunInstanceRequest => ({
    token: `token-${task}`,
    name: `node-${task}`,
    zone: sandbox.info.zone,
    imageId: 'ami-0abcdef1234567890',
    cpu: 1,
    memoryMiB: 1024,
    keyPairId,
    subnetId: sandbox.info.subnetId,
    tags: tags(task),
    ...extra,
  });
  const node = async (id: string) => (await aws.describeInstances({ ids: [id] }))[0];
  const nodeReaches = (id: string, state: NodeState) =>
    waitFor(`${id} ${state}`, async () => ((await node(id))?.state === state ? node(id) : undefined), 15000);
  const volumeReaches = (id: string, state: VolumeState) =>
    waitFor(`${id} ${state}`, async () => (await aws.describeVolumes({ ids: [id] }))[0]?.state === state);
  const ssh = (n: IaasNode, command: string) =>
    sshExec({ host: n.privateIp!, port: 22, privateKey: key.privateKey }, command);

  beforeAll(async () => {
    sandbox = await startEc2Sandbox({ bootDelayMs: BOOT_DELAY_MS, quotas: { maxInstances: 6 } });
    aws = createClient(credential(), { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    key = launchKey();
    keyPairId = (await aws.importKeyPair('marina-launch', key.publicKey)).id;
  });
  afterAll(() => sandbox.stop());

  it('lists regions and zones, VPCs and subnets', async () => {
    expect(await aws.describeRegions()).toEqual([sandbox.info.region]);
    expect(await aws.describeZones()).toContain(sandbox.info.zone);
    expect((await aws.describeVpcs()).map((v) => v.id)).toEqual([sandbox.info.vpcId]);
    expect((await aws.describeSubnets(sandbox.info.vpcId)).map((s) => s.id)).toContain(sandbox.info.subnetId);
    expect((await aws.importKeyPair('marina-launch', key.publicKey)).id).toBe(keyPairId);
  });

  it('runs one instance per token, tagged; it runs after the delay and answers SSH as root at its private IP', async () => {
    const started = Date.now();
    const first = await aws.runInstance(request('run'));
    const second = await aws.runInstance(request('run'));
    expect(second.id).toBe(first.id);
    expect(first).toMatchObject({
      state: 'PENDING',
      rawState: 'pending',
      name: 'node-run',
      zone: sandbox.info.zone,
      instanceType: 't3.micro',
    });
    expect(first.tags).toMatchObject({ 'marina:instance': 'app-1', 'marina:task': 'run', Name: 'node-run' });
    expect((await aws.describeInstances({ tags: tags('run') })).map((n) => n.id)).toEqual([first.id]);
    const running = await nodeReaches(first.id, 'RUNNING');
    expect(running.privateIp).toMatch(/^127\./);
    const result = await waitFor(
      'SSH answers',
      () => ssh(running, 'echo "$(whoami) $(hostname)"; pwd').catch(() => undefined),
      15000,
    );
    const reachableMs = Date.now() - started;
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`root ${first.id}`);
    console.log(`EC2 sandbox: RunInstances → SSH reachable in ${reachableMs} ms (boot delay ${BOOT_DELAY_MS} ms)`);
  });

  it('stops, resizes while stopped, starts and terminates', async () => {
    const n = await aws.runInstance(request('lifecycle'));
    await nodeReaches(n.id, 'RUNNING');
    expect(await iaasErrorOf(aws.resizeInstance(n.id, { cpu: 2, memoryMiB: 4096 }))).toMatchObject({
      code: 'INCORRECT_STATE',
      providerCode: 'IncorrectInstanceState',
    });
    await aws.stopInstances([n.id]);
    expect((await node(n.id)).state).toBe('STOPPING');
    await nodeReaches(n.id, 'STOPPED');
    await aws.resizeInstance(n.id, { cpu: 2, memoryMiB: 4096 });
    await aws.startInstances([n.id]);
    const restarted = await nodeReaches(n.id, 'RUNNING');
    expect(restarted.instanceType).toBe('t3.medium');
    await waitFor('SSH after restart', () => ssh(restarted, 'true').catch(() => undefined));
    await aws.terminateInstances([n.id]);
    await nodeReaches(n.id, 'TERMINATED');
    await aws.terminateInstances([n.id]);
  });

  it('creates, attaches, detaches and deletes a volume the VM can format and mount', async () => {
    const n = await nodeReaches((await aws.runInstance(request('volume'))).id, 'RUNNING');
    const created = await aws.createVolume({
      token: 'vol-token',
      name: 'data',
      zone: sandbox.info.zone,
      sizeGiB: 4,
      tags: tags('volume'),
    });
    expect(
      (
        await aws.createVolume({
          token: 'vol-token',
          name: 'data',
          zone: sandbox.info.zone,
          sizeGiB: 4,
          tags: tags('volume'),
        })
      ).id,
    ).toBe(created.id);
    expect(created.tags).toMatchObject({ 'marina:task': 'volume', Name: 'data' });
    await volumeReaches(created.id, 'AVAILABLE');
    await aws.attachVolume(created.id, n.id);
    await aws.attachVolume(created.id, n.id);
    await waitFor('attached', async () => (await aws.describeVolumes({ ids: [created.id] }))[0].attachedTo === n.id);
    expect((await aws.describeVolumes({ ids: [created.id] }))[0]).toMatchObject({
      state: 'IN_USE',
      device: '/dev/sdf',
    });
    await waitFor('device visible', async () =>
      (
        await ssh(
          n,
          'blkid /dev/sdf; mkfs.ext4 -q /dev/sdf && mount /dev/sdf /data && echo kept > data/f && cat data/f',
        )
      ).stdout.includes('kept'),
    );
    await aws.resizeVolume(created.id, 8);
    await aws.detachVolume(created.id, n.id);
    await volumeReaches(created.id, 'AVAILABLE');
    expect((await ssh(n, 'mount')).stdout).toBe('');
    await aws.detachVolume(created.id, n.id);
    await aws.deleteVolume(created.id);
    await waitFor('volume gone', async () => (await aws.describeVolumes({ ids: [created.id] })).length === 0);
    await aws.deleteVolume(created.id);
  });

  it('a token reused with other parameters is IDEMPOTENCY_MISMATCH; the quota is QUOTA_EXCEEDED', async () => {
    await aws.runInstance(request('mismatch'));
    expect(await iaasErrorOf(aws.runInstance(request('mismatch', { cpu: 4 })))).toMatchObject({
      code: 'IDEMPOTENCY_MISMATCH',
      providerCode: 'IdempotentParameterMismatch',
    });
    sandbox.faults.add({ kind: 'fail-once', action: 'RunInstances', code: 'InstanceLimitExceeded' });
    expect(await iaasErrorOf(aws.runInstance(request('quota')))).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      providerCode: 'InstanceLimitExceeded',
    });
  });

  it('a wrong secret is BAD_CREDENTIALS, a wrong region WRONG_REGION, a closed port UNREACHABLE', async () => {
    expect(
      await iaasErrorOf(createClient({ ...credential(), secretAccessKey: 'wrong' }).describeRegions()),
    ).toMatchObject({ code: 'BAD_CREDENTIALS', providerCode: 'AuthFailure', retryable: false });
    expect(await iaasErrorOf(createClient({ ...credential(), region: 'ap-south-2' }).describeZones())).toMatchObject({
      code: 'WRONG_REGION',
      providerCode: 'AuthFailure',
    });
    const closed = `http://127.0.0.1:${await freePort()}`;
    expect(await iaasErrorOf(createClient({ ...credential(), endpoint: closed }).describeRegions())).toMatchObject({
      code: 'UNREACHABLE',
      providerCode: 'ECONNREFUSED',
      retryable: true,
    });
  });

  it('retries throttled calls with backoff; gives up with THROTTLED after its attempts', async () => {
    const retries: number[] = [];
    const patient = createClient(credential(), {
      retry: { baseDelayMs: 5, maxDelayMs: 20, onRetry: (attempt) => retries.push(attempt) },
    });
    sandbox.faults.add({ kind: 'throttle', action: 'DescribeAvailabilityZones', times: 2 });
    expect(await patient.describeZones()).toContain(sandbox.info.zone);
    expect(retries).toEqual([1, 2]);
    sandbox.faults.add({ kind: 'throttle', action: 'DescribeAvailabilityZones', times: 3 });
    const impatient = createClient(credential(), { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    expect(await iaasErrorOf(impatient.describeZones())).toMatchObject({
      code: 'THROTTLED',
      providerCode: 'RequestLimitExceeded',
      retryable: true,
    });
  });

  it('a RunInstances whose answer is lost is found by token, and running it again makes no second instance', async () => {
    sandbox.faults.add({ kind: 'drop-response', action: 'RunInstances' });
    expect(await iaasErrorOf(aws.runInstance(request('dropped')))).toMatchObject({
      code: 'UNREACHABLE',
      retryable: true,
    });
    const found = await aws.findInstanceByToken('token-dropped', tags('dropped'));
    expect(found).toMatchObject({ name: 'node-dropped', tags: expect.objectContaining({ 'marina:task': 'dropped' }) });
    expect((await aws.runInstance(request('dropped'))).id).toBe(found!.id);
    expect((await aws.describeInstances({ tags: tags('dropped') })).map((n) => n.id)).toEqual([found!.id]);
    expect(await aws.findInstanceByToken('token-never-sent', tags('never-sent'))).toBeUndefined();
  });
});
