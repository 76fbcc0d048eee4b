/**
 * Simulated controllers of the kube sandbox, observed through @kubernetes/client-node:
 * StatefulSets (ordered pods, claims), DaemonSets, Jobs, volumes, Services, endpoints, ingresses,
 * quotas.
 */
import type { V1Job, V1Pod, V1StatefulSet } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { clientNode as k8s, startKubeSandbox, type KubeSandbox } from '@marina/kube-sandbox';
import { waitForCondition, waitForObject } from '../support/kube-sandbox-waits';

jest.setTimeout(60_000);

async function failure(p: Promise<unknown>): Promise<{ code: number; body: { reason?: string; message?: string } }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: number; body?: unknown };
    return { code: Number(e.code), body: (typeof e.body === 'string' ? JSON.parse(e.body) : e.body) as never };
  }
  throw new Error('expected the call to fail');
}

const podTemplate = (app: string, image = 'nginx:1.27', extra: Record<string, unknown> = {}) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'main', image, ports: [{ containerPort: 8080, name: 'web' }] }], ...extra },
});

describe('kube sandbox controllers', () => {
  let sandbox: KubeSandbox;
  let core: InstanceType<typeof k8s.CoreV1Api>;
  let apps: InstanceType<typeof k8s.AppsV1Api>;
  let batch: InstanceType<typeof k8s.BatchV1Api>;
  let net: InstanceType<typeof k8s.NetworkingV1Api>;
  const pods = (ns: string, app: string): V1Pod[] =>
    sandbox.service.store.list('pods', ns).filter((p) => p.metadata.labels?.app === app) as unknown as V1Pod[];

  beforeAll(async () => {
    sandbox = await startKubeSandbox({ nodes: 3, simulation: { podReadyDelayMs: 100, jobPodDurationMs: 100 } });
    const kc = new k8s.KubeConfig();
    kc.loadFromString(sandbox.kubeconfig);
    core = kc.makeApiClient(k8s.CoreV1Api);
    apps = kc.makeApiClient(k8s.AppsV1Api);
    batch = kc.makeApiClient(k8s.BatchV1Api);
    net = kc.makeApiClient(k8s.NetworkingV1Api);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('starts StatefulSet pods in order, each with its own bound claim', async () => {
    const order: string[] = [];
    const sub = sandbox.service.store.subscribe((e) => {
      if (e.key.groupResource === 'pods' && e.type === 'ADDED' && e.key.name.startsWith('db-')) {
        const readyBefore = sandbox.service.store
          .list('pods', 'default')
          .filter(
            (p) =>
              p.metadata.name?.startsWith('db-') && JSON.stringify(p.status).includes('"type":"Ready","status":"True"'),
          )
          .map((p) => p.metadata.name);
        order.push(`${e.key.name} after [${readyBefore.join(',')}]`);
      }
    });
    const sts: V1StatefulSet = {
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db',
        replicas: 3,
        selector: { matchLabels: { app: 'db' } },
        template: podTemplate('db'),
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    };
    await apps.createNamespacedStatefulSet({ namespace: 'default', body: sts });
    await waitForObject(
      sandbox,
      { groupResource: 'statefulsets.apps', namespace: 'default', name: 'db' },
      (o) => (o?.status as { readyReplicas?: number } | undefined)?.readyReplicas === 3,
    );
    sub.close();
    expect(order).toEqual(['db-0 after []', 'db-1 after [db-0]', 'db-2 after [db-0,db-1]']);
    const read = await apps.readNamespacedStatefulSet({ name: 'db', namespace: 'default' });
    expect(read.status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3, observedGeneration: 1 });
    expect(read.status?.currentRevision).toBe(read.status?.updateRevision);
    const claims = await core.listNamespacedPersistentVolumeClaim({ namespace: 'default' });
    expect(claims.items.map((c) => [c.metadata?.name, c.status?.phase, c.spec?.storageClassName])).toEqual([
      ['data-db-0', 'Bound', 'standard'],
      ['data-db-1', 'Bound', 'standard'],
      ['data-db-2', 'Bound', 'standard'],
    ]);
    const pv = await core.readPersistentVolume({ name: String(claims.items[0].spec?.volumeName) });
    expect(pv.spec?.claimRef?.name).toBe('data-db-0');
    expect(pv.status?.phase).toBe('Bound');
    const pod0 = await core.readNamespacedPod({ name: 'db-0', namespace: 'default' });
    expect(pod0.spec?.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName).toBe('data-db-0');
    expect(pod0.spec?.hostname).toBe('db-0');
  });

  it('runs one DaemonSet pod on every node', async () => {
    await apps.createNamespacedDaemonSet({
      namespace: 'default',
      body: {
        metadata: { name: 'agent' },
        spec: { selector: { matchLabels: { app: 'agent' } }, template: podTemplate('agent') },
      },
    });
    const ds = await waitForObject(
      sandbox,
      { groupResource: 'daemonsets.apps', namespace: 'default', name: 'agent' },
      (o) => (o?.status as { numberReady?: number } | undefined)?.numberReady === 3,
    );
    expect(ds?.status).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      updatedNumberScheduled: 3,
    });
    expect(new Set(pods('default', 'agent').map((p) => p.spec?.nodeName))).toEqual(
      new Set(['sandbox-node-1', 'sandbox-node-2', 'sandbox-node-3']),
    );
  });

  it('completes a Job after its completions succeed', async () => {
    const job: V1Job = {
      metadata: { name: 'batch-ok' },
      spec: {
        completions: 3,
        parallelism: 2,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox:1.36' }] } },
      },
    };
    await batch.createNamespacedJob({ namespace: 'default', body: job });
    await waitForObject(sandbox, { groupResource: 'jobs.batch', namespace: 'default', name: 'batch-ok' }, (o) =>
      JSON.stringify(o?.status ?? {}).includes('"type":"Complete"'),
    );
    const read = await batch.readNamespacedJob({ name: 'batch-ok', namespace: 'default' });
    expect(read.status?.succeeded).toBe(3);
    expect(read.status?.completionTime).toBeDefined();
    expect(read.spec?.selector?.matchLabels?.['batch.kubernetes.io/controller-uid']).toBe(read.metadata?.uid);
  });

  it('fails a Job whose pods crash once failures exceed backoffLimit', async () => {
    const job: V1Job = {
      metadata: { name: 'batch-bad' },
      spec: {
        backoffLimit: 2,
        template: {
          spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'sandbox.invalid/crash-job' }] },
        },
      },
    };
    await batch.createNamespacedJob({ namespace: 'default', body: job });
    await waitForObject(sandbox, { groupResource: 'jobs.batch', namespace: 'default', name: 'batch-bad' }, (o) =>
      JSON.stringify(o?.status ?? {}).includes('"type":"Failed"'),
    );
    const read = await batch.readNamespacedJob({ name: 'batch-bad', namespace: 'default' });
    expect(read.status?.failed).toBe(3);
    expect(read.status?.conditions?.find((c) => c.type === 'Failed')).toMatchObject({
      status: 'True',
      reason: 'BackoffLimitExceeded',
    });
  });

  it('allocates cluster IPs and node ports, refuses a taken node port, and gives LoadBalancers an address', async () => {
    const np = await core.createNamespacedService({
      namespace: 'default',
      body: {
        metadata: { name: 'np' },
        spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080 }] },
      },
    });
    expect(np.spec?.ports?.[0].nodePort).toBe(30080);
    const taken = await failure(
      core.createNamespacedService({
        namespace: 'default',
        body: { metadata: { name: 'np2' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] } },
      }),
    );
    expect(taken.code).toBe(422);
    expect(taken.body.message).toContain('provided port is already allocated');
    const out = await failure(
      core.createNamespacedService({
        namespace: 'default',
        body: { metadata: { name: 'np3' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 20000 }] } },
      }),
    );
    expect(out.body.message).toContain('provided port is not in the valid range');
    const lb = await core.createNamespacedService({
      namespace: 'default',
      body: {
        metadata: { name: 'lb' },
        spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 443 }] },
      },
    });
    expect(lb.spec?.clusterIP).not.toBe(np.spec?.clusterIP);
    expect(lb.spec?.ports?.[0].nodePort).toBeGreaterThanOrEqual(30000);
    const ready = await waitForObject(sandbox, { groupResource: 'services', namespace: 'default', name: 'lb' }, (o) =>
      JSON.stringify(o?.status ?? {}).includes('"ip"'),
    );
    expect((ready?.status as { loadBalancer: { ingress: { ip: string }[] } }).loadBalancer.ingress[0].ip).toMatch(
      /^172\.18\.255\.\d+$/,
    );
    const ext = await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } },
    });
    expect(ext.spec?.clusterIP).toBeUndefined();
  });

  it('keeps Endpoints and EndpointSlices in step with ready pods', async () => {
    await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'web' }] } },
    });
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: podTemplate('web') },
      },
    });
    const ep = await waitForObject(
      sandbox,
      { groupResource: 'endpoints', namespace: 'default', name: 'web' },
      (o) => ((o?.subsets as { addresses?: unknown[] }[] | undefined)?.[0]?.addresses ?? []).length === 2,
    );
    const subset = (
      ep?.subsets as { addresses: { ip: string; targetRef: { kind: string } }[]; ports: { port: number }[] }[]
    )[0];
    expect(subset.ports[0].port).toBe(8080);
    expect(subset.addresses.map((a) => a.targetRef.kind)).toEqual(['Pod', 'Pod']);
    expect(new Set(subset.addresses.map((a) => a.ip))).toEqual(
      new Set(pods('default', 'web').map((p) => p.status?.podIP)),
    );
    const slice = sandbox.service.store
      .list('endpointslices.discovery.k8s.io', 'default')
      .find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web');
    expect((slice?.endpoints as unknown[]).length).toBe(2);
    await apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace: 'default', body: { spec: { replicas: 0 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await waitForObject(
      sandbox,
      { groupResource: 'endpoints', namespace: 'default', name: 'web' },
      (o) => ((o?.subsets as unknown[] | undefined) ?? []).length === 0,
    );
  });

  it('gives Ingresses a load-balancer status', async () => {
    await net.createNamespacedIngress({
      namespace: 'default',
      body: {
        metadata: { name: 'site' },
        spec: {
          rules: [
            {
              host: 'shop.example',
              http: {
                paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
              },
            },
          ],
        },
      },
    });
    const ing = await waitForObject(
      sandbox,
      { groupResource: 'ingresses.networking.k8s.io', namespace: 'default', name: 'site' },
      (o) => JSON.stringify(o?.status ?? {}).includes('"ip"'),
    );
    expect(JSON.stringify(ing?.status)).toMatch(/"ip":"172\.18\.255\.\d+"/);
  });

  it('enforces a ResourceQuota and reports its usage', async () => {
    await core.createNamespace({ body: { metadata: { name: 'quota' } } });
    await core.createNamespacedResourceQuota({
      namespace: 'quota',
      body: { metadata: { name: 'small' }, spec: { hard: { pods: '2', 'requests.memory': '1Gi' } } },
    });
    await apps.createNamespacedDeployment({
      namespace: 'quota',
      body: {
        metadata: { name: 'big' },
        spec: { replicas: 3, selector: { matchLabels: { app: 'big' } }, template: podTemplate('big') },
      },
    });
    await waitForCondition(sandbox, 'quota usage pods=2 and a ReplicaFailure', () => {
      const q = sandbox.service.store.get({ groupResource: 'resourcequotas', namespace: 'quota', name: 'small' });
      const rs = sandbox.service.store.list('replicasets.apps', 'quota')[0];
      return (
        JSON.stringify(q?.status ?? {}).includes('"pods":"2"') &&
        JSON.stringify(rs?.status ?? {}).includes('ReplicaFailure')
      );
    });
    expect(pods('quota', 'big')).toHaveLength(2);
    const denied = await failure(
      core.createNamespacedPod({
        namespace: 'quota',
        body: { metadata: { name: 'extra' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      }),
    );
    expect(denied.code).toBe(403);
    expect(denied.body.message).toBe(
      'pods "extra" is forbidden: exceeded quota: small, requested: pods=1, used: pods=2, limited: pods=2',
    );
    const rs = (await apps.listNamespacedReplicaSet({ namespace: 'quota' })).items[0];
    expect(rs.status?.conditions?.[0]).toMatchObject({ type: 'ReplicaFailure', reason: 'FailedCreate' });
  });
});

