/**
 * The QingCloud adapter (our signed client) against the QingCloud sandbox on the real core: every
 * VM is a real OpenSSH sshd on its own loopback address.
 */
import { startCloudSandbox, type RunningCloudSandbox } from '../../lib/cloud-sandbox';
import type { IaasClient, IaasCredential, RunInstanceRequest } from '../../src/drivers/iaas/iaas.types';
import { createClient, QingCloudApi, QingCloudTransport } from '../../src/drivers/iaas/qingcloud';
import { sshExec } from '../support/ssh-exec';
import { waitFor } from '../support/wait-for';
import { expectIaasError, iaasErrorOf, launchKey, marinaTags, waitForSsh } from './cloud-aliyun.support';

jest.setTimeout(60000);

const FAST_BACKOFF = { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 };
const IMAGE = 'xenial5x64a';

let sandbox: RunningCloudSandbox;
let credential: IaasCredential;
let client: IaasClient;
let keyPairId: string;
const key = launchKey('marina-e2e');

function request(token: string, extra: Partial<RunInstanceRequest> = {}): RunInstanceRequest {
  return { token, name: `vm-${token}`, zone: sandbox.info.zone, imageId: IMAGE, cpu: 1, memoryMiB: 2048, subnetId: sandbox.info.subnetId, keyPairId, tags: marinaTags(token), ...extra };
}

async function running(id: string) {
  return waitFor(`instance ${id} running`, async () => (await client.describeInstances({ ids: [id] })).find((n) => n.state === 'RUNNING'));
}

beforeAll(async () => {
  sandbox = await startCloudSandbox('qingcloud', { bootDelayMs: 400 });
  const { endpoint, accessKeyId, secretAccessKey, region } = sandbox.info;
  credential = { provider: 'QINGCLOUD', endpoint, accessKeyId, secretAccessKey, region };
  client = createClient(credential, { backoff: FAST_BACKOFF });
  keyPairId = (await client.importKeyPair('marina-e2e', key.publicKey)).id;
});

afterAll(async () => {
  await sandbox?.stop();
});

test('lists the region zone, its zones, the pre-created router and vxnet, and key pairs', async () => {
  expect(await client.describeRegions()).toEqual([sandbox.info.region]);
  expect(await client.describeZones()).toEqual(['pek3a', 'pek3b']);
  expect(await client.describeVpcs()).toEqual([expect.objectContaining({ id: sandbox.info.vpcId, cidr: '192.168.0.0/16' })]);
  expect(await client.describeSubnets(sandbox.info.vpcId)).toEqual([expect.objectContaining({ id: sandbox.info.subnetId, vpcId: sandbox.info.vpcId })]);
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

  const node = await running(first.id);
  expect(node.privateIp).toMatch(/^127\./);
  const result = await waitForSsh(node.privateIp as string, key.privateKey, 'echo "$(whoami)@$(hostname)"');
  const elapsed = Date.now() - started;
  expect(result.stdout).toBe(`root@${first.id}\n`);
  process.stdout.write(`qingcloud: RunInstances → SSH-reachable in ${elapsed} ms (boot delay 400 ms)\n`);
});

test('asynchronous actions answer a job that DescribeJobs shows working, then successful', async () => {
  const api = new QingCloudApi(new QingCloudTransport(credential));
  const { instances, job_id } = await api.runInstances({ zone: sandbox.info.zone, image_id: IMAGE, instance_type: 'c1m1', count: 1, instance_name: 'job-check', login_mode: 'keypair', login_keypair: keyPairId });
  expect((await api.describeJobs([job_id])).job_set[0]).toMatchObject({ job_action: 'RunInstances', status: 'working', resource_ids: instances[0] });
  await waitFor('job successful', async () => (await api.describeJobs([job_id])).job_set[0].status === 'successful');
  expect((await client.describeInstances({ ids: instances }))[0].state).toBe('RUNNING');
  await client.terminateInstances(instances);
});

test('stop, start and terminate, each idempotent by target state; resize only while stopped', async () => {
  const node = await running((await client.runInstance(request('task-lifecycle'))).id);
  const ip = node.privateIp as string;
  await waitForSsh(ip, key.privateKey, 'true');
  expectIaasError(await iaasErrorOf(client.resizeInstance(node.id, { cpu: 2, memoryMiB: 4096 })), 'INCORRECT_STATE', '1400');

  await client.stopInstances([node.id]);
  await client.stopInstances([node.id]);
  await waitFor('stopped', async () => (await client.describeInstances({ ids: [node.id] }))[0]?.state === 'STOPPED');
  await expect(sshExec({ host: ip, port: 22, privateKey: key.privateKey }, 'true', 3000)).rejects.toThrow();
  await client.resizeInstance(node.id, { cpu: 2, memoryMiB: 4096 });
  expect((await client.describeInstances({ ids: [node.id] }))[0].instanceType).toBe('c2m4');

  await client.startInstances([node.id]);
  await client.startInstances([node.id]);
  expect((await running(node.id)).privateIp).toBe(ip);
  expect((await waitForSsh(ip, key.privateKey, 'echo back')).stdout).toBe('back\n');

  await client.terminateInstances([node.id]);
  await client.terminateInstances([node.id]);
  await waitFor('terminated', async () => (await client.describeInstances({ ids: [node.id] }))[0]?.state === 'TERMINATED');
  await expect(sshExec({ host: ip, port: 22, privateKey: key.privateKey }, 'true', 3000)).rejects.toThrow();
  expect(await client.findInstanceByToken('task-lifecycle', marinaTags('task-lifecycle'))).toBeUndefined();
});

