/**
 * A revision helm makes on a Marina release is seen by Marina: the real helm 4.1.4 upgrades the
 * release outside Marina, the worker's live-state observer records the missing revision on the
 * instance (two observers at once record it once), GraphQL shows it, and a Marina upgrade after
 * that makes the next revision.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeSandbox, type KubeSandbox } from '@marina/kube-sandbox';
import { createInstanceObserver } from '../../src/app/instance-observer';
import type { GraphQLClient } from '../support/graphql-client';
import { runTool, type ToolResult } from '../support/kube-sandbox-waits';
import { startTestMarina, type TestMarina } from '../support/marina';
import { awaitJob, type Authed, developer, sql } from './catalog-support';
import { HELLO, releaseVersion, uploadChartVersion } from './lifecycle-support';
import { activeChart, deploy, INSTANCE_JOB, createSandboxRuntime } from './instances-support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureTools } = require('../../scripts/tools') as { ensureTools(): { helm: string; helm4: string } };

jest.setTimeout(300_000);

const NS = 'apps';
const CHART = 'hsync';

let sandbox: KubeSandbox;
let t: TestMarina;
let admin: GraphQLClient;
let dev: Authed;
let runtimeId: string;
let dir: string;
let helm4: string;
let kubeconfigFile: string;

const helm = (args: string[]): Promise<ToolResult> =>
  runTool(helm4, args, { kubeconfig: kubeconfigFile, home: join(dir, 'helm4') });

async function helmJson<T>(args: string[]): Promise<T> {
  const r = await helm([...args, '-n', NS, '-o', 'json']);
  if (r.code !== 0) throw new Error(`helm4 ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** The hello chart as uploadChartVersion packages it, as a directory helm can upgrade from. */
function chartDir(version: string): string {
  const path = join(dir, `${CHART}-${version}`);
  cpSync(HELLO, path, { recursive: true });
  writeFileSync(join(path, 'Chart.yaml'), `apiVersion: v2\nname: ${CHART}\nversion: ${version}\n`);
  return path;
}

async function instance(id: string): Promise<Record<string, any>> {
  const data = await dev.ok(
    `query($id: ID!) { instance(id: $id) { status transitionStatus revision config version { name }
      revisions { revision status action config version { name } } } }`,
    { id },
  );
  return data.instance;
}

async function finished(r: Record<string, any>): Promise<string> {
  if (r.__typename !== 'InstanceJob') throw new Error(`not started: ${JSON.stringify(r)}`);
  return awaitJob(dev, r.job.id, 180_000);
}

const externalEvents = (id: string) =>
  sql<{ seq: number; status: string; message: string }>(
    t,
    `select seq, status, message from instance_events where instance_id = $1 and kind = 'release.external' order by seq`,
    [id],
  );

beforeAll(async () => {
  helm4 = ensureTools().helm4;
  sandbox = await startKubeSandbox({ simulation: { podReadyDelayMs: 200, jobPodDurationMs: 100 } });
  dir = mkdtempSync(join(tmpdir(), 'instances-helm-sync-'));
  kubeconfigFile = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigFile, sandbox.kubeconfig, { mode: 0o600 });
  t = await startTestMarina('instances_helm_sync', {
    workers: true,
    env: { MARINA_ALLOWED_HOSTS: '127.0.0.1/32', MARINA_OBSERVE_INTERVAL_MS: '3600000' },
  });
  admin = await t.admin();
  dev = await developer(t);
  runtimeId = await createSandboxRuntime(dev, sandbox.kubeconfig, NS, { name: 'sandbox' });
});

afterAll(async () => {
  await t?.stop();
  await sandbox?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a release upgraded by helm 4.1.4 outside Marina', () => {
  it('is recorded as the next revision once observed, once with two observers, and Marina upgrades after it', async () => {
    const { appId, versionId: v1 } = await activeChart(dev, admin, CHART);
    const v2 = await uploadChartVersion(dev, appId, CHART, '0.3.2');
    await releaseVersion(dev, admin, v2);
    const started = await deploy(dev, { versionId: v1, runtimeId, name: 'web', config: { service: { port: 8080 } } });
    expect(await finished(started)).toBe('SUCCEEDED');
    const id: string = started.instance.id;
    expect(await instance(id)).toMatchObject({ status: 'ACTIVE', revision: 1 });

    const up = await helm(['upgrade', 'web', chartDir('0.3.2'), '-n', NS, '--reuse-values', '--set', 'replicaCount=2']);
    expect(up.code).toBe(0);
    const helmHistory = await helmJson<{ revision: number; status: string }[]>(['history', 'web']);
    expect(helmHistory.map((h) => [h.revision, h.status])).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);
    // nothing reads the release before an observation
    expect(await instance(id)).toMatchObject({ revision: 1, config: { service: { port: 8080 } } });

    const observers = [0, 1].map(() => createInstanceObserver(t.marina.orm, t.marina.services.platform, t.marina.log));
    await Promise.all(observers.map((o) => o.observeOnce()));

    const seen = await instance(id);
    const config = { service: { port: 8080 }, replicaCount: 2 };
    expect(seen).toMatchObject({
      status: 'ACTIVE',
      transitionStatus: null,
      revision: 2,
      config,
      version: { name: '0.3.2' },
    });
    expect(seen.revisions.map((r: any) => [r.revision, r.status, r.action, r.version.name])).toEqual([
      [1, 'superseded', 'deploy', '0.3.1'],
      [2, 'deployed', 'external', '0.3.2'],
    ]);
    expect(seen.revisions[1].config).toEqual(config);
    const events = await externalEvents(id);
    expect(events).toEqual([
      expect.objectContaining({
        status: 'deployed',
        message: `revision 2 made outside Marina by helm (upgrade, chart ${CHART}-0.3.2)`,
      }),
    ]);

    // a later round finds nothing new
    await observers[0].observeOnce();
    expect((await instance(id)).revisions).toHaveLength(2);
    expect(await externalEvents(id)).toHaveLength(1);

    const next = await dev.ok(
      `mutation($id: ID!, $v: ID!, $c: JSON) { r: upgradeInstance(id: $id, versionId: $v, config: $c) { ${INSTANCE_JOB} } }`,
      { id, v: v2, c: { ...config, replicaCount: 3 } },
    );
    expect(await finished(next.r)).toBe('SUCCEEDED');
    const after = await instance(id);
    expect(after).toMatchObject({ status: 'ACTIVE', revision: 3, config: { ...config, replicaCount: 3 } });
    expect(after.revisions.map((r: any) => [r.revision, r.status])).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'deployed'],
    ]);
    const finalHistory = await helmJson<{ revision: number; status: string }[]>(['history', 'web']);
    expect(finalHistory.map((h) => [h.revision, h.status])).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'deployed'],
    ]);
    expect(await helmJson(['get', 'values', 'web'])).toEqual({ ...config, replicaCount: 3 });
  });
});
