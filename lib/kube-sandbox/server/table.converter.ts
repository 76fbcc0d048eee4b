import { getPath, isJsonObject, type JsonObject, type JsonValue, type KubeObject } from '../api/kube-object.types';
import { groupResourceOf, type ResourceType } from '../api/resource-type';

type Cell = string | number | boolean | null;
interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  cell(o: KubeObject): Cell;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const str = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

function age(o: KubeObject): string {
  const created = Date.parse(String(o.metadata.creationTimestamp ?? ''));
  if (Number.isNaN(created)) return '<unknown>';
  const s = Math.max(0, Math.floor((Date.now() - created) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 3600 * 3) return `${Math.floor(s / 60)}m`;
  if (s < 86400 * 2) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const name: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => String(o.metadata.name) };
const ageCol: Column = { name: 'Age', type: 'string', cell: age };

function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  for (const c of list(getPath(o, ['status', 'containerStatuses']))) {
    const waiting = getPath(c, ['state', 'waiting', 'reason']);
    if (typeof waiting === 'string' && waiting !== 'ContainerCreating') return waiting;
    const terminated = getPath(c, ['state', 'terminated', 'reason']);
    if (typeof terminated === 'string' && getPath(o, ['status', 'phase']) !== 'Succeeded') return terminated;
  }
  const phase = str(getPath(o, ['status', 'phase']));
  if (phase === 'Succeeded') return 'Completed';
  if (phase === 'Pending' && getPath(o, ['spec', 'nodeName'])) return 'ContainerCreating';
  return phase || 'Unknown';
}

function servicePorts(o: KubeObject): string {
  const ports = list(getPath(o, ['spec', 'ports'])).map(
    (p) => `${str(p.port)}${p.nodePort ? `:${str(p.nodePort)}` : ''}/${str(p.protocol ?? 'TCP')}`,
  );
  return ports.length ? ports.join(',') : '<none>';
}

function externalIp(o: KubeObject): string {
  const type = getPath(o, ['spec', 'type']);
  const ingress = list(getPath(o, ['status', 'loadBalancer', 'ingress'])).map((i) => str(i.ip ?? i.hostname));
  if (type === 'LoadBalancer') return ingress.length ? ingress.join(',') : '<pending>';
  if (type === 'ExternalName') return str(getPath(o, ['spec', 'externalName']));
  return '<none>';
}

