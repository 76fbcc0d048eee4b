/**
 * Helpers for the VM suites: a cloud sandbox with a Marina (API + workers) allowed to reach it, a
 * cloud runtime and the WordPress VM package released for a user, instance reads, and the cloud
 * seen through the real SDK adapters (resources counted by tag).
 */
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { startCloudSandbox, type CloudProvider, type RunningCloudSandbox } from '@marina/cloud-sandbox';
import { createIaasClient, type IaasClient, type IaasProvider } from '../../src/drivers/iaas';
import { sqlRow } from '../../src/data/sql';
import { startTestMarina, type TestMarina } from '../support/marina';
import { sshExec, type SshResult } from '../support/ssh-exec';
import { waitFor } from '../support/wait-for';
import { developer, tgzOf, uploadOk, type Authed } from './catalog-support';
import { releaseVersion } from './lifecycle-support';
import { INSTANCE_JOB } from './instances-support';

export const WORDPRESS = join(__dirname, 'fixtures/vm-packages/wordpress');
export const PROVIDER: Record<CloudProvider, IaasProvider> = { aws: 'AWS', aliyun: 'ALIYUN', qingcloud: 'QINGCLOUD' };

export interface VmWorld {
  readonly sandbox: RunningCloudSandbox;
  readonly t: TestMarina;
  readonly user: Authed;
  readonly runtimeId: string;
  readonly versionId: string;
  readonly cloud: IaasClient;
  stop(): Promise<void>;
}

/**
 * `workers: false`: the API only (the suite runs its own worker processes); `env` goes to its
 * config; `pkg`: the VM package directory released (default the WordPress fixture).
 */
export async function startVmWorld(
  cloud: CloudProvider,
  label: string,
  opts: { workers?: boolean; env?: Record<string, string>; pkg?: string } = {},
): Promise<VmWorld> {
  const sandbox = await startCloudSandbox(cloud, { bootDelayMs: 200 });
  const host = new URL(sandbox.info.endpoint).hostname;
  const t = await startTestMarina(label, {
    workers: opts.workers ?? true,
    env: { MARINA_ALLOWED_HOSTS: `${host}/32`, ...opts.env },
  });
  const user = await developer(t, 'vm');
  const admin = await t.admin();
  const provider = PROVIDER[cloud];
  const cred = await user.ok(
    `mutation($input: CreateRuntimeCredentialInput!) { createRuntimeCredential(input: $input) { id } }`,
    {
      input: {
        name: `cred-${label}`,
        provider,
        endpoint: sandbox.info.endpoint,
        region: sandbox.info.region,
        accessKeyId: sandbox.info.accessKeyId,
        secretAccessKey: sandbox.info.secretAccessKey,
      },
    },
  );
  const rt = await user.ok(
    `mutation($input: CreateRuntimeInput!) { createRuntime(input: $input) { __typename ... on Runtime { id } ... on ErrorResult { message } } }`,
    {
      input: {
        name: `rt-${label}`,
        provider,
        credentialId: cred.createRuntimeCredential.id,
        zone: sandbox.info.zone,
        vpcId: sandbox.info.vpcId,
        subnetId: sandbox.info.subnetId,
      },
    },
  );
  if (rt.createRuntime.__typename !== 'Runtime') throw new Error(`createRuntime: ${rt.createRuntime.message}`);
  const app = await uploadOk(
    user,
    `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename ... on App { id latestVersion { id } } ... on ErrorResult { message } } }`,
    { input: {} },
    [{ at: 'input.package', data: tgzOf(opts.pkg ?? WORDPRESS, 'Wordpress') }],
  );
  if (app.createApp.__typename !== 'App') throw new Error(`createApp: ${app.createApp.message}`);
  const versionId = app.createApp.latestVersion.id as string;
  await releaseVersion(user, admin, versionId);
  const client = createIaasClient({
    provider,
    endpoint: sandbox.info.endpoint,
    accessKeyId: sandbox.info.accessKeyId,
    secretAccessKey: sandbox.info.secretAccessKey,
    region: sandbox.info.region,
  });
  return {
    sandbox,
    t,
    user,
    runtimeId: rt.createRuntime.id,
    versionId,
    cloud: client,
    stop: async () => {
      await t.stop();
      await sandbox.stop();
    },
  };
}

