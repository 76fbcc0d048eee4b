/**
 * connectKube against the Kubernetes sandbox started in this process: object operations through
 * @kubernetes/client-node, discovery, lookup, readiness (progressing → ready, image pull failure,
 * custom resource grace), describe, and failures mapped to DriverError codes (unauthorized, TLS,
 * unreachable, SSRF-blocked).
 */
import { createServer } from 'node:net';
import { startKubeSandbox, type KubeSandbox } from '@marina/kube-sandbox';
import YAML from 'yaml';
import { connectKube } from '../../src/drivers/kubernetes/kube-connection';
import type { KubeConnection } from '../../src/drivers/kubernetes/kube-connection.types';
import type { KubeObject, ObjectRef } from '../../src/drivers/kubernetes/kube-object.types';
import { DriverError } from '../../src/jobs/errors';
import { parseAllowList, STRICT_POLICY } from '../../src/net';
import { waitForCondition, waitForObject } from '../support/kube-sandbox-waits';

jest.setTimeout(60_000);

const MANAGER = { fieldManager: 'marina-test', force: true };
const NS = 'kc-test';

function deployment(name: string, image: string, replicas = 1): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
    },
  };
}

const ref = (kind: string, name: string, apiVersion = 'apps/v1', namespace: string | null = NS): ObjectRef => ({
  apiVersion,
  kind,
  name,
  namespace,
});

/** The kubeconfig with some fields of its (only) cluster and user replaced. */
function editKubeconfig(kubeconfig: string, cluster: Record<string, unknown>, user: Record<string, unknown> = {}) {
  const doc = YAML.parse(kubeconfig);
  Object.assign(doc.clusters[0].cluster, cluster);
  Object.assign(doc.users[0].user, user);
  return YAML.stringify(doc);
}

