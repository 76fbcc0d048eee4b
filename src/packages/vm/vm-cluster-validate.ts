import { JsonChecker } from '../package-json-checks';
import { IssueCollector, isObject, ptr, type JsonObject } from '../package-issues';
import type { PackageIssue } from '../package-error';
import { checkHealth, checkServices } from './vm-cluster-services';
import type { ClusterDefinition, ClusterRole, ClusterVolume } from './vm-types';

export const CLUSTER_FILE = 'cluster.json';

/** Keys of OpenPitrix's cluster schema plus fields its ClusterConf struct and AppCenter use. */
const CLUSTER_KEYS = new Set([
  'name',
  'description',
  'subnet',
  'vxnet',
  'nodes',
  'env',
  'advanced_actions',
  'incremental_backup_supported',
  'links',
  'backup_policy',
  'upgrade_policy',
  'endpoints',
  'metadata_root_access',
  'health_check',
  'monitor',
  'display_tabs',
  'app_id',
  'version_id',
  'global_uuid',
  'debug',
]);
const NODE_KEYS = new Set([
  'role',
  'container',
  'count',
  'cpu',
  'memory',
  'gpu',
  'instance_type',
  'instance_class',
  'volume',
  'replica',
  'vertical_scaling_policy',
  'server_id_upper_bound',
  'env',
  'services',
  'loadbalancer',
  'advanced_actions',
  'passphraseless',
  'user_access',
  'agent_installed',
  'custom_metadata',
  'health_check',
  'monitor',
]);
const CONTAINER_KEYS = new Set(['type', 'image', 'zone']);
const VOLUME_KEYS = new Set(['size', 'mount_point', 'filesystem', 'mount_options', 'instance_size', 'class']);
const CLUSTER_ACTIONS = ['change_subnet', 'scale_horizontal', 'add_nodes', 'associate_eip'] as const;
const MOUNT_POINT = /^\/.*$|^[d-z]:$/;

export type ClusterValidation =
  { ok: true; cluster: ClusterDefinition } | { ok: false; issues: readonly PackageIssue[] };

/**
 * Validates a rendered cluster.json against OpenPitrix's cluster schema (required name,
 * description, subnet and nodes; per-role container, count 0–200, resources, volume, services,
 * env, health_check; unknown keys rejected), accepting the ClusterConf fields the schema omits
 * and AppCenter's `vxnet`/`instance_class`/custom services. Returns typed roles with defaults.
 */
export function validateCluster(raw: unknown): ClusterValidation {
  const c = new JsonChecker(new IssueCollector(CLUSTER_FILE, 'INVALID_CLUSTER'));
  if (!isObject(raw)) {
    c.issues.add('', 'cluster.json must be a JSON object');
    return { ok: false, issues: c.issues.issues };
  }
  c.onlyKeys(raw, '', CLUSTER_KEYS);
  const subnetKey = raw.subnet === undefined && raw.vxnet !== undefined ? 'vxnet' : 'subnet';
  const name = c.str(raw, 'name', '', { required: true });
  const description = c.str(raw, 'description', '', { required: true });
  const subnet = c.str(raw, subnetKey, '', { required: true });
  const nodes = (c.arr(raw, 'nodes', '', { required: true, maxItems: 100 }) ?? []).map((n, i) =>
    checkNode(c, n, ptr('/nodes', i)),
  );
  if (raw.nodes !== undefined && Array.isArray(raw.nodes) && raw.nodes.length === 0)
    c.issues.add('/nodes', 'at least one node role is required');
  checkUniqueRoles(c, nodes);
  const health = c.obj(raw, 'health_check', '');
  const cluster: ClusterDefinition = {
    name: name ?? '',
    description: description ?? '',
    subnet: subnet ?? '',
    nodes: nodes.filter((n): n is ClusterRole => n !== null),
    env: c.obj(raw, 'env', '') ?? {},
    links: checkLinks(c, raw),
    advancedActions: c.strings(raw, 'advanced_actions', '', { unique: true, oneOf: CLUSTER_ACTIONS }) ?? [],
    healthCheck: health ? checkHealth(c, health, '/health_check') : undefined,
    endpoints: checkEndpoints(c, raw),
  };
  checkMisc(c, raw);
  return c.issues.ok ? { ok: true, cluster } : { ok: false, issues: c.issues.issues };
}

function checkMisc(c: JsonChecker, raw: JsonObject): void {
  c.bool(raw, 'incremental_backup_supported', '');
  c.bool(raw, 'metadata_root_access', '');
  c.bool(raw, 'debug', '');
  c.str(raw, 'backup_policy', '');
  c.strings(raw, 'upgrade_policy', '');
  c.obj(raw, 'monitor', '');
  c.obj(raw, 'display_tabs', '');
}