export const INSTANCE = `id name status transitionStatus lastError nodes { name role instanceId privateIp status health }`;

export async function instanceOf(w: VmWorld, id: string): Promise<Record<string, any>> {
  return (await w.user.ok(`query($id: ID!) { instance(id: $id) { ${INSTANCE} } }`, { id })).instance;
}

/** Waits until the instance has no transition; returns it (on timeout the error names the job's unfinished tasks). */
export async function settled(w: VmWorld, id: string, timeoutMs = 120_000): Promise<Record<string, any>> {
  try {
    return await waitFor(
      `instance ${id} settled`,
      async () => {
        const i = await instanceOf(w, id);
        return i.transitionStatus ? undefined : i;
      },
      timeoutMs,
      200,
    );
  } catch (err) {
    const data = await w.user.ok(
      `query($id: ID!) { instance(id: $id) { jobs(first: 1) { edges { node { action status tasks { key status attempt error logs } } } } } }`,
      { id },
    );
    const job = data.instance.jobs.edges[0]?.node;
    const open = (job?.tasks ?? []).filter((t: any) => t.status !== 'SUCCEEDED');
    throw new Error(
      `${(err as Error).message}; job ${job?.action} ${job?.status}: ${JSON.stringify(open).slice(0, 3000)}`,
    );
  }
}

export async function deployWordpress(w: VmWorld, name: string, config: unknown = {}): Promise<Record<string, any>> {
  const r = (
    await w.user.ok(`mutation($i: DeployInput!) { r: deployInstance(input: $i) { ${INSTANCE_JOB} } }`, {
      i: { versionId: w.versionId, runtimeId: w.runtimeId, name, config },
    })
  ).r;
  if (r.__typename !== 'InstanceJob') throw new Error(`deployInstance: ${JSON.stringify(r)}`);
  return r;
}

/** Live (not terminated) nodes and volumes tagged with the instance. */
export async function taggedResources(w: VmWorld, instanceId: string) {
  const nodes = (await w.cloud.describeInstances({ tags: { 'marina:instance': instanceId } })).filter(
    (n) => n.state !== 'TERMINATED',
  );
  const volumes = (await w.cloud.describeVolumes({ tags: { 'marina:instance': instanceId } })).filter(
    (v) => v.state !== 'DELETED',
  );
  return { nodes, volumes };
}

export async function liveFrontgates(w: VmWorld) {
  return (await w.cloud.describeInstances({ tags: { 'marina:role': 'frontgate' } })).filter(
    (n) => n.state !== 'TERMINATED',
  );
}

/** The owner's private key, opened as the worker opens it (for the test's own SSH checks). */
export async function ownerPrivateKey(w: VmWorld): Promise<string> {
  const em = w.t.marina.orm.em.fork();
  const row = await sqlRow<{ private_key_sealed: string }>(
    em,
    'select private_key_sealed from vm_ssh_keys where owner_id = ? and runtime_id = ?',
    [w.user.userId, w.runtimeId],
  );
  if (!row) throw new Error('no SSH key stored for the owner');
  return w.t.marina.services.platform.secrets.open(
    row.private_key_sealed,
    `vm_ssh_key:${w.user.userId}:${w.runtimeId}`,
  );
}

export async function onNode(w: VmWorld, ip: string, command: string): Promise<SshResult> {
  return sshExec({ host: ip, port: 22, privateKey: await ownerPrivateKey(w) }, command, 10_000);
}

/** Keys under the cluster's prefix in the frontgate's etcd (read with the real etcd3 client). */
export async function etcdKeys(frontgateIp: string, clusterId: string): Promise<Record<string, string>> {
  const etcd = new Etcd3({ hosts: `http://${frontgateIp}:2379` });
  try {
    return await etcd.getAll().prefix(`/clusters/${clusterId}/`).strings();
  } finally {
    etcd.close();
  }
}