const columnsByResource: Record<string, Column[]> = {
  pods: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) =>
        `${list(getPath(o, ['status', 'containerStatuses'])).filter((c) => c.ready === true).length}/${list(getPath(o, ['spec', 'containers'])).length}`,
    },
    { name: 'Status', type: 'string', cell: podStatus },
    {
      name: 'Restarts',
      type: 'string',
      cell: (o) =>
        String(list(getPath(o, ['status', 'containerStatuses'])).reduce((n, c) => n + num(c.restartCount), 0)),
    },
    ageCol,
    { name: 'IP', type: 'string', priority: 1, cell: (o) => str(getPath(o, ['status', 'podIP'])) || '<none>' },
    { name: 'Node', type: 'string', priority: 1, cell: (o) => str(getPath(o, ['spec', 'nodeName'])) || '<none>' },
  ],
  'deployments.apps': [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(getPath(o, ['status', 'readyReplicas']))}/${num(getPath(o, ['spec', 'replicas']))}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(getPath(o, ['status', 'updatedReplicas'])) },
    { name: 'Available', type: 'integer', cell: (o) => num(getPath(o, ['status', 'availableReplicas'])) },
    ageCol,
  ],
  'replicasets.apps': [
    name,
    { name: 'Desired', type: 'integer', cell: (o) => num(getPath(o, ['spec', 'replicas'])) },
    { name: 'Current', type: 'integer', cell: (o) => num(getPath(o, ['status', 'replicas'])) },
    { name: 'Ready', type: 'integer', cell: (o) => num(getPath(o, ['status', 'readyReplicas'])) },
    ageCol,
  ],
  'statefulsets.apps': [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(getPath(o, ['status', 'readyReplicas']))}/${num(getPath(o, ['spec', 'replicas']))}`,
    },
    ageCol,
  ],
  'daemonsets.apps': [
    name,
    { name: 'Desired', type: 'integer', cell: (o) => num(getPath(o, ['status', 'desiredNumberScheduled'])) },
    { name: 'Current', type: 'integer', cell: (o) => num(getPath(o, ['status', 'currentNumberScheduled'])) },
    { name: 'Ready', type: 'integer', cell: (o) => num(getPath(o, ['status', 'numberReady'])) },
    ageCol,
  ],
  'jobs.batch': [
    name,
    { name: 'Status', type: 'string', cell: (o) => jobStatus(o) },
    {
      name: 'Completions',
      type: 'string',
      cell: (o) => `${num(getPath(o, ['status', 'succeeded']))}/${num(getPath(o, ['spec', 'completions']) ?? 1)}`,
    },
    ageCol,
  ],
  services: [
    name,
    { name: 'Type', type: 'string', cell: (o) => str(getPath(o, ['spec', 'type'])) },
    { name: 'Cluster-IP', type: 'string', cell: (o) => str(getPath(o, ['spec', 'clusterIP'])) || '<none>' },
    { name: 'External-IP', type: 'string', cell: externalIp },
    { name: 'Port(s)', type: 'string', cell: servicePorts },
    ageCol,
  ],
  persistentvolumeclaims: [
    name,
    { name: 'Status', type: 'string', cell: (o) => str(getPath(o, ['status', 'phase'])) },
    { name: 'Volume', type: 'string', cell: (o) => str(getPath(o, ['spec', 'volumeName'])) },
    { name: 'Capacity', type: 'string', cell: (o) => str(getPath(o, ['status', 'capacity', 'storage'])) },
    { name: 'StorageClass', type: 'string', cell: (o) => str(getPath(o, ['spec', 'storageClassName'])) },
    ageCol,
  ],
  namespaces: [name, { name: 'Status', type: 'string', cell: (o) => str(getPath(o, ['status', 'phase'])) }, ageCol],
  nodes: [
    name,
    { name: 'Status', type: 'string', cell: () => 'Ready' },
    { name: 'Roles', type: 'string', cell: () => '<none>' },
    ageCol,
    { name: 'Version', type: 'string', cell: (o) => str(getPath(o, ['status', 'nodeInfo', 'kubeletVersion'])) },
  ],
  events: [
    {
      name: 'Last Seen',
      type: 'string',
      cell: (o) =>
        age({
          ...o,
          metadata: { ...o.metadata, creationTimestamp: str(o.lastTimestamp ?? o.metadata.creationTimestamp) },
        }),
    },
    { name: 'Type', type: 'string', cell: (o) => str(o.type) },
    { name: 'Reason', type: 'string', cell: (o) => str(o.reason) },
    {
      name: 'Object',
      type: 'string',
      cell: (o) =>
        `${str(getPath(o, ['involvedObject', 'kind'])).toLowerCase()}/${str(getPath(o, ['involvedObject', 'name']))}`,
    },
    { name: 'Message', type: 'string', cell: (o) => str(o.message) },
  ],
  endpoints: [name, { name: 'Endpoints', type: 'string', cell: (o) => endpointList(o) }, ageCol],
  configmaps: [
    name,
    {
      name: 'Data',
      type: 'integer',
      cell: (o) =>
        Object.keys(isJsonObject(o.data) ? o.data : {}).length +
        Object.keys(isJsonObject(o.binaryData) ? o.binaryData : {}).length,
    },
    ageCol,
  ],
  secrets: [
    name,
    { name: 'Type', type: 'string', cell: (o) => str(o.type) },
    { name: 'Data', type: 'integer', cell: (o) => Object.keys(isJsonObject(o.data) ? o.data : {}).length },
    ageCol,
  ],
  'ingresses.networking.k8s.io': [
    name,
    { name: 'Class', type: 'string', cell: (o) => str(getPath(o, ['spec', 'ingressClassName'])) || '<none>' },
    {
      name: 'Hosts',
      type: 'string',
      cell: (o) =>
        list(getPath(o, ['spec', 'rules']))
          .map((r) => str(r.host) || '*')
          .join(',') || '*',
    },
    {
      name: 'Address',
      type: 'string',
      cell: (o) =>
        list(getPath(o, ['status', 'loadBalancer', 'ingress']))
          .map((i) => str(i.ip ?? i.hostname))
          .join(','),
    },
    ageCol,
  ],
};

function endpointList(o: KubeObject): string {
  const out: string[] = [];
  for (const subset of list(o.subsets)) {
    for (const a of list(subset.addresses)) for (const p of list(subset.ports)) out.push(`${str(a.ip)}:${str(p.port)}`);
  }
  if (out.length === 0) return '<none>';
  return out.length > 3 ? `${out.slice(0, 3).join(',')} + ${out.length - 3} more...` : out.join(',');
}

function jobStatus(o: KubeObject): string {
  const conds = list(getPath(o, ['status', 'conditions']));
  if (conds.some((c) => c.type === 'Complete' && c.status === 'True')) return 'Complete';
  if (conds.some((c) => c.type === 'Failed' && c.status === 'True')) return 'Failed';
  return 'Running';
}

function evalJsonPath(o: KubeObject, path: string): Cell {
  const v = getPath(o, path.replace(/^\./, '').split('.'));
  if (v === undefined || v === null) return null;
  return typeof v === 'object' ? JSON.stringify(v) : (v as Cell);
}

function columnsFor(type: ResourceType): Column[] {
  if (type.printerColumns?.length) {
    return [
      name,
      ...type.printerColumns.map((c) => ({
        name: c.name,
        type: c.type === 'date' ? 'date' : c.type,
        priority: c.priority,
        cell: (o: KubeObject) =>
          c.type === 'date'
            ? age({ ...o, metadata: { ...o.metadata, creationTimestamp: String(evalJsonPath(o, c.jsonPath) ?? '') } })
            : evalJsonPath(o, c.jsonPath),
      })),
    ];
  }
  return columnsByResource[groupResourceOf(type)] ?? [name, ageCol];
}

/** How much of each object a Table row carries (`includeObject`). */
export type IncludeObject = 'None' | 'Object' | 'Metadata';

/** Server-side printing: the `meta.k8s.io/v1` Table kubectl asks for with `Accept: …;as=Table`. */
export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  include: IncludeObject,
  listMeta: JsonObject,
): JsonObject {
  const cols = columnsFor(type);
  const rows = objects.map((o) => {
    const row: JsonObject = { cells: cols.map((c) => c.cell(o)) as JsonValue[] };
    if (include === 'Object') row.object = o as unknown as JsonObject;
    else if (include === 'Metadata')
      row.object = {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata as unknown as JsonObject,
      };
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.name,
      priority: c.priority ?? 0,
    })),
    rows,
  };
}
