/**
 * Issue 16's composed apps over the whole path: a composed package uploaded through GraphQL, edited
 * while DRAFT, deployed layer by layer through the worker and @kubernetes/client-node onto
 * lib/kube-sandbox; and deploy-from-image. The "shop" app (src/packages/composed/testing): a
 * Tomcat-like custom node → a MySQL middleware node, an INIT node that must finish first and a
 * CLOUD_DATABASE node.
 */
import { startKubeSandbox, type KubeObject, type KubeSandbox } from '@marina/kube-sandbox';
import { writeTarGz } from '../../src/packages/archive';
import { shopAppJson } from '../../src/packages/composed/testing/shop.fixture';
import type { GraphQLClient } from '../support/graphql-client';
import { startTestMarina, type TestMarina } from '../support/marina';
import { awaitJob, type Authed, developer, sql, uploadOk, uploadRequest } from './catalog-support';
import { deploy, INSTANCE_JOB, createSandboxRuntime } from './instances-support';

jest.setTimeout(300_000);

const NS = 'shop';

let sandbox: KubeSandbox;
let t: TestMarina;
let admin: GraphQLClient;
let dev: Authed;
let runtimeId: string;

function composedTgz(appJson: unknown, name = 'shop', version = '1.0.0'): Buffer {
  const pkg = { name, version, description: 'a composed shop', type: 'composed' };
  return writeTarGz([
    { path: `${name}/package.json`, data: Buffer.from(JSON.stringify(pkg)) },
    { path: `${name}/app.json`, data: Buffer.from(JSON.stringify(appJson)) },
  ]);
}

const CREATE_APP = `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename
  ... on App { id type latestVersion { id type composition } }
  ... on ValidationError { errorCode message details { path message } } ... on ErrorResult { errorCode message } } }`;

/** Objects of `resource` in the namespace, straight from the sandbox's store. */
function live(resource: string): KubeObject[] {
  return sandbox.service.store.list(resource, NS);
}

function one(resource: string, name: string): Record<string, any> {
  const found = live(resource).find((o) => o.metadata.name === name);
  if (!found)
    throw new Error(
      `no ${resource}/${name}: ${live(resource)
        .map((o) => o.metadata.name)
        .join(', ')}`,
    );
  return found as Record<string, any>;
}

async function finished(r: Record<string, any>): Promise<Record<string, any>> {
  if (r.__typename !== 'InstanceJob') throw new Error(`not started: ${JSON.stringify(r)}`);
  const status = await awaitJob(dev, r.job.id, 180_000);
  const data = await dev.ok(
    `query($id: ID!, $j: ID!) { job(id: $j) { status error tasks { key action target status startedAt finishedAt } }
      instance(id: $id) { id name status lastError resources { kind name health } } }`,
    { id: r.instance.id, j: r.job.id },
  );
  return { jobStatus: status, ...data };
}

beforeAll(async () => {
  sandbox = await startKubeSandbox({ nodes: 2, simulation: { podReadyDelayMs: 200, jobPodDurationMs: 300 } });
  t = await startTestMarina('composed_apps', { workers: true, env: { MARINA_ALLOWED_HOSTS: '127.0.0.1/32' } });
  admin = await t.admin();
  dev = await developer(t);
  runtimeId = await createSandboxRuntime(dev, sandbox.kubeconfig, NS, { name: 'sandbox', environment: 'TEST' });
});

afterAll(async () => {
  await t?.stop();
  await sandbox?.stop();
});

