/**
 * Issue 16 item 4 on the Kubernetes sandbox: config files, volumes and load balancers created
 * through GraphQL, carried out by a worker through @kubernetes/client-node, seen in the sandbox's
 * store; tenancy of the rows; attached resources kept by deleteInstance unless asked.
 */
import { startKubeSandbox, type KubeObject, type KubeSandbox } from '@marina/kube-sandbox';
import { waitForCondition, waitForObject } from '../support/kube-sandbox-waits';
import { startTestMarina, type TestMarina } from '../support/marina';
import { awaitJob, type Authed, developer } from './catalog-support';
import { INSTANCE_JOB } from './instances-support';
import { deployAndWait, sandboxRuntime, uploadChartWith } from './kube-extras-support';

jest.setTimeout(240_000);

const NS = 'shop';

/** A Deployment mounting the config file `values.configFile` and the volume `values.claim`. */
const MOUNTING = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-mounts
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/instance: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app.kubernetes.io/instance: {{ .Release.Name }}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          volumeMounts:
            - name: conf
              mountPath: /etc/app
            - name: data
              mountPath: /var/data
      volumes:
        - name: conf
          configMap:
            name: {{ .Values.configFile }}
        - name: data
          persistentVolumeClaim:
            claimName: {{ .Values.claim }}
