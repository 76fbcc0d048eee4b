/**
 * The QingCloud adapter (our signed client) against the QingCloud sandbox on the real core: every
 * VM is a real OpenSSH sshd on its own loopback address.
 */
import { startCloudSandbox, type RunningCloudSandbox } from '@marina/cloud-sandbox';
import type { IaasClient, IaasCredential, RunInstanceRequest } from '../../src/drivers/iaas/iaas.types';
import { createClient, QingCloudApi, QingCloudTransport } from '../../src/drivers/iaas/qingcloud';
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
const IMAGE = 'xenial5x64a';

let sandbox: RunningCloudSandbox;
let credential: IaasCredential;
let client: IaasClient;
let steps: CloudSteps;
let keyPairId: string;
const key = launchKey('marina-e2e');

function request(token: string, extra: Partial<RunInstanceRequest> = {}): RunInstanceRequest {
  return {
    token,
    name: `vm-${token}`,
    zone: sandbox.info.zone,
    imageId: IMAGE,
    cpu: 1,
    memoryMiB: 2048,
    subnetId: sandbox.info.subnetId,
    keyPairId,
    tags: marinaTags(token),
    ...extra,
  };
}

beforeAll(async () => {
  sandbox = await startCloudSandbox('qingcloud', { bootDelayMs: BOOT_DELAY_MS });
  credential = credentialOf(sandbox.info);
  client = createClient(credential, { backoff: FAST_BACKOFF });
  steps = new CloudSteps(client, key.privateKey);
  keyPairId = (await client.importKeyPair('marina-e2e', key.publicKey)).id;
});

afterAll(async () => {
  await sandbox?.stop();
});

test('lists the region zone, its zones, the pre-created router and vxnet, and key pairs', async () => {
  expect(await client.describeRegions()).toEqual(['pek3', 'pek3a', 'pek3b']);
  expect(await client.describeZones()).toEqual(['pek3a', 'pek3b']);
  expect(await client.describeVpcs()).toEqual([
    expect.objectContaining({ id: sandbox.info.vpcId, cidr: '192.168.0.0/16' }),
  ]);
  expect(await client.describeSubnets(sandbox.info.vpcId)).toEqual([
    expect.objectContaining({ id: sandbox.info.subnetId, vpcId: sandbox.info.vpcId }),
  ]);
  expect((await client.describeKeyPairs()).map((k) => k.id)).toContain(keyPairId);
  expect((await client.importKeyPair('marina-e2e', key.publicKey)).id).toBe(keyPairId);
});

test('a token run twice makes one instance; it runs after the boot delay and answers SSH as root with the launch key', async () => {
  const started = Date.now();
  const first = await client.runInstance(request('task-run'));
  const second = await client.runInstance(request('task-run'));
  expect(second.id).toBe(first.id);
  expect(first.state).toBe('PENDING');
  expect(first.tags).toEqual(marinaTags('task-run'));
  expect(await client.describeInstances({ tags: { 'marina:task': 'task-run' } })).toHaveLength(1);

  const node = await steps.running(first.id);
  expect(node.privateIp).toMatch(/^127\./);
  const result = await waitForSsh(node.privateIp as string, key.privateKey, 'echo "$(whoami)@$(hostname)"');
  const elapsed = Date.now() - started;
  expect(result.stdout).toBe(`root@${first.id}\n`);
  process.stdout.write(`qingcloud: RunInstances → SSH-reachable in ${elapsed} ms (boot delay ${BOOT_DELAY_MS} ms)\n`);
});

test('asynchronous actions answer a job that DescribeJobs shows working, then successful', async () => {
  const api = new QingCloudApi(new QingCloudTransport(credential));
  const { instances, job_id } = await api.runInstances({
    zone: sandbox.info.zone,
    image_id: IMAGE,
    instance_type: 'c1m1',
    count: 1,
    instance_name: 'job-check',
    login_mode: 'keypair',
    login_keypair: keyPairId,
  });
  expect((await api.describeJobs([job_id])).job_set[0]).toMatchObject({
    job_action: 'RunInstances',
    status: 'working',
    resource_ids: instances[0],
  });
  await waitFor('job successful', async () => (await api.describeJobs([job_id])).job_set[0].status === 'successful');
  expect((await client.describeInstances({ ids: instances }))[0].state).toBe('RUNNING');
  await client.terminateInstances(instances);
});

