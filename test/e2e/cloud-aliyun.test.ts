/**
 * The Aliyun adapter (through @alicloud/ecs20140526) against the ECS sandbox on the real core:
 * every VM is a real OpenSSH sshd on its own loopback address.
 */
import { startCloudSandbox, type RunningCloudSandbox } from '@marina/cloud-sandbox';
import { createClient } from '../../src/drivers/iaas/aliyun';
import type { IaasClient, IaasCredential, RunInstanceRequest } from '../../src/drivers/iaas/iaas.types';
import { waitFor } from '../support/wait-for';
import {
  CloudSteps,
  credentialOf,
  expectIaasError,
  FAST_BACKOFF,
  failOnceThenTag,
  quotasAndFixedImages,
  restartKeepsState,
  iaasErrorOf,
  launchKey,
  marinaTags,
  waitForSsh,
} from '../support/cloud';

jest.setTimeout(60000);

/** The core's default pending → running delay. */
const BOOT_DELAY_MS = 1000;
const IMAGE = 'ubuntu_22_04_x64_20G_alibase_20240101.vhd';

let sandbox: RunningCloudSandbox;
let credential: IaasCredential;
let client: IaasClient;
let steps: CloudSteps;
const key = launchKey('marina-e2e');

function request(token: string, extra: Partial<RunInstanceRequest> = {}): RunInstanceRequest {
  return {
    token,
    name: `vm-${token}`,
    zone: sandbox.info.zone,
    imageId: IMAGE,
    cpu: 2,
    memoryMiB: 4096,
    subnetId: sandbox.info.subnetId,
    keyPairId: 'marina-e2e',
    tags: marinaTags(token),
    ...extra,
  };
}

beforeAll(async () => {
  sandbox = await startCloudSandbox('aliyun', { bootDelayMs: BOOT_DELAY_MS });
  credential = credentialOf(sandbox.info);
  client = createClient(credential, { backoff: FAST_BACKOFF });
  steps = new CloudSteps(client, key.privateKey);
  await client.importKeyPair('marina-e2e', key.publicKey);
});

afterAll(async () => {
  await sandbox?.stop();
});

test('lists the region, its zones, the pre-created VPC and VSwitch, and key pairs', async () => {
  expect(await client.describeRegions()).toEqual([sandbox.info.region]);
  expect(await client.describeZones()).toContain(sandbox.info.zone);
  expect((await client.describeVpcs()).map((v) => v.id)).toEqual([sandbox.info.vpcId]);
  expect(await client.describeSubnets(sandbox.info.vpcId)).toEqual([
    expect.objectContaining({ id: sandbox.info.subnetId, vpcId: sandbox.info.vpcId, zone: sandbox.info.zone }),
  ]);
  expect((await client.describeKeyPairs()).map((k) => k.name)).toContain('marina-e2e');
  expect((await client.importKeyPair('marina-e2e', key.publicKey)).id).toBe('marina-e2e');
});

test('a token run twice makes one instance; it runs after the boot delay and answers SSH as root with the launch key', async () => {
  const started = Date.now();
  const first = await client.runInstance(request('task-run'));
  const second = await client.runInstance(request('task-run'));
  expect(second.id).toBe(first.id);
  expect(first.state).toBe('PENDING');
  expect(await client.describeInstances({ tags: { 'marina:task': 'task-run' } })).toHaveLength(1);

  const node = await steps.running(first.id);
  expect(node.privateIp).toMatch(/^127\./);
  const result = await waitForSsh(node.privateIp as string, key.privateKey, 'echo "$(whoami)@$(hostname)"; pwd');
  const elapsed = Date.now() - started;
  expect(result.stdout.split('\n')[0]).toBe(`root@${'iZ' + first.id.slice(2) + 'Z'}`);
  process.stdout.write(`aliyun: RunInstances → SSH-reachable in ${elapsed} ms (boot delay ${BOOT_DELAY_MS} ms)\n`);
  expect(node.tags).toMatchObject({ 'marina:task': 'task-run', 'marina:token': 'task-run' });
});

test('the same token with other parameters is the mismatch error', async () => {
  await client.runInstance(request('task-mismatch'));
  expectIaasError(
    await iaasErrorOf(client.runInstance(request('task-mismatch', { imageId: 'other-image' }))),
    'IDEMPOTENCY_MISMATCH',
    'IdempotentParameterMismatch',
  );
});

