/**
 * Issue 13's acceptance over the whole path: GraphQL → outbox → worker → @kubernetes/client-node
 * → lib/kube-sandbox, with Bitnami redis 23.1.1 packaged through the upload path and the real
 * helm 3.17.3 and helm 4.1.4 reading Marina's release records.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeSandbox, type KubeObject, type KubeSandbox } from '@marina/kube-sandbox';
import type { GraphQLClient } from '../support/graphql-client';
import { runTool, waitForCondition, type ToolResult } from '../support/kube-sandbox-waits';
import { startTestMarina, type TestMarina } from '../support/marina';
import { awaitJob, type Authed, developer, sql, tgzOf, uploadOk } from './catalog-support';
import { HELLO, releaseVersion, uploadChart } from './lifecycle-support';
import { act, deploy, INSTANCE_JOB, createSandboxRuntime } from './instances-support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureTools } = require('../../scripts/tools') as { ensureTools(): { helm: string; helm4: string } };

jest.setTimeout(300_000);

const REDIS = join(__dirname, '..', '..', '..', 'shared', 'conformance', 'charts', 'assembled', 'redis-23.1.1');
const NS = 'apps';
/** Standalone redis with the sandbox's images allowed (Bitnami refuses modified images otherwise). */
const BASE = { architecture: 'standalone', global: { security: { allowInsecureImages: true } } };

let sandbox: KubeSandbox;
let t: TestMarina;
let admin: GraphQLClient;
let dev: Authed;
let runtimeId: string;
let appId: string;
let v1: string;
let dir: string;
let tools: { helm: string; helm4: string };
let kubeconfigFile: string;

const helm = (bin: 'helm' | 'helm4', args: string[]): Promise<ToolResult> =>
  runTool(tools[bin], args, { kubeconfig: kubeconfigFile, home: join(dir, bin) });

