/**
 * The key layout of cluster metadata in etcd (pure): under `<prefix><cluster id>/`
 *   cluster                    → metadata.cluster
 *   hosts/<role>/<node_id>     → one MetadataHost
 *   env/<role>                 → that role's env (`*` for the cluster's own)
 *   links                      → metadata.links
 * every value JSON. `toEntries` and `fromEntries` are inverses (hosts per role ordered by node_id).
 */
import { DriverError } from '../../../jobs/errors';
import type { ClusterMetadata, MetadataHost } from '../vm-agent.types';

export const DEFAULT_METADATA_PREFIX = '/clusters/';

const SEGMENT = /^[A-Za-z0-9_.:*-]+$/;

function segment(kind: string, value: string): string {
  if (!SEGMENT.test(value) || value === '.' || value === '..') {
    throw new DriverError(
      'INVALID_METADATA',
      `${kind} "${value}" cannot be an etcd key segment (letters, digits, _ . : * - only)`,
      false,
    );
  }
  return value;
}

/** `<prefix><cluster id>/`: the range register replaces and deregister deletes. */
export function clusterKeyPrefix(prefix: string, clusterId: string): string {
  return `${prefix}${segment('cluster id', clusterId)}/`;
}

export function toEntries(prefix: string, clusterId: string, metadata: ClusterMetadata): Array<[string, string]> {
  const base = clusterKeyPrefix(prefix, clusterId);
  const entries: Array<[string, string]> = [[`${base}cluster`, JSON.stringify(metadata.cluster)]];
  for (const [role, hosts] of Object.entries(metadata.hosts)) {
    const seen = new Set<string>();
    for (const host of hosts) {
      if (seen.has(host.node_id)) {
        throw new DriverError('INVALID_METADATA', `node "${host.node_id}" is listed twice in role "${role}"`, false);
      }
      seen.add(host.node_id);
      entries.push([`${base}hosts/${segment('role', role)}/${segment('node id', host.node_id)}`, JSON.stringify(host)]);
    }
  }
  for (const [role, env] of Object.entries(metadata.env)) {
    entries.push([`${base}env/${segment('role', role)}`, JSON.stringify(env)]);
  }
  entries.push([`${base}links`, JSON.stringify(metadata.links)]);
  return entries;
}

/** Reassembles metadata from the keys under the cluster's prefix; null when no `cluster` key is there. */
export function fromEntries(
  prefix: string,
  clusterId: string,
  entries: ReadonlyArray<readonly [string, string]>,
): ClusterMetadata | null {
  const base = clusterKeyPrefix(prefix, clusterId);
  let cluster: ClusterMetadata['cluster'] | undefined;
  let links: Record<string, string> = {};
  const hosts: Record<string, MetadataHost[]> = {};
  const env: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of entries) {
    if (!key.startsWith(base)) continue;
    const parts = key.slice(base.length).split('/');
    const parsed = JSON.parse(value) as unknown;
    if (parts.length === 1 && parts[0] === 'cluster') cluster = parsed as ClusterMetadata['cluster'];
    else if (parts.length === 1 && parts[0] === 'links') links = parsed as Record<string, string>;
    else if (parts.length === 3 && parts[0] === 'hosts') (hosts[parts[1]] ??= []).push(parsed as MetadataHost);
    else if (parts.length === 2 && parts[0] === 'env') env[parts[1]] = parsed as Record<string, unknown>;
  }
  if (!cluster) return null;
  for (const list of Object.values(hosts))
    list.sort((a, b) => (a.node_id < b.node_id ? -1 : a.node_id > b.node_id ? 1 : 0));
  return { cluster, hosts, env, links };
}
