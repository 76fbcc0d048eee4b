/**
 * The Kubernetes API sandbox driven only through the real @kubernetes/client-node: CRUD,
 * optimistic concurrency, selectors, pagination, watch (resume, bookmarks, 410), server-side
 * apply conflicts, dry run, and workloads that become (or never become) available.
 */
import type { KubernetesObject, V1ConfigMap, V1Deployment } from '@kubernetes/client-node' with {
  'resolution-mode': 'import',
};
import { clientNode as k8s, startKubeSandbox, type KubeSandbox } from '@marina/kube-sandbox';
import { waitForCondition, waitForObject } from '../support/kube-sandbox-waits';

jest.setTimeout(60_000);

type WatchEvent = { type: string; object: KubernetesObject & { code?: number; reason?: string } };

interface Clients {
  kc: InstanceType<typeof k8s.KubeConfig>;
  core: InstanceType<typeof k8s.CoreV1Api>;
  apps: InstanceType<typeof k8s.AppsV1Api>;
  objects: InstanceType<typeof k8s.KubernetesObjectApi>;
}

function clientsFor(sandbox: KubeSandbox): Clients {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(sandbox.kubeconfig);
  return {
    kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    objects: k8s.KubernetesObjectApi.makeApiClient(kc),
  };
}

/** The status (code + parsed body) of a failed client-node call. */
async function failure(
  p: Promise<unknown>,
): Promise<{ code: number; body: { reason?: string; message?: string; details?: { causes?: { field?: string }[] } } }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: number; body?: unknown };
    const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    return { code: Number(e.code), body: (body ?? {}) as never };
  }
  throw new Error('expected the call to fail');
}

