/**
 * Oracle test of Marina's Helm release records: releases written by the release store (objects
 * applied server-side with the field-manager policy, hooks run by the hook plan) are listed, shown,
 * upgraded and rolled back by the real helm 3.17.3 and helm 4.1.4 against lib/kube-sandbox, and
 * releases helm installed are read by the adopt reader.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadChart, renderChart, type Chart } from '@marina/helm';
import { startKubeSandbox, type KubeSandbox } from '@marina/kube-sandbox';
import {
  applyOptionsAfter,
  buildRelease,
  hookState,
  MARINA_APPLY_METHOD,
  MARINA_OWNER_LABEL,
  planHooks,
  readAdoptableRelease,
  RELEASE_DESCRIPTIONS,
  releaseNameTaken,
  ReleaseStore,
  type HelmRelease,
  type JsonMap,
} from '../../src/drivers/kubernetes/helm';
import type { KubeObject } from '../../src/drivers/kubernetes/kube-object.types';
import { releaseClientFor, type TestReleaseClient } from '../support/kube-release-client';
import { runTool, waitForCondition, waitForObject, type ToolResult } from '../support/kube-sandbox-waits';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureTools } = require('../../scripts/tools') as { ensureTools(): { helm: string; helm4: string } };

jest.setTimeout(180_000);

const NS = 'default';
const chartDir = join(__dirname, '..', 'fixtures', 'helm-release', 'demo-chart');

describe('Marina release records against real helm 3.17.3 and helm 4.1.4', () => {
  let sandbox: KubeSandbox;
  let dir: string;
  let kubeconfig: string;
  let tools: { helm: string; helm4: string };
  let client: TestReleaseClient;
  let store: ReleaseStore;
  let chart: Chart;
  const helm3 = (args: string[]): Promise<ToolResult> =>
    runTool(tools.helm, args, { kubeconfig, home: join(dir, 'h3') });
  const helm4 = (args: string[]): Promise<ToolResult> =>
    runTool(tools.helm4, args, { kubeconfig, home: join(dir, 'h4') });
  const json = async <T>(p: Promise<ToolResult>): Promise<T> => {
    const r = await p;
    if (r.code !== 0) throw new Error(`helm failed (${r.code}): ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };
  const store$ = () => sandbox.service.store;

  beforeAll(async () => {
    tools = ensureTools();
    sandbox = await startKubeSandbox({ simulation: { podReadyDelayMs: 50, jobPodDurationMs: 100 } });
    dir = mkdtempSync(join(tmpdir(), 'helm-release-'));
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, sandbox.kubeconfig, { mode: 0o600 });
    client = releaseClientFor(sandbox);
    store = new ReleaseStore(client, NS);
    chart = loadChart(chartDir);
  });
  afterAll(async () => {
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the hooks of `event` as the deploy pipeline would, recording each run. */
  async function runHooks(rel: HelmRelease, event: Parameters<typeof planHooks>[1]): Promise<void> {
    const plan = planHooks(rel.hooks, event);
    for (const step of plan.steps) {
      const obj = parseYaml(step.hook.manifest) as KubeObject;
      const ref = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: NS };
      if (step.deleteBeforeCreate) await client.remove(ref);
      const startedAt = new Date().toISOString();
      await client.create(obj, NS);
      const groupResource = obj.kind === 'Job' ? 'jobs.batch' : `${obj.kind.toLowerCase()}s`;
      const done = await waitForObject(sandbox, { groupResource, namespace: NS, name: ref.name }, (o) =>
        o ? hookState(step.completion, o as unknown as KubeObject).state !== 'running' : false,
      );
      const state = hookState(step.completion, done as unknown as KubeObject);
      const phase = state.state === 'succeeded' ? 'Succeeded' : 'Failed';
      await store.setHookRun(rel.name, rel.version, step.hook, {
        startedAt,
        completedAt: new Date().toISOString(),
        phase,
      });
      if (state.state === 'failed') throw new Error(state.reason);
    }
    for (const h of plan.deleteAfterSuccess)
      await client.remove({ apiVersion: 'batch/v1', kind: h.kind, name: h.name, namespace: NS });
  }

  /** What the deploy pipeline does for one revision: record pending, hooks, apply, record deployed. */
  async function marinaRevision(
    name: string,
    version: number,
    config: JsonMap,
    owner: string,
    fieldManager?: string,
  ): Promise<HelmRelease> {
    const previous = version > 1 ? await store.latest(name) : null;
    const render = renderChart(chart, {
      releaseName: name,
      namespace: NS,
      values: config,
      revision: version,
      isUpgrade: version > 1,
    });
    const rel = buildRelease({
      name,
      namespace: NS,
      version,
      chart,
      config,
      render,
      status: version === 1 ? 'pending-install' : 'pending-upgrade',
      description: version === 1 ? RELEASE_DESCRIPTIONS.installPending : RELEASE_DESCRIPTIONS.upgradePending,
      now: new Date(),
      firstDeployed: previous?.info.firstDeployed,
      applyMethod: MARINA_APPLY_METHOD,
      labels: { [MARINA_OWNER_LABEL]: owner },
    });
    await store.write(rel);
    await runHooks(rel, version === 1 ? 'pre-install' : 'pre-upgrade');
    for (const m of render.manifests)
      await client.apply(parseYaml(m.content) as KubeObject, NS, {
        ...applyOptionsAfter(previous),
        ...(fieldManager ? { fieldManager } : {}),
      });
    await store.setStatus(
      name,
      version,
      'deployed',
      version === 1 ? RELEASE_DESCRIPTIONS.installed : RELEASE_DESCRIPTIONS.upgraded,
    );
    await store.supersedeDeployed(name, version);
    return (await store.get(name, version)) as HelmRelease;
  }

  const deployment = (name: string) =>
    store$().get({ groupResource: 'deployments.apps', namespace: NS, name }) as KubeObject & {
      spec: { replicas: number };
      metadata: { managedFields?: Array<{ manager: string; operation: string }> };
    };
  const configMap = (name: string) =>
    store$().get({ groupResource: 'configmaps', namespace: NS, name }) as
      (KubeObject & { data: Record<string, string> }) | undefined;

  it('writes a release that both helms list, show, and read values and manifest from', async () => {
    const rel = await marinaRevision('web', 1, { greeting: 'hi' }, 'inst-1');
    expect(rel.info.status).toBe('deployed');
    expect(rel.hooks[0].lastRun.phase).toBe('Succeeded');
    expect(configMap('web-cfg')?.data).toEqual({ greeting: 'hi' });
    for (const helm of [helm3, helm4]) {
      const list = await json<Array<Record<string, string>>>(helm(['list', '-n', NS, '-o', 'json']));
      expect(list).toEqual([
        expect.objectContaining({
          name: 'web',
          namespace: NS,
          revision: '1',
          status: 'deployed',
          chart: 'demo-0.1.0',
          app_version: '1.0',
        }),
      ]);
      const history = await json<Array<Record<string, unknown>>>(helm(['history', 'web', '-n', NS, '-o', 'json']));
      expect(history).toEqual([
        expect.objectContaining({
          revision: 1,
          status: 'deployed',
          chart: 'demo-0.1.0',
          description: 'Install complete',
        }),
      ]);
      const status = await json<{ name: string; version: number; info: { status: string; notes: string } }>(
        helm(['status', 'web', '-n', NS, '-o', 'json']),
      );
      expect(status).toMatchObject({ name: 'web', version: 1, info: { status: 'deployed', notes: 'Hi web\n' } });
      expect(await json(helm(['get', 'values', 'web', '-n', NS, '-o', 'json']))).toEqual({ greeting: 'hi' });
      expect(await json(helm(['get', 'values', 'web', '-n', NS, '--all', '-o', 'json']))).toEqual({
        greeting: 'hi',
        hookImage: 'busybox:1.36',
        replicas: 1,
      });
      const manifest = await helm(['get', 'manifest', 'web', '-n', NS]);
      expect(manifest.stdout.trim()).toBe(rel.manifest.trim());
      const hooks = await helm(['get', 'hooks', 'web', '-n', NS]);
      expect(hooks.stdout).toContain('name: web-pre');
    }
  });

  /** "manager/operation" of the managedFields entries that own something under `field` (e.g. "f:spec"). */
  const owners = (o: KubeObject | undefined, field: string) =>
    (
      (o?.metadata.managedFields ?? []) as Array<{
        manager: string;
        operation: string;
        fieldsV1?: Record<string, unknown>;
      }>
    )
      .filter((m) => m.fieldsV1 && field in m.fieldsV1)
      .map((m) => `${m.manager}/${m.operation}`)
      .sort();

  it('helm 4.1.4 upgrades it server-side as "helm" (apply_method kept) and the store reads the new revision', async () => {
    const up = await helm4(['upgrade', 'web', chartDir, '-n', NS, '--reuse-values', '--set', 'replicas=2']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const history = await store.history('web');
    expect(history.map((r) => [r.version, r.info.status, r.info.description, r.applyMethod])).toEqual([
      [1, 'superseded', 'Install complete', 'ssa'],
      [2, 'deployed', 'Upgrade complete', 'ssa'],
    ]);
    expect(history[1].config).toEqual({ greeting: 'hi', replicas: 2 });
    expect(history[1].labels[MARINA_OWNER_LABEL]).toBe('inst-1');
    expect(deployment('web-web').spec.replicas).toBe(2);
    expect(owners(deployment('web-web'), 'f:spec')).toEqual(['helm/Apply']);
    expect(owners(configMap('web-cfg'), 'f:data')).toEqual(['helm/Apply']);
  });

  it('helm 3.17.3 upgrades it (three-way merge as "helm", no apply_method)', async () => {
    const up = await helm3(['upgrade', 'web', chartDir, '-n', NS, '--reuse-values', '--set', 'greeting=hello']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const latest = (await store.latest('web')) as HelmRelease;
    expect([latest.version, latest.info.status, latest.applyMethod]).toEqual([3, 'deployed', null]);
    expect(latest.config).toEqual({ greeting: 'hello', replicas: 2 });
    expect(latest.labels[MARINA_OWNER_LABEL]).toBe('inst-1');
    expect(configMap('web-cfg')?.data).toEqual({ greeting: 'hello' });
    // The patched field moved to "helm"'s Update entry: on a real API server a later server-side apply
    // as "helm" conflicts with it unless forced, which is why applyOptionsAfter forces after csa.
    expect(owners(configMap('web-cfg'), 'f:data')).toEqual(['helm/Update']);
  });

  it('Marina upgrades the release helm 3 last touched; both helms read the history', async () => {
    expect(await releaseNameTaken(client, 'web', NS, 'inst-1')).toBe(false);
    const rel = await marinaRevision('web', 4, { greeting: 'marina', replicas: 3 }, 'inst-1');
    expect([rel.info.status, rel.applyMethod]).toEqual(['deployed', 'ssa']);
    expect(deployment('web-web').spec.replicas).toBe(3);
    expect(configMap('web-cfg')?.data).toEqual({ greeting: 'marina' });
    for (const helm of [helm3, helm4]) {
      const history = await json<Array<{ revision: number; status: string; description: string }>>(
        helm(['history', 'web', '-n', NS, '-o', 'json']),
      );
      expect(history.map((h) => [h.revision, h.status, h.description])).toEqual([
        [1, 'superseded', 'Install complete'],
        [2, 'superseded', 'Upgrade complete'],
        [3, 'superseded', 'Upgrade complete'],
        [4, 'deployed', 'Upgrade complete'],
      ]);
    }
  });

  it('helm 4.1.4 and helm 3.17.3 roll back to Marina revisions', async () => {
    const back4 = await helm4(['rollback', 'web', '1', '-n', NS]);
    expect(back4.stderr).toBe('');
    expect(back4.code).toBe(0);
    let latest = (await store.latest('web')) as HelmRelease;
    expect([latest.version, latest.info.status, latest.info.description, latest.applyMethod]).toEqual([
      5,
      'deployed',
      'Rollback to 1',
      'ssa',
    ]);
    expect(latest.config).toEqual({ greeting: 'hi' });
    expect(configMap('web-cfg')?.data).toEqual({ greeting: 'hi' });
    expect(deployment('web-web').spec.replicas).toBe(1);
    const back3 = await helm3(['rollback', 'web', '4', '-n', NS]);
    expect(back3.stderr).toBe('');
    expect(back3.code).toBe(0);
    latest = (await store.latest('web')) as HelmRelease;
    expect([latest.version, latest.info.status, latest.info.description]).toEqual([6, 'deployed', 'Rollback to 4']);
    expect(configMap('web-cfg')?.data).toEqual({ greeting: 'marina' });
    expect(deployment('web-web').spec.replicas).toBe(3);
    expect((await store.history('web')).filter((r) => r.info.status === 'deployed').map((r) => r.version)).toEqual([6]);
  });

  it('a field manager other than "helm" makes helm 4.1.4 upgrade fail with a conflict (why the policy pins "helm")', async () => {
    await marinaRevision('other', 1, { greeting: 'hi' }, 'inst-2', 'marina');
    const up = await helm4(['upgrade', 'other', chartDir, '-n', NS, '--reuse-values', '--set', 'greeting=changed']);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toMatch(/conflict/i);
    expect(up.stderr).toContain('"marina"');
    expect(((await store.latest('other')) as HelmRelease).info.status).toBe('failed');
    // helm 3.17.3 patches client-side and never conflicts, whatever the manager.
    const up3 = await helm3(['upgrade', 'other', chartDir, '-n', NS, '--reuse-values', '--set', 'greeting=changed']);
    expect(up3.code).toBe(0);
  });

  it('reads releases helm installed, with their history, whatever their status', async () => {
    expect((await helm3(['install', 'legacy', chartDir, '-n', NS, '--set', 'greeting=old'])).code).toBe(0);
    expect((await helm3(['upgrade', 'legacy', chartDir, '-n', NS, '--set', 'replicas=2'])).code).toBe(0);
    expect((await helm4(['install', 'modern', chartDir, '-n', NS])).code).toBe(0);
    const broken = await helm4(['install', 'broken', chartDir, '-n', NS, '--set', 'hookImage=sandbox.invalid/crash']);
    expect(broken.code).not.toBe(0);

    const legacy = await readAdoptableRelease(client, NS, 'legacy');
    expect(legacy).toMatchObject({ name: 'legacy', namespace: NS, status: 'deployed', notes: 'Hi legacy\n' });
    expect(legacy?.chartValues).toEqual({ greeting: 'hello', hookImage: 'busybox:1.36', replicas: 1 });
    expect(
      legacy?.revisions.map((r) => [
        r.revision,
        r.status,
        r.chartName,
        r.chartVersion,
        r.appVersion,
        r.config,
        r.applyMethod,
      ]),
    ).toEqual([
      [1, 'superseded', 'demo', '0.1.0', '1.0', { greeting: 'old' }, null],
      [2, 'deployed', 'demo', '0.1.0', '1.0', { replicas: 2 }, null],
    ]);
    expect(legacy?.revisions[1].manifest).toContain('replicas: 2');
    expect(legacy?.revisions[1].manifestDigest).toMatch(/^[0-9a-f]{64}$/);

    const modern = await readAdoptableRelease(client, NS, 'modern');
    expect(modern?.revisions.map((r) => [r.revision, r.status, r.applyMethod])).toEqual([[1, 'deployed', 'ssa']]);
    const failed = await readAdoptableRelease(client, NS, 'broken');
    expect(failed?.status).toBe('failed');
    expect(failed?.revisions[0].description).toMatch(/^Release "broken" failed: failed pre-install/);
    expect(await readAdoptableRelease(client, NS, 'absent')).toBeNull();

    // A helm-made release holds its name against any Marina instance.
    expect(await releaseNameTaken(client, 'legacy', NS, 'inst-1')).toBe(true);
    expect(await releaseNameTaken(client, 'legacy', NS)).toBe(true);
    expect(await releaseNameTaken(client, 'web', NS, 'inst-9')).toBe(true);
  });

  it('writes a revision idempotently and keeps concurrent record updates (optimistic concurrency on the API server)', async () => {
    const render = renderChart(chart, { releaseName: 'again', namespace: NS, values: {} });
    const rev = (now: Date) =>
      buildRelease({
        name: 'again',
        namespace: NS,
        version: 1,
        chart,
        config: {},
        render,
        status: 'pending-install',
        description: RELEASE_DESCRIPTIONS.installPending,
        now,
        applyMethod: MARINA_APPLY_METHOD,
      });
    expect((await store.write(rev(new Date('2026-01-01T00:00:00Z')))).created).toBe(true);
    const resumed = await store.write(rev(new Date()));
    expect(resumed.created).toBe(false);
    expect(resumed.release.info.lastDeployed).toBe('2026-01-01T00:00:00.000Z');
    expect(await client.list('v1', 'Secret', NS, 'name=again,owner=helm')).toHaveLength(1);

    const run = (phase: 'Succeeded' | 'Failed') => ({ startedAt: null, completedAt: null, phase });
    await Promise.all([
      store.setHookRun('again', 1, { kind: 'Job', name: 'again-pre' }, run('Succeeded')),
      store.setStatus('again', 1, 'failed', RELEASE_DESCRIPTIONS.failed('again', 'boom')),
      store.update('again', 1, (r) => ({ ...r, labels: { ...r.labels, extra: 'yes' } })),
    ]);
    const stored = (await store.get('again', 1)) as HelmRelease;
    expect([stored.info.status, stored.hooks[0].lastRun.phase, stored.labels.extra]).toEqual([
      'failed',
      'Succeeded',
      'yes',
    ]);
    const list = await json<Array<{ name: string; status: string }>>(
      helm4(['list', '-n', NS, '--failed', '-o', 'json']),
    );
    expect(list.map((r) => [r.name, r.status])).toContainEqual(['again', 'failed']);
  });
});
