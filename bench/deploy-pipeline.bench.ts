/**
 * Where a deploy's time goes: redis-23.1.1 deployed and upgraded by the Kubernetes deploy pipeline
 * (jobs planned by planKubeOperation with the production defaults, run by a worker in this process
 * — production profile: PostgreSQL + Redis) on a Kubernetes sandbox in its own process (pod-ready
 * delay BENCH_POD_READY_DELAY_MS, default 500 ms), next to `helm install/upgrade --wait` of the same
 * chart on the same sandbox (helm 3.17.3 `--wait`, helm 4.1.4 `--wait=watcher`).
 * Prints per repetition: job committed → job settled (ms), and per task `key +hop/run(reschedules)`
 * (hop: from its predecessor's end to its start; run: start to end); then medians, the first
 * (cold worker) deploy apart, and the ratio to the faster helm.
 * Env: BENCH_REPS (3), BENCH_HELM (1; 0 skips helm). Run: `npm run bench -- deploy-pipeline`.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { EntityManager } from '@mikro-orm/core';
import { sqlRows } from '../src/data/sql';
import { planKubeOperation } from '../src/drivers/kubernetes/deploy/deploy.planner';
import { JobEngineError } from '../src/jobs/errors';
import { createJob } from '../src/jobs/job.service';
import type { InstanceOperation } from '../src/services/instances/instance-operation.types';
import { SecretBox } from '../src/services/secrets/secret-box';
import { waitForJobSettled } from '../test/e2e/fixtures/job-worker-waits';
import { packChart, seedInstance, seedRuntime, seedVersion } from '../test/e2e/fixtures/kube-deploy-support';
import { startTestMarina } from '../test/support/marina';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS build script
const { ensureTools } = require('../scripts/tools') as { ensureTools(): { helm: string; helm4: string } };

const ROOT = resolve(__dirname, '..');
const REDIS = '/work/shared/conformance/charts/assembled/redis-23.1.1';
const DELAY_MS = Number(process.env.BENCH_POD_READY_DELAY_MS ?? 500);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const UPGRADE_VALUES = {
  master: { podAnnotations: { bench: 'rev2' } },
  replica: { podAnnotations: { bench: 'rev2' } },
};
const UPGRADE_SET = ['--set', 'master.podAnnotations.bench=rev2', '--set', 'replica.podAnnotations.bench=rev2'];
const run = promisify(execFile);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
};
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () =>
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

async function startSandbox(): Promise<{ kubeconfigPath: string; kubeconfig: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'marina-perf-kube-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const args = ['-r', join(ROOT, 'scripts/swc-register.js'), join(ROOT, 'src/cli/main.ts'), 'sandbox', 'kube'];
  const child = spawn(process.execPath, [...args, '--kubeconfig', kubeconfigPath, '--pod-ready-delay', `${DELAY_MS}`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  await new Promise<void>((res, rej) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('kubeconfig written')) res();
    });
    void exited.then(() => rej(new Error(`kube sandbox exited: ${out}`)));
  });
  return {
    kubeconfigPath,
    kubeconfig: readFileSync(kubeconfigPath, 'utf8'),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function helmReference(
  kubeconfigPath: string,
): Promise<Record<string, { install: number[]; upgrade: number[] }>> {
  const tools = ensureTools();
  const home = mkdtempSync(join(tmpdir(), 'marina-perf-helm-'));
  const env = { ...process.env, KUBECONFIG: kubeconfigPath, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home };
  const helms = [
    { label: 'helm 3.17.3', path: tools.helm, wait: '--wait' },
    { label: 'helm 4.1.4', path: tools.helm4, wait: '--wait=watcher' },
  ];
  const out: Record<string, { install: number[]; upgrade: number[] }> = {};
  const timed = async (path: string, args: string[]) => {
    const t0 = performance.now();
    await run(path, args, { env, maxBuffer: 64 << 20 });
    return performance.now() - t0;
  };
  for (let i = 0; i < REPS; i++)
    for (const h of helms) {
      const ns = `helm-${h.label.slice(5, 6)}-${i}`;
      const common = ['-n', ns, h.wait, '--timeout', '5m'];
      const r = (out[h.label] ??= { install: [], upgrade: [] });
      r.install.push(await timed(h.path, ['install', 'redis', REDIS, '--create-namespace', ...common]));
      r.upgrade.push(await timed(h.path, ['upgrade', 'redis', REDIS, '--reuse-values', ...UPGRADE_SET, ...common]));
      await run(h.path, ['uninstall', 'redis', '-n', ns, '--wait'], { env });
    }
  rmSync(home, { recursive: true, force: true });
  return out;
}

async function timeline(em: EntityManager, jobId: string): Promise<string> {
  const rows = await sqlRows<{ key: string; hop_ms: number; run_ms: number; reschedules: number }>(
    em,
    `select t.key, extract(epoch from (t.started_at - coalesce(d.finished_at, j.created_at))) * 1000 as hop_ms,
            extract(epoch from (t.finished_at - t.started_at)) * 1000 as run_ms, t.reschedules
       from tasks t join jobs j on j.id = t.job_id left join tasks d on d.job_id = t.job_id and d.key = t.depends_on[1]
      where t.job_id = ? order by t.started_at`,
    [jobId],
  );
  const fmt = (r: (typeof rows)[number]) =>
    `${r.key} +${Number(r.hop_ms).toFixed(0)}/${Number(r.run_ms).toFixed(0)}${r.reschedules ? `(${r.reschedules}×)` : ''}`;
  return rows.map(fmt).join(', ');
}

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  const t = await startTestMarina('perf_bench', { workers: true, env: { MARINA_ALLOWED_HOSTS: '127.0.0.1' } });
  const em = () => t.marina.orm.em.fork() as unknown as EntityManager;
  const hub = t.marina.services.platform.events;
  try {
    const seed = await seedRuntime(em(), SecretBox.fromString(t.secretKey), sandbox.kubeconfig, 'perf');
    const version = await seedVersion(
      em(),
      t.marina.services.platform.blobs,
      seed,
      '23.1.1',
      packChart(REDIS, 'redis'),
    );
    const runOp = async (op: InstanceOperation) => {
      const t0 = performance.now();
      const job = await em().transactional((tx) =>
        createJob(tx as never, hub, {
          action: op.action,
          instanceId: op.instanceId,
          input: { ...op },
          tasks: planKubeOperation(op),
        }),
      );
      if (job instanceof JobEngineError) throw job;
      const end = await waitForJobSettled(hub, job.id, 120_000);
      const ms = performance.now() - t0;
      if (end.status !== 'SUCCEEDED') throw new Error(`${op.action} ended ${end.status}: ${end.error}`);
      return { ms, line: await timeline(em(), job.id) };
    };
    const install: number[] = [];
    const upgrade: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const instanceId = await seedInstance(em(), seed, version, `redis-${i}`);
      const base = { instanceId, runtimeId: seed.runtimeId, namespace: `marina-${i}`, releaseName: 'redis' };
      const op = { ...base, versionId: version, overrides: {}, timeoutMs: 300_000 };
      const d = await runOp({ ...op, action: 'deploy', revision: 1 });
      console.log(`deploy  #${i} ${secs(d.ms)} (${load()}): ${d.line}`);
      const u = await runOp({ ...op, action: 'upgrade', revision: 2, overrides: UPGRADE_VALUES });
      console.log(`upgrade #${i} ${secs(u.ms)} (${load()}): ${u.line}`);
      install.push(d.ms);
      upgrade.push(u.ms);
      await runOp({ ...op, action: 'delete', revision: 2 });
    }
    const warm = install.slice(1);
    console.log(
      `marina: deploy cold ${secs(install[0])}, warm median ${secs(median(warm))}; upgrade median ${secs(median(upgrade))}`,
    );
    if (process.env.BENCH_HELM !== '0') {
      const helm = await helmReference(sandbox.kubeconfigPath);
      for (const [label, r] of Object.entries(helm))
        console.log(`${label}: install median ${secs(median(r.install))}, upgrade median ${secs(median(r.upgrade))}`);
      const fastI = Math.min(...Object.values(helm).map((r) => median(r.install)));
      const fastU = Math.min(...Object.values(helm).map((r) => median(r.upgrade)));
      console.log(
        `ratio to the faster helm: deploy ${(median(install) / fastI).toFixed(2)}× (warm ${(median(warm) / fastI).toFixed(2)}×), upgrade ${(median(upgrade) / fastU).toFixed(2)}× (${load()})`,
      );
    }
  } finally {
    await t.stop();
    await sandbox.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
