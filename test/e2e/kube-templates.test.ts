/**
 * TEMPLATE apps on the Kubernetes sandbox, the whole path: GraphQL → outbox → worker →
 * @kubernetes/client-node → lib/kube-sandbox. Seed 004's one-click WordPress template (app name +
 * database password, the password never echoed back) and its elasticsearch template written for
 * apps/v1beta1 (converted to apps/v1 with a warning on the job) deploy from the store; a template
 * instance is upgraded (its secret carried over) and deleted. Fixtures: test/fixtures/packages/
 * wordpress-template and elasticsearch-template (sources noted in their package.json).
 */
import { join } from 'node:path';
import { clientNode as k8s, startKubeSandbox, type KubeSandbox } from '@marina/kube-sandbox';
import type { GraphQLClient } from '../support/graphql-client';
import { startTestMarina, type TestMarina } from '../support/marina';
import { awaitJob, type Authed, developer, sql, tgzOf, uploadOk } from './catalog-support';
import { releaseVersion } from './lifecycle-support';
import { act, deploy, INSTANCE_JOB, createSandboxRuntime } from './instances-support';

jest.setTimeout(300_000);

const FIXTURES = join(__dirname, '..', 'fixtures', 'packages');
const NS = 'apps';
const PASSWORD = 'Wp-db-Secret-7431';

let sandbox: KubeSandbox;
let t: TestMarina;
let admin: GraphQLClient;
let dev: Authed;
let runtimeId: string;
let core: InstanceType<typeof k8s.CoreV1Api>;
let apps: InstanceType<typeof k8s.AppsV1Api>;
const versions: Record<string, string> = {};

async function uploadTemplate(dir: string, name: string): Promise<string> {
  const data = await uploadOk(
    dev,
    `mutation($input: CreateAppInput!) { createApp(input: $input) { __typename ... on App { id latestVersion { id } } ... on ErrorResult { message } } }`,
    { input: {} },
    [{ at: 'input.package', data: tgzOf(join(FIXTURES, dir), name) }],
  );
  if (data.createApp.__typename !== 'App') throw new Error(data.createApp.message);
  return data.createApp.latestVersion.id;
}

/** The job's end, then the job (status, error, warnings) and the instance as GraphQL shows them. */
async function finished(r: Record<string, any>): Promise<Record<string, any>> {
  if (r.__typename !== 'InstanceJob') throw new Error(`not started: ${JSON.stringify(r)}`);
  await awaitJob(dev, r.job.id, 180_000);
  return dev.ok(
    `query($id: ID!, $j: ID!) { job(id: $j) { status error warnings tasks { key } }
      instance(id: $id) { id status revision config effectiveConfig lastError
        resources { kind name health } revisions { revision status config } } }`,
    { id: r.instance.id, j: r.job.id },
  );
}

const status = (err: unknown) => Number((err as { code?: number }).code);

async function deploymentOf(name: string) {
  try {
    return await apps.readNamespacedDeployment({ name, namespace: NS });
  } catch (err) {
    if (status(err) === 404) return null;
    throw err;
  }
}

beforeAll(async () => {
  sandbox = await startKubeSandbox({ simulation: { podReadyDelayMs: 200, jobPodDurationMs: 100 } });
  const kc = new k8s.KubeConfig();
  kc.loadFromString(sandbox.kubeconfig);
  core = kc.makeApiClient(k8s.CoreV1Api);
  apps = kc.makeApiClient(k8s.AppsV1Api);
  t = await startTestMarina('kube_templates', { workers: true, env: { MARINA_ALLOWED_HOSTS: '127.0.0.1/32' } });
  admin = await t.admin();
  dev = await developer(t);
  runtimeId = await createSandboxRuntime(dev, sandbox.kubeconfig, NS, { name: 'sandbox' });
  for (const [dir, name] of [
    ['wordpress-template', 'wordpress'],
    ['elasticsearch-template', 'elasticsearch'],
  ]) {
    versions[name] = await uploadTemplate(dir, name);
    await releaseVersion(dev, admin, versions[name]);
  }
});

afterAll(async () => {
  await t?.stop();
  await sandbox?.stop();
});