describe('kube sandbox CronJob controller', () => {
  it('starts a Job at the scheduled minute and records the schedule and success times', async () => {
    let offsetMs = 0;
    const sandbox = await startKubeSandbox({
      clock: () => Date.now() + offsetMs,
      simulation: { podReadyDelayMs: 50, jobPodDurationMs: 50 },
    });
    try {
      const kc = new k8s.KubeConfig();
      kc.loadFromString(sandbox.kubeconfig);
      const batch = kc.makeApiClient(k8s.BatchV1Api);
      const bad = await failure(
        batch.createNamespacedCronJob({
          namespace: 'default',
          body: {
            metadata: { name: 'bad' },
            spec: {
              schedule: '61 * * * *',
              jobTemplate: {
                spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
              },
            },
          },
        }),
      );
      expect(bad.code).toBe(422);
      expect(bad.body.message).toContain('spec.schedule: Invalid value: "61 * * * *"');
      await batch.createNamespacedCronJob({
        namespace: 'default',
        body: {
          metadata: { name: 'tick' },
          spec: {
            schedule: '*/5 * * * *',
            jobTemplate: {
              spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
            },
          },
        },
      });
      expect(sandbox.service.store.count('jobs.batch', 'default')).toBe(0);
      offsetMs = 6 * 60_000;
      // Nudge the controller (a real one would wake at the scheduled time; the clock jumped instead).
      await batch.patchNamespacedCronJob(
        { name: 'tick', namespace: 'default', body: { metadata: { annotations: { nudge: '1' } } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await waitForObject(sandbox, { groupResource: 'cronjobs.batch', namespace: 'default', name: 'tick' }, (o) =>
        JSON.stringify(o?.status ?? {}).includes('lastSuccessfulTime'),
      );
      const jobs = (await batch.listNamespacedJob({ namespace: 'default' })).items;
      expect(jobs).toHaveLength(1);
      expect(jobs[0].metadata?.name).toMatch(/^tick-\d+$/);
      expect(Number(jobs[0].metadata?.name?.slice(5)) % 5).toBe(0);
      expect(jobs[0].metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'tick', controller: true });
      const cj = await batch.readNamespacedCronJob({ name: 'tick', namespace: 'default' });
      expect(cj.status?.lastScheduleTime?.getTime()).toBe(Number(jobs[0].metadata?.name?.slice(5)) * 60_000);
      expect(cj.status?.active).toBeUndefined();
    } finally {
      await sandbox.stop();
    }
  });
});