function checkNode(c: JsonChecker, raw: unknown, at: string): ClusterRole | null {
  if (!isObject(raw)) {
    c.issues.add(at, 'each node must be an object');
    return null;
  }
  c.onlyKeys(raw, at, NODE_KEYS);
  const container = checkContainer(c, c.obj(raw, 'container', at, true), ptr(at, 'container'));
  const count = c.int(raw, 'count', at, { required: true, min: 0, max: 200 });
  const volume = c.obj(raw, 'volume', at);
  const services = c.obj(raw, 'services', at);
  const health = c.obj(raw, 'health_check', at);
  const res = (key: string) => c.int(raw, key, at, { min: 0 });
  // Every field is checked (and every problem recorded) before deciding whether a role results.
  const fields = {
    role: c.str(raw, 'role', at) ?? '',
    cpu: res('cpu'),
    memory: res('memory'),
    gpu: res('gpu'),
    instanceClass: res('instance_class'),
    volume: volume ? checkVolume(c, volume, ptr(at, 'volume')) : undefined,
    replica: c.int(raw, 'replica', at, { min: 0, max: 20 }) ?? 0,
    env: c.obj(raw, 'env', at) ?? {},
    services: services ? checkServices(c, services, ptr(at, 'services')) : {},
    healthCheck: health ? checkHealth(c, health, ptr(at, 'health_check')) : undefined,
    verticalScalingPolicy: c.str(raw, 'vertical_scaling_policy', at, {
      oneOf: ['sequential', 'parallel'],
    }) as ClusterRole['verticalScalingPolicy'],
    advancedActions: c.strings(raw, 'advanced_actions', at, { unique: true }) ?? [],
  };
  const role: ClusterRole | null = container && count !== undefined ? { ...fields, container, count } : null;
  checkNodeMisc(c, raw, at);
  return role;
}

function checkNodeMisc(c: JsonChecker, raw: JsonObject, at: string): void {
  c.str(raw, 'instance_type', at);
  c.int(raw, 'server_id_upper_bound', at, { min: 1 });
  c.str(raw, 'passphraseless', at, { oneOf: ['ssh-dsa', 'ssh-rsa'] });
  c.bool(raw, 'user_access', at);
  c.bool(raw, 'agent_installed', at);
  c.obj(raw, 'custom_metadata', at);
  c.obj(raw, 'monitor', at);
  c.arr(raw, 'loadbalancer', at);
}

function checkContainer(c: JsonChecker, raw: JsonObject | undefined, at: string): ClusterRole['container'] | undefined {
  if (!raw) return undefined;
  c.onlyKeys(raw, at, CONTAINER_KEYS);
  const type = c.str(raw, 'type', at, { required: true, oneOf: ['kvm', 'docker', 'lxc', 'bm'] });
  const image = c.str(raw, 'image', at, { required: true, maxLength: 2048, nonBlank: true });
  const zone = c.str(raw, 'zone', at);
  return type && image ? { type: type as ClusterRole['container']['type'], image, zone } : undefined;
}

function checkVolume(c: JsonChecker, raw: JsonObject, at: string): ClusterVolume {
  c.onlyKeys(raw, at, VOLUME_KEYS);
  const filesystem = (c.str(raw, 'filesystem', at, { oneOf: ['ext4', 'xfs', 'ntfs'] }) ??
    'ext4') as ClusterVolume['filesystem'];
  const mp = raw.mount_point;
  const points = mp === undefined || mp === null ? ['/data'] : Array.isArray(mp) ? mp : [mp];
  if (!points.every((p) => typeof p === 'string' && MOUNT_POINT.test(p)) || new Set(points).size !== points.length) {
    c.issues.add(
      ptr(at, 'mount_point'),
      '"mount_point" must be an absolute path or drive letter (or a list of unique ones)',
    );
  }
  c.int(raw, 'instance_size', at, { min: 0 });
  c.int(raw, 'class', at, { min: 0 });
  return {
    size: c.int(raw, 'size', at, { min: 0 }) ?? 0,
    mountPoint: points.filter((p): p is string => typeof p === 'string'),
    filesystem,
    mountOptions:
      c.str(raw, 'mount_options', at, { maxLength: 100 }) ??
      (filesystem === 'xfs' ? 'rw,noatime,inode64,allocsize=16m' : 'defaults,noatime'),
  };
}

function checkUniqueRoles(c: JsonChecker, nodes: readonly (ClusterRole | null)[]): void {
  const seen = new Set<string>();
  nodes.forEach((n, i) => {
    if (!n) return;
    if (seen.has(n.role)) c.issues.add(ptr(ptr('/nodes', i), 'role'), `role "${n.role}" is defined more than once`);
    seen.add(n.role);
  });
}

function checkLinks(c: JsonChecker, raw: JsonObject): Record<string, string> {
  const links = c.obj(raw, 'links', '') ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(links)) {
    if (v === null || v === '') continue; // an unset optional link
    if (typeof v !== 'string') c.issues.add(ptr('/links', k), 'a link must be a cluster id string');
    else out[k] = v;
  }
  return out;
}

function checkEndpoints(c: JsonChecker, raw: JsonObject): ClusterDefinition['endpoints'] {
  const eps = c.obj(raw, 'endpoints', '') ?? {};
  const out: Record<string, { port: number; protocol: string }> = {};
  for (const [name, ep] of Object.entries(eps)) {
    const at = ptr('/endpoints', name);
    if (!isObject(ep)) {
      c.issues.add(at, 'an endpoint must be an object');
      continue;
    }
    c.onlyKeys(ep, at, new Set(['port', 'protocol']));
    const port = c.int(ep, 'port', at, { required: true, min: 0, max: 65535 });
    if (port !== undefined) out[name] = { port, protocol: c.str(ep, 'protocol', at) ?? 'tcp' };
  }
  return out;
}