`;

let sandbox: KubeSandbox;
let t: TestMarina;
let dev: Authed;
let other: Authed;
let runtimeId: string;

const CONFIG_FILE = `__typename ... on ConfigFile { id name namespace data } ... on ErrorResult { errorCode message }`;
const VOLUME = `__typename ... on Volume { id name size storageClass phase } ... on ErrorResult { errorCode message }`;
const LB = `__typename ... on LoadBalancer { id name layer serviceType addresses rules instanceId }
  ... on ValidationError { errorCode message details { path message } } ... on ErrorResult { errorCode message }`;

function stored(groupResource: string, name: string): KubeObject | undefined {
  return sandbox.service.store.get({ groupResource, namespace: NS, name });
}

async function createConfigFile(user: Authed, rt: string, name: string, data: unknown) {
  const r = await user.ok(
    `mutation($i: CreateConfigFileInput!) { r: createConfigFile(input: $i) { ${CONFIG_FILE} } }`,
    {
      i: { runtimeId: rt, name, data },
    },
  );
  return r.r;
}

beforeAll(async () => {
  sandbox = await startKubeSandbox({ simulation: { podReadyDelayMs: 200, jobPodDurationMs: 100 } });
  t = await startTestMarina('kube_runtime_resources', {
    workers: true,
    env: { MARINA_ALLOWED_HOSTS: '127.0.0.1/32' },
  });
  dev = await developer(t);
  other = await developer(t, 'other');
  runtimeId = await sandboxRuntime(dev, sandbox.kubeconfig, NS);
});

afterAll(async () => {
  await t?.stop();
  await sandbox?.stop();
});

describe('config files', () => {
  let fileId: string;

  it('refuses a bad name and an empty file set, creating nothing', async () => {
    const bad = await createConfigFile(dev, runtimeId, 'Bad_Name', { 'a.conf': 'x' });
    expect(bad).toMatchObject({ __typename: 'ValidationError', errorCode: 'INVALID_INPUT' });
    expect(bad.message).toMatch(/name/);
    const empty = await createConfigFile(dev, runtimeId, 'empty', {});
    expect(empty.__typename).toBe('ValidationError');
    expect(stored('configmaps', 'bad-name')).toBeUndefined();
    expect(stored('configmaps', 'empty')).toBeUndefined();
  });

  it('creates a ConfigMap with several keys, labelled as Marina created it', async () => {
    const r = await createConfigFile(dev, runtimeId, 'web-conf', {
      'app.conf': 'mode=blue\n',
      'log.conf': 'level=info\n',
    });
    expect(r).toMatchObject({ __typename: 'ConfigFile', name: 'web-conf', namespace: NS });
    fileId = r.id;
    const cm = stored('configmaps', 'web-conf')!;
    expect(cm.data).toEqual({ 'app.conf': 'mode=blue\n', 'log.conf': 'level=info\n' });
    expect(cm.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'marina' });
    const again = await createConfigFile(dev, runtimeId, 'web-conf', { 'a.conf': 'x' });
    expect(again.__typename).toBe('NameTakenError');
    const list = await dev.ok(`query($r: ID!) { configFiles(runtimeId: $r) { id name data } }`, { r: runtimeId });
    expect(list.configFiles).toEqual([{ id: fileId, name: 'web-conf', data: cm.data }]);
  });

  it('is seen by a workload that mounts it, and an edit in place reaches the same object', async () => {
    const vol = await dev.ok(`mutation($i: CreateVolumeInput!) { r: createVolume(input: $i) { ${VOLUME} } }`, {
      i: { runtimeId, name: 'web-data', size: '1Gi' },
    });
    expect(vol.r.__typename).toBe('Volume');
    const chart = await uploadChartWith(dev, 'mounter', { 'mounts.yaml': MOUNTING });
    const { result, jobStatus } = await deployAndWait(dev, {
      versionId: chart.versionId,
      runtimeId,
      name: 'mounter',
      config: { configFile: 'web-conf', claim: 'web-data' },
    });
    expect(jobStatus).toBe('SUCCEEDED');
    expect(result.instance.name).toBe('mounter');
    const before = stored('configmaps', 'web-conf')!;
    const pods = sandbox.service.store
      .list('pods', NS)
      .filter((p) => p.metadata.labels?.['app.kubernetes.io/instance'] === 'mounter');
    expect(pods).toHaveLength(1);
    const volumes = (pods[0].spec as { volumes: Record<string, any>[] }).volumes;
    expect(volumes.find((v) => v.name === 'conf')?.configMap?.name).toBe('web-conf');
    expect((pods[0].status as { phase: string }).phase).toBe('Running');

    const edited = await dev.ok(
      `mutation($id: ID!, $d: JSON!) { r: updateConfigFile(id: $id, data: $d) { ${CONFIG_FILE} } }`,
      {
        id: fileId,
        d: { 'app.conf': 'mode=green\n', 'extra.conf': 'on\n' },
      },
    );
    expect(edited.r).toMatchObject({
      __typename: 'ConfigFile',
      data: { 'app.conf': 'mode=green\n', 'extra.conf': 'on\n' },
    });
    const after = stored('configmaps', 'web-conf')!;
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.data).toEqual({ 'app.conf': 'mode=green\n', 'extra.conf': 'on\n' });
    const view = await dev.ok(`query($id: ID!) { configFile(id: $id) { data } }`, { id: fileId });
    expect(view.configFile.data).toEqual(after.data);
  });

  it('another tenant neither sees nor changes it, even with a runtime on the same namespace', async () => {
    expect(await other.errorCode(`query($r: ID!) { configFiles(runtimeId: $r) { id } }`, { r: runtimeId })).toBe(
      'NOT_FOUND',
    );
    expect(await other.errorCode(`query($id: ID!) { configFile(id: $id) { id } }`, { id: fileId })).toBe('NOT_FOUND');
    expect(
      await other.errorCode(`mutation($id: ID!) { deleteConfigFile(id: $id) { __typename } }`, { id: fileId }),
    ).toBe('NOT_FOUND');
    const own = await sandboxRuntime(other, sandbox.kubeconfig, NS);
    const list = await other.ok(`query($r: ID!) { configFiles(runtimeId: $r) { id } volumes(runtimeId: $r) { id } }`, {
      r: own,
    });
    expect(list).toEqual({ configFiles: [], volumes: [] });
    expect(stored('configmaps', 'web-conf')).toBeDefined();
  });
});

describe('volumes', () => {
  it('refuses a bad size; a 2Gi volume of the default class is Bound', async () => {
    const bad = await dev.ok(`mutation($i: CreateVolumeInput!) { r: createVolume(input: $i) { ${VOLUME} } }`, {
      i: { runtimeId, name: 'huge', size: 'two gigs' },
    });
    expect(bad.r).toMatchObject({ __typename: 'ValidationError' });
    expect(bad.r.message).toMatch(/size/);
    const r = await dev.ok(`mutation($i: CreateVolumeInput!) { r: createVolume(input: $i) { ${VOLUME} } }`, {
      i: { runtimeId, name: 'db-data', size: '2Gi', storageClass: 'standard' },
    });
    expect(r.r).toMatchObject({ __typename: 'Volume', size: '2Gi', storageClass: 'standard' });
    await waitForObject(
      sandbox,
      { groupResource: 'persistentvolumeclaims', namespace: NS, name: 'db-data' },
      (o) => (o?.status as { phase?: string } | undefined)?.phase === 'Bound',
    );
    const list = await dev.ok(`query($r: ID!) { volumes(runtimeId: $r) { name size phase } }`, { r: runtimeId });
    expect(list.volumes).toEqual(expect.arrayContaining([{ name: 'db-data', size: '2Gi', phase: 'Bound' }]));
    const pvc = stored('persistentvolumeclaims', 'db-data')!;
    expect((pvc.spec as any).resources.requests.storage).toBe('2Gi');

    const del = await dev.ok(
      `mutation($id: ID!) { r: deleteVolume(id: $id) { __typename ... on DeletedResource { id } } }`,
      {
        id: r.r.id,
      },
    );
    expect(del.r.__typename).toBe('DeletedResource');
    await waitForCondition(sandbox, 'db-data claim gone', () => !stored('persistentvolumeclaims', 'db-data'));
    const after = await dev.ok(`query($r: ID!) { volumes(runtimeId: $r) { name } }`, { r: runtimeId });
    expect(after.volumes.map((v: { name: string }) => v.name)).not.toContain('db-data');
  });
});

describe('load balancers', () => {
  let instanceId: string;

  beforeAll(async () => {
    const chart = await uploadChartWith(dev, 'lbapp', {});
    const { result, jobStatus } = await deployAndWait(dev, { versionId: chart.versionId, runtimeId, name: 'lbapp' });
    expect(jobStatus).toBe('SUCCEEDED');
    instanceId = result.instance.id;
  });

  it('adds an L7 load balancer with two hosts as an Ingress and removes it again', async () => {
    const r = await dev.ok(
      `mutation($id: ID!, $i: LoadBalancerInput!) { r: addLoadBalancer(instanceId: $id, input: $i) { ${LB} } }`,
      {
        id: instanceId,
        i: {
          name: 'lbapp-web',
          layer: 'L7',
          rules: [
            { host: 'shop.example.com', paths: [{ path: '/', serviceName: 'lbapp', servicePort: 80 }] },
            { host: 'api.example.com', paths: [{ path: '/v1', serviceName: 'lbapp', servicePort: 8080 }] },
          ],
        },
      },
    );
    expect(r.r).toMatchObject({
      __typename: 'LoadBalancer',
      layer: 'L7',
      instanceId,
      addresses: ['shop.example.com', 'api.example.com'],
    });
    const ingress = stored('ingresses.networking.k8s.io', 'lbapp-web')!;
    expect((ingress.spec as any).rules.map((x: { host: string }) => x.host)).toEqual([
      'shop.example.com',
      'api.example.com',
    ]);
    expect(ingress.metadata.labels).toMatchObject({ 'marina.io/instance': instanceId });
    const listed = await dev.ok(`query($id: ID!) { instance(id: $id) { loadBalancers { name layer } } }`, {
      id: instanceId,
    });
    expect(listed.instance.loadBalancers).toEqual([{ name: 'lbapp-web', layer: 'L7' }]);

    expect(
      await other.errorCode(`mutation($id: ID!) { removeLoadBalancer(id: $id) { __typename } }`, { id: r.r.id }),
    ).toBe('NOT_FOUND');
    const removed = await dev.ok(`mutation($id: ID!) { r: removeLoadBalancer(id: $id) { __typename } }`, {
      id: r.r.id,
    });
    expect(removed.r.__typename).toBe('DeletedResource');
    await waitForCondition(sandbox, 'ingress removed', () => !stored('ingresses.networking.k8s.io', 'lbapp-web'));
    const after = await dev.ok(`query($id: ID!) { instance(id: $id) { loadBalancers { name } } }`, { id: instanceId });
    expect(after.instance.loadBalancers).toEqual([]);
  });

  it('adds an L4 NodePort load balancer reporting node address and port; bad ports are refused', async () => {
    const bad = await dev.ok(
      `mutation($id: ID!, $i: LoadBalancerInput!) { r: addLoadBalancer(instanceId: $id, input: $i) { ${LB} } }`,
      {
        id: instanceId,
        i: { name: 'lbapp-bad', layer: 'L4', serviceType: 'NodePort', ports: [{ port: 80, nodePort: 80 }] },
      },
    );
    expect(bad.r).toMatchObject({ __typename: 'ValidationError' });
    expect(bad.r.details[0].path).toBe('ports.0.nodePort');
    expect(stored('services', 'lbapp-bad')).toBeUndefined();

    const r = await dev.ok(
      `mutation($id: ID!, $i: LoadBalancerInput!) { r: addLoadBalancer(instanceId: $id, input: $i) { ${LB} } }`,
      {
        id: instanceId,
        i: {
          name: 'lbapp-np',
          layer: 'L4',
          serviceType: 'NodePort',
          ports: [{ port: 80, nodePort: 30080 }],
          selector: { app: 'lbapp' },
        },
      },
    );
    expect(r.r).toMatchObject({ __typename: 'LoadBalancer', layer: 'L4', serviceType: 'NodePort' });
    const svc = stored('services', 'lbapp-np')!;
    expect((svc.spec as any).selector).toEqual({ app: 'lbapp' });
    const nodeIps = sandbox.service.store
      .list('nodes')
      .map((n) => (n.status as any).addresses.find((a: { type: string }) => a.type === 'InternalIP').address);
    expect(r.r.addresses).toEqual(nodeIps.map((ip: string) => `${ip}:30080`));
  });

  it('deleteInstance keeps attached load balancers; removeAttached takes them away', async () => {
    const del = await dev.ok(`mutation($id: ID!) { r: deleteInstance(id: $id) { ${INSTANCE_JOB} } }`, {
      id: instanceId,
    });
    expect(await awaitJob(dev, del.r.job.id, 120_000)).toBe('SUCCEEDED');
    expect(stored('services', 'lbapp-np')).toBeDefined();
    const rec = await dev.ok(`mutation($id: ID!) { r: recoverInstance(id: $id) { ${INSTANCE_JOB} } }`, {
      id: instanceId,
    });
    expect(await awaitJob(dev, rec.r.job.id, 120_000)).toBe('SUCCEEDED');
    const del2 = await dev.ok(
      `mutation($id: ID!) { r: deleteInstance(id: $id, removeAttached: true) { ${INSTANCE_JOB} } }`,
      {
        id: instanceId,
      },
    );
    expect(del2.r.__typename).toBe('InstanceJob');
    await waitForCondition(sandbox, 'node port service removed', () => !stored('services', 'lbapp-np'));
    const after = await dev.ok(`query($id: ID!) { instance(id: $id) { loadBalancers { name } } }`, { id: instanceId });
    expect(after.instance.loadBalancers).toEqual([]);
    expect(await awaitJob(dev, del2.r.job.id, 120_000)).toBe('SUCCEEDED');
    const late = await dev.ok(
      `mutation($id: ID!, $i: LoadBalancerInput!) { r: addLoadBalancer(instanceId: $id, input: $i) { ${LB} } }`,
      { id: instanceId, i: { name: 'late', layer: 'L4', ports: [{ port: 80 }] } },
    );
    expect(late.r).toMatchObject({ __typename: 'ValidationError' });
    expect(late.r.message).toMatch(/DELETED/);
    expect(stored('services', 'late')).toBeUndefined();
  });
});