test('a volume is created once per token, attached as a device the VM formats and mounts, detached, resized and deleted', async () => {
  const node = await running((await client.runInstance(request('task-volume'))).id);
  const volumeRequest = { token: 'vol-1', name: 'data', zone: sandbox.info.zone, sizeGiB: 15, tags: marinaTags('task-volume') };
  const volume = await client.createVolume(volumeRequest);
  expect(volume.sizeGiB).toBe(20);
  expect((await client.createVolume(volumeRequest)).id).toBe(volume.id);
  await waitFor('available', async () => (await client.describeVolumes({ ids: [volume.id] }))[0]?.state === 'AVAILABLE');

  await client.attachVolume(volume.id, node.id);
  const attached = await waitFor('in use', async () => (await client.describeVolumes({ ids: [volume.id] })).find((v) => v.device));
  expect(attached).toMatchObject({ state: 'IN_USE', attachedTo: node.id, device: '/dev/sdb' });
  await client.attachVolume(volume.id, node.id);
  const mounted = await waitForSsh(node.privateIp as string, key.privateKey, 'mkfs.ext4 /dev/sdb >/dev/null && mkdir -p /data && mount /dev/sdb /data && echo kept > /data/f && cat /data/f');
  expect(mounted.stdout).toBe('kept\n');

  await client.detachVolume(volume.id, node.id);
  await waitFor('detached', async () => (await client.describeVolumes({ ids: [volume.id] }))[0]?.state === 'AVAILABLE');
  await client.detachVolume(volume.id, node.id);
  await client.resizeVolume(volume.id, 40);
  expect((await client.describeVolumes({ ids: [volume.id] }))[0].sizeGiB).toBe(40);
  await client.deleteVolume(volume.id);
  await waitFor('deleted', async () => (await client.describeVolumes({ ids: [volume.id] }))[0]?.state === 'DELETED');
  await client.deleteVolume(volume.id);
});

test('a wrong secret or key id is BAD_CREDENTIALS, a wrong region or zone WRONG_REGION', async () => {
  expectIaasError(await iaasErrorOf(createClient({ ...credential, secretAccessKey: 'not-the-secret' }).describeZones()), 'BAD_CREDENTIALS', '1200');
  expectIaasError(await iaasErrorOf(createClient({ ...credential, accessKeyId: 'QYNOBODY' }).describeZones()), 'BAD_CREDENTIALS', '1200');
  expectIaasError(await iaasErrorOf(createClient({ ...credential, region: 'ap9' }).describeZones()), 'WRONG_REGION', '2100');
  expectIaasError(await iaasErrorOf(client.runInstance(request('task-zone', { zone: 'pek9z' }))), 'WRONG_REGION', '2100');
});

test('throttled calls are retried with backoff; a throttle that outlasts the retries escapes as THROTTLED', async () => {
  sandbox.faults.add({ kind: 'throttle', action: 'DescribeZones', times: 2 });
  expect(await client.describeZones()).toContain(sandbox.info.zone);
  sandbox.faults.add({ kind: 'throttle', action: 'DescribeZones', times: FAST_BACKOFF.attempts });
  const err = await iaasErrorOf(client.describeZones());
  expectIaasError(err, 'THROTTLED', '2500');
  expect(err.retryable).toBe(true);
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
  sandbox.faults.add({ kind: 'fail-once', action: 'DescribeInstances', code: '1400' });
  expectIaasError(await iaasErrorOf(client.describeInstances({ ids: [node.id] })), 'FORBIDDEN', '1400');
  await client.tagResources([node.id], { owner: 'e2e' });
  expect((await client.describeInstances({ tags: { owner: 'e2e' } })).map((n) => n.id)).toEqual([node.id]);
});

test('quotas and a fixed image list are enforced', async () => {
  const strict = await startCloudSandbox('qingcloud', { quotas: { maxInstances: 0, maxVolumes: 0 }, images: ['img-fixed'] });
  try {
    const { endpoint, accessKeyId, secretAccessKey, region, zone } = strict.info;
    const c = createClient({ provider: 'QINGCLOUD', endpoint, accessKeyId, secretAccessKey, region });
    const base = { token: 't', name: 'n', zone, cpu: 1, memoryMiB: 1024, tags: marinaTags('t') };
    expectIaasError(await iaasErrorOf(c.runInstance({ ...base, imageId: 'img-other' })), 'NOT_FOUND', '2100');
    expectIaasError(await iaasErrorOf(c.runInstance({ ...base, imageId: 'img-fixed' })), 'QUOTA_EXCEEDED', '2500');
    expectIaasError(await iaasErrorOf(c.createVolume({ ...base, sizeGiB: 20 })), 'QUOTA_EXCEEDED', '2500');
  } finally {
    await strict.stop();
  }
});
