/**
 * Deploys through Marina against the Helm reference, measured in one run on one Kubernetes sandbox
 * (its own process, pod-ready delay BENCH_POD_READY_DELAY_MS, default 500 ms). Production profile:
 * `marina serve` and `marina worker` processes, PostgreSQL, Redis; this process is the client.
 * Prints:
 *  - helm 3.17.3 / 4.1.4 `install --wait` and `upgrade --wait` of redis-23.1.1 (medians of BENCH_REPS)
 *  - Marina, 1 worker: `deployInstance` of the same chart (packaged, released) → the job's terminal
 *    `jobUpdated` snapshot (the instance is settled ACTIVE in that transaction; checked after), and
 *    `upgradeInstance` with the same values as helm's upgrade; ratios to the faster helm (goal ≤ 1.0×)
 *  - mutation → first driver call: from sending `deployInstance` (demo-web) to the start of the
 *    job's first task (`namespace`, which calls the cluster first), its `started_at` set in the
 *    claiming transaction; also job created → first task started (database clock only). Goal p50 < 50 ms
 *  - 100 concurrent deploys of demo-web-1.0.0 with 1 and 2 worker processes, each on a fresh sandbox,
 *    database and processes: throughput, CPU per process, ratio (goal ≥ 1.7×)
 * Env: BENCH_REPS (3), BENCH_FIRST_CALL_RUNS (30), BENCH_CONCURRENT (100). Run: `npm run bench -- deploy`.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { createTestDatabase, TEST_REDIS_URL } from '../test/support/db';
import { GraphQLClient } from '../test/support/graphql-client';
import {
  describeHelm,
  fastestHelm,
  helmBinaries,
  measureHelm,
  REDIS_CHART,
  startSandboxProcess,
  UPGRADE_VALUES,
  type SandboxProcess,
} from './support/helm-reference';
import { cpuMs } from './support/proc-cpu';
import { startMarinaProcess, type MarinaProcess } from './support/marina-process';
import {
  createDeveloper,
  deleteInstance,
  deployInstance,
  instanceStatus,
  jobEnd,
  kubeCredential,
  kubeRuntime,
  packageChart,
  releasedChart,
  upgradeInstance,
  type Authed,
} from './support/marina-deploy';
import { fmtLatency, fmtSeconds, machineLoad, median } from './support/stats';

const DELAY_MS = Number(process.env.BENCH_POD_READY_DELAY_MS ?? 500);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const FIRST_CALL_RUNS = Number(process.env.BENCH_FIRST_CALL_RUNS ?? 30);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 100);
const DEMO_WEB = resolve(__dirname, '../demo/charts/demo-web-1.0.0');

interface Setup {
  readonly dev: Authed;
  readonly credentialId: string;
  readonly redisVersion: string;
  readonly webVersion: string;
  readonly db: pg.Client;
}

/** Runs an instance mutation's job to its end; throws unless it SUCCEEDED. Returns ms from sending to the terminal snapshot. */
async function timedJob(
  dev: Authed,
  start: () => ReturnType<typeof deployInstance>,
): Promise<{ ms: number; instanceId: string; jobId: string }> {
  const started = await start();
  const end = await jobEnd(dev, started.jobId);
  if (end.status !== 'SUCCEEDED') throw new Error(`job ${started.jobId} ended ${end.status}: ${end.error}`);
  return { ms: end.at - started.sentAt, instanceId: started.instanceId, jobId: started.jobId };
}

/** Where a job's time went: per task, the wait since its predecessor finished, its run time and re-schedules. */
async function taskBreakdown(db: pg.Client, jobId: string): Promise<string> {
  const { rows } = await db.query<{ key: string; hop_ms: number | null; run_ms: number; reschedules: number }>(
    `select t.key, extract(epoch from (t.started_at - coalesce(d.finished_at, j.created_at))) * 1000 as hop_ms,
            extract(epoch from (t.finished_at - t.started_at)) * 1000 as run_ms, t.reschedules
       from tasks t join jobs j on j.id = t.job_id left join tasks d on d.job_id = t.job_id and d.key = t.depends_on[1]
      where t.job_id = $1 order by t.started_at`,
    [jobId],
  );
  return rows
    .map(
      (r) =>
        `${r.key} +${Number(r.hop_ms).toFixed(0)}/${Number(r.run_ms).toFixed(0)}${r.reschedules ? `(${r.reschedules}×)` : ''}`,
    )
    .join(', ');
}

