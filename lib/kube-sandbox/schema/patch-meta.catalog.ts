import type { ListType } from './schema.types';

/**
 * List semantics of built-in kinds that @kubernetes/client-node's metadata does not carry:
 * the `+patchMergeKey`/`+patchStrategy`/`+listType`/`+listMapKey` markers of the Kubernetes Go
 * types (facts from k8s.io/api). Lists not named here are atomic. `conditions` lists whose items
 * have a `type` field are handled by a general rule in the schema builder.
 */
export interface ListMeta {
  listType: ListType;
  mapKeys?: string[];
  patchMergeKey?: string;
  patchStrategy?: string;
}

const byName = (key = 'name', strategy = 'merge'): ListMeta => ({
  listType: 'map',
  mapKeys: [key],
  patchMergeKey: key,
  patchStrategy: strategy,
});

const containerLists: Record<string, ListMeta> = {
  ports: {
    listType: 'map',
    mapKeys: ['containerPort', 'protocol'],
    patchMergeKey: 'containerPort',
    patchStrategy: 'merge',
  },
  env: byName('name'),
  volumeMounts: byName('mountPath'),
  volumeDevices: byName('devicePath'),
};

const podSpecLists: Record<string, ListMeta> = {
  volumes: byName('name', 'merge,retainKeys'),
  initContainers: byName('name'),
  containers: byName('name'),
  ephemeralContainers: byName('name'),
  imagePullSecrets: byName('name'),
  hostAliases: byName('ip'),
  topologySpreadConstraints: {
    listType: 'map',
    mapKeys: ['topologyKey', 'whenUnsatisfiable'],
    patchMergeKey: 'topologyKey',
    patchStrategy: 'merge',
  },
  resourceClaims: byName('name', 'merge,retainKeys'),
  schedulingGates: byName('name'),
};

export const listMetaCatalog: Record<string, Record<string, ListMeta>> = {
  V1ObjectMeta: {
    finalizers: { listType: 'set', patchStrategy: 'merge' },
    ownerReferences: byName('uid'),
  },
  V1PodSpec: podSpecLists,
  V1Container: containerLists,
  V1EphemeralContainer: containerLists,
  V1ServiceSpec: {
    ports: { listType: 'map', mapKeys: ['port', 'protocol'], patchMergeKey: 'port', patchStrategy: 'merge' },
    clusterIPs: { listType: 'atomic' },
    ipFamilies: { listType: 'atomic' },
  },
  V1PodStatus: {
    podIPs: byName('ip'),
    hostIPs: byName('ip'),
  },
  V1NodeStatus: { addresses: byName('type') },
  V1NodeSpec: { podCIDRs: { listType: 'set', patchStrategy: 'merge' } },
  V1ServiceAccount: { secrets: byName('name') },
  V1CustomResourceDefinitionSpec: { versions: { listType: 'atomic' } },
};

/** Patch strategies on non-list fields (`retainKeys` unions). */
export const fieldStrategyCatalog: Record<string, Record<string, string>> = {
  V1DeploymentSpec: { strategy: 'retainKeys' },
  V1Volume: {},
};

/**
 * Properties that are `resource.Quantity` on the wire (strings such as "500m"; clients may send
 * numbers, which the server normalises to strings). Keyed by model name.
 */
export const quantityCatalog: Record<string, string[]> = {
  V1ResourceRequirements: ['limits', 'requests'],
  V1VolumeResourceRequirements: ['limits', 'requests'],
  V1ResourceQuotaSpec: ['hard'],
  V1ResourceQuotaStatus: ['hard', 'used'],
  V1EmptyDirVolumeSource: ['sizeLimit'],
  V1PersistentVolumeSpec: ['capacity'],
  V1PersistentVolumeClaimStatus: ['capacity', 'allocatedResources'],
  V1LimitRangeItem: ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'],
  V1NodeStatus: ['capacity', 'allocatable'],
  V1ContainerStatus: ['allocatedResources'],
  V1PodSpec: ['overhead'],
  V1ResourceFieldSelector: ['divisor'],
};