describe('the shop composed app', () => {
  let versionId: string;

  it('refuses an upload whose edges form a cycle, naming it', async () => {
    const app = shopAppJson();
    app.edges.push({ from: 'db', to: 'web' });
    const data = await uploadOk(dev, CREATE_APP, { input: {} }, [{ at: 'input.package', data: composedTgz(app) }]);
    expect(data.createApp).toMatchObject({
      __typename: 'ValidationError',
      errorCode: 'INVALID_COMPOSITION',
      message: 'Invalid package: app.json:/edges: deployment order has a cycle: web → db → web',
    });
    const check = await uploadRequest(
      dev,
      `mutation($p: Upload!) { validatePackage(package: $p) { ok type errors { path message } } }`,
      { p: null },
      [{ at: 'p', data: composedTgz(app) }],
    );
    expect((check as any).data.validatePackage).toEqual({
      ok: false,
      type: null,
      errors: [
        { path: 'app.json:/edges', message: 'INVALID_COMPOSITION: deployment order has a cycle: web → db → web' },
      ],
    });
  });

  it('uploads as a COMPOSED app whose version shows its composition', async () => {
    const data = await uploadOk(dev, CREATE_APP, { input: {} }, [
      { at: 'input.package', data: composedTgz(shopAppJson()) },
    ]);
    expect(data.createApp).toMatchObject({ __typename: 'App', type: 'COMPOSED' });
    expect(data.createApp.latestVersion.composition).toEqual(shopAppJson());
    versionId = data.createApp.latestVersion.id;
  });

  it('previews the deploy: every object ADDed, nothing created', async () => {
    const data = await dev.ok(
      `query($i: DeployInput!) { p: previewDeploy(input: $i) {
        __typename ... on InstancePreview { changes { kind name action } } ... on ErrorResult { message } } }`,
      { i: { versionId, runtimeId, name: 'shop1' } },
    );
    expect(data.p.__typename).toBe('InstancePreview');
    expect(data.p.changes).toEqual(
      expect.arrayContaining([
        { kind: 'Deployment', name: 'shop1-web', action: 'ADD' },
        { kind: 'StatefulSet', name: 'shop1-db', action: 'ADD' },
        { kind: 'Service', name: 'shop-web', action: 'ADD' },
      ]),
    );
    expect(live('deployments.apps')).toEqual([]);
  });

  it('refuses parameters for unknown nodes before anything is written', async () => {
    const r = await deploy(dev, { versionId, runtimeId, name: 'shop0', config: { nodes: { ghost: { replicas: 1 } } } });
    expect(r).toMatchObject({
      __typename: 'ValidationError',
      message: 'Invalid config: config:/nodes/ghost: the app has no node "ghost"',
    });
  });

  it('deploys layer by layer: db and orders ready, then the init Job complete, then web', async () => {
    const r = await finished(await deploy(dev, { versionId, runtimeId, name: 'shop1' }));
    expect(r.job.error).toBeNull();
    expect(r.jobStatus).toBe('SUCCEEDED');
    expect(r.instance).toMatchObject({ status: 'ACTIVE', lastError: null });
    const tasks = new Map<string, any>(r.job.tasks.map((x: any) => [x.key, x]));
    expect(['apply-0', 'apply-1', 'apply-2'].map((k) => tasks.get(k).target)).toEqual([
      `${NS}/shop1#db, orders`,
      `${NS}/shop1#init`,
      `${NS}/shop1#web`,
    ]);
    const at = (key: string, field: 'startedAt' | 'finishedAt') => Date.parse(tasks.get(key)[field]);
    expect(at('apply-1', 'startedAt')).toBeGreaterThanOrEqual(at('wait-0', 'finishedAt'));
    expect(at('apply-2', 'startedAt')).toBeGreaterThanOrEqual(at('wait-1', 'finishedAt'));
    const job = live('jobs.batch').find((j) => String(j.metadata.name).startsWith('shop1-init-')) as any;
    expect(job.status.succeeded).toBe(1);
    const web = one('deployments.apps', 'shop1-web');
    expect(Date.parse(job.status.completionTime)).toBeLessThanOrEqual(Date.parse(web.metadata.creationTimestamp) + 999);
    for (const name of ['shop1-db', 'shop1-orders'])
      expect(one('statefulsets.apps', name).status.readyReplicas).toBe(1);
    for (const pvc of live('persistentvolumeclaims')) expect((pvc as any).status.phase).toBe('Bound');
  });

  it('renders what the definition says: services, env references, NodePort, ingress, subPath, BlockDevice', () => {
    const web = one('deployments.apps', 'shop1-web');
    const container = web.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env.DB_HOST).toBe('shop-db');
    expect(env.DB_PASSWORD).toEqual({ secretKeyRef: { name: 'shop1-db-credentials', key: 'password' } });
    expect(env.DB_URL).toBe('jdbc:mysql://shop-db:3306/app?user=app&password=$(MARINA_SECRET_DB_PASSWORD)');
    expect(container.envFrom).toEqual([{ prefix: 'ORDERS_', secretRef: { name: 'shop1-orders-connection' } }]);
    const secret = one('secrets', 'shop1-db-credentials');
    expect(Buffer.from(secret.data.password, 'base64').toString()).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const service = one('services', 'shop-web');
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports[0]).toMatchObject({ port: 80, targetPort: 8080, nodePort: 30080 });
    expect(one('services', 'shop-db').spec.ports[0].port).toBe(3306);
    expect(one('ingresses.networking.k8s.io', 'shop1-web').spec.rules[0].host).toBe('shop.example.com');
    expect(container.volumeMounts).toContainEqual({
      name: 'files',
      mountPath: '/usr/local/tomcat/conf/server.xml',
      subPath: 'server.xml',
      readOnly: true,
    });
    expect(web.spec.template.spec.volumes).toContainEqual({
      name: 'host-0',
      hostPath: { path: '/dev/sda', type: 'BlockDevice' },
    });
  });

  it('upgrades with new parameters: only web changes, the init Job and the credentials are kept', async () => {
    const jobBefore = live('jobs.batch').map((j) => j.metadata.name);
    const secretBefore = one('secrets', 'shop1-db-credentials').data.password;
    const stsVersion = one('statefulsets.apps', 'shop1-db').metadata.resourceVersion;
    const id = (await dev.ok(`{ instances { edges { node { id name } } } }`)).instances.edges.find(
      (e: any) => e.node.name === 'shop1',
    ).node.id;
    const r = await finished(
      (
        await dev.ok(
          `mutation($id: ID!, $v: ID!, $c: JSON) { r: upgradeInstance(id: $id, versionId: $v, config: $c) { ${INSTANCE_JOB} } }`,
          { id, v: versionId, c: { nodes: { web: { replicas: 1 } } } },
        )
      ).r,
    );
    expect(r.jobStatus).toBe('SUCCEEDED');
    expect(one('deployments.apps', 'shop1-web').spec.replicas).toBe(1);
    expect(live('jobs.batch').map((j) => j.metadata.name)).toEqual(jobBefore);
    expect(one('secrets', 'shop1-db-credentials').data.password).toBe(secretBefore);
    expect(one('statefulsets.apps', 'shop1-db').metadata.resourceVersion).toBe(stsVersion);
  });
  it('keeps the finished init Job until the instance is deleted', async () => {
    expect(live('jobs.batch').length).toBe(1);
    const id = (await dev.ok(`{ instances { edges { node { id name } } } }`)).instances.edges.find(
      (e: any) => e.node.name === 'shop1',
    ).node.id;
    const r = await finished(
      (await dev.ok(`mutation($id: ID!) { r: deleteInstance(id: $id) { ${INSTANCE_JOB} } }`, { id })).r,
    );
    expect(r.jobStatus).toBe('SUCCEEDED');
    expect(r.instance.status).toBe('DELETED');
    expect(live('jobs.batch')).toEqual([]);
    expect(live('deployments.apps').map((d) => d.metadata.name)).not.toContain('shop1-web');
  });
});