async function redisVersusHelm(s: Setup): Promise<{ install: number[]; upgrade: number[] }> {
  const install: number[] = [];
  const upgrade: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const runtimeId = await kubeRuntime(s.dev, s.credentialId, `marina-redis-${i}`);
    const deployed = await timedJob(s.dev, () =>
      deployInstance(s.dev, { versionId: s.redisVersion, runtimeId, name: `redis-${i}` }),
    );
    const status = await instanceStatus(s.dev, deployed.instanceId);
    if (status !== 'ACTIVE') throw new Error(`instance ${deployed.instanceId} is ${status} after its deploy succeeded`);
    install.push(deployed.ms);
    const upgraded = await timedJob(s.dev, () =>
      upgradeInstance(s.dev, deployed.instanceId, s.redisVersion, UPGRADE_VALUES),
    );
    upgrade.push(upgraded.ms);
    if (i === REPS - 1) {
      console.log(`  deploy tasks (key +wait since predecessor/run ms): ${await taskBreakdown(s.db, deployed.jobId)}`);
      console.log(`  upgrade tasks: ${await taskBreakdown(s.db, upgraded.jobId)}`);
    }
    await timedJob(s.dev, () => deleteInstance(s.dev, deployed.instanceId)); // not timed: like helm uninstall
  }
  return { install, upgrade };
}

/** Sequential small deploys on an idle worker: mutation sent → first task started. */
async function firstDriverCall(s: Setup): Promise<{ fromMutation: number[]; fromJob: number[] }> {
  const runtimeId = await kubeRuntime(s.dev, s.credentialId, 'marina-first-call');
  const fromMutation: number[] = [];
  const fromJob: number[] = [];
  for (let i = 0; i < FIRST_CALL_RUNS; i++) {
    const started = await deployInstance(s.dev, { versionId: s.webVersion, runtimeId, name: `first-${i}` });
    const end = await jobEnd(s.dev, started.jobId);
    if (end.status !== 'SUCCEEDED') throw new Error(`deploy ${started.jobId} ended ${end.status}: ${end.error}`);
    const { rows } = await s.db.query<{ started: Date; created: Date; since_job_ms: number }>(
      `select t.started_at as started, j.created_at as created,
              extract(epoch from (t.started_at - j.created_at)) * 1000 as since_job_ms
         from tasks t join jobs j on j.id = t.job_id
        where t.job_id = $1 and t.key = 'namespace'`, // the first task of an install that calls the cluster
      [started.jobId],
    );
    fromMutation.push(rows[0].started.getTime() - started.sentWallMs);
    fromJob.push(Number(rows[0].since_job_ms));
  }
  return { fromMutation, fromJob };
}

/** Job durations, task run time and queue waits of `ids`, for explaining a throughput figure. */
async function burstDetail(db: pg.Client, ids: string[]): Promise<string> {
  const { rows } = await db.query<Record<string, string>>(
    `select percentile_cont(0.5) within group (order by extract(epoch from j.finished_at - j.created_at)) as job_p50_s,
            (select sum(extract(epoch from t.finished_at - t.started_at)) from tasks t where t.job_id = any($1::uuid[])) as task_run_s,
            (select sum(t.reschedules) from tasks t where t.job_id = any($1::uuid[])) as reschedules,
            (select percentile_cont(0.5) within group (order by extract(epoch from t.started_at - d.finished_at) * 1000)
               from tasks t join tasks d on d.job_id = t.job_id and d.key = t.depends_on[1]
              where t.job_id = any($1::uuid[])) as hop_p50_ms
       from jobs j where j.id = any($1::uuid[])`,
    [ids],
  );
  const r = rows[0];
  return `job duration p50 ${Number(r.job_p50_s).toFixed(2)} s; tasks ran ${Number(r.task_run_s).toFixed(1)} s in total; ${r.reschedules} re-schedules; dependency hop p50 ${Number(r.hop_p50_ms).toFixed(0)} ms`;
}

