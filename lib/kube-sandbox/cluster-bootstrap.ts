import { KubeApiError } from './api/api-errors';
import type { KubeObject } from './api/kube-object.types';
import type { ResourceService } from './core/resource.service';

const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function ensure(svc: ResourceService, groupResource: string, namespace: string, obj: KubeObject): void {
  const type = svc.registry.anyVersionOf(groupResource);
  if (!type) throw new Error(`bootstrap: ${groupResource} is not served`);
  if (svc.store.get(svc.keyOf(type, namespace, String(obj.metadata.name)))) return;
  try {
    svc.create(type, namespace, obj, { fieldManager: 'sandbox-bootstrap' });
  } catch (err) {
    if (!(err instanceof KubeApiError && err.code === 'AlreadyExists')) throw err;
  }
}

function node(name: string, index: number, now: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'sandbox',
      },
    },
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
    status: {
      capacity: { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      allocatable: { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'sandbox kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
      addresses: [
        { type: 'InternalIP', address: `172.18.0.${index + 2}` },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.31.0-marina-sandbox',
        kubeProxyVersion: 'v1.31.0',
        containerRuntimeVersion: 'sandbox://1.0',
        operatingSystem: 'linux',
        architecture: 'amd64',
        osImage: 'Marina sandbox',
        kernelVersion: '6.1.0',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}

/**
 * Creates what every cluster starts with (idempotent, so a restored state is left alone): system
 * namespaces, the sandbox nodes (Ready), the default StorageClass and the `kubernetes` Service.
 */
export function bootstrapCluster(svc: ResourceService, nodeNames: string[]): void {
  for (const ns of systemNamespaces)
    ensure(svc, 'namespaces', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  nodeNames.forEach((name, i) => {
    ensure(svc, 'nodes', '', node(name, i, svc.now()));
    const nodes = svc.registry.anyVersionOf('nodes');
    const stored = nodes ? svc.store.get(svc.keyOf(nodes, '', name)) : undefined;
    if (nodes && stored && !stored.status)
      svc.update(
        nodes,
        '',
        name,
        { ...node(name, i, svc.now()), metadata: stored.metadata },
        { fieldManager: 'sandbox-kubelet', subresource: 'status' },
      );
  });
  ensure(svc, 'storageclasses.storage.k8s.io', '', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'sandbox.marina.io/hostpath',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
  });
  ensure(svc, 'services', 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
  });
}
