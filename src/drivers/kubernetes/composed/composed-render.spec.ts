import { parseComposedDefinition } from '../../../packages/composed/composed-definition.parse';
import { applyComposedOverrides } from '../../../packages/composed/composed-overrides';
import { shopAppJson } from '../../../packages/composed/testing/shop.fixture';
import type { KubeObject } from '../kube-object.types';
import { renderComposed } from './composed-render';
import type { ComposedRenderContext } from './composed-render.types';

function context(overrides: Record<string, unknown> = {}, live: Record<string, string> = {}): ComposedRenderContext {
  const r = applyComposedOverrides(shopAppJson(), overrides);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  let n = 0;
  const made = new Map<string, string>();
  return {
    release: 'shop1',
    namespace: 'apps',
    definition: r.definition,
    credential: (secret, key) => {
      const id = `${secret}/${key}`;
      if (live[id]) return live[id];
      if (!made.has(id)) made.set(id, `generated-${++n}`);
      return made.get(id)!;
    },
  };
}

const find = (objs: readonly KubeObject[], kind: string, name: string) => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in ${objs.map((x) => `${x.kind}/${x.metadata.name}`).join(' ')}`);
  return o as any;
};

describe('renderComposed (the shop app)', () => {
  const layers = renderComposed(context());
  const all = layers.flatMap((l) => l.objects);

  it('renders one layer per step of the arrows, secrets first', () => {
    expect(layers.map((l) => l.name)).toEqual(['db, orders', 'init', 'web']);
    expect(layers[0].objects.slice(0, 2).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Secret/shop1-db-credentials',
      'Secret/shop1-orders-connection',
    ]);
    expect(layers[1].objects.map((o) => o.kind)).toEqual(['Job']);
    expect(layers[2].objects.map((o) => o.kind)).toEqual([
      'ConfigMap',
      'PersistentVolumeClaim',
      'Service',
      'Deployment',
      'Ingress',
    ]);
  });

  it('names Services exactly by their service names', () => {
    expect(find(all, 'Service', 'shop-web').spec).toEqual({
      type: 'NodePort',
      selector: { 'app.kubernetes.io/instance': 'shop1', 'marina.io/node': 'web' },
      ports: [{ name: 'tcp-80', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 }],
    });
    expect(find(all, 'Service', 'shop-db').spec.ports[0].port).toBe(3306);
    expect(find(all, 'Service', 'orders').spec.ports[0].port).toBe(5432);
  });

  it('resolves env references without writing secrets into the pod spec', () => {
    const c = find(all, 'Deployment', 'shop1-web').spec.template.spec.containers[0];
    expect(c.env).toEqual([
      {
        name: 'MARINA_SECRET_DB_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'shop1-db-credentials', key: 'password' } },
      },
      { name: 'DB_HOST', value: 'shop-db' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop1-db-credentials', key: 'password' } } },
      { name: 'DB_URL', value: 'jdbc:mysql://shop-db:3306/app?user=app&password=$(MARINA_SECRET_DB_PASSWORD)' },
    ]);
    expect(c.envFrom).toEqual([{ prefix: 'ORDERS_', secretRef: { name: 'shop1-orders-connection' } }]);
    expect(JSON.stringify(find(all, 'Deployment', 'shop1-web'))).not.toContain('generated-');
  });

  it('mounts config files by subPath, host paths with their type, storage and the log directory', () => {
    const pod = find(all, 'Deployment', 'shop1-web').spec.template;
    const c = pod.spec.containers[0];
    expect(c.volumeMounts).toEqual([
      { name: 'files', mountPath: '/usr/local/tomcat/conf/server.xml', subPath: 'server.xml', readOnly: true },
      { name: 'host-0', mountPath: '/dev/sda' },
      { name: 'storage-uploads', mountPath: '/data/uploads' },
      { name: 'logs', mountPath: '/usr/local/tomcat/logs' },
    ]);
    expect(pod.spec.volumes).toContainEqual({ name: 'host-0', hostPath: { path: '/dev/sda', type: 'BlockDevice' } });
    expect(pod.spec.volumes).toContainEqual({
      name: 'storage-uploads',
      persistentVolumeClaim: { claimName: 'shop1-web-uploads' },
    });
    expect(pod.metadata.annotations).toEqual({ 'marina.io/log-dir': '/usr/local/tomcat/logs' });
    expect(find(all, 'ConfigMap', 'shop1-web-files').data).toEqual({ 'server.xml': '<Server port="8005"/>\n' });
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } });
  });

  it('renders strategy, replicas, anti-affinity and the ingress', () => {
    const d = find(all, 'Deployment', 'shop1-web').spec;
    expect(d.replicas).toBe(2);
    expect(d.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(d.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      {
        labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop1', 'marina.io/node': 'web' } },
        topologyKey: 'kubernetes.io/hostname',
      },
    ]);
    expect(find(all, 'Ingress', 'shop1-web').spec.rules).toEqual([
      {
        host: 'shop.example.com',
        http: {
          paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'shop-web', port: { number: 80 } } } }],
        },
      },
    ]);
  });

  it('runs the middleware as a StatefulSet on its data claim with generated credentials', () => {
    const sts = find(all, 'StatefulSet', 'shop1-db').spec;
    expect(sts.serviceName).toBe('shop-db');
    expect(sts.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
    const env = sts.template.spec.containers[0].env;
    expect(env).toContainEqual({
      name: 'MYSQL_ROOT_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'shop1-db-credentials', key: 'rootPassword' } },
    });
    const secret = find(all, 'Secret', 'shop1-db-credentials').data;
    expect(Buffer.from(secret.username, 'base64').toString()).toBe('app');
    expect(Buffer.from(secret.password, 'base64').toString()).toMatch(/^generated-/);
    const conn = find(all, 'Secret', 'shop1-orders-connection').data;
    expect(Buffer.from(conn.host, 'base64').toString()).toBe('orders.apps.svc');
  });

  it('is deterministic, keeps live credentials, and renames the init Job only when it changes', () => {
    const live = { 'shop1-db-credentials/password': 'kept', 'shop1-db-credentials/rootPassword': 'kept-root' };
    const a = renderComposed(context({}, live));
    expect(renderComposed(context({}, live))).toEqual(a);
    const secret = find(
      a.flatMap((l) => l.objects),
      'Secret',
      'shop1-db-credentials',
    );
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('kept');
    const jobName = a[1].objects[0].metadata.name;
    expect(jobName).toMatch(/^shop1-init-[0-9a-f]{8}$/);
    const changed = renderComposed(context({ nodes: { init: { image: 'busybox:1.37' } } }, live));
    expect(changed[1].objects[0].metadata.name).not.toBe(jobName);
    const scaled = renderComposed(context({ nodes: { web: { replicas: 5 } } }, live));
    expect(scaled[1].objects[0].metadata.name).toBe(jobName);
    expect((find(scaled[2].objects, 'Deployment', 'shop1-web') as any).spec.replicas).toBe(5);
  });
});

describe('applyComposedOverrides', () => {
  it('refuses unknown nodes, fields a kind does not take, and bad references', () => {
    const r = applyComposedOverrides(shopAppJson(), {
      nodes: { ghost: {}, init: { replicas: 2 }, web: { env: { X: '${nodes.nope.service}' } } },
    });
    expect(r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'config:/nodes/ghost: the app has no node "ghost"',
      'config:/nodes/init/replicas: "replicas" cannot be set on INIT node "init"',
    ]);
    const refs = applyComposedOverrides(shopAppJson(), { nodes: { web: { env: { X: '${nodes.nope.service}' } } } });
    expect(refs.ok ? [] : refs.issues.map((i) => i.message)).toEqual([
      '${nodes.nope.service} names unknown node "nope"',
    ]);
    expect(parseComposedDefinition(shopAppJson()).ok).toBe(true);
  });
});
