/**
 * Shared parts of the cloud adapter suites (each adapter against its cloud's sandbox on the real
 * core): launch keys, Marina's tags, waits on SSH and states, IaasError checks, and the lifecycle,
 * volume, throttle, quota and restart steps every cloud walks through.
 */
import { utils } from 'ssh2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  startCloudSandbox,
  type CloudProvider,
  type FaultInjector,
  type RunningCloudSandbox,
} from '@marina/cloud-sandbox';
import {
  IaasError,
  type CreateVolumeRequest,
  type IaasClient,
  type IaasCredential,
  type IaasErrorCode,
  type IaasNode,
  type IaasProvider,
  type IaasVolume,
  type MarinaTags,
} from '../../src/drivers/iaas/iaas.types';
import { sshExec, type SshResult } from './ssh-exec';
import { waitFor } from './wait-for';

/** A launch key pair: the OpenSSH public line given to the cloud and the private key for ssh2. */
export interface LaunchKey {
  readonly publicKey: string;
  readonly privateKey: string;
}

export function launchKey(comment?: string): LaunchKey {
  const pair = utils.generateKeyPairSync('ed25519', comment === undefined ? undefined : { comment });
  return { publicKey: pair.public.trim(), privateKey: pair.private };
}

/** Short throttle backoff for adapters under test (the sandboxes' throttles clear at once). */
export const FAST_BACKOFF = { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 };

export function marinaTags(task: string): MarinaTags {
  return { 'marina:instance': 'ins-e2e', 'marina:task': task };
}

/** Waits until `command` runs as root on host:22 with the key (the VM is SSH-reachable). */
export function waitForSsh(host: string, privateKey: string, command: string, timeoutMs = 20000): Promise<SshResult> {
  return waitFor(
    `SSH to ${host}`,
    async () => {
      const result = await sshExec({ host, port: 22, privateKey }, command, 5000);
      return result.code === 0 ? result : undefined;
    },
    timeoutMs,
    50,
  );
}

/** The IaasError a call rejects with (fails the test when it resolves or throws something else). */
export async function iaasErrorOf(call: Promise<unknown>): Promise<IaasError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof IaasError) return err;
    throw err;
  }
  throw new Error('expected the call to fail with an IaasError');
}

export function expectIaasError(err: IaasError, code: IaasErrorCode, providerCode: string): void {
  expect({ code: err.code, providerCode: err.providerCode }).toEqual({ code, providerCode });
}

/** Steps the cloud adapter suites walk through with their adapter and the launch key. */
export class CloudSteps {
  constructor(
    readonly client: IaasClient,
    readonly privateKey: string,
  ) {}

  running(id: string): Promise<IaasNode> {
    return waitFor(`instance ${id} running`, async () =>
      (await this.client.describeInstances({ ids: [id] })).find((n) => n.state === 'RUNNING'),
    );
  }

  volumeState(id: string, state: IaasVolume['state']): Promise<IaasVolume> {
    return waitFor(`volume ${id} ${state}`, async () =>
      (await this.client.describeVolumes({ ids: [id] })).find((v) => v.state === state),
    );
  }

  /** SSH to the address fails (nothing answers on port 22 there any more). */
  async sshRefused(ip: string): Promise<void> {
    await expect(sshExec({ host: ip, port: 22, privateKey: this.privateKey }, 'true', 3000)).rejects.toThrow();
  }

  /**
   * Stop (twice), resize while stopped (refused while running with `busyCode`), start (twice, same
   * address, SSH answers again), terminate (twice; gone or TERMINATED, SSH refused).
   */
  async stopResizeStartTerminate(
    node: IaasNode,
    resize: { cpu: number; memoryMiB: number; expectType: string; busyCode: string },
  ): Promise<void> {
    const { client } = this;
    const ip = node.privateIp as string;
    await waitForSsh(ip, this.privateKey, 'true');
    expectIaasError(await iaasErrorOf(client.resizeInstance(node.id, resize)), 'INCORRECT_STATE', resize.busyCode);
    await client.stopInstances([node.id]);
    await client.stopInstances([node.id]);
    await waitFor('stopped', async () => (await client.describeInstances({ ids: [node.id] }))[0]?.state === 'STOPPED');
    await this.sshRefused(ip);
    await client.resizeInstance(node.id, resize);
    expect((await client.describeInstances({ ids: [node.id] }))[0].instanceType).toBe(resize.expectType);
    await client.startInstances([node.id]);
    await client.startInstances([node.id]);
    expect((await this.running(node.id)).privateIp).toBe(ip);
    expect((await waitForSsh(ip, this.privateKey, 'echo back')).stdout).toBe('back\n');
    await client.terminateInstances([node.id]);
    await client.terminateInstances([node.id]);
    await waitFor('terminated', async () =>
      (await client.describeInstances({ ids: [node.id] })).every((n) => n.state === 'TERMINATED'),
    );
    await this.sshRefused(ip);
  }

  /** Creates a volume twice with one token (one volume), attaches it, and formats and mounts it inside the VM. */
  async attachAndMount(node: IaasNode, request: CreateVolumeRequest, device: string): Promise<IaasVolume> {
    const { client } = this;
    const volume = await client.createVolume(request);
    expect((await client.createVolume(request)).id).toBe(volume.id);
    await this.volumeState(volume.id, 'AVAILABLE');
    await client.attachVolume(volume.id, node.id);
    const attached = await waitFor('device', async () =>
      (await client.describeVolumes({ ids: [volume.id] })).find((v) => v.device),
    );
    expect(attached).toMatchObject({ state: 'IN_USE', attachedTo: node.id, device });
    await client.attachVolume(volume.id, node.id);
    const mounted = await waitForSsh(
      node.privateIp as string,
      this.privateKey,
      `mkfs.ext4 ${device} >/dev/null && mkdir -p /data && mount ${device} /data && echo kept > /data/f && cat /data/f`,
    );
    expect(mounted.stdout).toBe('kept\n');
    return attached;
  }