async function helmJson<T>(bin: 'helm' | 'helm4', args: string[]): Promise<T> {
  const r = await helm(bin, [...args, '-n', NS, '-o', 'json']);
  if (r.code !== 0) throw new Error(`${bin} ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** The kinds redis-23.1.1 creates, as the sandbox's store names them. */
const GROUP_RESOURCES = [
  'statefulsets.apps',
  'services',
  'configmaps',
  'secrets',
  'serviceaccounts',
  'networkpolicies.networking.k8s.io',
  'poddisruptionbudgets.policy',
];

/** Objects of the namespace in the sandbox's store, by "Kind/name" (release Secrets included). */
function liveObjects(): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const gr of GROUP_RESOURCES)
    for (const o of sandbox.service.store.list(gr, NS)) out.set(`${o.kind}/${o.metadata.name}`, o);
  return out;
}

function statefulSet(name: string): KubeObject | undefined {
  return [...liveObjects().values()].find((o) => o.kind === 'StatefulSet' && o.metadata.name === name);
}

async function uploadRedis(version: string): Promise<string> {
  const tgz = tgzOf(REDIS, 'redis', (files) =>
    files.map((f) =>
      f.path === 'Chart.yaml'
        ? { ...f, data: Buffer.from(f.data.toString().replace(/^version: .*$/m, `version: ${version}`)) }
        : f,
    ),
  );
  if (!appId) {
    const data = await uploadOk(
      dev,
      `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename ... on App { id latestVersion { id } } ... on ErrorResult { message } } }`,
      { input: {} },
      [{ at: 'input.package', data: tgz }],
    );
    if (data.createApp.__typename !== 'App') throw new Error(data.createApp.message);
    appId = data.createApp.id;
    return data.createApp.latestVersion.id;
  }
  const data = await uploadOk(
    dev,
    `mutation($a: ID!, $p: Upload!) { createAppVersion(appId: $a, package: $p) { __typename ... on AppVersion { id } ... on ErrorResult { message } } }`,
    { a: appId },
    [{ at: 'p', data: tgz }],
  );
  if (data.createAppVersion.__typename !== 'AppVersion') throw new Error(data.createAppVersion.message);
  return data.createAppVersion.id;
}

async function finished(r: Record<string, any>): Promise<Record<string, any>> {
  if (r.__typename !== 'InstanceJob') throw new Error(`not started: ${JSON.stringify(r)}`);
  const status = await awaitJob(dev, r.job.id, 180_000);
  const data = await dev.ok(
    `query($id: ID!, $j: ID!) { job(id: $j) { status error } instance(id: $id) { id status transitionStatus revision config lastError
      resources { kind name ready desired health message } nodes { name status health }
      revisions { revision status action config version { name } } } }`,
    { id: r.instance.id, j: r.job.id },
  );
  return { jobStatus: status, ...data };
}

beforeAll(async () => {
  tools = ensureTools();
  sandbox = await startKubeSandbox({ simulation: { podReadyDelayMs: 300, jobPodDurationMs: 100 } });
  dir = mkdtempSync(join(tmpdir(), 'instances-acceptance-'));
  kubeconfigFile = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigFile, sandbox.kubeconfig, { mode: 0o600 });
  t = await startTestMarina('instances_acceptance', { workers: true, env: { MARINA_ALLOWED_HOSTS: '127.0.0.1/32' } });
  admin = await t.admin();
  dev = await developer(t);
  runtimeId = await createSandboxRuntime(dev, sandbox.kubeconfig, NS, { name: 'sandbox' });
  v1 = await uploadRedis('23.1.1');
  await releaseVersion(dev, admin, v1);
});

afterAll(async () => {
  await t?.stop();
  await sandbox?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('redis-23.1.1 through its whole life', () => {
  let id: string;

  it('previews a deploy: every object ADDed, nothing created', async () => {
    const data = await dev.ok(
      `query($i: DeployInput!) { p: previewDeploy(input: $i) {
        __typename ... on InstancePreview { changes { kind name action diff } removedValueKeys } ... on ErrorResult { message } } }`,
      { i: { versionId: v1, runtimeId, name: 'cache', config: { ...BASE, gone: { key: 1 } } } },
    );
    expect(data.p.__typename).toBe('InstancePreview');
    expect(data.p.changes.length).toBeGreaterThan(3);
    expect(new Set(data.p.changes.map((c: any) => c.action))).toEqual(new Set(['ADD']));
    expect(data.p.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'StatefulSet', name: 'cache-redis-master' })]),
    );
    expect(data.p.removedValueKeys).toEqual(['gone.key']);
    expect(statefulSet('cache-redis-master')).toBeUndefined();
    expect(await sql(t, "select id from instances where name = 'cache'")).toEqual([]);
  });

  it('deploys → ACTIVE only once its pods are ready; resources with health; helm 3 and 4 see the release', async () => {
    const r = await finished(await deploy(dev, { versionId: v1, runtimeId, name: 'cache', config: BASE }));
    expect(r.jobStatus).toBe('SUCCEEDED');
    id = r.instance.id;
    expect(r.instance).toMatchObject({ status: 'ACTIVE', transitionStatus: null, lastError: null, revision: 1 });
    const sts = statefulSet('cache-redis-master')!;
    expect((sts.status as any).readyReplicas).toBe((sts.spec as any).replicas);
    expect(r.instance.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'StatefulSet',
          name: 'cache-redis-master',
          health: 'HEALTHY',
          ready: 1,
          desired: 1,
        }),
        expect.objectContaining({ kind: 'Service', name: 'cache-redis-master', health: 'HEALTHY' }),
      ]),
    );
    expect(r.instance.nodes.length).toBeGreaterThan(0);
    for (const bin of ['helm', 'helm4'] as const) {
      const list = await helmJson<{ name: string; status: string; chart: string }[]>(bin, ['list']);
      expect(list).toEqual([expect.objectContaining({ name: 'cache', status: 'deployed', chart: 'redis-23.1.1' })]);
      const history = await helmJson<{ revision: number; status: string }[]>(bin, ['history', 'cache']);
      expect(history.map((h) => [h.revision, h.status])).toEqual([[1, 'deployed']]);
      expect(await helmJson(bin, ['get', 'values', 'cache'])).toEqual(BASE);
    }
  });

  it('previews an upgrade without changing anything, then upgrades with changed values', async () => {
    const config = { ...BASE, master: { podLabels: { tier: 'cache' } } };
    const before = new Map([...liveObjects()].map(([k, o]) => [k, o.metadata.resourceVersion]));
    const preview = await dev.ok(
      `query($id: ID!, $v: ID!, $c: JSON) { p: previewInstanceUpgrade(id: $id, versionId: $v, config: $c) {
        __typename ... on InstancePreview { changes { kind name action diff } removedValueKeys warnings } ... on ErrorResult { message } } }`,
      { id, v: v1, c: config },
    );
    expect(preview.p.__typename).toBe('InstancePreview');
    const sts = preview.p.changes.find((c: any) => c.kind === 'StatefulSet');
    expect(sts).toMatchObject({ action: 'CHANGE', diff: expect.stringContaining('tier: cache') });
    expect(new Map([...liveObjects()].map(([k, o]) => [k, o.metadata.resourceVersion]))).toEqual(before);

    const up = await dev.ok(
      `mutation($id: ID!, $v: ID!, $c: JSON) { r: upgradeInstance(id: $id, versionId: $v, config: $c) { ${INSTANCE_JOB} } }`,
      { id, v: v1, c: config },
    );
    const r = await finished(up.r);
    expect(r.instance).toMatchObject({ status: 'ACTIVE', revision: 2, config });
    expect(((statefulSet('cache-redis-master')!.spec as any).template.metadata.labels as any).tier).toBe('cache');
  });

  it('upgrades to another chart version keeping the overrides, and rolls back to revision 1', async () => {
    const v2 = await uploadRedis('23.1.2');
    await releaseVersion(dev, admin, v2);
    const up = await dev.ok(
      `mutation($id: ID!, $v: ID!) { r: upgradeInstance(id: $id, versionId: $v) { ${INSTANCE_JOB} } }`,
      {
        id,
        v: v2,
      },
    );
    const r = await finished(up.r);
    expect(r.instance).toMatchObject({
      status: 'ACTIVE',
      revision: 3,
      config: { master: { podLabels: { tier: 'cache' } } },
    });
    const list = await helmJson<{ chart: string }[]>('helm4', ['list']);
    expect(list[0].chart).toBe('redis-23.1.2');

    const back = await dev.ok(`mutation($id: ID!) { r: rollbackInstance(id: $id, revision: 1) { ${INSTANCE_JOB} } }`, {
      id,
    });
    const rolled = await finished(back.r);
    expect(rolled.instance).toMatchObject({ status: 'ACTIVE', revision: 4, config: BASE });
    expect(rolled.instance.revisions.map((v: any) => [v.revision, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'superseded'],
      [4, 'deployed'],
    ]);
    const history = await helmJson<{ revision: number; status: string }[]>('helm', ['history', 'cache']);
    expect(history.map((h) => [h.revision, h.status])).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'superseded'],
      [4, 'deployed'],
    ]);
  });

  it('stops (replicas 0) and starts (replicas restored)', async () => {
    const stopped = await finished(await act(dev, 'stopInstance', id));
    expect(stopped.instance.status).toBe('STOPPED');
    expect((statefulSet('cache-redis-master')!.spec as any).replicas).toBe(0);
    const started = await finished(await act(dev, 'startInstance', id));
    expect(started.instance.status).toBe('ACTIVE');
    expect((statefulSet('cache-redis-master')!.spec as any).replicas).toBe(1);
  });

  it('deletes (history kept), recovers, and ceases', async () => {
    const deleted = await finished(await act(dev, 'deleteInstance', id));
    expect(deleted.instance.status).toBe('DELETED');
    expect(statefulSet('cache-redis-master')).toBeUndefined();
    const recovered = await finished(await act(dev, 'recoverInstance', id));
    expect(recovered.instance).toMatchObject({ status: 'ACTIVE', revision: 5 });
    expect(statefulSet('cache-redis-master')).toBeDefined();
    const ceased = await finished(await act(dev, 'ceaseInstance', id));
    expect(ceased.instance.status).toBe('CEASED');
    expect(statefulSet('cache-redis-master')).toBeUndefined();
    expect(await helmJson('helm', ['list', '--all'])).toEqual([]);
  });
});

describe('failures', () => {
  // A Deployment: a StatefulSet whose pod is stuck pulling is not rolled by Kubernetes itself (its
  // OrderedReady update waits for the broken pod), so the repair path is shown on a Deployment.
  it('a failing image → FAILED with the pod reason in lastError; fixing the config succeeds', async () => {
    const { versionId } = await uploadChart(dev, 'web');
    await releaseVersion(dev, admin, versionId);
    const broken = { image: { repository: 'sandbox.invalid/fail/nginx' } };
    const r = await finished(await deploy(dev, { versionId, runtimeId, name: 'broken', config: broken }));
    expect(r.jobStatus).toBe('FAILED');
    expect(r.instance).toMatchObject({
      status: 'FAILED',
      lastError: expect.stringMatching(/ImagePullBackOff on container .*sandbox\.invalid\/fail\/nginx/),
    });
    expect(r.instance.revisions).toEqual([expect.objectContaining({ revision: 1, status: 'failed' })]);
    const fixed = await dev.ok(
      `mutation($id: ID!, $c: JSON!) { r: updateInstanceConfig(id: $id, config: $c) { ${INSTANCE_JOB} } }`,
      { id: r.instance.id, c: { image: { repository: 'nginx' } } },
    );
    const ok = await finished(fixed.r);
    expect(ok.instance).toMatchObject({ status: 'ACTIVE', lastError: null, revision: 2 });
    const history = await helmJson<{ revision: number; status: string }[]>('helm', ['history', 'broken']);
    expect(history.map((h) => [h.revision, h.status])).toEqual([
      [1, 'failed'],
      [2, 'deployed'],
    ]);
  });
});

describe('adoption and streaming', () => {
  it('adopts a release helm installed, with its history', async () => {
    const chartDir = join(dir, 'adoptee');
    const { versionId } = await uploadChart(dev, 'adoptee');
    await releaseVersion(dev, admin, versionId);
    // the same chart helm installs: hello-chart renamed, as uploadChart packages it
    cpSync(HELLO, chartDir, { recursive: true });
    writeFileSync(
      join(chartDir, 'Chart.yaml'),
      'apiVersion: v2\nname: adoptee\nversion: 0.3.1\nappVersion: "1.0"\ndescription: adoptee chart\n',
    );
    for (const args of [
      ['install', 'legacy', chartDir, '-n', NS, '--set', 'replicaCount=1'],
      ['upgrade', 'legacy', chartDir, '-n', NS, '--set', 'replicaCount=2'],
    ]) {
      const r = await helm('helm', args);
      expect(r.stderr).toBe('');
    }
    // adopt a settled release: helm's own pods ready (Marina's adopt describes them as they are)
    await waitForCondition(sandbox, 'legacy ready', () =>
      sandbox.service.store
        .list('deployments.apps', NS)
        .filter((d) => d.metadata.name === 'legacy-adoptee')
        .some((d) => (d.status as any)?.availableReplicas === 2),
    );
    const data = await dev.ok(
      `mutation($r: ID!, $n: String!, $name: String!) { r: adoptRelease(runtimeId: $r, namespace: $n, name: $name) { ${INSTANCE_JOB} } }`,
      { r: runtimeId, n: NS, name: 'legacy' },
    );
    const adopted = await finished(data.r);
    expect(adopted.jobStatus).toBe('SUCCEEDED');
    expect(adopted.instance).toMatchObject({ status: 'ACTIVE', revision: 2, config: { replicaCount: 2 } });
    expect(adopted.instance.revisions.map((v: any) => [v.revision, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);
    expect(adopted.instance.resources).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'Deployment', health: 'HEALTHY' })]),
    );
  });

  it('a subscriber connecting mid-deploy with sinceSeq 0 receives every event once, in order', async () => {
    const { versionId } = await uploadChart(dev, 'streamed');
    await releaseVersion(dev, admin, versionId);
    const r = await deploy(dev, { versionId, runtimeId, name: 'streamed' });
    const ws = dev.ws();
    const seqs: number[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`stream incomplete: ${seqs.join(',')}`)), 120_000);
        ws.subscribe<{ instanceEvents: { seq: number; kind: string; status: string | null } }>(
          {
            query: `subscription($id: ID!) { instanceEvents(instanceId: $id, sinceSeq: 0) { seq kind status } }`,
            variables: { id: r.instance.id },
          },
          {
            next: (msg) => {
              const e = msg.data?.instanceEvents;
              if (!e) return;
              seqs.push(e.seq);
              if (e.kind === 'instance.status' && e.status === 'ACTIVE') {
                clearTimeout(timer);
                resolve();
              }
            },
            error: (err) => reject(new Error(JSON.stringify(err))),
            complete: () => undefined,
          },
        );
      });
    } finally {
      await ws.dispose();
    }
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(seqs.length).toBeGreaterThan(5);
  });
});