describe('an INIT node that fails', () => {
  it('fails the deploy and its dependants are never created', async () => {
    const app = {
      nodes: [
        { name: 'migrate', kind: 'INIT', image: 'sandbox.invalid/crash-migrate:1' },
        { name: 'api', kind: 'CUSTOM', image: 'nginx:1.27' },
      ],
      edges: [{ from: 'api', to: 'migrate' }],
    };
    const data = await uploadOk(dev, CREATE_APP, { input: {} }, [
      { at: 'input.package', data: composedTgz(app, 'broken-init') },
    ]);
    const r = await finished(
      await deploy(dev, { versionId: data.createApp.latestVersion.id, runtimeId, name: 'broken' }),
    );
    expect(r.jobStatus).toBe('FAILED');
    expect(r.job.error).toMatch(/Job\/broken-migrate-[0-9a-f]{8}/);
    expect(r.instance.status).toBe('FAILED');
    expect(live('deployments.apps').map((d) => d.metadata.name)).not.toContain('broken-api');
    expect(r.job.tasks.find((x: any) => x.key === 'apply-1').status).not.toBe('SUCCEEDED');
  });
});

describe('editing a DRAFT composition', () => {
  let versionId: string;
  const EDIT_RESULT = `__typename ... on AppVersion { id status composition file(name: "app.json") }
    ... on ValidationError { errorCode message details { path message } } ... on ErrorResult { errorCode message }`;

  beforeAll(async () => {
    const data = await uploadOk(dev, CREATE_APP, { input: {} }, [
      { at: 'input.package', data: composedTgz(shopAppJson(), 'shop-edit') },
    ]);
    versionId = data.createApp.latestVersion.id;
  });

  it('adds a node and an edge; the package is rewritten', async () => {
    const node = { name: 'cache', kind: 'MIDDLEWARE', middleware: 'redis' };
    const added = await dev.ok(
      `mutation($v: ID!, $n: JSON!) { r: addComposedNode(versionId: $v, node: $n) { ${EDIT_RESULT} } }`,
      {
        v: versionId,
        n: node,
      },
    );
    expect(added.r.composition.nodes.map((n: any) => n.name)).toEqual(['web', 'db', 'orders', 'init', 'cache']);
    const edge = await dev.ok(
      `mutation($v: ID!) { r: addComposedEdge(versionId: $v, from: "web", to: "cache") { ${EDIT_RESULT} } }`,
      { v: versionId },
    );
    expect(edge.r.__typename).toBe('AppVersion');
    expect(JSON.parse(edge.r.file).edges).toContainEqual({ from: 'web', to: 'cache' });
    expect(JSON.parse(edge.r.file)).toEqual(edge.r.composition);
  });

  it('refuses an edge closing a cycle, naming it, and changes nothing', async () => {
    const r = await dev.ok(
      `mutation($v: ID!) { r: addComposedEdge(versionId: $v, from: "cache", to: "web") { ${EDIT_RESULT} } }`,
      { v: versionId },
    );
    expect(r.r).toMatchObject({
      __typename: 'ValidationError',
      errorCode: 'INVALID_COMPOSITION',
      message: 'Invalid composition: app.json:/edges: deployment order has a cycle: web → cache → web',
    });
    const now = await dev.ok(`query($v: ID!) { appVersion(id: $v) { composition } }`, { v: versionId });
    expect(now.appVersion.composition.edges).not.toContainEqual({ from: 'cache', to: 'web' });
  });

  it('refuses a reference to a removed node, and edits of a submitted version', async () => {
    const bad = await dev.ok(
      `mutation($v: ID!) { r: removeComposedNode(versionId: $v, name: "db") { ${EDIT_RESULT} } }`,
      { v: versionId },
    );
    expect(bad.r).toMatchObject({ __typename: 'ValidationError', errorCode: 'INVALID_COMPOSITION' });
    expect(bad.r.details).toContainEqual({
      path: 'app.json:/nodes/0/env/DB_HOST',
      message: '${nodes.db.service} names unknown node "db"',
    });
    await dev.ok(`mutation($v: ID!) { submitAppVersion(id: $v) { __typename } }`, { v: versionId });
    const locked = await dev.ok(
      `mutation($v: ID!) { r: removeComposedEdge(versionId: $v, from: "web", to: "cache") { ${EDIT_RESULT} } }`,
      { v: versionId },
    );
    expect(locked.r).toMatchObject({ __typename: 'InvalidStateError', errorCode: 'INVALID_STATE' });
  });
});

