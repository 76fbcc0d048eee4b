/**
 * Issue 13's crash acceptance: two Marina worker processes (the product's workers role) deploy
 * demo-web-1.0.0 to the Kubernetes sandbox; for every task of the deploy's DAG, the worker that
 * runs it is SIGKILLed at that task's boundary and replaced. Every run must converge to ACTIVE with
 * one release record per revision, one of each object and one InstanceRevision row.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Client as PgClient } from 'pg';
import { startKubeSandbox, type KubeObject, type KubeSandbox } from '@marina/kube-sandbox';
import { TEST_REDIS_URL } from '../support/db';
import type { GraphQLClient } from '../support/graphql-client';
import { startTestMarina, TEST_ADMIN_PASSWORD, type TestMarina } from '../support/marina';
import { waitFor } from '../support/wait-for';
import { awaitJob, type Authed, developer, sql, tgzOf, uploadOk } from './catalog-support';
import { releaseVersion } from './lifecycle-support';
import { deploy, createSandboxRuntime } from './instances-support';
import { WorkerProcesses, type WorkerProcess } from './worker-processes';

jest.setTimeout(240_000);

const ROOT = resolve(__dirname, '..', '..');
const CHART = join(ROOT, 'demo', 'charts', 'demo-web-1.0.0');
const NS = 'crash';
/** The task keys of a first install, in DAG order (deploy.planner.ts). */
const BOUNDARIES = ['namespace', 'crds', 'render', 'release', 'hooks-pre', 'apply', 'wait', 'hooks-post', 'record'];

interface TaskRow {
  key: string;
  status: string;
  locked_by: string | null;
  logs: string[];
}

let sandbox: KubeSandbox;
let t: TestMarina;
let admin: GraphQLClient;
let dev: Authed;
let runtimeId: string;
let versionId: string;
let workerEnv: Record<string, string>;
/** One connection for the tight polling of the task table. */
let pg: PgClient;

const pool = new WorkerProcesses(() => workerEnv);
const startWorker = () => pool.start();
const kill = (worker: WorkerProcess) => pool.kill(worker);
const workers = pool.live;

async function tasksOf(jobId: string): Promise<TaskRow[]> {
  return (await pg.query<TaskRow>('select key, status, locked_by, logs from tasks where job_id = $1', [jobId])).rows;
}

/**
 * Waits until task `key` of `jobId` has started and kills the worker that runs it: while it is
 * RUNNING when seen so (the kill lands between its start and its finish), otherwise the worker that
 * claimed it (the kill lands right after it finished). Returns which of the two happened.
 */
async function killAtBoundary(jobId: string, key: string): Promise<'running' | 'finished'> {
  const { task, worker } = await waitFor(
    `task ${key} of ${jobId} to start`,
    async () => {
      const task = (await tasksOf(jobId)).find((row) => row.key === key);
      if (!task || task.status === 'PENDING' || task.status === 'QUEUED') return undefined;
      const holder = task.status === 'RUNNING' ? task.locked_by : claimant(task);
      const worker = workers.find((w) => holder?.startsWith(w.id) || holder === w.id);
      return worker && { task, worker };
    },
    60_000,
    5,
  );
  await kill(worker);
  return task.status === 'RUNNING' ? 'running' : 'finished';
}

/** The worker id of the last `claimed by <id>` line of a task's log. */
function claimant(task: TaskRow): string | null {
  const claims = task.logs.map((line) => /claimed by (\S+)/.exec(line)?.[1]).filter((id) => id);
  return claims.at(-1) ?? null;
}

/** Objects of the namespace labelled as the release's, as "Kind/name" (one entry per stored object). */
function releaseObjects(name: string): string[] {
  const out: string[] = [];
  for (const gr of ['deployments.apps', 'replicasets.apps', 'services', 'ingresses.networking.k8s.io'])
    for (const o of sandbox.service.store.list(gr, NS))
      if (o.metadata.labels?.['app.kubernetes.io/instance'] === name) out.push(`${o.kind}/${o.metadata.name}`);
  return out.sort();
}

function releaseSecrets(name: string): KubeObject[] {
  return sandbox.service.store
    .list('secrets', NS)
    .filter((s) => s.metadata.labels?.owner === 'helm' && s.metadata.labels?.name === name);
}

