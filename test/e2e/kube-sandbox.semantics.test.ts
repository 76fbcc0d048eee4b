/**
 * API semantics of the kube sandbox through @kubernetes/client-node: deletion (finalizers,
 * propagation policies, namespace termination), subresources, generation, strategic merge
 * patch, validation errors, label-selector watches and state persistence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesObject, V1ConfigMap, V1Deployment } from '@kubernetes/client-node' with {
  'resolution-mode': 'import',
};
import { clientNode as k8s, startKubeSandbox, type KubeSandbox } from '@marina/kube-sandbox';
import { waitForCondition, waitForObject } from '../support/kube-sandbox-waits';

jest.setTimeout(60_000);

async function failure(p: Promise<unknown>): Promise<{
  code: number;
  body: { reason?: string; message?: string; details?: { causes?: { field?: string; message?: string }[] } };
}> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: number; body?: unknown };
    return { code: Number(e.code), body: (typeof e.body === 'string' ? JSON.parse(e.body) : e.body) as never };
  }
  throw new Error('expected the call to fail');
}

const merge = () => k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
const strategic = () => k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch);

describe('kube sandbox API semantics', () => {
  let sandbox: KubeSandbox;
  let kc: InstanceType<typeof k8s.KubeConfig>;
  let core: InstanceType<typeof k8s.CoreV1Api>;
  let apps: InstanceType<typeof k8s.AppsV1Api>;
  const exists = (gr: string, ns: string, name: string): boolean =>
    !!sandbox.service.store.get({ groupResource: gr, namespace: ns, name });

  beforeAll(async () => {
    sandbox = await startKubeSandbox({ simulation: { podReadyDelayMs: 50 } });
    kc = new k8s.KubeConfig();
    kc.loadFromString(sandbox.kubeconfig);
    core = kc.makeApiClient(k8s.CoreV1Api);
    apps = kc.makeApiClient(k8s.AppsV1Api);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('keeps an object with finalizers until they are removed, marking it with a deletionTimestamp', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } },
    });
    await core.deleteNamespacedConfigMap({ name: 'held', namespace: 'default' });
    const pending = await core.readNamespacedConfigMap({ name: 'held', namespace: 'default' });
    expect(pending.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    await core.patchNamespacedConfigMap(
      { name: 'held', namespace: 'default', body: { metadata: { finalizers: null } } },
      merge(),
    );
    expect((await failure(core.readNamespacedConfigMap({ name: 'held', namespace: 'default' }))).code).toBe(404);
  });

  it('deletes a collection by label selector, and leaves objects alone on a dry-run delete', async () => {
    for (const [name, team] of [
      ['dc-1', 'x'],
      ['dc-2', 'x'],
      ['dc-3', 'y'],
    ])
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name, labels: { team } } } });
    await core.deleteNamespacedConfigMap({ name: 'dc-3', namespace: 'default', dryRun: 'All' });
    expect(exists('configmaps', 'default', 'dc-3')).toBe(true);
    await core.deleteCollectionNamespacedConfigMap({ namespace: 'default', labelSelector: 'team=x' });
    expect(['dc-1', 'dc-2', 'dc-3'].map((n) => exists('configmaps', 'default', n))).toEqual([false, false, true]);
  });

  it('refuses a delete whose uid precondition does not match', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'pre' } } });
    const r = await failure(
      core.deleteNamespacedConfigMap({
        name: 'pre',
        namespace: 'default',
        body: { preconditions: { uid: 'not-the-uid' } },
      }),
    );
    expect(r.code).toBe(409);
    expect(r.body.message).toContain('Precondition failed: UID in precondition: not-the-uid');
  });

  const ownerAndDependent = async (suffix: string): Promise<void> => {
    const owner = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: `owner-${suffix}` } },
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: {
        metadata: {
          name: `dependent-${suffix}`,
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              name: String(owner.metadata?.name),
              uid: String(owner.metadata?.uid),
              blockOwnerDeletion: true,
            },
          ],
        },
      },
    });
  };

  it('garbage-collects dependents of a deleted owner (Background)', async () => {
    await ownerAndDependent('bg');
    await core.deleteNamespacedConfigMap({ name: 'owner-bg', namespace: 'default', propagationPolicy: 'Background' });
    await waitForCondition(sandbox, 'dependent-bg collected', () => !exists('configmaps', 'default', 'dependent-bg'));
  });

  it('deletes dependents before the owner (Foreground)', async () => {
    await ownerAndDependent('fg');
    const seen: string[] = [];
    const sub = sandbox.service.store.subscribe((e) => {
      if (e.type === 'DELETED' && e.key.name.endsWith('-fg')) seen.push(e.key.name);
    });
    await core.deleteNamespacedConfigMap({ name: 'owner-fg', namespace: 'default', propagationPolicy: 'Foreground' });
    await waitForCondition(sandbox, 'owner-fg deleted', () => !exists('configmaps', 'default', 'owner-fg'));
    sub.close();
    expect(seen).toEqual(['dependent-fg', 'owner-fg']);
  });

  it('keeps orphaned dependents without the owner reference (Orphan)', async () => {
    await ownerAndDependent('or');
    await core.deleteNamespacedConfigMap({ name: 'owner-or', namespace: 'default', propagationPolicy: 'Orphan' });
    await waitForCondition(sandbox, 'owner-or deleted', () => !exists('configmaps', 'default', 'owner-or'));
    const dependent = await core.readNamespacedConfigMap({ name: 'dependent-or', namespace: 'default' });
    expect(dependent.metadata?.ownerReferences).toBeUndefined();
  });

  it('terminates a namespace: Terminating, no new content, everything deleted, then gone', async () => {
    await core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await core.createNamespacedConfigMap({
      namespace: 'doomed',
      body: { metadata: { name: 'c1', finalizers: ['example.com/slow'] } },
    });
    await apps.createNamespacedDeployment({
      namespace: 'doomed',
      body: {
        metadata: { name: 'd' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { a: 'b' } },
          template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        },
      },
    });
    await waitForCondition(sandbox, 'a pod in doomed', () => sandbox.service.store.count('pods', 'doomed') === 1);
    await core.deleteNamespace({ name: 'doomed' });
    const ns = await core.readNamespace({ name: 'doomed' });
    expect(ns.status?.phase).toBe('Terminating');
    const refused = await failure(
      core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'late' } } }),
    );
    expect(refused.code).toBe(403);
    expect(refused.body.message).toContain('because it is being terminated');
    await waitForCondition(
      sandbox,
      'doomed emptied but for the held ConfigMap',
      () =>
        sandbox.service.store.count('pods', 'doomed') === 0 &&
        sandbox.service.store.count('deployments.apps', 'doomed') === 0,
    );
    expect(exists('namespaces', '', 'doomed')).toBe(true);
    await core.patchNamespacedConfigMap(
      { name: 'c1', namespace: 'doomed', body: { metadata: { finalizers: null } } },
      merge(),
    );
    await waitForCondition(sandbox, 'namespace doomed gone', () => !exists('namespaces', '', 'doomed'));
  });

  const deployment = (name: string): V1Deployment => ({
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
            { name: 'sidecar', image: 'proxy:1' },
          ],
        },
      },
    },
  });

  it('bumps generation on spec changes only and ignores status written through the main resource', async () => {
    const created = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('gen') });
    expect(created.metadata?.generation).toBe(1);
    expect(created.status).toBeUndefined();
    const labelled = await apps.patchNamespacedDeployment(
      { name: 'gen', namespace: 'default', body: { metadata: { labels: { x: 'y' } } } },
      merge(),
    );
    expect(labelled.metadata?.generation).toBe(1);
    const spec = await apps.patchNamespacedDeployment(
      { name: 'gen', namespace: 'default', body: { spec: { replicas: 2 } } },
      merge(),
    );
    expect(spec.metadata?.generation).toBe(2);
    await waitForObject(
      sandbox,
      { groupResource: 'deployments.apps', namespace: 'default', name: 'gen' },
      (o) =>
        JSON.stringify(o?.status ?? {}).includes('"observedGeneration":2') &&
        JSON.stringify(o?.status ?? {}).includes('"availableReplicas":2'),
    );
    // The deployment controller may still write status; retry on 409 the way client-go's RetryOnConflict does.
    let replaced: V1Deployment | undefined;
    for (let attempt = 0; !replaced && attempt < 5; attempt++) {
      const current = await apps.readNamespacedDeployment({ name: 'gen', namespace: 'default' });
      replaced = await apps
        .replaceNamespacedDeployment({
          name: 'gen',
          namespace: 'default',
          body: { ...current, status: { ...current.status, observedGeneration: 99 } },
        })
        .catch((err: { code?: number }) => {
          if (err.code !== 409) throw err;
          return undefined;
        });
    }
    if (!replaced) throw new Error('replace kept conflicting');
    expect(replaced.status?.observedGeneration).toBe(2);
    expect(replaced.metadata?.generation).toBe(2);
  });

  it('writes status through the status subresource and replicas through the scale subresource', async () => {
    let viaStatus: V1Deployment | undefined;
    for (let attempt = 0; !viaStatus && attempt < 5; attempt++) {
      const current = await apps.readNamespacedDeployment({ name: 'gen', namespace: 'default' });
      viaStatus = await apps
        .replaceNamespacedDeploymentStatus({
          name: 'gen',
          namespace: 'default',
          body: {
            ...current,
            spec: { ...current.spec!, replicas: 7 },
            status: { ...current.status, collisionCount: 5 },
          },
        })
        .catch((err: { code?: number }) => {
          if (err.code !== 409) throw err;
          return undefined;
        });
    }
    if (!viaStatus) throw new Error('status replace kept conflicting');
    expect(viaStatus.status?.collisionCount).toBe(5);
    expect(viaStatus.spec?.replicas).toBe(2);
    const scale = await apps.readNamespacedDeploymentScale({ name: 'gen', namespace: 'default' });
    expect(scale.spec?.replicas).toBe(2);
    expect(scale.status?.selector).toBe('app=gen');
    const rescaled = await apps.replaceNamespacedDeploymentScale({
      name: 'gen',
      namespace: 'default',
      body: { ...scale, metadata: { ...scale.metadata, resourceVersion: undefined }, spec: { replicas: 4 } },
    });
    expect(rescaled.spec?.replicas).toBe(4);
    expect((await apps.readNamespacedDeployment({ name: 'gen', namespace: 'default' })).spec?.replicas).toBe(4);
  });

  it('merges strategic merge patches by list merge keys', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('smp') });
    const patched = await apps.patchNamespacedDeployment(
      {
        name: 'smp',
        namespace: 'default',
        body: {
          spec: {
            template: { spec: { containers: [{ name: 'app', image: 'app:2', env: [{ name: 'B', value: '2' }] }] } },
          },
        },
      },
      strategic(),
    );
    const containers = patched.spec?.template.spec?.containers ?? [];
    expect(containers.map((c) => [c.name, c.image])).toEqual([
      ['app', 'app:2'],
      ['sidecar', 'proxy:1'],
    ]);
    expect(containers[0].env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
    const deleted = await apps.patchNamespacedDeployment(
      {
        name: 'smp',
        namespace: 'default',
        body: { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
      },
      strategic(),
    );
    expect(deleted.spec?.template.spec?.containers?.map((c) => c.name)).toEqual(['app']);
  });

  it('answers 422 Invalid with field causes', async () => {
    const bad = deployment('mismatch');
    bad.spec!.template.metadata!.labels = { app: 'other' };
    const r = await failure(apps.createNamespacedDeployment({ namespace: 'default', body: bad }));
    expect(r.code).toBe(422);
    expect(r.body.reason).toBe('Invalid');
    expect(r.body.details?.causes?.[0]).toMatchObject({ field: 'spec.template.metadata.labels' });
    expect(r.body.message).toContain('`selector` does not match template `labels`');
    const badName = await failure(
      core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'Not_Valid' } } }),
    );
    expect(badName.code).toBe(422);
    expect(badName.body.details?.causes?.[0]?.field).toBe('metadata.name');
    const immutable = await failure(
      apps.patchNamespacedDeployment(
        {
          name: 'smp',
          namespace: 'default',
          body: {
            spec: {
              selector: { matchLabels: { app: 'smp', extra: 'x' } },
              template: { metadata: { labels: { extra: 'x' } } },
            },
          },
        },
        merge(),
      ),
    );
    expect(immutable.code).toBe(422);
    expect(immutable.body.message).toContain('field is immutable');
  });

  it('reports objects moving in and out of a watched label selector as ADDED and DELETED', async () => {
    const events: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const rv = (await core.listNamespacedConfigMap({ namespace: 'default' })).metadata?.resourceVersion;
    const ctl = await new k8s.Watch(kc).watch(
      '/api/v1/namespaces/default/configmaps',
      { labelSelector: 'team=blue', resourceVersion: String(rv) },
      (type, obj: KubernetesObject) => {
        events.push(`${type} ${String(obj.metadata?.name)}`);
        if (events.length === 3) done();
      },
      () => done(),
    );
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'mover', labels: { team: 'red' } } },
    });
    await core.patchNamespacedConfigMap(
      { name: 'mover', namespace: 'default', body: { metadata: { labels: { team: 'blue' } } } },
      merge(),
    );
    await core.patchNamespacedConfigMap({ name: 'mover', namespace: 'default', body: { data: { a: 'b' } } }, merge());
    await core.patchNamespacedConfigMap(
      { name: 'mover', namespace: 'default', body: { metadata: { labels: { team: 'green' } } } },
      merge(),
    );
    const timer = setTimeout(done, 10_000);
    await finished;
    clearTimeout(timer);
    ctl.abort();
    expect(events).toEqual(['ADDED mover', 'MODIFIED mover', 'DELETED mover']);
  });
});

describe('kube sandbox state file', () => {
  it('restores objects, credentials and resourceVersions after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sandbox-state-'));
    const stateFile = join(dir, 'state.json');
    try {
      const first = await startKubeSandbox({ stateFile });
      const kc1 = new k8s.KubeConfig();
      kc1.loadFromString(first.kubeconfig);
      const made = (await kc1.makeApiClient(k8s.CoreV1Api).createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'kept' }, data: { v: '1' } },
      })) as V1ConfigMap;
      await first.stop();
      const second = await startKubeSandbox({ stateFile });
      try {
        expect(second.caCert).toBe(first.caCert);
        expect(second.token).toBe(first.token);
        const kc2 = new k8s.KubeConfig();
        kc2.loadFromString(first.kubeconfig.replace(/server: .*/, `server: ${second.url}`));
        const api = kc2.makeApiClient(k8s.CoreV1Api);
        const kept = await api.readNamespacedConfigMap({ name: 'kept', namespace: 'default' });
        expect(kept.metadata?.uid).toBe(made.metadata?.uid);
        expect(kept.data).toEqual({ v: '1' });
        const next = await api.createNamespacedConfigMap({
          namespace: 'default',
          body: { metadata: { name: 'after' } },
        });
        expect(Number(next.metadata?.resourceVersion)).toBeGreaterThan(Number(made.metadata?.resourceVersion));
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
