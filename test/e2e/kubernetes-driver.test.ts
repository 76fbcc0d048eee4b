/**
 * The Kubernetes RuntimeDriver through the registry, against lib/kube-sandbox over the real
 * connection (@kubernetes/client-node): validate, apply, observe, wait, describe, delete.
 */
import { startKubeSandbox, type KubeSandbox } from '@marina/kube-sandbox';
import { DriverRegistry, type RuntimeTarget } from '../../src/drivers';
import type { KubeObject, ObjectRef } from '../../src/drivers/kubernetes/kube-object.types';
import { connectKube } from '../../src/drivers/kubernetes/kube-connection';
import { Provider } from '../../src/entities/enums';
import { parseAllowList, STRICT_POLICY } from '../../src/net';

jest.setTimeout(60_000);

describe('KubernetesDriver', () => {
  let sandbox: KubeSandbox;
  let registry: DriverRegistry;
  let target: RuntimeTarget;

  const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drv' }, data: { a: '1' } };
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'drv-web' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'drv' } },
      template: { metadata: { labels: { app: 'drv' } }, spec: { containers: [{ name: 'web', image: 'nginx:1' }] } },
    },
  };
  const refs: ObjectRef[] = [
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'drv', namespace: 'default' },
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'drv-web', namespace: 'default' },
  ];

  beforeAll(async () => {
    sandbox = await startKubeSandbox({ simulation: { podReadyDelayMs: 100 } });
    registry = new DriverRegistry({
      kubernetes: {
        connect: connectKube,
        policy: parseAllowList(['127.0.0.1']),
        fieldManager: 'helm',
        crGraceMs: 1000,
      },
    });
    target = {
      runtimeId: 'r',
      provider: Provider.KUBERNETES,
      namespace: 'default',
      zone: null,
      secret: { kubeconfig: sandbox.kubeconfig },
      endpoint: sandbox.url,
      trusted: false,
    };
  });

  afterAll(() => sandbox?.stop());

  it('is the registered driver of KUBERNETES only', () => {
    expect(registry.driverFor(Provider.KUBERNETES)?.provider).toBe(Provider.KUBERNETES);
    expect(registry.driverFor(Provider.AWS)).toBeNull();
  });

  it('validates a credential: server version and namespaces; a blocked address is a readable failure', async () => {
    const ok = await registry.kubernetes.validate(target);
    expect(ok).toMatchObject({ ok: true, message: null });
    expect(ok.zones).toContain('default');
    expect(ok.serverVersion).toMatch(/^Kubernetes v1\./);
    const strict = new DriverRegistry({
      kubernetes: { connect: connectKube, policy: STRICT_POLICY, fieldManager: 'helm', crGraceMs: 1000 },
    });
    const blocked = await strict.kubernetes.validate(target);
    expect(blocked.ok).toBe(false);
    expect(blocked.message).toMatch(/refused to connect/);
  });

  it('applies idempotently, observes, waits until ready, describes and deletes', async () => {
    const driver = registry.kubernetes;
    expect(await driver.observe(target, refs)).toEqual([null, null]);
    await driver.apply(target, configMap);
    const applied = await driver.apply(target, deployment);
    const again = await driver.apply(target, deployment);
    expect(again.metadata.generation).toBe(applied.metadata.generation);
    const [cm, dep] = await driver.observe(target, refs);
    expect(cm?.data).toEqual({ a: '1' });
    expect(dep?.metadata.name).toBe('drv-web');

    // Each check remembers the store revision it started at and waits for a write after it (no lost
    // wake-up when the pod turns ready between the check and the subscription), within the deadline.
    const deadline = Date.now() + 20_000;
    let seen = sandbox.service.store.revision;
    let readiness = await driver.wait(target, refs);
    while (readiness.state === 'progressing' && Date.now() < deadline) {
      let wake!: () => void;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      const timer = setTimeout(wake, Math.max(0, deadline - Date.now()));
      const sub = sandbox.service.store.subscribe(() => wake(), seen);
      await woken;
      clearTimeout(timer);
      sub.close();
      seen = sandbox.service.store.revision;
      readiness = await driver.wait(target, refs);
    }
    expect(readiness.state).toBe('ready');
    const described = await driver.describe(target, refs);
    expect(described.resources.map((r) => `${r.kind}:${r.health}`)).toEqual([
      'ConfigMap:HEALTHY',
      'Deployment:HEALTHY',
    ]);
    expect(described.nodes).toHaveLength(1);

    await driver.delete(target, refs);
    await driver.delete(target, refs);
    expect(await driver.observe(target, refs)).toEqual([null, null]);
  });
});
