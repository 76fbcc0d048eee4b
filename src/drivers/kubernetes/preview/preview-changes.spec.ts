import type { KubeObject } from '../kube-object.types';
import { droppedObjects, manifestObjects, objectKey } from './manifest-objects';
import type { DesiredObject, PreviewInput } from './object-change.types';
import { previewChanges } from './preview-changes';

const NS = 'prod';
const b64 = (s: string) => Buffer.from(s).toString('base64');

function deployment(replicas: number, image = 'nginx:1.27', extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, annotations: null as never },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }], ...extra },
      },
    },
  };
}

/** What the API server returns for a manifest: bookkeeping, defaults, status, Helm's ownership. */
function liveOf(obj: KubeObject, release = 'web'): KubeObject {
  const live = JSON.parse(JSON.stringify(obj)) as KubeObject & { spec?: Record<string, unknown> };
  live.metadata = {
    ...live.metadata,
    namespace: NS,
    uid: 'u-1',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'helm', operation: 'Apply' }],
    annotations: { [`meta.helm.sh/release-name`]: release, 'deployment.kubernetes.io/revision': '2' },
  };
  if (obj.kind === 'Deployment') {
    const spec = live.spec as Record<string, any>;
    spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
    spec.revisionHistoryLimit = 10;
    const pod = spec.template.spec;
    pod.restartPolicy = 'Always';
    pod.containers[0].terminationMessagePath = '/dev/termination-log';
    pod.containers[0].imagePullPolicy = 'IfNotPresent';
    pod.containers[0].ports[0].protocol = 'TCP';
    live.status = { replicas: spec.replicas, readyReplicas: spec.replicas };
  }
  if (obj.kind === 'Secret') live.type = 'Opaque';
  return live;
}

function input(desired: DesiredObject[], extra: Partial<PreviewInput> = {}): PreviewInput {
  return { namespace: NS, releaseName: 'web', desired, removed: [], hooks: [], ...extra };
}

describe('previewChanges', () => {
  it('adds an object the cluster does not have, showing all of it', () => {
    const { changes } = previewChanges(input([{ object: deployment(2), live: null }]));
    expect(changes).toEqual([
      {
        kind: 'Deployment',
        name: 'web',
        namespace: NS,
        action: 'ADD',
        diff: expect.stringContaining('+  replicas: 2'),
      },
    ]);
    expect(changes[0].diff).toMatch(
      /^--- Deployment\/web \(live\)\n\+\+\+ Deployment\/web \(desired\)\n@@ -0,0 \+1,\d+ @@\n/,
    );
  });

  it('reports an object whose only differences are server fields and defaults as unchanged', () => {
    const { changes, warnings } = previewChanges(input([{ object: deployment(2), live: liveOf(deployment(2)) }]));
    expect(changes[0]).toMatchObject({ action: 'UNCHANGED', diff: null });
    expect(warnings).toEqual([]);
  });

  it('diffs only the fields the manifest sets', () => {
    const live = liveOf(deployment(1, 'nginx:1.27'));
    const { changes } = previewChanges(input([{ object: deployment(3, 'nginx:1.28'), live }]));
    expect(changes[0].action).toBe('CHANGE');
    const diff = changes[0].diff as string;
    expect(diff).toContain('-  replicas: 1\n+  replicas: 3');
    expect(diff).toContain('-      - image: nginx:1.27\n+      - image: nginx:1.28');
    for (const hidden of ['terminationMessagePath', 'strategy', 'resourceVersion', 'managedFields', 'status', 'uid'])
      expect(diff).not.toContain(hidden);
  });

  it('shows a field the current revision set and the target drops as removed', () => {
    const previous = deployment(1, 'nginx:1.27', { nodeSelector: { disk: 'ssd' } });
    const live = liveOf(previous);
    const { changes } = previewChanges(input([{ object: deployment(1), live, previous }]));
    expect(changes[0].action).toBe('CHANGE');
    expect(changes[0].diff).toContain('-      nodeSelector:\n-        disk: ssd');
  });

  it('removes objects the target no longer has and warns about ones already gone', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'old' }, data: { a: '1' } };
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'gone' }, spec: { ports: [] } };
    const { changes, warnings } = previewChanges(
      input([], {
        removed: [
          { object: cm, live: liveOf(cm) },
          { object: svc, live: null },
        ],
      }),
    );
    expect(changes).toEqual([
      { kind: 'ConfigMap', name: 'old', namespace: NS, action: 'REMOVE', diff: expect.any(String) },
    ]);
    expect(changes[0].diff).toContain('-data:\n-  a: "1"');
    expect(changes[0].diff).not.toMatch(/\n\+(?!\+\+ )/);
    expect(warnings).toEqual(['Service/gone of the current revision is already absent from the cluster']);
  });

  it('orders desired objects by Helm install order and removed ones by uninstall order', () => {
    const obj = (kind: string, name: string): KubeObject => ({ apiVersion: 'v1', kind, metadata: { name } });
    const kinds = ['Service', 'ConfigMap', 'Widget', 'ServiceAccount', 'Namespace'];
    const { changes } = previewChanges(input(kinds.map((k) => ({ object: obj(k, k), live: null }))));
    expect(changes.map((c) => c.kind)).toEqual(['Namespace', 'ServiceAccount', 'ConfigMap', 'Service', 'Widget']);
    expect(changes[0].namespace).toBeNull();
    const removed = ['ConfigMap', 'Service'].map((k) => ({ object: obj(k, k), live: liveOf(obj(k, k)) }));
    expect(previewChanges(input([], { removed })).changes.map((c) => c.kind)).toEqual(['Service', 'ConfigMap']);
  });

  it('lists hooks and objects owned elsewhere as warnings', () => {
    const { warnings } = previewChanges(
      input([{ object: deployment(1), live: liveOf(deployment(1), 'other') }], {
        hooks: [{ kind: 'Job', name: 'migrate', events: ['pre-upgrade'], weight: -5 }],
      }),
    );
    expect(warnings).toEqual([
      'Deployment/web exists and belongs to release other',
      'hook Job/migrate (pre-upgrade, weight -5) runs when applied; a preview does not run it',
    ]);
  });
});