describe('one-click WordPress (seed 004)', () => {
  let instanceId: string;

  it('the store offers a form generated from the declared variables', async () => {
    const data = await dev.ok(`query($id: ID!) { appVersion(id: $id) { type configSchema } }`, {
      id: versions.wordpress,
    });
    expect(data.appVersion.type).toBe('TEMPLATE');
    const schema = data.appVersion.configSchema;
    expect(schema).toMatchObject({
      type: 'object',
      required: ['DB_PASSWORD'],
      additionalProperties: false,
      properties: {
        DB_PASSWORD: { type: 'string', writeOnly: true, format: 'password' },
        WORDPRESS_IMAGE: { type: 'string', default: 'wordpress:6.6-apache' },
      },
    });
  });

  it('refuses a deploy without the required password, naming it, and creates nothing', async () => {
    const r = await deploy(dev, { versionId: versions.wordpress, runtimeId, name: 'blog', config: {} });
    expect(r).toMatchObject({ __typename: 'ValidationError' });
    expect(r.message).toContain('config.DB_PASSWORD');
    expect(r.message).toContain('required');
    const bad = await deploy(dev, {
      versionId: versions.wordpress,
      runtimeId,
      name: 'blog',
      config: { DB_PASSWORD: 'x', NOPE: '1', APP_NAME: 'other' },
    });
    expect(bad.message).toContain('config.NOPE wordpress declares no variable NOPE');
    expect(bad.message).toContain('config.APP_NAME APP_NAME is set by the platform');
    expect(await sql(t, `select id from instances where name = 'blog'`)).toEqual([]);
  });

  it('previews the deploy (objects to add) without the password reaching the preview job', async () => {
    const data = await dev.ok(
      `query($i: DeployInput!) { r: previewDeploy(input: $i) { __typename
        ... on InstancePreview { changes { kind name action diff } warnings } ... on ErrorResult { message } } }`,
      { i: { versionId: versions.wordpress, runtimeId, name: 'blog', config: { DB_PASSWORD: PASSWORD } } },
    );
    expect(data.r.__typename).toBe('InstancePreview');
    expect(
      data.r.changes
        .map((c: { kind: string; name: string; action: string }) => `${c.action} ${c.kind}/${c.name}`)
        .sort(),
    ).toEqual([
      'ADD Deployment/blog',
      'ADD Deployment/blog-mysql',
      'ADD Secret/blog-db',
      'ADD Service/blog',
      'ADD Service/blog-mysql',
    ]);
    expect(JSON.stringify(data)).not.toContain(PASSWORD);
    const inputs = await sql<{ input: unknown }>(t, `select input from jobs where action = 'preview'`);
    expect(inputs.length).toBeGreaterThan(0);
    expect(JSON.stringify(inputs)).not.toContain(PASSWORD);
  });

  it('deploys with the app name and password; the password is never echoed back', async () => {
    const r = await deploy(dev, {
      versionId: versions.wordpress,
      runtimeId,
      name: 'blog',
      config: { DB_PASSWORD: PASSWORD },
    });
    instanceId = r.instance?.id;
    const data = await finished(r);
    expect(data.job).toMatchObject({ status: 'SUCCEEDED', error: null, warnings: [] });
    expect(data.job.tasks.map((x: { key: string }) => x.key)).not.toContain('crds');
    expect(data.instance).toMatchObject({ status: 'ACTIVE', revision: 1, config: {} });
    expect(data.instance.effectiveConfig).toEqual({
      WORDPRESS_IMAGE: 'wordpress:6.6-apache',
      MYSQL_IMAGE: 'mysql:8.0',
    });
    expect(data.instance.revisions).toEqual([{ revision: 1, status: 'deployed', config: {} }]);
    expect(JSON.stringify(data)).not.toContain(PASSWORD);
    // the cluster has it, in the template's Secret only
    const secret = await core.readNamespacedSecret({ name: 'blog-db', namespace: NS });
    expect(Buffer.from(secret.data!.password, 'base64').toString()).toBe(PASSWORD);
    expect((await deploymentOf('blog'))?.spec?.template.spec?.containers[0].image).toBe('wordpress:6.6-apache');
    expect((await deploymentOf('blog-mysql'))?.status?.readyReplicas).toBe(1);
    // at rest: not in the instance, its revisions or the job's input; sealed in the revision
    const rows = await sql<{ config: unknown; rev: unknown; input: unknown; sealed: string }>(
      t,
      `select i.config, r.config as rev, j.input, r.sealed_values as sealed from instances i
         join instance_revisions r on r.instance_id = i.id join jobs j on j.id = r.job_id where i.id = $1`,
      [instanceId],
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0].config) + JSON.stringify(rows[0].rev) + JSON.stringify(rows[0].input)).not.toContain(
      PASSWORD,
    );
    expect(rows[0].sealed).toMatch(/^v1\./);
    expect(rows[0].sealed).not.toContain(PASSWORD);
    // nor in any task's input, state or result (the render result holds the rendered Secret, sealed)
    const tasks = await sql<{ row: string }>(
      t,
      `select row_to_json(k)::text as row from tasks k join jobs j on j.id = k.job_id where j.instance_id = $1`,
      [instanceId],
    );
    expect(tasks.length).toBeGreaterThan(5);
    const stored = tasks.map((x) => x.row).join('\n');
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(Buffer.from(PASSWORD).toString('base64'));
  });

  it('upgrades a setting, carrying the password over, rolls back, then deletes', async () => {
    const r = await dev.ok(
      `mutation($id: ID!, $c: JSON!) { r: updateInstanceConfig(id: $id, config: $c) { ${INSTANCE_JOB} } }`,
      { id: instanceId, c: { WORDPRESS_IMAGE: 'wordpress:6.7-apache' } },
    );
    const data = await finished(r.r);
    expect(data.job).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(data.instance).toMatchObject({
      status: 'ACTIVE',
      revision: 2,
      config: { WORDPRESS_IMAGE: 'wordpress:6.7-apache' },
    });
    expect((await deploymentOf('blog'))?.spec?.template.spec?.containers[0].image).toBe('wordpress:6.7-apache');
    const secret = await core.readNamespacedSecret({ name: 'blog-db', namespace: NS });
    expect(Buffer.from(secret.data!.password, 'base64').toString()).toBe(PASSWORD);
    expect(JSON.stringify(data)).not.toContain(PASSWORD);

    const back = await dev.ok(`mutation($id: ID!) { r: rollbackInstance(id: $id, revision: 1) { ${INSTANCE_JOB} } }`, {
      id: instanceId,
    });
    const rolled = await finished(back.r);
    expect(rolled.job).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(rolled.instance).toMatchObject({ status: 'ACTIVE', revision: 3, config: {} });
    expect((await deploymentOf('blog'))?.spec?.template.spec?.containers[0].image).toBe('wordpress:6.6-apache');
    const kept = await core.readNamespacedSecret({ name: 'blog-db', namespace: NS });
    expect(Buffer.from(kept.data!.password, 'base64').toString()).toBe(PASSWORD);

    const deleted = await finished(await act(dev, 'deleteInstance', instanceId));
    expect(deleted.job).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(deleted.instance.status).toBe('DELETED');
    expect(await deploymentOf('blog')).toBeNull();
    expect(await deploymentOf('blog-mysql')).toBeNull();
  });
});

