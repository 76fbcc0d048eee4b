import {
  documentObject,
  isKept,
  manifestObjects,
  objectKey,
  ownershipConflict,
  uninstallOrder,
  withReleaseOwnership,
} from './manifest-objects';
import { previousRevision } from './release-history';
import { droppedObjects } from './tasks/prune.task';
import type { ReleaseRevision } from './deploy-ports';

const MANIFEST = `---
# Source: web/templates/svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80
    targetPort: 8080
---
# Source: web/templates/empty.yaml
# only a comment
---
# Source: web/templates/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    helm.sh/resource-policy: keep
spec:
  replicas: 2
  template:
    metadata:
      labels: { enabled: yes, ratio: 1.50 }
`;

describe('manifestObjects', () => {
  it('reads documents as sigs.k8s.io/yaml does and drops empty ones', () => {
    const objs = manifestObjects(MANIFEST);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/web', 'Deployment/web']);
    const spec = objs[1].spec as { replicas: number; template: { metadata: { labels: Record<string, unknown> } } };
    expect(spec.replicas).toBe(2);
    expect(spec.template.metadata.labels).toEqual({ enabled: true, ratio: 1.5 });
  });

  it('refuses a document that is no object or has no name', () => {
    expect(() => documentObject('apiVersion: v1\nkind: ConfigMap\nmetadata: {}')).toThrow(/metadata.name/);
    expect(() => documentObject('a: [')).toThrow(/not valid YAML/);
  });
});

describe('release ownership', () => {
  const svc = manifestObjects(MANIFEST)[0];

  it("stamps Helm's labels and annotations without losing the object's own", () => {
    const owned = withReleaseOwnership(
      { ...svc, metadata: { ...svc.metadata, labels: { app: 'web' } } },
      'web',
      'prod',
    );
    expect(owned.metadata.labels).toEqual({ app: 'web', 'app.kubernetes.io/managed-by': 'Helm' });
    expect(owned.metadata.annotations).toEqual({
      'meta.helm.sh/release-name': 'web',
      'meta.helm.sh/release-namespace': 'prod',
    });
    expect(svc.metadata.labels).toBeUndefined();
    expect(ownershipConflict(owned, 'web', 'prod')).toBeNull();
  });

  it('names the owner of a conflicting object', () => {
    expect(ownershipConflict(svc, 'web', 'prod')).toMatch(/not managed by a Helm release/);
    expect(ownershipConflict(withReleaseOwnership(svc, 'other', 'prod'), 'web', 'prod')).toMatch(
      /belongs to release "other" in namespace "prod"/,
    );
  });
});

describe('pruning', () => {
  const rev = (version: number, status: ReleaseRevision['status']): ReleaseRevision => ({
    name: 'web',
    namespace: 'prod',
    version,
    status,
    manifest: '',
    hooks: [],
    instanceId: 'i',
    applyMethod: 'ssa',
  });

  it('replaces the last deployed revision below, else the newest below', () => {
    expect(previousRevision([rev(1, 'superseded'), rev(2, 'deployed'), rev(3, 'failed')], 4)?.version).toBe(2);
    expect(previousRevision([rev(1, 'failed'), rev(2, 'failed')], 3)?.version).toBe(2);
    expect(previousRevision([rev(1, 'deployed')], 1)).toBeNull();
  });

  it('deletes dropped objects in uninstall order and keeps resource-policy keep', () => {
    const previous = manifestObjects(
      MANIFEST +
        '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n',
    );
    const desired = new Set([objectKey({ apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'prod' })]);
    expect(isKept(previous[1])).toBe(true);
    expect(droppedObjects(previous, desired, 'prod').map((r) => `${r.kind}/${r.name}`)).toEqual([
      'Ingress/web',
      'ConfigMap/cfg',
    ]);
  });

  it('orders for uninstall like Helm', () => {
    expect(
      uninstallOrder([{ kind: 'Secret' }, { kind: 'Deployment' }, { kind: 'Service' }]).map((k) => k.kind),
    ).toEqual(['Service', 'Deployment', 'Secret']);
  });
});