/** Collects watch events until `until` returns true (or the deadline passes). */
async function watchUntil(
  kc: Clients['kc'],
  path: string,
  query: Record<string, string | boolean>,
  until: (events: WatchEvent[]) => boolean,
  act?: () => Promise<void>,
  timeoutMs = 10_000,
): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const controller = await new k8s.Watch(kc).watch(
    path,
    query,
    (type, object) => {
      events.push({ type, object });
      if (until(events)) resolveDone();
    },
    () => resolveDone(),
  );
  const timer = setTimeout(resolveDone, timeoutMs);
  try {
    if (act) await act();
    await done;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

const cm = (
  name: string,
  labels: Record<string, string> = {},
  data: Record<string, string> = { k: 'v' },
): V1ConfigMap => ({ metadata: { name, labels }, data });

describe('kube sandbox through @kubernetes/client-node', () => {
  let sandbox: KubeSandbox;
  let c: Clients;

  beforeAll(async () => {
    sandbox = await startKubeSandbox({ bookmarkIntervalMs: 200, simulation: { podReadyDelayMs: 100 } });
    c = clientsFor(sandbox);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('creates, reads, updates, patches and deletes a ConfigMap', async () => {
    const created = await c.core.createNamespacedConfigMap({ namespace: 'default', body: cm('crud') });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const read = await c.core.readNamespacedConfigMap({ name: 'crud', namespace: 'default' });
    expect(read.data).toEqual({ k: 'v' });
    const replaced = await c.core.replaceNamespacedConfigMap({
      name: 'crud',
      namespace: 'default',
      body: { ...read, data: { k: 'v2' } },
    });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(read.metadata?.resourceVersion));
    const patched = await c.core.patchNamespacedConfigMap(
      { name: 'crud', namespace: 'default', body: { data: { extra: 'x' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(patched.data).toEqual({ k: 'v2', extra: 'x' });
    const jsonPatched = await c.core.patchNamespacedConfigMap(
      { name: 'crud', namespace: 'default', body: [{ op: 'remove', path: '/data/extra' }] },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    expect(jsonPatched.data).toEqual({ k: 'v2' });
    await c.core.deleteNamespacedConfigMap({ name: 'crud', namespace: 'default' });
    const gone = await failure(c.core.readNamespacedConfigMap({ name: 'crud', namespace: 'default' }));
    expect(gone.code).toBe(404);
    expect(gone.body.reason).toBe('NotFound');
    expect(gone.body.message).toBe('configmaps "crud" not found');
  });

  it('answers 409 Conflict to an update carrying a stale resourceVersion, and 409 AlreadyExists to a duplicate create', async () => {
    const first = await c.core.createNamespacedConfigMap({ namespace: 'default', body: cm('occ') });
    await c.core.replaceNamespacedConfigMap({
      name: 'occ',
      namespace: 'default',
      body: { ...first, data: { k: 'newer' } },
    });
    const stale = await failure(
      c.core.replaceNamespacedConfigMap({
        name: 'occ',
        namespace: 'default',
        body: { ...first, data: { k: 'stale' } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    expect(stale.body.message).toContain('the object has been modified');
    expect((await c.core.readNamespacedConfigMap({ name: 'occ', namespace: 'default' })).data).toEqual({ k: 'newer' });
    const dup = await failure(c.core.createNamespacedConfigMap({ namespace: 'default', body: cm('occ') }));
    expect(dup.code).toBe(409);
    expect(dup.body.reason).toBe('AlreadyExists');
  });

  it('filters lists with set-based label selectors and field selectors', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'labels' } } });
    const specs: [string, Record<string, string>][] = [
      ['a1', { tier: 'a', env: 'prod' }],
      ['a2', { tier: 'a' }],
      ['b1', { tier: 'b', env: 'dev' }],
      ['c1', { tier: 'c', env: 'prod' }],
    ];
    for (const [name, labels] of specs)
      await c.core.createNamespacedConfigMap({ namespace: 'labels', body: cm(name, labels) });
    const names = async (labelSelector?: string, fieldSelector?: string): Promise<string[]> =>
      (await c.core.listNamespacedConfigMap({ namespace: 'labels', labelSelector, fieldSelector })).items
        .map((i) => String(i.metadata?.name))
        .filter((n) => n !== 'kube-root-ca.crt');
    expect(await names('tier=a')).toEqual(['a1', 'a2']);
    expect(await names('tier in (a,b),env!=prod')).toEqual(['a2', 'b1']);
    expect(await names('!env')).toEqual(['a2']);
    expect(await names('env notin (dev),tier')).toEqual(['a1', 'a2', 'c1']);
    expect(await names(undefined, 'metadata.name=b1')).toEqual(['b1']);
    const bad = await failure(c.core.listNamespacedConfigMap({ namespace: 'labels', fieldSelector: 'data.k=v' }));
    expect(bad.code).toBe(400);
  });

  it('pages lists with limit and continue', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'paging' } } });
    for (let i = 0; i < 7; i++) await c.core.createNamespacedConfigMap({ namespace: 'paging', body: cm(`item-${i}`) });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await c.core.listNamespacedConfigMap({ namespace: 'paging', limit: 3, _continue: token });
      pages++;
      seen.push(...page.items.map((i) => String(i.metadata?.name)));
      if (page.metadata?._continue) expect(page.metadata.remainingItemCount).toBe(7 - seen.length);
      token = page.metadata?._continue;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `item-${i}`));
  });

  it('streams watch events and resumes from a resourceVersion', async () => {
    const start = await c.core.listNamespacedConfigMap({ namespace: 'default' });
    const events = await watchUntil(
      c.kc,
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: String(start.metadata?.resourceVersion) },
      (ev) => ev.some((e) => e.type === 'DELETED' && e.object.metadata?.name === 'watched'),
      async () => {
        const made = await c.core.createNamespacedConfigMap({ namespace: 'default', body: cm('watched') });
        await c.core.replaceNamespacedConfigMap({
          name: 'watched',
          namespace: 'default',
          body: { ...made, data: { k: 'changed' } },
        });
        await c.core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'default' });
      },
    );
    const mine = events.filter((e) => e.object.metadata?.name === 'watched');
    expect(mine.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    const addedAt = String(mine[0].object.metadata?.resourceVersion);
    const resumed = await watchUntil(
      c.kc,
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: addedAt },
      (ev) => ev.some((e) => e.type === 'DELETED'),
    );
    expect(resumed.filter((e) => e.object.metadata?.name === 'watched').map((e) => e.type)).toEqual([
      'MODIFIED',
      'DELETED',
    ]);
  });

  it('sends bookmarks to watchers that allow them', async () => {
    const events = await watchUntil(
      c.kc,
      '/api/v1/namespaces/default/secrets',
      {
        allowWatchBookmarks: true,
        resourceVersion: String(
          (await c.core.listNamespacedSecret({ namespace: 'default' })).metadata?.resourceVersion,
        ),
      },
      (ev) => ev.some((e) => e.type === 'BOOKMARK'),
    );
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark?.object.metadata?.resourceVersion).toMatch(/^\d+$/);
  });

  it('rejects server-side apply conflicts between field managers unless forced', async () => {
    const body = (replicas: string): KubernetesObject & { data: Record<string, string> } => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ssa', namespace: 'default' },
      data: { replicas },
    });
    await c.objects.patch(body('1'), undefined, undefined, 'team-a', false, k8s.PatchStrategy.ServerSideApply);
    const again = (await c.objects.patch(
      body('1'),
      undefined,
      undefined,
      'team-a',
      false,
      k8s.PatchStrategy.ServerSideApply,
    )) as V1ConfigMap;
    expect(again.data).toEqual({ replicas: '1' });
    const conflict = await failure(
      c.objects.patch(body('2'), undefined, undefined, 'team-b', false, k8s.PatchStrategy.ServerSideApply),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.body.reason).toBe('Conflict');
    expect(conflict.body.message).toContain('conflict with "team-a"');
    expect(conflict.body.details?.causes?.[0]?.field).toBe('.data.replicas');
    const forced = (await c.objects.patch(
      body('2'),
      undefined,
      undefined,
      'team-b',
      true,
      k8s.PatchStrategy.ServerSideApply,
    )) as V1ConfigMap;
    expect(forced.data).toEqual({ replicas: '2' });
    const owners = (forced.metadata?.managedFields ?? []).map((m) => m.manager);
    expect(owners).toContain('team-b');
    expect(owners).not.toContain('team-a');
  });

  it('does not persist dry-run creates', async () => {
    const dry = await c.core.createNamespacedConfigMap({ namespace: 'default', body: cm('dry'), dryRun: 'All' });
    expect(dry.metadata?.name).toBe('dry');
    expect((await failure(c.core.readNamespacedConfigMap({ name: 'dry', namespace: 'default' }))).code).toBe(404);
  });

  it('generates names from generateName', async () => {
    const made = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { generateName: 'gen-' }, data: {} },
    });
    expect(made.metadata?.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  const deployment = (name: string, image: string, extra: Partial<V1Deployment['spec']> = {}): V1Deployment => ({
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
      ...extra,
    },
  });

  it('runs a Deployment until its pods are Ready and it is Available', async () => {
    await c.apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web', 'nginx:1.27') });
    const events = await watchUntil(
      c.kc,
      '/apis/apps/v1/namespaces/default/deployments',
      { fieldSelector: 'metadata.name=web' },
      (ev) => ev.some((e) => (e.object as V1Deployment).status?.availableReplicas === 2),
    );
    const last = events[events.length - 1].object as V1Deployment;
    expect(last.status?.readyReplicas).toBe(2);
    expect(last.status?.updatedReplicas).toBe(2);
    expect(last.status?.observedGeneration).toBe(last.metadata?.generation);
    expect(last.status?.conditions?.find((x) => x.type === 'Available')?.status).toBe('True');
    const pods = await c.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(2);
    for (const p of pods.items) {
      expect(p.status?.phase).toBe('Running');
      expect(p.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');
      expect(p.metadata?.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
    }
  });

  it('never makes a Deployment with a failing image available, and says why', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('broken', 'sandbox.invalid/fail-image:1', { progressDeadlineSeconds: 2 }),
    });
    const final = await waitForObject(
      sandbox,
      { groupResource: 'deployments.apps', namespace: 'default', name: 'broken' },
      (o) => JSON.stringify(o?.status ?? {}).includes('ProgressDeadlineExceeded'),
      15_000,
    );
    const d = await c.apps.readNamespacedDeployment({ name: 'broken', namespace: 'default' });
    expect(final).toBeDefined();
    expect(d.status?.availableReplicas ?? 0).toBe(0);
    expect(d.status?.unavailableReplicas).toBe(2);
    expect(d.status?.conditions?.find((x) => x.type === 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
    expect(d.status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    const pods = await c.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=broken' });
    expect(pods.items).toHaveLength(2);
    for (const p of pods.items) {
      const waiting = p.status?.containerStatuses?.[0]?.state?.waiting;
      expect(waiting?.reason).toBe('ImagePullBackOff');
      expect(waiting?.message).toContain('sandbox.invalid/fail-image:1');
      expect(p.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('False');
    }
    const events = await c.core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: `involvedObject.name=${String(pods.items[0].metadata?.name)}`,
    });
    expect(events.items.some((e) => e.reason === 'Failed' && String(e.message).includes('Failed to pull image'))).toBe(
      true,
    );
  });

  it('crash-loops pods whose image crashes', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('crashy', 'sandbox.invalid/crash:1', { replicas: 1 }),
    });
    await waitForCondition(
      sandbox,
      'a crashy pod restarting',
      () =>
        sandbox.service.store
          .list('pods', 'default')
          .some((p) => p.metadata.labels?.app === 'crashy' && JSON.stringify(p.status).includes('"restartCount":1')),
      15_000,
    );
    const pods = await c.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=crashy' });
    const status = pods.items[0].status?.containerStatuses?.[0];
    expect(status?.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(status?.lastState?.terminated?.exitCode).toBe(1);
  });
});