  /** Detaches (twice) and waits until the volume is available again. */
  async detach(volume: IaasVolume, node: IaasNode): Promise<void> {
    await this.client.detachVolume(volume.id, node.id);
    await this.volumeState(volume.id, 'AVAILABLE');
    await this.client.detachVolume(volume.id, node.id);
  }

  /** A throttle shorter than the retries is absorbed; one as long as them escapes as THROTTLED (retryable). */
  async throttleRetried(faults: FaultInjector, attempts: number, providerCode: string, zone: string): Promise<void> {
    faults.add({ kind: 'throttle', action: 'DescribeZones', times: attempts - 1 });
    expect(await this.client.describeZones()).toContain(zone);
    faults.add({ kind: 'throttle', action: 'DescribeZones', times: attempts });
    const err = await iaasErrorOf(this.client.describeZones());
    expectIaasError(err, 'THROTTLED', providerCode);
    expect(err.retryable).toBe(true);
  }
}

/** An injected failure surfaces as FORBIDDEN with the cloud's code; added tags find the node. */
export async function failOnceThenTag(
  client: IaasClient,
  faults: FaultInjector,
  node: IaasNode,
  forbiddenCode: string,
): Promise<void> {
  faults.add({ kind: 'fail-once', action: 'DescribeInstances', code: forbiddenCode });
  expectIaasError(await iaasErrorOf(client.describeInstances({ ids: [node.id] })), 'FORBIDDEN', forbiddenCode);
  await client.tagResources([node.id], { owner: 'e2e' });
  expect((await client.describeInstances({ tags: { owner: 'e2e' } })).map((n) => n.id)).toEqual([node.id]);
}

/**
 * A sandbox with no instance or volume quota and a fixed image list: an unlisted image is NOT_FOUND,
 * then instances and volumes are QUOTA_EXCEEDED, each with the cloud's own code.
 */
export async function quotasAndFixedImages(
  cloud: CloudProvider,
  makeClient: (credential: IaasCredential) => IaasClient,
  codes: { image: string; instances: string; volumes: string },
): Promise<void> {
  const strict = await startCloudSandbox(cloud, { quotas: { maxInstances: 0, maxVolumes: 0 }, images: ['img-fixed'] });
  try {
    const c = makeClient(credentialOf(strict.info));
    const base = { token: 't', name: 'n', zone: strict.info.zone, cpu: 2, memoryMiB: 4096, tags: marinaTags('t') };
    expectIaasError(await iaasErrorOf(c.runInstance({ ...base, imageId: 'img-other' })), 'NOT_FOUND', codes.image);
    expectIaasError(
      await iaasErrorOf(c.runInstance({ ...base, imageId: 'img-fixed' })),
      'QUOTA_EXCEEDED',
      codes.instances,
    );
    expectIaasError(await iaasErrorOf(c.createVolume({ ...base, sizeGiB: 20 })), 'QUOTA_EXCEEDED', codes.volumes);
  } finally {
    await strict.stop();
  }
}

const PROVIDERS: Record<CloudProvider, IaasProvider> = { qingcloud: 'QINGCLOUD', aws: 'AWS', aliyun: 'ALIYUN' };

/** The adapter credential of a running sandbox. */
export function credentialOf(info: RunningCloudSandbox['info']): IaasCredential {
  const { endpoint, accessKeyId, secretAccessKey, region } = info;
  return { provider: PROVIDERS[info.provider], endpoint, accessKeyId, secretAccessKey, region };
}

/**
 * A sandbox started with a state file and stopped, then started again from it, still has the
 * instance `launch` made, running at the same address and answering SSH, and its VPC and subnet.
 */
export async function restartKeepsState(
  cloud: CloudProvider,
  makeClient: (credential: IaasCredential) => IaasClient,
  launch: (client: IaasClient, info: RunningCloudSandbox['info']) => Promise<IaasNode>,
  privateKey: string,
): Promise<void> {
  const stateFile = join(mkdtempSync(join(tmpdir(), `marina-${cloud}-state-`)), 'state.json');
  const options = { stateFile, accessKeyId: `${cloud.toUpperCase()}KEYID0001`, secretAccessKey: 'sandbox-secret' };
  const first = await startCloudSandbox(cloud, options);
  let node: IaasNode;
  try {
    const client = makeClient(credentialOf(first.info));
    node = await new CloudSteps(client, privateKey).running((await launch(client, first.info)).id);
  } finally {
    await first.stop();
  }
  const second = await startCloudSandbox(cloud, options);
  try {
    expect({ vpcId: second.info.vpcId, subnetId: second.info.subnetId }).toEqual({
      vpcId: first.info.vpcId,
      subnetId: first.info.subnetId,
    });
    const client = makeClient(credentialOf(second.info));
    expect((await new CloudSteps(client, privateKey).running(node.id)).privateIp).toBe(node.privateIp);
    expect((await waitForSsh(node.privateIp as string, privateKey, 'echo again')).stdout).toBe('again\n');
  } finally {
    await second.stop();
    rmSync(dirname(stateFile), { recursive: true, force: true });
  }
}
