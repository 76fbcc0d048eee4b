/**
 * A rendered, validated cluster.json as the VM part of an operation (pure): roles with image, cpu,
 * memory (MiB), count, volume and the services that have a command; one node per count.
 */
import type { ClusterDefinition, ClusterRole } from '../../packages/vm/vm-types';
import { nodeIdsOf, type VmOperation, type VmRoleService, type VmRoleSpec } from './vm-operation.types';

/** OpenPitrix's defaults when a role names no cpu or memory. */
export const DEFAULT_CPU = 1;
export const DEFAULT_MEMORY_MIB = 1024;
const DEFAULT_MOUNT_POINT = '/data';

export interface VmPlacement {
  readonly clusterId: string;
  readonly name: string;
  readonly appVersion: string;
  readonly zone: string;
  /** The runtime's default subnet; the cluster's own `subnet` wins when set. */
  readonly subnetId: string;
  readonly ownerId: string;
}

export function vmOperationFromCluster(cluster: ClusterDefinition, at: VmPlacement): VmOperation {
  const roles = cluster.nodes.map(roleSpec);
  return {
    clusterId: at.clusterId,
    name: at.name,
    appVersion: at.appVersion,
    zone: at.zone,
    subnetId: cluster.subnet || at.subnetId,
    roles,
    nodes: roles.flatMap((r) => nodeIdsOf(r.role, r.count).map((nodeId) => ({ nodeId, role: r.role }))),
    env: { ...cluster.env },
    links: { ...cluster.links },
    ownerId: at.ownerId,
  };
}

function roleSpec(role: ClusterRole): VmRoleSpec {
  const services: Record<string, VmRoleService> = {};
  for (const [name, s] of Object.entries(role.services)) {
    if (!s.cmd) continue;
    services[name] = {
      cmd: s.cmd,
      order: s.order,
      timeoutSec: s.timeout,
      ...(s.nodesToExecuteOn ? { nodesToExecuteOn: s.nodesToExecuteOn } : {}),
    };
  }
  return {
    role: role.role,
    imageId: role.container.image,
    cpu: role.cpu ?? DEFAULT_CPU,
    memoryMiB: role.memory ?? DEFAULT_MEMORY_MIB,
    count: role.count,
    ...(role.volume && role.volume.size > 0
      ? {
          volume: {
            sizeGiB: role.volume.size,
            mountPoint: role.volume.mountPoint[0] ?? DEFAULT_MOUNT_POINT,
            filesystem: role.volume.filesystem === 'xfs' ? 'xfs' : 'ext4',
            mountOptions: role.volume.mountOptions,
          },
        }
      : {}),
    env: { ...role.env },
    services,
    ...(role.healthCheck?.enable && role.healthCheck.checkCmd ? { healthCheckCmd: role.healthCheck.checkCmd } : {}),
    ...(role.healthCheck ? { health: { ...role.healthCheck } } : {}),
  };
}
