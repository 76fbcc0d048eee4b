/**
 * Scaling in the metadata (pure): while nodes join or leave, the cluster metadata names them as
 * `adding_hosts` / `deleting_hosts` (OpenPitrix's adding-hosts / deleting-hosts), grouped by role
 * like `hosts`, under `cluster` (so the frontgate's etcd holds them too) — an existing node's
 * `scale_out` reads the newcomers there and in `hosts`. Which nodes a task acts on during a
 * scale comes from its input (`nodeIds` only those, `exceptNodeIds` all but those).
 */
import type { ClusterMetadata, MetadataHost } from '../vm-agent.types';

export interface ScalingInput {
  readonly adding: readonly string[];
  readonly deleting: readonly string[];
}

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function scalingOf(input: Readonly<Record<string, unknown>> | null): ScalingInput {
  return { adding: ids(input?.adding), deleting: ids(input?.deleting) };
}

/** `metadata` with `cluster.adding_hosts` / `cluster.deleting_hosts` when nodes join or leave. */
export function withScalingHosts(metadata: ClusterMetadata, scaling: ScalingInput): ClusterMetadata {
  if (scaling.adding.length === 0 && scaling.deleting.length === 0) return metadata;
  const pick = (nodeIds: readonly string[]) => {
    const byRole: Record<string, MetadataHost[]> = {};
    for (const [role, hosts] of Object.entries(metadata.hosts))
      for (const host of hosts) if (nodeIds.includes(host.node_id)) (byRole[role] ??= []).push(host);
    return byRole;
  };
  return {
    ...metadata,
    cluster: {
      ...metadata.cluster,
      ...(scaling.adding.length ? { adding_hosts: pick(scaling.adding) } : {}),
      ...(scaling.deleting.length ? { deleting_hosts: pick(scaling.deleting) } : {}),
    },
  };
}

/** Whether a service task of this input acts on `nodeId`. */
export function selectsNode(input: Readonly<Record<string, unknown>> | null, nodeId: string): boolean {
  const only = input?.nodeIds;
  if (Array.isArray(only)) return only.includes(nodeId);
  const except = input?.exceptNodeIds;
  return !(Array.isArray(except) && except.includes(nodeId));
}
