/**
 * The Helm reference for deploy benches: a Kubernetes sandbox in its own process (`marina sandbox
 * kube` with a pod-ready delay), and wall times of the real `helm install --wait` and
 * `helm upgrade --wait` (helm 3.17.3 and helm 4.1.4 from scripts/tools.js) of one chart on it.
 * Each repetition installs into a fresh namespace; helm 3 and helm 4 alternate so load noise
 * falls on both. Run alone for the helm figures:
 *   npx node -r ./scripts/swc-register.js bench/support/helm-reference.ts
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { fmtSeconds, machineLoad, median } from './stats';

const ROOT = resolve(__dirname, '../..');
const NODE = resolve(ROOT, 'node_modules/.bin/node');
const run = promisify(execFile);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS build script
const { ensureTools } = require('../../scripts/tools') as { ensureTools(): { helm: string; helm4: string } };

export const REDIS_CHART = '/work/shared/conformance/charts/assembled/redis-23.1.1';
/** Values of the upgrade step: new pod annotations, so both StatefulSets roll. */
export const UPGRADE_VALUES = {
  master: { podAnnotations: { bench: 'rev2' } },
  replica: { podAnnotations: { bench: 'rev2' } },
};
const UPGRADE_SET = ['--set', 'master.podAnnotations.bench=rev2', '--set', 'replica.podAnnotations.bench=rev2'];

export interface SandboxProcess {
  readonly kubeconfigPath: string;
  readonly kubeconfig: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `marina sandbox kube --pod-ready-delay MS` as a child process; resolves once its kubeconfig is written. */
export async function startSandboxProcess(podReadyDelayMs: number): Promise<SandboxProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'marina-bench-kube-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const child = spawn(
    NODE,
    [
      '-r',
      resolve(ROOT, 'scripts/swc-register.js'),
      resolve(ROOT, 'src/cli/main.ts'),
      'sandbox',
      'kube',
      '--kubeconfig',
      kubeconfigPath,
      '--pod-ready-delay',
      String(podReadyDelayMs),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`kube sandbox not ready after 60 s: ${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('kubeconfig written')) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => rej(new Error(`kube sandbox exited: ${out}`)));
  });
  return {
    kubeconfigPath,
    kubeconfig: readFileSync(kubeconfigPath, 'utf8'),
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface HelmBinary {
  readonly label: string;
  readonly path: string;
  /** The flag that waits for readiness the way this major version does by default when asked to wait. */
  readonly waitFlag: string;
}

/** helm 3.17.3 (`--wait`, polling) and helm 4.1.4 (`--wait=watcher`, kstatus watches). */
export function helmBinaries(): HelmBinary[] {
  const tools = ensureTools();
  return [
    { label: 'helm 3.17.3', path: tools.helm, waitFlag: '--wait' },
    { label: 'helm 4.1.4', path: tools.helm4, waitFlag: '--wait=watcher' },
  ];
}

export interface HelmTimings {
  readonly helm: HelmBinary;
  readonly install: number[];
  readonly upgrade: number[];
}

async function timed(helm: HelmBinary, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  try {
    await run(helm.path, args, { env, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${helm.label} ${args.slice(0, 2).join(' ')} failed: ${e.stderr ?? e.message}`);
  }
  return performance.now() - t0;
}

/**
 * `reps` × (install --wait, upgrade --wait with UPGRADE_SET) of `chart` for every helm binary, each
 * repetition in a new namespace (`<prefix>-<major>-<i>`), uninstalled afterwards (not timed).
 */
export async function measureHelm(
  sandbox: SandboxProcess,
  opts: { chart?: string; reps?: number; prefix?: string; timeout?: string } = {},
): Promise<HelmTimings[]> {
  const chart = opts.chart ?? REDIS_CHART;
  const home = mkdtempSync(join(tmpdir(), 'marina-bench-helm-'));
  const env = {
    ...process.env,
    KUBECONFIG: sandbox.kubeconfigPath,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
  };
  const results = helmBinaries().map((helm) => ({ helm, install: [] as number[], upgrade: [] as number[] }));
  const common = (ns: string, helm: HelmBinary) => ['-n', ns, helm.waitFlag, '--timeout', opts.timeout ?? '5m'];
  try {
    for (let i = 0; i < (opts.reps ?? 5); i++) {
      for (const r of results) {
        const ns = `${opts.prefix ?? 'helmref'}-${r.helm.label.replace(/\D/g, '').slice(0, 1)}-${i}`;
        const name = 'redis';
        r.install.push(await timed(r.helm, ['install', name, chart, '--create-namespace', ...common(ns, r.helm)], env));
        r.upgrade.push(
          await timed(r.helm, ['upgrade', name, chart, '--reuse-values', ...UPGRADE_SET, ...common(ns, r.helm)], env),
        );
        await run(r.helm.path, ['uninstall', name, '-n', ns, '--wait', '--timeout', '2m'], { env });
      }
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return results;
}

/** One line per binary and step: median and the individual runs. */
export function describeHelm(results: HelmTimings[]): string[] {
  const line = (label: string, values: number[]) =>
    `${label}: median ${fmtSeconds(median(values))} (runs: ${values.map((v) => (v / 1000).toFixed(2)).join(', ')} s)`;
  return results.flatMap((r) => [
    line(`${r.helm.label} install --wait`, r.install),
    line(`${r.helm.label} upgrade --wait`, r.upgrade),
  ]);
}

/** The faster helm's median for a step, with its label. */
export function fastestHelm(results: HelmTimings[], step: 'install' | 'upgrade'): { label: string; ms: number } {
  return results
    .map((r) => ({ label: r.helm.label, ms: median(r[step]) }))
    .reduce((best, next) => (next.ms < best.ms ? next : best));
}

async function main(): Promise<void> {
  const delay = Number(process.env.BENCH_POD_READY_DELAY_MS ?? 500);
  const sandbox = await startSandboxProcess(delay);
  try {
    console.log(`kube sandbox (own process), pod-ready delay ${delay} ms; ${machineLoad()}`);
    const results = await measureHelm(sandbox, { reps: Number(process.env.BENCH_REPS ?? 5) });
    for (const line of describeHelm(results)) console.log(line);
    console.log(`after: ${machineLoad()}`);
  } finally {
    await sandbox.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
