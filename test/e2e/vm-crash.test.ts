/**
 * Crash safety of VM deploys: two Marina worker processes deploy the WordPress VM package to the
 * EC2 sandbox; the worker running RunInstances (node-mysql-1), CreateVolume (volume-mysql-1) or
 * MySQL's start service (svc-start-0) is SIGKILLed and replaced. Each deploy converges to ACTIVE
 * with exactly the cluster's nodes and volume in the cloud (counted by the instance's tag) and
 * one frontgate.
 */
import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { TEST_REDIS_URL } from '../support/db';
import { TEST_ADMIN_PASSWORD } from '../support/marina';
import { waitFor } from '../support/wait-for';
import { awaitJob } from './catalog-support';
import { deployWordpress, liveFrontgates, settled, startVmWorld, taggedResources, type VmWorld } from './vm-support';
import { WorkerProcesses, type WorkerProcess } from './worker-processes';

jest.setTimeout(600_000);

const KILL_AT = ['node-mysql-1', 'volume-mysql-1', 'svc-start-0'];

let w: VmWorld;
let pg: PgClient;
let workerEnv: Record<string, string>;

const pool = new WorkerProcesses(() => workerEnv);
const startWorker = () => pool.start();
const kill = (worker: WorkerProcess) => pool.kill(worker);
const workers = pool.live;

/** Kills the worker holding task `key` of `jobId` as soon as it runs it (or right after it finished). */
async function killAt(jobId: string, key: string): Promise<string> {
  const { status, worker } = await waitFor(
    `task ${key} of ${jobId} to start`,
    async () => {
      const { rows } = await pg.query<{ status: string; locked_by: string | null; logs: string[] }>(
        'select status, locked_by, logs from tasks where job_id = $1 and key = $2',
        [jobId, key],
      );
      const task = rows[0];
      if (!task || task.status === 'PENDING' || task.status === 'QUEUED') return undefined;
      const holder =
        task.status === 'RUNNING'
          ? task.locked_by
          : (task.logs
              .map((l) => /claimed by (\S+)/.exec(l)?.[1])
              .filter(Boolean)
              .at(-1) ?? null);
      const worker = workers.find((x) => holder?.startsWith(x.id) || holder === x.id);
      return worker && { status: task.status, worker };
    },
    120_000,
    5,
  );
  await kill(worker);
  return status;
}

beforeAll(async () => {
  const queuePrefix = `marina-vmcrash-${randomBytes(4).toString('hex')}`;
  w = await startVmWorld('aws', 'vm_crash', { workers: false, env: { MARINA_QUEUE_PREFIX: queuePrefix } });
  pg = new PgClient({ connectionString: w.t.db.url });
  await pg.connect();
  workerEnv = {
    DATABASE_URL: w.t.db.url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: '0',
    MARINA_SECRET_KEY: w.t.secretKey,
    MARINA_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    MARINA_QUEUE_PREFIX: queuePrefix,
    MARINA_ALLOWED_HOSTS: `${new URL(w.sandbox.info.endpoint).hostname}/32`,
    MARINA_DEMO_KUBE: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MARINA_JOB_HEARTBEAT_MS: '200',
    MARINA_JOB_STALE_AFTER_MS: '1500',
    MARINA_VM_POLL_MS: '100',
  };
  await Promise.all([startWorker(), startWorker()]);
});

afterAll(async () => {
  await Promise.all([...workers].map((x) => kill(x)));
  await pg?.end();
  await w?.stop();
});

describe('SIGKILL of a worker during a VM deploy, two worker processes', () => {
  it.each(KILL_AT)('killed at %s: converges to ACTIVE with no duplicate node or volume', async (key) => {
    const r = await deployWordpress(w, `crash-${key}`);
    const where = await killAt(r.job.id, key);
    const replacement = startWorker();
    expect(await awaitJob(w.user, r.job.id, 180_000)).toBe('SUCCEEDED');
    await replacement;
    const inst = await settled(w, r.instance.id);
    expect({ status: inst.status, lastError: inst.lastError }).toEqual({ status: 'ACTIVE', lastError: null });
    const { nodes, volumes } = await taggedResources(w, r.instance.id);
    expect(nodes.map((n) => n.tags['marina:node']).sort()).toEqual(['mysql-1', 'wordpress-1']);
    expect(volumes).toHaveLength(1);
    expect(await liveFrontgates(w)).toHaveLength(1);
    console.log(`[vm-crash] killed at ${key} (task ${where})`);
  });
});