test('stop, start and terminate, each idempotent by target state; resize only while stopped', async () => {
  const node = await steps.running((await client.runInstance(request('task-lifecycle'))).id);
  await steps.stopResizeStartTerminate(node, { cpu: 2, memoryMiB: 4096, expectType: 'c2m4', busyCode: '1400' });
  expect((await client.describeInstances({ ids: [node.id] }))[0].state).toBe('TERMINATED');
  expect(await client.findInstanceByToken('task-lifecycle', marinaTags('task-lifecycle'))).toBeUndefined();
});

test('a volume is created once per token, attached as a device the VM formats and mounts, detached, resized and deleted', async () => {
  const node = await steps.running((await client.runInstance(request('task-volume'))).id);
  const volume = await steps.attachAndMount(
    node,
    { token: 'vol-1', name: 'data', zone: sandbox.info.zone, sizeGiB: 15, tags: marinaTags('task-volume') },
    '/dev/sdb',
  );
  expect(volume.sizeGiB).toBe(20);
  expectIaasError(await iaasErrorOf(client.resizeVolume(volume.id, 40)), 'INCORRECT_STATE', '1400');
  await steps.detach(volume, node);
  await client.resizeVolume(volume.id, 40);
  expect((await client.describeVolumes({ ids: [volume.id] }))[0].sizeGiB).toBe(40);
  await client.deleteVolume(volume.id);
  await steps.volumeState(volume.id, 'DELETED');
  await client.deleteVolume(volume.id);
});

test('a wrong secret or key id is BAD_CREDENTIALS, a wrong region or zone WRONG_REGION', async () => {
  expectIaasError(
    await iaasErrorOf(createClient({ ...credential, secretAccessKey: 'not-the-secret' }).describeZones()),
    'BAD_CREDENTIALS',
    '1200',
  );
  expectIaasError(
    await iaasErrorOf(createClient({ ...credential, accessKeyId: 'QYNOBODY' }).describeZones()),
    'BAD_CREDENTIALS',
    '1200',
  );
  expectIaasError(
    await iaasErrorOf(createClient({ ...credential, region: 'ap9' }).describeZones()),
    'WRONG_REGION',
    '2100',
  );
  expectIaasError(
    await iaasErrorOf(client.runInstance(request('task-zone', { zone: 'pek9z' }))),
    'WRONG_REGION',
    '2100',
  );
});

test('throttled calls are retried with backoff; a throttle that outlasts the retries escapes as THROTTLED', async () => {
  await steps.throttleRetried(sandbox.faults, FAST_BACKOFF.attempts, '2500', sandbox.info.zone);
});

test('a RunInstances answer lost after the cloud accepted it is recovered by the token in the name: no second instance', async () => {
  sandbox.faults.add({ kind: 'drop-response', action: 'RunInstances' });
  expect((await iaasErrorOf(client.runInstance(request('task-lost')))).code).toBe('UNREACHABLE');
  expect(await client.describeInstances({ tags: { 'marina:task': 'task-lost' } })).toHaveLength(0);
  const found = await client.findInstanceByToken('task-lost', marinaTags('task-lost'));
  expect(found?.tags).toEqual(marinaTags('task-lost'));
  expect((await client.runInstance(request('task-lost'))).id).toBe(found?.id);
  expect(await client.describeInstances({ tags: { 'marina:task': 'task-lost' } })).toHaveLength(1);
  expect(await client.findInstanceByToken('task-never-run', marinaTags('task-never-run'))).toBeUndefined();
});

test('injected failures surface as the cloud code (1400 → FORBIDDEN); tags can be added', async () => {
  const node = await client.runInstance(request('task-tags'));
  await failOnceThenTag(client, sandbox.faults, node, '1400');
});

test('quotas and a fixed image list are enforced', async () => {
  await quotasAndFixedImages('qingcloud', createClient, { image: '2100', instances: '2500', volumes: '2500' });
});

test('restarted from its state file, the sandbox keeps its network and instances; running VMs answer SSH again', async () => {
  await restartKeepsState(
    'qingcloud',
    createClient,
    async (c, info) => {
      const pair = await c.importKeyPair('restart-key', key.publicKey);
      return c.runInstance({
        ...request('task-restart'),
        zone: info.zone,
        subnetId: info.subnetId,
        keyPairId: pair.id,
      });
    },
    key.privateKey,
  );
});
