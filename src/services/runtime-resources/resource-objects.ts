/**
 * Kubernetes objects of runtime resources and what the cluster answers about them (volume phase,
 * load balancer addresses). Marina labels everything it creates here so a look at the cluster
 * shows whose it is; authorisation still reads the runtime_resources table, never these labels.
 */
import type { KubeObject } from '../../drivers/kubernetes/kube-object.types';
import type { ConfigFileSpec, LoadBalancerSpec, VolumeSpec } from './resource-input';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'marina';
export const WORKSPACE_LABEL = 'marina.io/workspace';
export const INSTANCE_LABEL = 'marina.io/instance';

export interface Owner {
  readonly workspaceId: string;
  readonly instanceId: string | null;
}

function metadata(name: string, namespace: string, owner: Owner) {
  return {
    name,
    namespace,
    labels: {
      [MANAGED_BY_LABEL]: MANAGED_BY,
      [WORKSPACE_LABEL]: owner.workspaceId,
      ...(owner.instanceId ? { [INSTANCE_LABEL]: owner.instanceId } : {}),
    },
  };
}

export function configMapOf(spec: ConfigFileSpec, namespace: string, owner: Owner): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata(spec.name, namespace, owner),
    data: { ...spec.data },
  };
}

export function claimOf(spec: VolumeSpec, namespace: string, owner: Owner): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: metadata(spec.name, namespace, owner),
    spec: {
      accessModes: [spec.accessMode],
      resources: { requests: { storage: spec.size } },
      ...(spec.storageClass ? { storageClassName: spec.storageClass } : {}),
    },
  };
}

export function loadBalancerOf(spec: LoadBalancerSpec, namespace: string, owner: Owner): KubeObject {
  if (spec.layer === 'L4')
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(spec.name, namespace, owner),
      spec: {
        type: spec.serviceType,
        selector: { ...spec.selector },
        ports: spec.ports.map((p) => ({
          name: p.name,
          port: p.port,
          targetPort: p.targetPort,
          protocol: p.protocol,
          ...(p.nodePort !== null ? { nodePort: p.nodePort } : {}),
        })),
      },
    };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: metadata(spec.name, namespace, owner),
    spec: {
      ...(spec.ingressClassName ? { ingressClassName: spec.ingressClassName } : {}),
      rules: spec.rules.map((r) => ({
        host: r.host,
        http: {
          paths: r.paths.map((p) => ({
            path: p.path,
            pathType: 'Prefix',
            backend: { service: { name: p.serviceName, port: { number: p.servicePort } } },
          })),
        },
      })),
    },
  };
}

type Json = Record<string, unknown>;
const get = (o: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k as string] : undefined), o);

/** `status.phase` of a PersistentVolumeClaim ("Pending", "Bound", …); "Missing" when it is gone. */
export function claimPhase(live: KubeObject | null): string {
  if (!live) return 'Missing';
  const phase = get(live, 'status', 'phase');
  return typeof phase === 'string' ? phase : 'Pending';
}

/**
 * Where a load balancer is reached: NodePort → every node address with each node port;
 * LoadBalancer → the ingress IPs (or host names) with each port; ClusterIP → the cluster IP with
 * each port; Ingress → its hosts (with the controller's address when it has one).
 */
export function addressesOf(live: KubeObject | null, nodeAddresses: readonly string[]): string[] {
  if (!live) return [];
  if (live.kind === 'Ingress') {
    const hosts = ((get(live, 'spec', 'rules') as Json[] | undefined) ?? []).map((r) => String(r.host));
    return [...new Set(hosts)];
  }
  const ports = (get(live, 'spec', 'ports') as Json[] | undefined) ?? [];
  const type = get(live, 'spec', 'type');
  if (type === 'NodePort') return nodeAddresses.flatMap((node) => ports.map((p) => `${node}:${String(p.nodePort)}`));
  if (type === 'LoadBalancer') {
    const ingress = (get(live, 'status', 'loadBalancer', 'ingress') as Json[] | undefined) ?? [];
    return ingress.flatMap((i) => ports.map((p) => `${String(i.ip ?? i.hostname)}:${String(p.port)}`));
  }
  const clusterIp = get(live, 'spec', 'clusterIP');
  return typeof clusterIp === 'string' && clusterIp !== 'None'
    ? ports.map((p) => `${clusterIp}:${String(p.port)}`)
    : [];
}

/** The Ingress controller's address of an Ingress (null until it has one). */
export function ingressAddress(live: KubeObject | null): string | null {
  const first = (get(live, 'status', 'loadBalancer', 'ingress', 0) ?? null) as Json | null;
  return first ? String(first.ip ?? first.hostname) : null;
}
