import type { KubeObject } from '../kube-object.types';
import { convertForCluster, servedBy, UnsupportedApiError } from './api-conversion';

/** Discovery of a current cluster (1.32-like): no beta workload or ingress APIs. */
const served = servedBy([
  'v1',
  'v1/Service',
  'v1/ConfigMap',
  'apps/v1',
  'apps/v1/Deployment',
  'apps/v1/DaemonSet',
  'apps/v1/ReplicaSet',
  'apps/v1/StatefulSet',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1/Ingress',
]);

const es = (): KubeObject => ({
  apiVersion: 'apps/v1beta1',
  kind: 'Deployment',
  metadata: { name: 'es', labels: { app: 'es' } },
  spec: {
    rollbackTo: { revision: 1 },
    template: {
      metadata: { labels: { app: 'es', tier: 'search' } },
      spec: { containers: [{ name: 'es', image: 'es' }] },
    },
  },
});

const refused = (objects: KubeObject[]): string[] => {
  try {
    convertForCluster(objects, served);
  } catch (err) {
    if (err instanceof UnsupportedApiError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('convertForCluster', () => {
  it('leaves served objects as they are, without warnings', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} };
    expect(convertForCluster([svc], served)).toEqual({ objects: [svc], warnings: [] });
  });

  it('converts an apps/v1beta1 Deployment to apps/v1, defaulting the selector to the template labels', () => {
    const input = es();
    const { objects, warnings } = convertForCluster([input], served);
    expect(objects[0]).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      spec: { selector: { matchLabels: { app: 'es', tier: 'search' } } },
    });
    expect(objects[0].spec).not.toHaveProperty('rollbackTo');
    expect(input.apiVersion).toBe('apps/v1beta1'); // the input is not changed
    expect(warnings).toEqual([
      "document 1 (Deployment es): apps/v1beta1 is not served by the cluster; converted to apps/v1 (spec.selector defaulted to the pod template's labels; spec.rollbackTo dropped)",
    ]);
  });

  it('keeps a given selector and the old default update strategies', () => {
    const ds: KubeObject = {
      apiVersion: 'extensions/v1beta1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        templateGeneration: 3,
        template: { metadata: { labels: { app: 'agent', x: 'y' } } },
      },
    };
    const sts: KubeObject = {
      apiVersion: 'apps/v1beta1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { template: { metadata: { labels: { app: 'db' } } } },
    };
    const rs: KubeObject = { ...sts, apiVersion: 'apps/v1beta2', kind: 'ReplicaSet', metadata: { name: 'rs' } };
    const { objects } = convertForCluster([ds, sts, rs], served, (i) => `t.yaml#${i + 1}`);
    expect(objects[0].spec).toEqual({
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent', x: 'y' } } },
      updateStrategy: { type: 'OnDelete' },
    });
    expect(objects[1].spec).toMatchObject({
      updateStrategy: { type: 'OnDelete' },
      selector: { matchLabels: { app: 'db' } },
    });
    expect(objects[2]).toMatchObject({ apiVersion: 'apps/v1' });
    expect(objects[2].spec).not.toHaveProperty('updateStrategy');
  });

  it('converts old Ingresses to networking.k8s.io/v1 backends and path types', () => {
    const ing: KubeObject = {
      apiVersion: 'extensions/v1beta1',
      kind: 'Ingress',
      metadata: { name: 'web' },
      spec: {
        backend: { serviceName: 'default', servicePort: 80 },
        rules: [
          {
            host: 'a.example',
            http: {
              paths: [
                { path: '/', backend: { serviceName: 'web', servicePort: 'http' } },
                { path: '/api', pathType: 'Prefix', backend: { serviceName: 'api', servicePort: '8080' } },
              ],
            },
          },
        ],
      },
    };
    const { objects, warnings } = convertForCluster([ing, { ...ing, apiVersion: 'networking.k8s.io/v1beta1' }], served);
    expect(objects[0]).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web' },
      spec: {
        defaultBackend: { service: { name: 'default', port: { number: 80 } } },
        rules: [
          {
            host: 'a.example',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'ImplementationSpecific',
                  backend: { service: { name: 'web', port: { name: 'http' } } },
                },
                { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 8080 } } } },
              ],
            },
          },
        ],
      },
    });
    expect(objects[1].apiVersion).toBe('networking.k8s.io/v1');
    expect(warnings[1]).toContain(
      'networking.k8s.io/v1beta1 is not served by the cluster; converted to networking.k8s.io/v1',
    );
  });

  it('refuses kinds without a safe conversion, naming every document and kind', () => {
    const psp: KubeObject = { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'strict' } };
    const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const noLabels: KubeObject = {
      apiVersion: 'extensions/v1beta1',
      kind: 'Deployment',
      metadata: { name: 'bare' },
      spec: {},
    };
    const badIngress: KubeObject = {
      apiVersion: 'extensions/v1beta1',
      kind: 'Ingress',
      metadata: { name: 'i' },
      spec: { rules: [{ http: { paths: [{ backend: { servicePort: 80 } }] } }] },
    };
    expect(refused([es(), psp, widget, noLabels, badIngress])).toEqual([
      'document 2 (PodSecurityPolicy strict): policy/v1beta1 PodSecurityPolicy is not served by the cluster and has no safe conversion to a served version',
      'document 3 (Widget w): example.com/v1 Widget is not served by the cluster and has no safe conversion to a served version',
      'document 4 (Deployment bare): it has no spec.selector and its pod template has no labels to default one from (apps/v1 requires a selector)',
      'document 5 (Ingress i): spec.rules[0].http.paths[0].backend: serviceName is missing',
    ]);
  });

  it('refuses a conversion whose target the cluster does not serve either', () => {
    const old = servedBy(['v1', 'v1/Service']);
    expect(() => convertForCluster([es()], old)).toThrow('nor is apps/v1');
  });

  it('keeps old versions a cluster still serves', () => {
    const legacy = servedBy(['apps/v1beta1', 'apps/v1beta1/Deployment']);
    expect(convertForCluster([es()], legacy).warnings).toEqual([]);
  });
});