async function uploadDemoWeb(): Promise<string> {
  const data = await uploadOk(
    dev,
    `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename ... on App { id latestVersion { id } } ... on ErrorResult { message } } }`,
    { input: {} },
    [{ at: 'input.package', data: tgzOf(CHART, 'demo-web') }],
  );
  if (data.createApp.__typename !== 'App') throw new Error(data.createApp.message);
  return data.createApp.latestVersion.id;
}

beforeAll(async () => {
  sandbox = await startKubeSandbox({ simulation: { podReadyDelayMs: 300, jobPodDurationMs: 100 } });
  const queuePrefix = `marina-crash-${randomBytes(4).toString('hex')}`;
  t = await startTestMarina('instances_crash', {
    env: { MARINA_ALLOWED_HOSTS: '127.0.0.1/32', MARINA_QUEUE_PREFIX: queuePrefix },
  });
  pg = new PgClient({ connectionString: t.db.url });
  await pg.connect();
  workerEnv = {
    DATABASE_URL: t.db.url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: '0',
    MARINA_SECRET_KEY: t.secretKey,
    MARINA_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    MARINA_QUEUE_PREFIX: queuePrefix,
    MARINA_ALLOWED_HOSTS: '127.0.0.1/32',
    MARINA_DEMO_KUBE: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // a lost worker's task is reaped after 1.5 s without heartbeat instead of 30 s
    MARINA_JOB_HEARTBEAT_MS: '200',
    MARINA_JOB_STALE_AFTER_MS: '1500',
  };
  const started = Promise.all([startWorker(), startWorker()]);
  admin = await t.admin();
  dev = await developer(t);
  runtimeId = await createSandboxRuntime(dev, sandbox.kubeconfig, NS, { name: 'sandbox' });
  await started;
  versionId = await uploadDemoWeb();
  await releaseVersion(dev, admin, versionId);
});

afterAll(async () => {
  await Promise.all([...workers].map((w) => kill(w)));
  await pg?.end();
  await t?.stop();
  await sandbox?.stop();
});

describe('SIGKILL of a worker at each task boundary of a deploy, two worker processes', () => {
  /** Where each kill landed: between the task's start and finish, or right after its finish. */
  const landings: Record<string, 'running' | 'finished'> = {};

  it.each(BOUNDARIES)('killed at %s: converges to ACTIVE, one release record, no duplicated objects', async (key) => {
    const name = `crash-${key}`;
    const r = await deploy(dev, { versionId, runtimeId, name });
    expect(r.__typename).toBe('InstanceJob');
    const where = await killAtBoundary(r.job.id, key);
    landings[key] = where;
    const replacement = startWorker(); // back to two workers while the survivor reaps and resumes
    expect(await awaitJob(dev, r.job.id, 90_000)).toBe('SUCCEEDED');
    await replacement;

    const [instance] = await sql<{ status: string; transition_status: string | null; revision: number }>(
      t,
      'select status, transition_status, revision from instances where id = $1',
      [r.instance.id],
    );
    expect(instance).toEqual({ status: 'ACTIVE', transition_status: null, revision: 1 });
    const revisions = await sql<{ revision: number }>(
      t,
      'select revision from instance_revisions where instance_id = $1 order by revision',
      [r.instance.id],
    );
    expect(revisions.map((v) => v.revision)).toEqual([1]);
    const records = releaseSecrets(name);
    expect(records.map((s) => [s.metadata.name, s.metadata.labels?.status])).toEqual([
      [`sh.helm.release.v1.${name}.v1`, 'deployed'],
    ]);
    const objects = releaseObjects(name);
    expect(objects.filter((o) => !o.startsWith('ReplicaSet/'))).toEqual([
      `Deployment/${name}-demo-web`,
      `Service/${name}-demo-web`,
    ]);
    expect(objects.filter((o) => o.startsWith('ReplicaSet/'))).toHaveLength(1); // one rollout, not two
    const tasks = await tasksOf(r.job.id);
    expect(tasks.map((row) => row.key).sort()).toEqual([...BOUNDARIES].sort()); // the loop covers the whole plan
    const task = tasks.find((row) => row.key === key)!;
    if (where === 'running') expect(task.logs.some((line) => line.includes('reaped from'))).toBe(true);
  });

  it('some kills landed inside a running task, so the reaper path was exercised', () => {
    expect(Object.keys(landings)).toEqual(BOUNDARIES);
    expect(Object.values(landings)).toContain('running');
  });
});
