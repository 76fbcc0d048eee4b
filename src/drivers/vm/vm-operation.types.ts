/**
 * The VM part of an InstanceOperation (`op.vm`): what the VM planner and tasks need, computed by
 * the instance service when the operation starts (the cluster rendered from the version's
 * cluster.json.tmpl with the instance's config and validated). Plain JSON, never a secret.
 */

/** One lifecycle command of a role, as the tasks run it. */
export interface VmRoleService {
  readonly cmd: string;
  readonly order: number;
  readonly timeoutSec: number;
  /** Run on at most this many nodes of the role (OpenPitrix `nodes_to_execute_on`); all when absent. */
  readonly nodesToExecuteOn?: number;
}

export interface VmRoleVolume {
  readonly sizeGiB: number;
  readonly mountPoint: string;
  readonly filesystem: 'ext4' | 'xfs';
  readonly mountOptions: string;
}

/** One role of the cluster. */
export interface VmRoleSpec {
  readonly role: string;
  readonly imageId: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly count: number;
  readonly volume?: VmRoleVolume;
  readonly env: Readonly<Record<string, unknown>>;
  /** Services by name (init, start, stop, destroy, …); only those with a command. */
  readonly services: Readonly<Record<string, VmRoleService>>;
  readonly healthCheckCmd?: string;
  /** The role's `health_check` as the package gives it (run by the VM health observer). */
  readonly health?: import('./health/health-state').RawHealthCheck;
}

/** One node the cluster should have: its id is stable across operations (`<role>-<n>`). */
export interface VmNodeSpec {
  readonly nodeId: string;
  readonly role: string;
}

export interface VmOperation {
  /** The metadata's cluster id (the instance id). */
  readonly clusterId: string;
  readonly name: string;
  readonly appVersion: string;
  /** The runtime's zone the nodes are created in. */
  readonly zone: string;
  /** The subnet (VPC network) of the cluster and its frontgate; empty for the runtime default. */
  readonly subnetId: string;
  readonly roles: readonly VmRoleSpec[];
  readonly nodes: readonly VmNodeSpec[];
  /** The cluster's own env (`env["*"]` in the metadata). */
  readonly env: Readonly<Record<string, unknown>>;
  readonly links: Readonly<Record<string, string>>;
  /** The owner (keys and frontgates are per owner and runtime). */
  readonly ownerId: string;
  /** scale / resize: what changes (src/drivers/vm/vm-ops.types.ts). */
  readonly change?: import('./vm-ops.types').VmChange;
}

/** Node ids of `count` nodes of `role`, numbered from 1 (`Wordpress` → `wordpress-1`). */
export function nodeIdsOf(role: string, count: number, from = 1): string[] {
  const base = role
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 40);
  return Array.from({ length: count }, (_, i) => `${base}-${from + i}`);
}