describe("seed 004's elasticsearch template for apps/v1beta1", () => {
  beforeAll(async () => {
    // the seed's template schedules on nodes labelled zone=qianmi and mounts ConfigMap qianmi-elasticsearch
    const [node] = (await core.listNode()).items;
    node.metadata!.labels = { ...node.metadata!.labels, zone: 'qianmi' };
    await core.replaceNode({ name: node.metadata!.name!, body: node });
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'qianmi-elasticsearch' }, data: { 'elasticsearch.yml': 'cluster.name: qianmi\n' } },
    });
  });

  it('deploys converted to apps/v1 with a warning on the job, and the Deployment becomes ready', async () => {
    const r = await deploy(dev, { versionId: versions.elasticsearch, runtimeId, name: 'es' });
    const data = await finished(r);
    expect(data.job).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(data.job.warnings).toEqual([
      "document 1 (Deployment es): apps/v1beta1 is not served by the cluster; converted to apps/v1 (spec.selector defaulted to the pod template's labels)",
    ]);
    expect(data.instance.status).toBe('ACTIVE');
    const es = await deploymentOf('es');
    expect(es?.spec?.selector).toEqual({ matchLabels: { app: 'es' } });
    expect(es?.spec?.template.spec?.containers[0].image).toBe('elasticsearch:5.6.16');
    expect(es?.status?.readyReplicas).toBe(1);
    const svc = await core.readNamespacedService({ name: 'es', namespace: NS });
    expect(svc.spec?.ports?.find((p) => p.name === 'elasticsearch-3')?.nodePort).toBe(30091);
  });
});

