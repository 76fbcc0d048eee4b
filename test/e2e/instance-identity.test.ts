/**
 * Issue 16 items 5 and 6 on the Kubernetes sandbox: each deployed instance's AppKey/AppSecret
 * (returned once, hashed at rest, injected as a Secret by a worker; verify, rotate, revoke) with
 * the permissions its package declares; and the deployment mode of apps (edge-hosted apps only
 * on runtimes labelled edge: "true").
 */
import { startKubeSandbox, type KubeObject, type KubeSandbox } from '@marina/kube-sandbox';
import type { GraphQLClient } from '../support/graphql-client';
import { waitForCondition, waitForObject } from '../support/kube-sandbox-waits';
import { startTestMarina, type TestMarina } from '../support/marina';
import { awaitJob, type Authed, developer, sql, tgzOf, uploadRequest } from './catalog-support';
import { HELLO } from './lifecycle-support';
import { INSTANCE_JOB } from './instances-support';
import { deployAndWait, sandboxRuntime, uploadChartWith } from './kube-extras-support';

jest.setTimeout(240_000);

const NS = 'identity';
const EDGE_NS = 'edge';
const IDENTITY = {
  apiPermissions: ['device.list', 'device.control'],
  dataPermissions: [
    { model: 'Order', version: '1.0', actions: ['read', 'create'] },
    { model: 'Customer', actions: ['delete', 'read', 'update', 'create'] },
  ],
  dependencies: ['payment-service'],
};

let sandbox: KubeSandbox;
let t: TestMarina;
let dev: Authed;
let other: Authed;
let anonymous: GraphQLClient;
let runtimeId: string;
let edgeRuntimeId: string;

const VERIFY = `query($k: String!, $s: String!) { verifyAppKey(appKey: $k, appSecret: $s) {
  valid identity { apiPermissions dataPermissions { model version actions } dependencies } } }`;

async function verify(appKey: string, appSecret: string) {
  return (await anonymous.ok(VERIFY, { k: appKey, s: appSecret })).verifyAppKey;
}

function secretOf(name: string): KubeObject | undefined {
  return sandbox.service.store.get({ groupResource: 'secrets', namespace: NS, name });
}

const decoded = (o: KubeObject | undefined, key: string): string | undefined => {
  const data = o?.data as Record<string, string> | undefined;
  return data?.[key] === undefined ? undefined : Buffer.from(data[key], 'base64').toString();
};

beforeAll(async () => {
  sandbox = await startKubeSandbox({ simulation: { podReadyDelayMs: 200, jobPodDurationMs: 100 } });
  t = await startTestMarina('instance_identity', { workers: true, env: { MARINA_ALLOWED_HOSTS: '127.0.0.1/32' } });
  dev = await developer(t);
  other = await developer(t, 'other');
  anonymous = t.anonymous();
  runtimeId = await sandboxRuntime(dev, sandbox.kubeconfig, NS);
  edgeRuntimeId = await sandboxRuntime(dev, sandbox.kubeconfig, EDGE_NS, { edge: 'true' });
});

afterAll(async () => {
  await t?.stop();
  await sandbox?.stop();
});

