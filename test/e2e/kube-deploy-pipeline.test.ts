/**
 * The Kubernetes deploy pipeline end to end: jobs planned by planKubeOperation, run by a real
 * Marina worker (production profile: PostgreSQL + Redis) with the product processors, against
 * lib/kube-sandbox through @kubernetes/client-node. Deploy, upgrade (prune + values), stop/start,
 * delete, a failing image, and the follow-up that marks a failed release record.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { startKubeSandbox, type KubeSandbox } from '@marina/kube-sandbox';
import { sqlRow, sqlRows } from '../../src/data/sql';
import { createInstanceObserver } from '../../src/app/instance-observer';
import { planKubeOperation, planReleaseFailure } from '../../src/drivers/kubernetes/deploy/deploy.planner';
import { decodeRelease } from '../../src/drivers/kubernetes/helm';
import { JobStatus } from '../../src/entities/enums';
import type { EventHub } from '../../src/events/event-hub';
import type { JobUpdate } from '../../src/events/event-topics';
import { JobEngineError } from '../../src/jobs/errors';
import { cancelJob, createJob } from '../../src/jobs/job.service';
import type { CreateJobInput } from '../../src/jobs/job.types';
import type {
  InstanceAction,
  InstanceOperation,
  OperationOutcome,
} from '../../src/services/instances/instance-operation.types';
import { SecretBox } from '../../src/services/secrets/secret-box';
import { runTool } from '../support/kube-sandbox-waits';
import { startTestMarina, type TestMarina } from '../support/marina';
import { waitForJobSettled, waitForJobUpdate } from './fixtures/job-worker-waits';
import {
  DEPLOY_WEB_CHART,
  packChart,
  seedInstance,
  seedRuntime,
  seedVersion,
  type DeploySeed,
} from './fixtures/kube-deploy-support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureTools } = require('../../scripts/tools') as { ensureTools(): { helm: string; helm4: string } };

jest.setTimeout(120_000);

const NS = 'shop';

describe('Kubernetes deploy pipeline', () => {
  let sandbox: KubeSandbox;
  let t: TestMarina;
  let hub: EventHub;
  let seed: DeploySeed;
  let v1: string;
  let v2: string;
  const em = (): EntityManager => t.marina.orm.em.fork();
  const store = () => sandbox.service.store;
  const live = (groupResource: string, name: string, namespace = NS) =>
    store().get({ groupResource, namespace, name }) as
      { metadata: Record<string, any>; spec?: any; status?: any; data?: any; type?: string } | undefined;

  beforeAll(async () => {
    sandbox = await startKubeSandbox({ simulation: { podReadyDelayMs: 150, jobPodDurationMs: 150 } });
    t = await startTestMarina('kube_deploy', { workers: true, env: { MARINA_ALLOWED_HOSTS: '127.0.0.1' } });
    hub = t.marina.services.platform.events;
    const secrets = SecretBox.fromString(t.secretKey);
    seed = await seedRuntime(em(), secrets, sandbox.kubeconfig, NS);
    const blobs = t.marina.services.platform.blobs;
    v1 = await seedVersion(em(), blobs, seed, '0.1.0', packChart(DEPLOY_WEB_CHART, 'deploy-web'));
    v2 = await seedVersion(em(), blobs, seed, '0.2.0', packChart(bumped('0.2.0'), 'deploy-web'));
  });

  const tempDirs: string[] = [];

  afterAll(async () => {
    await t?.stop();
    await sandbox?.stop();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the chart with another version (and a third label on the Deployment). */
  function bumped(version: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-web-'));
    cpSync(DEPLOY_WEB_CHART, dir, { recursive: true });
    const chartYaml = join(dir, 'Chart.yaml');
    writeFileSync(chartYaml, readFileSync(chartYaml, 'utf8').replace('version: 0.1.0', `version: ${version}`));
    tempDirs.push(dir);
    return dir;
  }

  function operation(
    instanceId: string,
    action: InstanceAction,
    revision: number,
    versionId: string,
    overrides: Record<string, unknown> = {},
    releaseName = 'web',
  ): InstanceOperation {
    return {
      action,
      instanceId,
      runtimeId: seed.runtimeId,
      namespace: NS,
      releaseName,
      revision,
      versionId,
      overrides,
      timeoutMs: 20_000,
    };
  }

  async function runJob(input: CreateJobInput): Promise<JobUpdate> {
    const job = await em().transactional((tx) => createJob(tx, hub, input));
    if (job instanceof JobEngineError) throw job;
    return waitForJobSettled(hub, job.id, 60_000);
  }

  function run(op: InstanceOperation): Promise<JobUpdate> {
    return runJob({
      action: op.action,
      instanceId: op.instanceId,
      input: { ...op },
      tasks: planKubeOperation(op, { pollMs: 100 }),
    });
  }

  async function outcome(jobId: string): Promise<OperationOutcome> {
    const row = await sqlRow<{ result: OperationOutcome }>(
      em(),
      "select result from tasks where job_id = ? and key = 'record'",
      [jobId],
    );
    return row!.result;
  }

  function releaseRecord(name: string, revision: number) {
    const secret = live('secrets', `sh.helm.release.v1.${name}.v${revision}`);
    if (!secret) return undefined;
    return { secret, release: decodeRelease(Buffer.from(secret.data.release, 'base64').toString('utf8')) };
  }

  async function eventKinds(instanceId: string): Promise<string[]> {
    const stream = await hub.subscribeInstanceEvents(instanceId, 0);
    const kinds: string[] = [];
    const deadline = Date.now() + 2000;
    for (;;) {
      const next = await Promise.race([
        stream.next(),
        new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, deadline - Date.now()))),
      ]);
      if (!next || next.done) break;
      kinds.push(next.value.kind);
    }
    await stream.return?.();
    return kinds;
  }

  let instance: string;

  it('deploys: namespace, hooks, objects with Helm ownership, readiness, a deployed release record', async () => {
    instance = await seedInstance(em(), seed, v1, 'web');
    const job = await run(operation(instance, 'deploy', 1, v1));
    expect(job.error).toBeNull();
    expect(job.status).toBe(JobStatus.SUCCEEDED);

    const ns = live('namespaces', NS, '');
    expect(ns?.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'marina' });
    const deployment = live('deployments.apps', 'web-web');
    expect(deployment?.spec.replicas).toBe(2);
    expect(deployment?.metadata.annotations).toMatchObject({
      'meta.helm.sh/release-name': 'web',
      'meta.helm.sh/release-namespace': NS,
    });
    expect(deployment?.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'Helm' });
    expect(deployment?.status.readyReplicas).toBe(2);
    expect(live('jobs.batch', 'web-migrate')?.status.succeeded).toBe(1);

    // Rendered against the live cluster: lookup saw the namespace, discovery replaced Helm's defaults.
    const config = live('configmaps', 'web-config');
    expect(config?.data).toMatchObject({ namespaceSeen: NS, hasDeployments: 'true', hasBatchDefault: 'false' });

    const record = releaseRecord('web', 1);
    expect(record?.secret.metadata.labels).toMatchObject({
      name: 'web',
      owner: 'helm',
      status: 'deployed',
      version: '1',
    });
    expect(record?.release.info.status).toBe('deployed');

    const result = await outcome(job.jobId);
    expect(result.resources.map((r) => `${r.kind}/${r.name}:${r.health}`).sort()).toEqual([
      'ConfigMap/web-config:HEALTHY',
      'Deployment/web-web:HEALTHY',
      'Service/web-web:HEALTHY',
    ]);
    expect(result.nodes).toHaveLength(2);
    expect(result.manifestDigest).toMatch(/^[0-9a-f]{64}$/);
    const kinds = await eventKinds(instance);
    expect(kinds).toEqual(expect.arrayContaining(['render', 'resource.applied', 'resource.health', 'hook.succeeded']));
  });

  it('observes the live state of a settled instance: resources, pods, endpoints; health events only on change', async () => {
    // The instance columns come with the instance migration; until it has landed, a no-op afterwards.
    await sqlRow(
      em(),
      'alter table instances add column if not exists resources jsonb, add column if not exists observed_at timestamptz',
    );
    await sqlRow(em(), "update instances set status = 'ACTIVE' where id = ?", [instance]);
    const observer = createInstanceObserver(t.marina.orm, t.marina.services.platform, t.marina.log);
    const healthEvents = async () =>
      (
        await sqlRows<{ message: string }>(
          em(),
          "select message from instance_events where instance_id = ? and kind = 'resource.health' and job_id is null order by seq",
          [instance],
        )
      ).map((e) => e.message);

    await observer.observeOnce();
    const row = await sqlRow<{ resources: { kind: string; health: string }[]; endpoints: { kind: string }[] }>(
      em(),
      'select resources, endpoints from instances where id = ?',
      [instance],
    );
    expect(row!.resources.map((r) => `${r.kind}:${r.health}`).sort()).toEqual([
      'ConfigMap:HEALTHY',
      'Deployment:HEALTHY',
      'Service:HEALTHY',
    ]);
    expect(row!.endpoints.map((e) => e.kind)).toContain('NodePort');
    const nodes = await sqlRows<{ name: string }>(em(), 'select name from instance_nodes where instance_id = ?', [
      instance,
    ]);
    expect(nodes).toHaveLength(2);
    expect(await healthEvents()).toHaveLength(3);

    await observer.observeOnce();
    expect(await healthEvents()).toHaveLength(3);

    sandbox.service.store.delete({ groupResource: 'services', namespace: NS, name: 'web-web' });
    await observer.observeOnce();
    const events = await healthEvents();
    expect(events).toHaveLength(4);
    expect(events[3]).toMatch(/^Service\/web-web MISSING/);
    await sqlRow(em(), "update instances set status = 'PENDING' where id = ?", [instance]);
  });

  it('upgrades to another chart version with new values: prunes dropped objects and supersedes revision 1', async () => {
    const job = await run(operation(instance, 'upgrade', 2, v2, { extraConfig: false, replicaCount: 3 }));
    expect(job.error).toBeNull();
    expect(live('configmaps', 'web-config')).toBeUndefined();
    expect(live('services', 'web-web')).toBeDefined();
    expect(live('deployments.apps', 'web-web')?.spec.replicas).toBe(3);
    expect(live('deployments.apps', 'web-web')?.status.readyReplicas).toBe(3);
    expect(releaseRecord('web', 1)?.release.info.status).toBe('superseded');
    const v2record = releaseRecord('web', 2)!.release;
    expect(v2record.info.status).toBe('deployed');
    expect(v2record.config).toEqual({ extraConfig: false, replicaCount: 3 });
    expect(v2record.chart?.metadata.version).toBe('0.2.0');
  });

  it('rolls back to revision 1: its version and values re-applied as revision 3, revision 2 superseded', async () => {
    const job = await run({ ...operation(instance, 'rollback', 3, v1), rollbackTo: 1 });
    expect(job.error).toBeNull();
    expect(live('configmaps', 'web-config')).toBeDefined();
    expect(live('deployments.apps', 'web-web')?.spec.replicas).toBe(2);
    const v3 = releaseRecord('web', 3)!.release;
    expect([v3.info.status, v3.info.description, v3.chart?.metadata.version]).toEqual([
      'deployed',
      'Rollback to 1',
      '0.1.0',
    ]);
    expect(releaseRecord('web', 2)?.release.info.status).toBe('superseded');
  });

  it('stops (replicas 0, counts recorded) and starts (counts restored)', async () => {
    await run(operation(instance, 'upgrade', 4, v2, { extraConfig: false, replicaCount: 3 }));
    const stop = await run(operation(instance, 'stop', 4, v2));
    expect(stop.error).toBeNull();
    expect(live('deployments.apps', 'web-web')?.spec.replicas).toBe(0);
    expect((await outcome(stop.jobId)).replicas).toEqual({ 'Deployment/web-web': 3 });

    const start = await run(operation(instance, 'start', 4, v2));
    expect(start.error).toBeNull();
    expect(live('deployments.apps', 'web-web')?.spec.replicas).toBe(3);
    expect(live('deployments.apps', 'web-web')?.status.readyReplicas).toBe(3);
  });

  it('deletes (objects gone, records kept as uninstalled), recovers (revision 5 reinstalled), ceases (records purged)', async () => {
    const del = await run(operation(instance, 'delete', 4, v2));
    expect(del.error).toBeNull();
    expect(live('deployments.apps', 'web-web')).toBeUndefined();
    expect(live('services', 'web-web')).toBeUndefined();
    expect(releaseRecord('web', 4)?.release.info.status).toBe('uninstalled');
    expect(releaseRecord('web', 1)?.release.info.status).toBe('superseded');

    const recover = await run(operation(instance, 'recover', 5, v2, { extraConfig: false, replicaCount: 3 }));
    expect(recover.error).toBeNull();
    expect(live('deployments.apps', 'web-web')?.status.readyReplicas).toBe(3);
    expect(releaseRecord('web', 5)?.release.info.status).toBe('deployed');

    const cease = await run(operation(instance, 'cease', 5, v2));
    expect(cease.error).toBeNull();
    expect(live('deployments.apps', 'web-web')).toBeUndefined();
    const records = store()
      .list('secrets')
      .filter((s) => s.metadata.namespace === NS && s.metadata.name?.startsWith('sh.helm.release.v1.web.'));
    expect(records).toEqual([]);
  });

  it('converges when every task of a finished deploy runs again: one record per revision, no duplicates', async () => {
    const again = await seedInstance(em(), seed, v1, 'again');
    const op = operation(again, 'deploy', 1, v1, {}, 'again');
    expect((await run(op)).error).toBeNull();
    const before = store()
      .list('deployments.apps')
      .filter((d) => d.metadata.name === 'again-web');
    const rerun = await run(op);
    expect(rerun.error).toBeNull();
    expect(rerun.status).toBe(JobStatus.SUCCEEDED);
    const records = store()
      .list('secrets')
      .filter((s) => s.metadata.namespace === NS && s.metadata.name?.startsWith('sh.helm.release.v1.again.'));
    expect(records.map((s) => s.metadata.name)).toEqual(['sh.helm.release.v1.again.v1']);
    expect(releaseRecord('again', 1)?.release.info.status).toBe('deployed');
    const after = store()
      .list('deployments.apps')
      .filter((d) => d.metadata.name === 'again-web');
    expect(after.map((d) => d.metadata.uid)).toEqual(before.map((d) => d.metadata.uid));
  });

  it('adopts a release: its history read and its objects described, nothing changed', async () => {
    const adopter = await seedInstance(em(), seed, v1, 'adopted');
    const before = releaseRecord('again', 1)?.secret.metadata.resourceVersion;
    const job = await run(operation(adopter, 'adopt', 1, v1, {}, 'again'));
    expect(job.error).toBeNull();
    const result = (await outcome(job.jobId)) as OperationOutcome & {
      adopted: { name: string; status: string; revisions: { revision: number; chartVersion: string }[] };
    };
    expect(result.adopted).toMatchObject({ name: 'again', status: 'deployed' });
    expect(result.adopted.revisions.map((r) => [r.revision, r.chartVersion])).toEqual([[1, '0.1.0']]);
    expect(result.resources.map((r) => r.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
    expect(releaseRecord('again', 1)?.secret.metadata.resourceVersion).toBe(before);
  });

  it('leaves a release helm 3.17.3 and 4.1.4 read and upgrade, and Marina upgrades it after helm', async () => {
    const tools = ensureTools();
    const dir = mkdtempSync(join(tmpdir(), 'deploy-helm-'));
    tempDirs.push(dir);
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, sandbox.kubeconfig, { mode: 0o600 });
    const helm = (binary: string, args: string[]) => runTool(binary, args, { kubeconfig, home: join(dir, 'home') });
    for (const binary of [tools.helm, tools.helm4]) {
      const history = await helm(binary, ['history', 'again', '-n', NS, '-o', 'json']);
      expect(history.code).toBe(0);
      expect((JSON.parse(history.stdout) as { revision: number; status: string }[]).map((h) => h.status)).toEqual([
        'deployed',
      ]);
      const values = await helm(binary, ['get', 'values', 'again', '-n', NS, '-o', 'json']);
      expect(JSON.parse(values.stdout)).toBeNull();
    }
    const up = await helm(tools.helm4, [
      'upgrade',
      'again',
      DEPLOY_WEB_CHART,
      '-n',
      NS,
      '--reuse-values',
      '--set',
      'replicaCount=1',
    ]);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(releaseRecord('again', 2)?.release.info.status).toBe('deployed');
    expect(live('deployments.apps', 'again-web')?.spec.replicas).toBe(1);

    const instanceId = (await sqlRow<{ id: string }>(em(), "select id from instances where name = 'again'"))!.id;
    const job = await run(operation(instanceId, 'upgrade', 3, v2, { replicaCount: 2 }, 'again'));
    expect(job.error).toBeNull();
    expect(releaseRecord('again', 2)?.release.info.status).toBe('superseded');
    expect(releaseRecord('again', 3)?.release.info.status).toBe('deployed');
    expect(live('deployments.apps', 'again-web')?.spec.replicas).toBe(2);
  });

  it('cancelling a deploy stops its wait: the job ends CANCELLED, the objects applied so far stay', async () => {
    const slow = await seedInstance(em(), seed, v1, 'slow');
    const op = operation(slow, 'deploy', 1, v1, { image: 'sandbox.invalid/fail:2', hook: { enabled: false } }, 'slow');
    const job = await em().transactional((tx) =>
      createJob(tx, hub, { action: op.action, instanceId: slow, input: { ...op }, tasks: planKubeOperation(op) }),
    );
    if (job instanceof JobEngineError) throw job;
    await waitForJobUpdate(hub, job.id, (u) => u.tasks.some((x) => x.key === 'wait' && x.status === JobStatus.RUNNING));
    const deps = { events: hub, hooks: t.marina.services.platform.jobHooks };
    const cancelled = await em().transactional((tx) => cancelJob(tx, deps, job.id));
    expect(cancelled).not.toBeInstanceOf(Error);
    const final = await waitForJobSettled(hub, job.id);
    expect(final.status).toBe(JobStatus.CANCELLED);
    expect(final.tasks.filter((x) => x.status === JobStatus.SUCCEEDED).map((x) => x.key)).toEqual(
      expect.arrayContaining(['render', 'release', 'apply']),
    );
    expect(final.tasks.find((x) => x.key === 'record')?.status).toBe(JobStatus.CANCELLED);
    expect(live('deployments.apps', 'slow-web')).toBeDefined();
    expect(releaseRecord('slow', 1)?.release.info.status).toBe('pending-install');
  });

  it("fails with the pod's reason on a failing image; the failure follow-up marks the record failed", async () => {
    const broken = await seedInstance(em(), seed, v1, 'broken');
    const op = operation(
      broken,
      'deploy',
      1,
      v1,
      { image: 'sandbox.invalid/fail:1', hook: { enabled: false } },
      'broken',
    );
    const job = await run(op);
    expect(job.status).toBe(JobStatus.FAILED);
    expect(job.error).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(releaseRecord('broken', 1)?.release.info.status).toBe('pending-install');
    // The follow-up the instance settlement queues for a failed operation.
    const followUp = planReleaseFailure(op, job.jobId)!;
    expect((await runJob(followUp)).status).toBe(JobStatus.SUCCEEDED);
    expect(releaseRecord('broken', 1)?.release.info.status).toBe('failed');
    // Running it again changes nothing (the record is no longer pending).
    expect((await runJob(followUp)).status).toBe(JobStatus.SUCCEEDED);
    expect(releaseRecord('broken', 1)?.release.info.status).toBe('failed');
  });
});