describe('raw YAML deploy', () => {
  const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: raw-config
data:
  greeting: hello
`;
  const deployment = (extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: raw-web
spec:${extra}
  selector:
    matchLabels: { app: raw-web }
  template:
    metadata:
      labels: { app: raw-web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

  /** Every object of the namespace, by kind and name (the release records included). */
  async function namespaceObjects(): Promise<string[]> {
    const [cms, secrets, services, deployments] = await Promise.all([
      core.listNamespacedConfigMap({ namespace: NS }),
      core.listNamespacedSecret({ namespace: NS }),
      core.listNamespacedService({ namespace: NS }),
      apps.listNamespacedDeployment({ namespace: NS }),
    ]);
    return [
      ...cms.items.map((o) => `ConfigMap/${o.metadata!.name}`),
      ...secrets.items.map((o) => `Secret/${o.metadata!.name}`),
      ...services.items.map((o) => `Service/${o.metadata!.name}`),
      ...deployments.items.map((o) => `Deployment/${o.metadata!.name}`),
    ].sort();
  }

  const deployYaml = async (name: string, yaml: string) =>
    (
      await dev.ok(`mutation($i: DeployYamlInput!) { r: deployYaml(input: $i) { ${INSTANCE_JOB} } }`, {
        i: { runtimeId, name, yaml },
      })
    ).r;

  it('refuses a syntax error naming document and line, before anything is created', async () => {
    const before = await namespaceObjects();
    const r = await deployYaml('raw', `${CONFIG}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: x: y\n`);
    expect(r.__typename).toBe('ValidationError');
    expect(r.message).toMatch(/^The YAML is invalid: document 2, line 11: /);
    expect(await namespaceObjects()).toEqual(before);
    expect(await sql(t, `select id from apps where name = 'yaml-raw'`)).toEqual([]);
    expect(await sql(t, `select id from instances where name = 'raw'`)).toEqual([]);
  });

  it("refuses an unknown field with the API server's strict decoding error; the dry run persists nothing", async () => {
    const before = await namespaceObjects();
    const r = await deployYaml('raw', `${CONFIG}---\n${deployment('\n  foo: bar')}`);
    expect(r.__typename).toBe('ValidationError');
    expect(r.message).toContain('document 2 (Deployment raw-web)');
    expect(r.message).toContain('strict decoding error: unknown field "spec.foo"');
    // document 1 passed its dry run, and was not created
    expect(await namespaceObjects()).toEqual(before);
    expect(before).not.toContain('ConfigMap/raw-config');
    expect(await sql(t, `select id from instances where name = 'raw'`)).toEqual([]);
  });

  it('deploys valid YAML as an instance that upgrades and deletes like others', async () => {
    const r = await deployYaml('raw', `${CONFIG}---\n${deployment()}`);
    const data = await finished(r);
    // the dry run got the objects sealed: its task input holds none in clear
    const dryRuns = await sql<{ input: Record<string, unknown> }>(
      t,
      `select k.input from tasks k where k.action = 'kube.dry-run' order by k.created_at desc limit 1`,
    );
    expect(Object.keys(dryRuns[0].input).sort()).toEqual(['namespace', 'runtimeId', 'sealedObjects']);
    expect(dryRuns[0].input.sealedObjects).toMatch(/^v1\./);
    expect(data.job).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(data.instance).toMatchObject({ status: 'ACTIVE', revision: 1 });
    expect((await deploymentOf('raw-web'))?.status?.readyReplicas).toBe(1);
    const cm = await core.readNamespacedConfigMap({ name: 'raw-config', namespace: NS });
    expect(cm.data).toEqual({ greeting: 'hello' });

    const up = await dev.ok(
      `mutation($id: ID!, $y: String!) { r: upgradeYaml(id: $id, yaml: $y) { ${INSTANCE_JOB} } }`,
      {
        id: r.instance.id,
        y: CONFIG.replace('hello', 'bonjour'),
      },
    );
    const upgraded = await finished(up.r);
    expect(upgraded.job).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(upgraded.instance).toMatchObject({ status: 'ACTIVE', revision: 2 });
    expect((await core.readNamespacedConfigMap({ name: 'raw-config', namespace: NS })).data).toEqual({
      greeting: 'bonjour',
    });
    expect(await deploymentOf('raw-web')).toBeNull(); // pruned: the new text has no Deployment

    const deleted = await finished(await act(dev, 'deleteInstance', r.instance.id));
    expect(deleted.instance.status).toBe('DELETED');
    expect((await namespaceObjects()).filter((o) => o.includes('raw-'))).toEqual([]);
  });
});