test('stop, start and terminate, each idempotent by target state; resize only while stopped', async () => {
  const node = await steps.running((await client.runInstance(request('task-lifecycle'))).id);
  await steps.stopResizeStartTerminate(node, {
    cpu: 4,
    memoryMiB: 16384,
    expectType: 'ecs.g6.xlarge',
    busyCode: 'IncorrectInstanceStatus',
  });
  expect(await client.describeInstances({ ids: [node.id] })).toEqual([]);
});

test('a volume is created once per token, attached as a device the VM formats and mounts, resized, detached and deleted', async () => {
  const node = await steps.running((await client.runInstance(request('task-volume'))).id);
  const volume = await steps.attachAndMount(
    node,
    { token: 'vol-1', name: 'data', zone: sandbox.info.zone, sizeGiB: 20, tags: marinaTags('task-volume') },
    '/dev/vdb',
  );
  await client.resizeVolume(volume.id, 40);
  expect((await client.describeVolumes({ ids: [volume.id] }))[0].sizeGiB).toBe(40);
  await steps.detach(volume, node);
  await client.deleteVolume(volume.id);
  await client.deleteVolume(volume.id);
  expect(await client.describeVolumes({ ids: [volume.id] })).toEqual([]);
});

test('a wrong secret or key id is BAD_CREDENTIALS, a wrong region WRONG_REGION', async () => {
  const wrongSecret = createClient({ ...credential, secretAccessKey: 'not-the-secret' });
  expectIaasError(await iaasErrorOf(wrongSecret.describeZones()), 'BAD_CREDENTIALS', 'SignatureDoesNotMatch');
  const wrongKey = createClient({ ...credential, accessKeyId: 'LTAInobody' });
  expectIaasError(await iaasErrorOf(wrongKey.describeZones()), 'BAD_CREDENTIALS', 'InvalidAccessKeyId.NotFound');
  const wrongRegion = createClient({ ...credential, region: 'eu-central-1' });
  expectIaasError(await iaasErrorOf(wrongRegion.describeZones()), 'WRONG_REGION', 'InvalidRegionId.NotFound');
  expectIaasError(
    await iaasErrorOf(client.runInstance(request('task-zone', { zone: 'cn-nowhere-z' }))),
    'WRONG_REGION',
    'InvalidZoneId.NotFound',
  );
});

test('throttled calls are retried with backoff; a throttle that outlasts the retries escapes as THROTTLED', async () => {
  await steps.throttleRetried(sandbox.faults, FAST_BACKOFF.attempts, 'Throttling.User', sandbox.info.zone);
});

test('a RunInstances answer lost after the cloud accepted it is recovered by token: no second instance', async () => {
  sandbox.faults.add({ kind: 'drop-response', action: 'RunInstances' });
  const lost = await iaasErrorOf(client.runInstance(request('task-lost')));
  expect(lost.code).toBe('UNREACHABLE');
  const found = await client.findInstanceByToken('task-lost', marinaTags('task-lost'));
  expect(found?.tags['marina:task']).toBe('task-lost');
  expect((await client.runInstance(request('task-lost'))).id).toBe(found?.id);
  expect(await client.describeInstances({ tags: { 'marina:task': 'task-lost' } })).toHaveLength(1);
  expect(await client.findInstanceByToken('task-never-run', marinaTags('task-never-run'))).toBeUndefined();
});

test('a key given in user data logs in; injected failures surface as the cloud code (Forbidden.RAM → FORBIDDEN)', async () => {
  const other = launchKey('user-data-key');
  const userData = `#cloud-config\nssh_authorized_keys:\n  - ${other.publicKey}\n`;
  const node = await steps.running(
    (await client.runInstance(request('task-userdata', { keyPairId: undefined, userData }))).id,
  );
  expect((await waitForSsh(node.privateIp as string, other.privateKey, 'whoami')).stdout).toBe('root\n');
  await failOnceThenTag(client, sandbox.faults, node, 'Forbidden.RAM');
});

test('quotas and a fixed image list are enforced', async () => {
  await quotasAndFixedImages('aliyun', createClient, {
    image: 'InvalidImageId.NotFound',
    instances: 'QuotaExceed.ElasticQuota',
    volumes: 'QuotaExceed.DiskCapacity',
  });
});

test('restarted from its state file, the sandbox keeps its network and instances; running VMs answer SSH again', async () => {
  await restartKeepsState(
    'aliyun',
    createClient,
    async (c, info) => {
      await c.importKeyPair('restart-key', key.publicKey);
      return c.runInstance({
        ...request('task-restart'),
        zone: info.zone,
        subnetId: info.subnetId,
        keyPairId: 'restart-key',
      });
    },
    key.privateKey,
  );
});