describe('kube sandbox watch history', () => {
  it('answers a watch from a compacted resourceVersion with a 410 Expired ERROR event', async () => {
    const sandbox = await startKubeSandbox({ watchHistory: 10 });
    try {
      const c = clientsFor(sandbox);
      for (let i = 0; i < 30; i++)
        await c.core.createNamespacedConfigMap({ namespace: 'default', body: cm(`churn-${i}`) });
      const events = await watchUntil(
        c.kc,
        '/api/v1/namespaces/default/configmaps',
        { resourceVersion: '2' },
        (ev) => ev.length > 0,
      );
      expect(events[0].type).toBe('ERROR');
      expect(events[0].object.code).toBe(410);
      expect(events[0].object.reason).toBe('Expired');
    } finally {
      await sandbox.stop();
    }
  });

  it('runs several independent clusters in one process', async () => {
    const [one, two] = await Promise.all([startKubeSandbox(), startKubeSandbox({ tls: false })]);
    try {
      await clientsFor(one).core.createNamespacedConfigMap({ namespace: 'default', body: cm('only-in-one') });
      expect(two.url.startsWith('http://')).toBe(true);
      expect(
        (await failure(clientsFor(two).core.readNamespacedConfigMap({ name: 'only-in-one', namespace: 'default' })))
          .code,
      ).toBe(404);
      const unauth = new k8s.KubeConfig();
      unauth.loadFromString(one.kubeconfig.replace(one.token, 'wrong-token'));
      expect((await failure(unauth.makeApiClient(k8s.CoreV1Api).listNamespace())).code).toBe(401);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });
});