async function failure(p: Promise<unknown>): Promise<DriverError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DriverError) return err;
    throw err;
  }
  throw new Error('expected a DriverError');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('connectKube against the sandbox', () => {
  let sandbox: KubeSandbox;
  let kube: KubeConnection;
  const pods = (ns: string) => sandbox.service.store.list('pods', ns);

  beforeAll(async () => {
    sandbox = await startKubeSandbox({ simulation: { podReadyDelayMs: 1500 } });
    kube = await connectKube(sandbox.kubeconfig, { trusted: true, policy: STRICT_POLICY });
    expect(await kube.ensureNamespace(NS, { 'app.kubernetes.io/managed-by': 'marina' })).toBe('created');
  });
  afterAll(async () => {
    kube?.close();
    await sandbox?.stop();
  });

  it('reports the version, namespaces and discovery in Helm form', async () => {
    expect(await kube.serverVersion()).toMatchObject({ major: '1', gitVersion: expect.stringMatching(/^v1\./) });
    expect(await kube.namespaces()).toEqual(expect.arrayContaining(['default', 'kube-system', NS]));
    expect(await kube.ensureNamespace(NS, { other: 'x' })).toBe('exists');
    expect((await kube.get(ref('Namespace', NS, 'v1', null)))?.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'marina',
    });
    const versions = await kube.apiVersions();
    expect(versions).toEqual(expect.arrayContaining(['v1', 'v1/Pod', 'apps/v1', 'apps/v1/Deployment', 'batch/v1/Job']));
    expect(versions).toEqual([...new Set(versions)].sort());
  });

  it('applies, reads, lists, creates, replaces, scales and removes objects as plain JSON', async () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm1', labels: { t: 'ops' } },
      data: { a: '1' },
    };
    const applied = await kube.apply(cm, NS, MANAGER);
    expect(applied.metadata).toMatchObject({ name: 'cm1', namespace: NS });
    expect(typeof applied.metadata.creationTimestamp).toBe('string');
    expect((await kube.apply({ ...cm, data: { a: '2' } }, NS, MANAGER)).data).toEqual({ a: '2' });
    expect((await kube.get(ref('ConfigMap', 'cm1', 'v1')))?.data).toEqual({ a: '2' });
    const listed = await kube.list('v1', 'ConfigMap', NS, 't=ops');
    expect(listed.map((o) => [o.kind, o.metadata.name])).toEqual([['ConfigMap', 'cm1']]);

    const created = await kube.create(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' }, stringData: { k: 'v' } },
      NS,
    );
    expect((await failure(kube.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' } }, NS))).code).toBe(
      'KUBE_CONFLICT',
    );
    const replaced = await kube.replace({ ...created, data: { k: Buffer.from('w').toString('base64') } });
    expect(replaced.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    const stale = await failure(kube.replace({ ...created, data: {} }));
    expect(stale).toMatchObject({ code: 'KUBE_CONFLICT', retryable: false });

    await kube.apply(deployment('scaled', 'nginx:1.27', 1), NS, MANAGER);
    await kube.scale(ref('Deployment', 'scaled'), 3);
    expect((await kube.get(ref('Deployment', 'scaled')))?.spec).toMatchObject({ replicas: 3 });

    expect(await kube.remove(ref('ConfigMap', 'cm1', 'v1'))).toBe('deleted');
    expect(await kube.remove(ref('ConfigMap', 'cm1', 'v1'))).toBe('absent');
    expect(await kube.get(ref('ConfigMap', 'cm1', 'v1'))).toBeNull();
    expect(await kube.get(ref('Widget', 'w', 'example.com/v1'))).toBeNull();
    expect(
      await failure(kube.apply({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, NS, MANAGER)),
    ).toMatchObject({
      code: 'KUBE_INVALID',
    });
    const invalid = await failure(
      kube.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } }, NS, MANAGER),
    );
    expect(invalid.code).toBe('KUBE_INVALID');
    expect(invalid.message).toMatch(/Bad_Name/);
  });

  it('answers Helm lookups with Go values, {} when absent', async () => {
    await kube.apply(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'looked' }, data: { x: 'y' } },
      NS,
      MANAGER,
    );
    const one = await kube.lookup('v1', 'ConfigMap', NS, 'looked');
    expect((one.data as Record<string, unknown>).x).toBe('y');
    expect(Object.keys(await kube.lookup('v1', 'ConfigMap', NS, 'absent'))).toEqual([]);
    const all = await kube.lookup('v1', 'ConfigMap', NS, '');
    expect((all.items as unknown[]).length).toBeGreaterThan(0);
    expect(Object.keys(await kube.lookup('example.com/v1', 'Widget', NS, ''))).toEqual([]);
  });

  it('reports a Deployment progressing until its pods are ready, then ready, and describes it', async () => {
    await kube.apply(deployment('web', 'nginx:1.27', 2), NS, MANAGER);
    await kube.apply(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] },
      },
      NS,
      MANAGER,
    );
    const refs = [ref('Deployment', 'web'), ref('Service', 'web', 'v1')];
    const since = new Date();
    const first = await kube.readiness(refs, { since, crGraceMs: 0 });
    expect(first.state).toBe('progressing');
    expect(first.resources[0]).toMatchObject({ kind: 'Deployment', health: 'PROGRESSING', desired: 2 });
    await waitForObject(
      sandbox,
      { groupResource: 'deployments.apps', namespace: NS, name: 'web' },
      (o) => (o?.status as { availableReplicas?: number } | undefined)?.availableReplicas === 2,
    );
    const ready = await kube.readiness(refs, { since, crGraceMs: 0 });
    expect(ready.state).toBe('ready');
    expect(ready.resources[0]).toMatchObject({ health: 'HEALTHY', ready: 2, desired: 2 });
    const described = await kube.describe(refs);
    expect(described.nodes).toHaveLength(2);
    expect(described.nodes[0]).toMatchObject({ role: 'web', status: 'Running', health: 'HEALTHY' });
    expect(described.nodes[0].privateIp).toBeTruthy();
    const nodePort = described.endpoints.find((e) => e.kind === 'NodePort');
    expect(nodePort).toMatchObject({ name: 'web', protocol: 'TCP' });
    expect(nodePort?.port).toBeGreaterThanOrEqual(30000);
  });

  it('fails on an image that cannot be pulled, with the pod reason', async () => {
    await kube.apply(deployment('broken', 'sandbox.invalid/fail:1'), NS, MANAGER);
    await waitForCondition(sandbox, 'an ImagePullBackOff pod', () =>
      pods(NS).some((p) => JSON.stringify(p.status ?? {}).includes('ImagePullBackOff')),
    );
    const refs = [ref('Deployment', 'broken')];
    const early = await kube.readiness(refs, { since: new Date(), crGraceMs: 0 });
    expect(early).toMatchObject({ state: 'progressing' });
    expect(early.state === 'progressing' && early.message).toMatch(
      /ImagePullBackOff on container main: image sandbox.invalid\/fail:1/,
    );
    const late = await kube.readiness(refs, { since: new Date(Date.now() - 60_000), crGraceMs: 0 });
    expect(late.state).toBe('failed');
    expect(late.state === 'failed' && late.reason).toMatch(
      /^Deployment\/broken \(namespace kc-test\): ImagePullBackOff on container main: image sandbox.invalid\/fail:1/,
    );
    expect(late.resources[0].health).toBe('DEGRADED');
  });

  it('keeps a custom resource with an empty status progressing until the grace period passes', async () => {
    await kube.apply(
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
              subresources: { status: {} },
            },
          ],
        },
      },
      null,
      MANAGER,
    );
    const crdRef = ref('CustomResourceDefinition', 'gadgets.example.com', 'apiextensions.k8s.io/v1', null);
    const crd = await kube.get(crdRef);
    expect(crd?.spec).toMatchObject({
      versions: [{ schema: { openAPIV3Schema: { 'x-kubernetes-preserve-unknown-fields': true } } }],
    });
    await waitForObject(
      sandbox,
      { groupResource: 'customresourcedefinitions.apiextensions.k8s.io', name: 'gadgets.example.com' },
      (o) => JSON.stringify(o?.status ?? {}).includes('Established'),
    );
    expect((await kube.readiness([crdRef], { since: new Date(), crGraceMs: 0 })).state).toBe('ready');
    expect(await kube.apiVersions()).toContain('example.com/v1/Gadget');
    await kube.apply(
      { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { size: 1 } },
      NS,
      MANAGER,
    );
    const refs = [ref('Gadget', 'g1', 'example.com/v1')];
    const early = await kube.readiness(refs, { since: new Date(), crGraceMs: 30_000 });
    expect(early).toMatchObject({ state: 'progressing', resources: [{ health: 'PROGRESSING' }] });
    const late = await kube.readiness(refs, { since: new Date(Date.now() - 31_000), crGraceMs: 30_000 });
    expect(late).toMatchObject({ state: 'ready', resources: [{ health: 'HEALTHY' }] });
  });

  describe('failures', () => {
    const loopback = parseAllowList('127.0.0.1');

    it('maps a wrong token to KUBE_UNAUTHORIZED (through the SSRF-checked, pinned connection)', async () => {
      const wrong = editKubeconfig(
        sandbox.kubeconfig,
        { server: sandbox.url.replace('127.0.0.1', 'localhost') },
        { token: 'nope' },
      );
      const conn = await connectKube(wrong, { trusted: false, policy: parseAllowList('localhost') });
      try {
        const err = await failure(conn.namespaces());
        expect(err).toMatchObject({ code: 'KUBE_UNAUTHORIZED', retryable: false });
        expect(err.message).toMatch(/rejected the credentials/);
      } finally {
        conn.close();
      }
    });

    it('maps an unknown certificate authority to KUBE_TLS', async () => {
      const other = await startKubeSandbox({});
      try {
        const wrongCa = editKubeconfig(sandbox.kubeconfig, {
          'certificate-authority-data': Buffer.from(other.caCert).toString('base64'),
        });
        const conn = await connectKube(wrongCa, { trusted: false, policy: loopback });
        const err = await failure(conn.serverVersion());
        conn.close();
        expect(err).toMatchObject({ code: 'KUBE_TLS', retryable: false });
        expect(err.message).toMatch(/TLS with https:\/\/127\.0\.0\.1:\d+ failed/);
      } finally {
        await other.stop();
      }
    });

    it('maps a closed port to a retryable KUBE_UNREACHABLE', async () => {
      const url = new URL(sandbox.url);
      url.port = String(await closedPort());
      const server = url.toString().replace(/\/$/, '');
      const conn = await connectKube(editKubeconfig(sandbox.kubeconfig, { server }), {
        trusted: false,
        policy: loopback,
      });
      const err = await failure(conn.namespaces());
      conn.close();
      expect(err).toMatchObject({ code: 'KUBE_UNREACHABLE', retryable: true });
      expect(err.message).toBe(`cannot reach ${server}: connection refused`);
    });

    it('refuses blocked addresses before sending anything', async () => {
      for (const server of ['https://169.254.169.254:6443', 'https://10.0.0.5:6443', sandbox.url]) {
        const err = await failure(
          connectKube(editKubeconfig(sandbox.kubeconfig, { server }), { trusted: false, policy: STRICT_POLICY }),
        );
        expect(err).toMatchObject({ code: 'SSRF_BLOCKED', retryable: false });
        expect(err.message).toMatch(/MARINA_ALLOWED_HOSTS/);
      }
    });

    it('refuses kubeconfigs that would run programs or read local files', async () => {
      const exec = editKubeconfig(
        sandbox.kubeconfig,
        {},
        { exec: { command: '/bin/sh', apiVersion: 'client.authentication.k8s.io/v1' } },
      );
      expect(await failure(connectKube(exec, { trusted: true, policy: STRICT_POLICY }))).toMatchObject({
        code: 'KUBECONFIG_INVALID',
        message: expect.stringMatching(/sets "exec", which runs a program/),
      });
      const file = editKubeconfig(sandbox.kubeconfig, {}, { tokenFile: '/etc/passwd' });
      expect((await failure(connectKube(file, { trusted: true, policy: STRICT_POLICY }))).code).toBe(
        'KUBECONFIG_INVALID',
      );
      expect(
        (await failure(connectKube('current-context: x', { trusted: true, policy: STRICT_POLICY }))).message,
      ).toMatch(/not among its contexts/);
    });
  });
});