describe('per-instance AppKey / AppSecret', () => {
  let instanceId: string;
  let appKey: string;
  let appSecret: string;

  it('refuses a package whose identity.json is malformed', async () => {
    const tgz = tgzOf(HELLO, 'badident', (files) => [
      ...files.map((f) =>
        f.path === 'Chart.yaml' ? { ...f, data: Buffer.from('apiVersion: v2\nname: badident\nversion: 1.0.0\n') } : f,
      ),
      {
        path: 'identity.json',
        data: Buffer.from(JSON.stringify({ dataPermissions: [{ model: 'Order', actions: ['write'] }] })),
      },
    ]);
    const res = await uploadRequest(
      dev,
      `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename ... on ValidationError { errorCode message details { path } } } }`,
      { input: {} },
      [{ at: 'input.package', data: tgz }],
    );
    expect(res.data?.createApp).toMatchObject({ __typename: 'ValidationError', errorCode: 'INVALID_DECLARATION' });
    expect(res.data?.createApp.details[0].path).toBe('identity.json:/dataPermissions/0');
  });

  it('a deploy returns the AppSecret once; the workload gets it as a Secret; nothing else shows it', async () => {
    const chart = await uploadChartWith(dev, 'keyed', {}, { 'identity.json': JSON.stringify(IDENTITY) });
    const { result, jobStatus } = await deployAndWait(
      dev,
      { versionId: chart.versionId, runtimeId, name: 'keyed' },
      'appSecret instance { appKey }',
    );
    expect(jobStatus).toBe('SUCCEEDED');
    instanceId = result.instance.id;
    appKey = result.instance.appKey;
    appSecret = result.appSecret;
    expect(appKey).toMatch(/^ak_[0-9a-f]{24}$/);
    expect(appSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const secret = await waitForObject(
      sandbox,
      { groupResource: 'secrets', namespace: NS, name: 'keyed-appkey' },
      (o) => o !== undefined,
    );
    expect(decoded(secret, 'APP_KEY')).toBe(appKey);
    expect(decoded(secret, 'APP_SECRET')).toBe(appSecret);

    const read = await dev.ok(
      `query($id: ID!) { instance(id: $id) { appKey identity { apiPermissions dataPermissions { model version actions } dependencies } } }`,
      { id: instanceId },
    );
    expect(read.instance.appKey).toBe(appKey);
    expect(read.instance.identity).toEqual({
      apiPermissions: ['device.list', 'device.control'],
      dataPermissions: [
        { model: 'Order', version: '1.0', actions: ['read', 'create'] },
        { model: 'Customer', version: null, actions: ['read', 'create', 'update', 'delete'] },
      ],
      dependencies: ['payment-service'],
    });
    expect(JSON.stringify(read)).not.toContain(appSecret);
    const stop = await dev.ok(
      `mutation($id: ID!) { r: stopInstance(id: $id) { ${INSTANCE_JOB} ... on InstanceJob { appSecret } } }`,
      {
        id: instanceId,
      },
    );
    expect(stop.r.appSecret).toBeNull();
    expect(await awaitJob(dev, stop.r.job.id, 120_000)).toBe('SUCCEEDED');

    // at rest: a salted scrypt hash and a sealed copy, never the secret itself (jobs and tasks included)
    const [row] = await sql<{ app_secret_hash: string; app_secret_ciphertext: string }>(
      t,
      'select app_secret_hash, app_secret_ciphertext from instances where id = $1',
      [instanceId],
    );
    expect(row.app_secret_hash).toMatch(/^scrypt\$/);
    expect(row.app_secret_ciphertext).not.toContain(appSecret);
    const leaks = await sql(
      t,
      `select 1 from tasks where input::text like $1 or result::text like $1
       union all select 1 from jobs where input::text like $1 union all select 1 from instances where app_secret_hash like $1`,
      [`%${appSecret}%`],
    );
    expect(leaks).toHaveLength(0);
  });

  it('verifyAppKey answers valid with the granted permissions, and invalid (nothing granted) otherwise', async () => {
    expect(await verify(appKey, appSecret)).toEqual({
      valid: true,
      identity: {
        apiPermissions: ['device.list', 'device.control'],
        dataPermissions: [
          { model: 'Order', version: '1.0', actions: ['read', 'create'] },
          { model: 'Customer', version: null, actions: ['read', 'create', 'update', 'delete'] },
        ],
        dependencies: ['payment-service'],
      },
    });
    const none = { valid: false, identity: { apiPermissions: [], dataPermissions: [], dependencies: [] } };
    expect(await verify(appKey, `${appSecret.slice(0, -1)}x`)).toEqual(none);
    expect(await verify('ak_000000000000000000000000', appSecret)).toEqual(none);
    expect(await verify('not a key', '')).toEqual(none);
  });

  it('another tenant cannot rotate or revoke it', async () => {
    const q = `mutation($id: ID!) { rotateAppKey(instanceId: $id) { __typename } }`;
    expect(await other.errorCode(q, { id: instanceId })).toBe('NOT_FOUND');
    expect(
      await other.errorCode(`mutation($id: ID!) { revokeAppKey(instanceId: $id) { id } }`, { id: instanceId }),
    ).toBe('NOT_FOUND');
    expect((await verify(appKey, appSecret)).valid).toBe(true);
  });

  it('rotation returns a new secret once; the old one stops verifying; the Secret follows', async () => {
    const r = await dev.ok(
      `mutation($id: ID!) { r: rotateAppKey(instanceId: $id) { __typename ... on AppKeyIssued { appKey appSecret } } }`,
      { id: instanceId },
    );
    expect(r.r.__typename).toBe('AppKeyIssued');
    expect(r.r.appSecret).not.toBe(appSecret);
    expect((await verify(appKey, appSecret)).valid).toBe(false);
    expect((await verify(r.r.appKey, appSecret)).valid).toBe(false);
    expect((await verify(r.r.appKey, r.r.appSecret)).valid).toBe(true);
    await waitForCondition(sandbox, 'the Secret holds the rotated pair', () => {
      const s = secretOf('keyed-appkey');
      return decoded(s, 'APP_SECRET') === r.r.appSecret && decoded(s, 'APP_KEY') === r.r.appKey;
    });
    appKey = r.r.appKey;
    appSecret = r.r.appSecret;
    const read = await dev.ok(`query($id: ID!) { instance(id: $id) { appKey } }`, { id: instanceId });
    expect(read.instance.appKey).toBe(appKey);
  });

  it('revocation invalidates every pair and removes the Secret', async () => {
    const r = await dev.ok(`mutation($id: ID!) { revokeAppKey(instanceId: $id) { id appKey } }`, { id: instanceId });
    expect(r.revokeAppKey).toEqual({ id: instanceId, appKey: null });
    expect((await verify(appKey, appSecret)).valid).toBe(false);
    await waitForCondition(sandbox, 'the AppKey Secret removed', () => !secretOf('keyed-appkey'));
  });
});

describe('deployment modes', () => {
  let edgeVersion: string;
  let edgeApp: string;

  it('records the modes the package declares', async () => {
    const chart = await uploadChartWith(
      dev,
      'edgy',
      {},
      {},
      'annotations:\n  marina.io/deployment-mode: edge-hosted\n  marina.io/delivery-mode: instance-distribution\n',
    );
    edgeVersion = chart.versionId;
    edgeApp = chart.appId;
    const app = await dev.ok(`query($id: ID!) { app(id: $id) { deliveryMode deploymentMode } }`, { id: edgeApp });
    expect(app.app).toEqual({ deliveryMode: 'INSTANCE_DISTRIBUTION', deploymentMode: 'EDGE_HOSTED' });
  });

  it('an edge-hosted app is refused on a non-edge runtime, naming the rule, and accepted on an edge one', async () => {
    const refused = await deployAndWait(dev, { versionId: edgeVersion, runtimeId, name: 'edgy-cloud' });
    expect(refused.jobStatus).toBeNull();
    expect(refused.result).toMatchObject({ __typename: 'ValidationError', errorCode: 'DEPLOYMENT_MODE' });
    expect(refused.result.message).toMatch(/edge-hosted.*edge: "true"/);
    const [{ n }] = await sql<{ n: string }>(t, `select count(*) n from instances where name = 'edgy-cloud'`);
    expect(Number(n)).toBe(0);

    const runtimes = await dev.ok(`query($v: ID!) { runtimes(forVersionId: $v) { edges { node { id } } } }`, {
      v: edgeVersion,
    });
    expect(runtimes.runtimes.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([edgeRuntimeId]);

    const accepted = await deployAndWait(dev, { versionId: edgeVersion, runtimeId: edgeRuntimeId, name: 'edgy-edge' });
    expect(accepted.jobStatus).toBe('SUCCEEDED');
  });

  it('an app declaring no mode deploys anywhere; updateApp changes the mode', async () => {
    const plain = await uploadChartWith(dev, 'plain', {});
    const all = await dev.ok(`query($v: ID!) { runtimes(forVersionId: $v) { edges { node { id } } } }`, {
      v: plain.versionId,
    });
    expect(all.runtimes.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(
      [runtimeId, edgeRuntimeId].sort(),
    );
    const bad = await dev.ok(
      `mutation($i: UpdateAppInput!) { updateApp(input: $i) { __typename ... on App { deploymentMode } } }`,
      { i: { id: plain.appId, deploymentMode: 'EDGE_HOSTED' } },
    );
    expect(bad.updateApp).toEqual({ __typename: 'App', deploymentMode: 'EDGE_HOSTED' });
    const refused = await deployAndWait(dev, { versionId: plain.versionId, runtimeId, name: 'plain' });
    expect(refused.result.__typename).toBe('ValidationError');
    await dev.ok(`mutation($i: UpdateAppInput!) { updateApp(input: $i) { __typename } }`, {
      i: { id: plain.appId, deploymentMode: 'CLOUD_HOSTED' },
    });
    const ok = await deployAndWait(
      dev,
      { versionId: plain.versionId, runtimeId, name: 'plain' },
      'appSecret instance { appKey }',
    );
    expect(ok.jobStatus).toBe('SUCCEEDED');

    // ceasing an instance revokes its AppKey and removes its Secret
    const { appSecret, instance } = ok.result;
    await waitForObject(sandbox, { groupResource: 'secrets', namespace: NS, name: 'plain-appkey' }, (o) => !!o);
    expect((await verify(instance.appKey, appSecret)).valid).toBe(true);
    const cease = await dev.ok(
      `mutation($id: ID!) { r: ceaseInstance(id: $id) { ${INSTANCE_JOB} ... on InstanceJob { instance { appKey } } } }`,
      {
        id: instance.id,
      },
    );
    expect(cease.r.instance.appKey).toBeNull();
    expect((await verify(instance.appKey, appSecret)).valid).toBe(false);
    await waitForCondition(sandbox, 'plain-appkey removed', () => !secretOf('plain-appkey'));
    expect(await awaitJob(dev, cease.r.job.id, 120_000)).toBe('SUCCEEDED');
  });
});