/** CONCURRENT deploys of demo-web sent at once; seconds from the first request to the last job's end (database clock). */
async function concurrentDeploys(
  s: Setup,
  label: string,
): Promise<{ seconds: number; failed: number; detail: string }> {
  const runtimeId = await kubeRuntime(s.dev, s.credentialId, `marina-burst-${label}`);
  const sentWallMs = Date.now();
  const started = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) =>
      deployInstance(s.dev, { versionId: s.webVersion, runtimeId, name: `web-${label}-${i}` }),
    ),
  );
  const ids = started.map((x) => x.jobId);
  const deadline = Date.now() + 600_000;
  for (;;) {
    const { rows } = await s.db.query<{ open: string; failed: string; last: Date | null }>(
      `select count(*) filter (where status not in ('SUCCEEDED','FAILED','CANCELLED')) as open,
              count(*) filter (where status <> 'SUCCEEDED') as failed, max(finished_at) as last
         from jobs where id = any($1::uuid[])`,
      [ids],
    );
    if (Number(rows[0].open) === 0) {
      const seconds = (rows[0].last!.getTime() - sentWallMs) / 1000;
      return { seconds, failed: Number(rows[0].failed), detail: await burstDetail(s.db, ids) };
    }
    if (Date.now() > deadline)
      throw new Error(`${rows[0].open} of ${CONCURRENT} deploys still running after 10 minutes`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A fresh deployment for one phase: sandbox process, database, `marina serve` + `workers` × `marina worker`, a developer with a credential and the charts. */
interface Deployment {
  readonly sandbox: SandboxProcess;
  readonly processes: MarinaProcess[];
  readonly s: Setup;
  stop(): Promise<void>;
}

async function startDeployment(workers: number, charts: { redis: boolean }): Promise<Deployment> {
  const sandbox = await startSandboxProcess(DELAY_MS);
  const database = await createTestDatabase('bench_deploy');
  const db = new pg.Client({ connectionString: database.url });
  const processes: MarinaProcess[] = [];
  const stop = async () => {
    for (const p of [...processes].reverse()) await p.stop();
    await db.end().catch(() => undefined);
    await database.drop();
    await sandbox.stop();
  };
  try {
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      MARINA_SECRET_KEY: randomBytes(32).toString('hex'),
      MARINA_ADMIN_PASSWORD: 'Adm1n!Passw0rd',
      MARINA_QUEUE_PREFIX: `marina-bench-${randomBytes(4).toString('hex')}`,
      MARINA_ALLOWED_HOSTS: new URL(kubeServer(sandbox.kubeconfig)).hostname,
    };
    const api = await startMarinaProcess('serve', env);
    processes.push(api);
    for (let i = 0; i < workers; i++) processes.push(await startMarinaProcess('worker', env));
    await db.connect();
    const admin = await new GraphQLClient(api.url, api.wsUrl).loginAs('admin', 'Adm1n!Passw0rd');
    const dev = await createDeveloper(admin);
    const helm3 = helmBinaries()[0].path;
    const s: Setup = {
      dev,
      db,
      credentialId: await kubeCredential(dev, sandbox.kubeconfig),
      redisVersion: charts.redis ? await releasedChart(dev, admin, packageChart(helm3, REDIS_CHART)) : '',
      webVersion: await releasedChart(dev, admin, packageChart(helm3, DEMO_WEB)),
    };
    return { sandbox, processes, s, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function singleDeploys(): Promise<void> {
  const d = await startDeployment(1, { redis: true });
  try {
    const helm = await measureHelm(d.sandbox, { reps: REPS });
    console.log(`kube sandbox in its own process, pod-ready delay ${DELAY_MS} ms; ${REPS} repetitions`);
    for (const line of describeHelm(helm)) console.log(line);
    const marina = await redisVersusHelm(d.s);
    for (const step of ['install', 'upgrade'] as const) {
      const best = fastestHelm(helm, step);
      const m = median(marina[step]);
      console.log(
        `Marina ${step === 'install' ? 'deployInstance' : 'upgradeInstance'} → job SUCCEEDED (1 worker): median ${fmtSeconds(m)} (runs: ${marina[step].map((v) => (v / 1000).toFixed(2)).join(', ')} s); ${(m / best.ms).toFixed(2)}× ${best.label} (goal ≤ 1.0×)`,
      );
    }
    const first = await firstDriverCall(d.s);
    console.log(
      `mutation sent → first task started (1 idle worker, demo-web): ${fmtLatency(first.fromMutation)}  (goal p50 < 50 ms)`,
    );
    console.log(`job created (mutation's transaction) → first task started: ${fmtLatency(first.fromJob)}`);
    console.log(`load: ${machineLoad()}`);
  } finally {
    await d.stop();
  }
}

/** CONCURRENT deploys on a fresh deployment with `workers` worker processes; deploys/s. */
async function burst(workers: number): Promise<number> {
  const d = await startDeployment(workers, { redis: false });
  try {
    const pids = [...d.processes.map((p) => p.child.pid), d.sandbox.child.pid];
    const cpu0 = pids.map(cpuMs);
    const r = await concurrentDeploys(d.s, `w${workers}`);
    const cpu = pids.map((pid, i) => ((cpuMs(pid) - cpu0[i]) / 1000).toFixed(1));
    const rate = CONCURRENT / r.seconds;
    console.log(
      `${CONCURRENT} concurrent deploys of demo-web, ${workers} worker process${workers > 1 ? 'es' : ''}: ${r.seconds.toFixed(2)} s, ${rate.toFixed(2)} deploys/s, ${r.failed} failed; ` +
        `CPU s API ${cpu[0]}, workers ${cpu.slice(1, -1).join(' + ')}, sandbox ${cpu.at(-1)}; ${machineLoad()}`,
    );
    console.log(`  ${r.detail}`);
    return rate;
  } finally {
    await d.stop();
  }
}

async function main(): Promise<void> {
  console.log(`before: ${machineLoad()}`);
  await singleDeploys();
  const one = await burst(1);
  const two = await burst(2);
  console.log(`2-worker / 1-worker throughput: ${(two / one).toFixed(2)}× (goal ≥ 1.7×)`);
}

/** The API server URL in a kubeconfig (the sandbox writes one cluster). */
function kubeServer(kubeconfig: string): string {
  const match = /server:\s*(\S+)/.exec(kubeconfig);
  if (!match) throw new Error('kubeconfig without a server');
  return match[1];
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
