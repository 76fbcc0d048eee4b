/**
 * The cluster metadata registered in the frontgate's etcd and each node's view of it
 * (MARINA_METADATA_FILE), built from the operation and the live nodes (pure).
 */
import { clusterKeyPrefix } from '../agent/metadata-keys';
import type { ClusterMetadata, MetadataHost, ServiceEnv } from '../vm-agent.types';
import type { VmOperation } from '../vm-operation.types';
import type { ClusterNode } from './vm-context';

export function clusterMetadata(vm: VmOperation, nodes: readonly ClusterNode[]): ClusterMetadata {
  const hosts: Record<string, MetadataHost[]> = {};
  for (const role of vm.roles) hosts[role.role] = [];
  for (const node of [...nodes].sort((a, b) => a.nodeId.localeCompare(b.nodeId, 'en', { numeric: true }))) {
    const role = vm.roles.find((r) => r.role === node.role);
    (hosts[node.role] ??= []).push({
      node_id: node.nodeId,
      instance_id: node.instanceId,
      ip: node.ip,
      role: node.role,
      cpu: role?.cpu ?? 0,
      memory: role?.memoryMiB ?? 0,
      ...(role?.volume ? { volume_size: role.volume.sizeGiB } : {}),
    });
  }
  const env: Record<string, Record<string, unknown>> = { '*': { ...vm.env } };
  for (const role of vm.roles) env[role.role] = { ...role.env };
  return {
    cluster: {
      cluster_id: vm.clusterId,
      name: vm.name,
      app_version: vm.appVersion,
      zone: vm.zone,
      subnet: vm.subnetId,
    },
    hosts,
    env,
    links: { ...vm.links },
  };
}

/** The env every service command of `node` runs with (PRODUCT.md H3). */
export function serviceEnv(
  vm: VmOperation,
  node: ClusterNode,
  opts: { metadataFile: string; etcdEndpoints: readonly string[]; etcdPrefix: string },
): ServiceEnv {
  return {
    MARINA_CLUSTER_ID: vm.clusterId,
    MARINA_ROLE: node.role,
    MARINA_NODE_ID: node.nodeId,
    MARINA_METADATA_FILE: opts.metadataFile,
    MARINA_ETCD_ENDPOINTS: opts.etcdEndpoints.join(','),
    MARINA_ETCD_PREFIX: clusterKeyPrefix(opts.etcdPrefix, vm.clusterId),
  };
}
