/**
 * The real helm 3.17.3 binary against the sandbox: install of the assembled Bitnami redis chart
 * with --wait, list, upgrade, history, rollback, uninstall; release storage in Secrets and
 * ConfigMaps (protobuf-encoded writes); hook Jobs that complete or fail.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeSandbox, type KubeSandbox } from '@marina/kube-sandbox';
import { runTool, waitForCondition, type ToolResult } from '../support/kube-sandbox-waits';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureTools } = require('../../scripts/tools') as { ensureTools(): { helm: string; kubectl: string } };

jest.setTimeout(180_000);

const redisChart = join(__dirname, '..', '..', '..', 'shared', 'conformance', 'charts', 'assembled', 'redis-23.1.1');

function hookChart(dir: string, image: string): string {
  const chart = join(dir, `hooked-${image.replace(/[^a-z0-9]/g, '')}`);
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: hooked\nversion: 0.1.0\n');
  writeFileSync(
    join(chart, 'templates', 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cfg\ndata:\n  greeting: hello\n',
  );
  writeFileSync(
    join(chart, 'templates', 'hook.yaml'),
    `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-migrate\n  annotations:\n    helm.sh/hook: post-install\n    helm.sh/hook-delete-policy: before-hook-creation\nspec:\n  backoffLimit: 1\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: migrate\n        image: ${image}\n`,
  );
  writeFileSync(
    join(chart, 'templates', 'test.yaml'),
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-smoke\n  annotations:\n    helm.sh/hook: test\nspec:\n  restartPolicy: Never\n  containers:\n  - name: smoke\n    image: {{ .Values.testImage | default "busybox:1.36" }}\n`,
  );
  return chart;
}

describe('helm 3.17.3 against the kube sandbox', () => {
  let sandbox: KubeSandbox;
  let dir: string;
  let helm: string;
  let kubeconfig: string;
  const h = (args: string[], extra?: Record<string, string>): Promise<ToolResult> =>
    runTool(helm, args, { kubeconfig, home: dir, extra });
  const store = () => sandbox.service.store;

  beforeAll(async () => {
    helm = ensureTools().helm;
    sandbox = await startKubeSandbox({ simulation: { podReadyDelayMs: 100, jobPodDurationMs: 200 } });
    dir = mkdtempSync(join(tmpdir(), 'kube-sandbox-helm-'));
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, sandbox.kubeconfig, { mode: 0o600 });
  });
  afterAll(async () => {
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs the redis chart with --wait once its pods are ready', async () => {
    const r = await h(['install', 'cache', redisChart, '--namespace', 'default', '--wait', '--timeout', '120s']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('STATUS: deployed');
    const sts = store().list('statefulsets.apps', 'default');
    expect(sts.map((s) => s.metadata.name)).toEqual(['cache-redis-master', 'cache-redis-replicas']);
    for (const s of sts)
      expect((s.status as { readyReplicas?: number }).readyReplicas).toBe((s.spec as { replicas: number }).replicas);
    const pvcs = store().list('persistentvolumeclaims', 'default');
    expect(pvcs).toHaveLength(4);
    for (const p of pvcs) expect((p.status as { phase: string }).phase).toBe('Bound');
    const release = store().get({
      groupResource: 'secrets',
      namespace: 'default',
      name: 'sh.helm.release.v1.cache.v1',
    });
    expect(release?.type).toBe('helm.sh/release.v1');
    expect(release?.metadata.labels).toMatchObject({ owner: 'helm', name: 'cache', status: 'deployed', version: '1' });
    const payload = Buffer.from(String((release?.data as Record<string, string>).release), 'base64').toString();
    expect(Buffer.from(payload, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('lists the release', async () => {
    const r = await h(['list', '--namespace', 'default', '-o', 'json']);
    const list = JSON.parse(r.stdout) as { name: string; revision: string; status: string; chart: string }[];
    expect(list).toEqual([
      expect.objectContaining({ name: 'cache', revision: '1', status: 'deployed', chart: 'redis-23.1.1' }),
    ]);
  });

  it('upgrades, shows history, rolls back', async () => {
    const up = await h([
      'upgrade',
      'cache',
      redisChart,
      '--namespace',
      'default',
      '--set',
      'replica.replicaCount=1',
      '--wait',
      '--timeout',
      '120s',
    ]);
    expect(up.code).toBe(0);
    await waitForCondition(
      sandbox,
      'replicas scaled down to 1 pod',
      () =>
        store()
          .list('pods', 'default')
          .filter((p) => p.metadata.name?.startsWith('cache-redis-replicas-')).length === 1,
    );
    const history = await h(['history', 'cache', '--namespace', 'default', '-o', 'json']);
    const revisions = (JSON.parse(history.stdout) as { revision: number; status: string; description: string }[]).map(
      (x) => [x.revision, x.status, x.description],
    );
    expect(revisions).toEqual([
      [1, 'superseded', 'Install complete'],
      [2, 'deployed', 'Upgrade complete'],
    ]);
    const back = await h(['rollback', 'cache', '1', '--namespace', 'default', '--wait', '--timeout', '120s']);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('Rollback was a success!');
    const replicas = store().get({
      groupResource: 'statefulsets.apps',
      namespace: 'default',
      name: 'cache-redis-replicas',
    });
    expect((replicas?.spec as { replicas: number }).replicas).toBe(3);
    expect((replicas?.status as { readyReplicas: number }).readyReplicas).toBe(3);
    const after = JSON.parse((await h(['history', 'cache', '--namespace', 'default', '-o', 'json'])).stdout) as {
      revision: number;
      status: string;
    }[];
    expect(after.map((x) => x.status)).toEqual(['superseded', 'superseded', 'deployed']);
  });

  it('uninstalls the release and its objects', async () => {
    const r = await h(['uninstall', 'cache', '--namespace', 'default', '--wait', '--timeout', '60s']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('release "cache" uninstalled');
    await waitForCondition(
      sandbox,
      'pods of the release gone',
      () =>
        !store()
          .list('pods', 'default')
          .some((p) => p.metadata.name?.startsWith('cache-')),
    );
    expect(store().list('statefulsets.apps', 'default')).toHaveLength(0);
    expect(
      store()
        .list('secrets', 'default')
        .filter((s) => s.metadata.name?.startsWith('sh.helm.release')),
    ).toHaveLength(0);
    expect(JSON.parse((await h(['list', '-a', '-o', 'json'])).stdout)).toEqual([]);
  });

  it('stores releases in ConfigMaps with HELM_DRIVER=configmap and waits for a post-install hook Job', async () => {
    const r = await h(
      ['install', 'hooked', hookChart(dir, 'busybox:1.36'), '--namespace', 'default', '--wait', '--timeout', '60s'],
      { HELM_DRIVER: 'configmap' },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const record = store().get({
      groupResource: 'configmaps',
      namespace: 'default',
      name: 'sh.helm.release.v1.hooked.v1',
    });
    expect(record?.metadata.labels).toMatchObject({ owner: 'helm', status: 'deployed' });
    const job = store().get({ groupResource: 'jobs.batch', namespace: 'default', name: 'hooked-migrate' });
    expect(JSON.stringify(job?.status)).toContain('"type":"Complete"');
    const listed = JSON.parse((await h(['list', '-o', 'json'], { HELM_DRIVER: 'configmap' })).stdout) as {
      name: string;
    }[];
    expect(listed.map((x) => x.name)).toEqual(['hooked']);
  });

  it('runs helm test hook pods to completion, and reports a crashing one as failed', async () => {
    const ok = await h(['test', 'hooked', '--namespace', 'default', '--timeout', '60s'], { HELM_DRIVER: 'configmap' });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/TEST SUITE:\s+hooked-smoke[\s\S]*Phase:\s+Succeeded/);
    const up = await h(
      [
        'upgrade',
        'hooked',
        join(dir, 'hooked-busybox136'),
        '--namespace',
        'default',
        '--set',
        'testImage=sandbox.invalid/crash-test',
        '--wait',
      ],
      { HELM_DRIVER: 'configmap' },
    );
    expect(up.code).toBe(0);
    const bad = await h(['test', 'hooked', '--namespace', 'default', '--timeout', '60s'], { HELM_DRIVER: 'configmap' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('pod hooked-smoke failed');
  });

  it('fails an install whose hook Job exhausts its backoffLimit', async () => {
    const r = await h([
      'install',
      'doomed',
      hookChart(dir, 'sandbox.invalid/crash-migrate:1'),
      '--namespace',
      'default',
      '--wait',
      '--timeout',
      '60s',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/BackoffLimitExceeded|job (doomed-migrate )?failed/);
    const failed = store()
      .list('pods', 'default')
      .filter((p) => p.metadata.name?.startsWith('doomed-migrate-'));
    expect(failed).toHaveLength(2);
    for (const p of failed) expect((p.status as { phase: string }).phase).toBe('Failed');
  });
});