describe('previewChanges with Secrets', () => {
  const SECRET_VALUES = ['s3cret-old', 'n3w-pass', 'same-token', 'brand-new'];
  const secret = (data: Record<string, string>, stringData?: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'creds' },
    data,
    ...(stringData ? { stringData } : {}),
  });

  function expectNoSecret(text: string | null): void {
    for (const v of SECRET_VALUES) {
      expect(text).not.toContain(v);
      expect(text).not.toContain(b64(v));
    }
  }

  it('masks every value on both sides and marks the changed ones', () => {
    const live = liveOf(secret({ password: b64('s3cret-old'), token: b64('same-token') }));
    live.metadata.annotations = {
      'meta.helm.sh/release-name': 'web',
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data: { password: b64('s3cret-old') } }),
    };
    const desired = secret({ token: b64('same-token') }, { password: 'n3w-pass', added: 'brand-new' });
    const { changes } = previewChanges(input([{ object: desired, live }]));
    expect(changes[0].action).toBe('CHANGE');
    const diff = changes[0].diff as string;
    expectNoSecret(diff);
    expect(diff).toContain("-  password: '***'\n");
    expect(diff).toContain("+  password: '*** (changed)'\n");
    expect(diff).toContain("+  added: '***'");
    expect(diff).toContain("   token: '***'");
    expect(diff).not.toContain('stringData');
  });

  it('finds a Secret whose stringData equals the live data unchanged', () => {
    const live = liveOf(secret({ token: b64('same-token') }));
    const { changes } = previewChanges(input([{ object: secret({}, { token: 'same-token' }), live }]));
    expect(changes[0]).toMatchObject({ action: 'UNCHANGED', diff: null });
  });

  it('masks added and removed Secrets', () => {
    const added = previewChanges(input([{ object: secret({ password: b64('s3cret-old') }), live: null }]));
    const removed = previewChanges(
      input([], {
        removed: [
          { object: secret({ password: b64('n3w-pass') }), live: liveOf(secret({ password: b64('n3w-pass') })) },
        ],
      }),
    );
    expect(added.changes[0].diff).toContain("+  password: '***'");
    expect(removed.changes[0].diff).toContain("-  password: '***'");
    expectNoSecret(added.changes[0].diff);
    expectNoSecret(removed.changes[0].diff);
  });
});

describe('manifest objects', () => {
  const MANIFEST = [
    '---',
    '# Source: web/templates/service.yaml',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    'spec:',
    '  ports: [{ port: 80 }]',
    '---',
    '# Source: web/templates/empty.yaml',
    '# nothing rendered',
    '---',
    '# Source: web/templates/deployment.yaml',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: web, namespace: other }',
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata: { name: reader }',
    '',
  ].join('\n');

  it('reads every object of a multi-document manifest, skipping empty documents', () => {
    const objs = manifestObjects(MANIFEST);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Service/web',
      'Deployment/web',
      'ClusterRole/reader',
    ]);
    expect(objs.map((o) => objectKey(o, NS))).toEqual([
      '/Service/prod/web',
      'apps/Deployment/other/web',
      'rbac.authorization.k8s.io/ClusterRole//reader',
    ]);
  });

  it('refuses a document that is not an object', () => {
    expect(() => manifestObjects('---\nkind: x\n')).toThrow(/not a Kubernetes object/);
  });

  it('finds the objects the next revision drops, whatever their API version', () => {
    const prev = manifestObjects(MANIFEST);
    const next = manifestObjects(MANIFEST.replace('apps/v1', 'apps/v1beta2').replace(/---\napiVersion: rbac[^]*$/, ''));
    expect(droppedObjects(prev, next, NS).map((o) => o.metadata.name)).toEqual(['reader']);
  });

  it('previews a multi-document manifest end to end', () => {
    const objs = manifestObjects(MANIFEST);
    const { changes } = previewChanges(input(objs.map((o, i) => ({ object: o, live: i === 0 ? liveOf(o) : null }))));
    expect(changes.map((c) => [c.kind, c.action, c.namespace])).toEqual([
      ['ClusterRole', 'ADD', null],
      ['Service', 'UNCHANGED', NS],
      ['Deployment', 'ADD', 'other'],
    ]);
  });
});
