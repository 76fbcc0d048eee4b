import type { KubeObject } from '../../drivers/kubernetes/kube-object.types';
import { addressesOf, claimPhase, loadBalancerOf } from './resource-objects';

const owner = { workspaceId: 'w1', instanceId: 'i1' };

describe('runtime resource objects', () => {
  it('labels what Marina creates with workspace and instance', () => {
    const svc = loadBalancerOf(
      { layer: 'L4', name: 'web', serviceType: 'NodePort', ports: [], selector: { app: 'x' } },
      'ns',
      owner,
    );
    expect(svc.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'marina',
      'marina.io/workspace': 'w1',
      'marina.io/instance': 'i1',
    });
  });

  it('reports where a load balancer is reached', () => {
    const service = (type: string, extra: Record<string, unknown> = {}): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { type, clusterIP: '10.0.0.5', ports: [{ port: 80, nodePort: 30080 }] },
      ...extra,
    });
    expect(addressesOf(service('NodePort'), ['172.18.0.2', '172.18.0.3'])).toEqual([
      '172.18.0.2:30080',
      '172.18.0.3:30080',
    ]);
    expect(addressesOf(service('ClusterIP'), [])).toEqual(['10.0.0.5:80']);
    expect(
      addressesOf(service('LoadBalancer', { status: { loadBalancer: { ingress: [{ ip: '192.0.2.9' }] } } }), []),
    ).toEqual(['192.0.2.9:80']);
    const ingress: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'i' },
      spec: { rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }, { host: 'a.example.com' }] },
    };
    expect(addressesOf(ingress, [])).toEqual(['a.example.com', 'b.example.com']);
    expect(addressesOf(null, [])).toEqual([]);
  });

  it('reads a claim phase', () => {
    expect(claimPhase(null)).toBe('Missing');
    expect(claimPhase({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' } })).toBe('Pending');
    expect(
      claimPhase({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'c' },
        status: { phase: 'Bound' },
      }),
    ).toBe('Bound');
  });
});