describe('deploy from image', () => {
  it('reaches ACTIVE as a private one-node composed app, without review', async () => {
    const data = await dev.ok(
      `mutation($i: DeployFromImageInput!) { r: deployFromImage(input: $i) { ${INSTANCE_JOB} } }`,
      {
        i: {
          runtimeId,
          name: 'hello-img',
          image: 'nginx:1.27',
          ports: [{ port: 80, targetPort: 8080 }],
          serviceType: 'NodePort',
          env: { GREETING: 'hi' },
          command: ['nginx'],
          args: ['-g', 'daemon off;'],
          replicas: 2,
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
          strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 },
          scheduling: { hosts: ['sandbox-node-2'] },
        },
      },
    );
    const r = await finished(data.r);
    expect(r.jobStatus).toBe('SUCCEEDED');
    expect(r.instance).toMatchObject({ status: 'ACTIVE', name: 'hello-img' });
    const d = one('deployments.apps', 'hello-img-hello-img');
    expect(d.spec.replicas).toBe(2);
    expect(d.status.readyReplicas).toBe(2);
    expect(d.spec.template.spec.containers[0]).toMatchObject({
      image: 'nginx:1.27',
      command: ['nginx'],
      args: ['-g', 'daemon off;'],
      env: [{ name: 'GREETING', value: 'hi' }],
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
    });
    expect(one('services', 'hello-img').spec.type).toBe('NodePort');
    const pods = live('pods').filter((p) => p.metadata.labels?.['marina.io/node'] === 'hello-img');
    expect(pods.map((p) => (p as any).spec.nodeName)).toEqual(['sandbox-node-2', 'sandbox-node-2']);
    const app = await dev.ok(`{ instances { edges { node { name app { type latestVersion { status } } } } } }`);
    expect(app.instances.edges.find((e: any) => e.node.name === 'hello-img').node.app).toMatchObject({
      type: 'COMPOSED',
    });
  });

  it('refuses a bad image deploy naming the field, leaving nothing behind', async () => {
    const data = await dev.ok(
      `mutation($i: DeployFromImageInput!) { r: deployFromImage(input: $i) { ${INSTANCE_JOB} } }`,
      {
        i: { runtimeId, name: 'bad-img', image: 'nginx:1.27', env: { X: '${secrets.db.password}' } },
      },
    );
    expect(data.r).toMatchObject({ __typename: 'ValidationError', errorCode: 'INVALID_COMPOSITION' });
    expect(data.r.message).toContain('input.env.X');
    expect(await sql(t, "select id from apps where name = 'bad-img'")).toEqual([]);
  });
});
