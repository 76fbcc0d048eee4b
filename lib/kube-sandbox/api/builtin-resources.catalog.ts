import { modelSchema } from '../schema/model-schema.builder';
import { standardVerbs, type ResourceType, type ScaleSubresource } from './resource-type';

/** Compact description of a built-in resource; see {@link builtinResourceTypes}. */
interface BuiltinSpec {
  gv: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  short?: string[];
  categories?: string[];
  status?: boolean;
  scale?: boolean;
  model?: string;
  fields?: string[];
  verbs?: readonly string[];
}

const all = ['all'];
const replicasScale: ScaleSubresource = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.status.selector',
};

const specs: BuiltinSpec[] = [
  {
    gv: 'v1',
    kind: 'Pod',
    resource: 'pods',
    namespaced: true,
    short: ['po'],
    categories: all,
    status: true,
    fields: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
  },
  {
    gv: 'v1',
    kind: 'Service',
    resource: 'services',
    namespaced: true,
    short: ['svc'],
    categories: all,
    status: true,
    fields: ['spec.clusterIP', 'spec.type'],
  },
  { gv: 'v1', kind: 'Endpoints', resource: 'endpoints', namespaced: true, short: ['ep'] },
  { gv: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true, short: ['cm'] },
  { gv: 'v1', kind: 'Secret', resource: 'secrets', namespaced: true, fields: ['type'] },
  {
    gv: 'v1',
    kind: 'Namespace',
    resource: 'namespaces',
    namespaced: false,
    short: ['ns'],
    status: true,
    fields: ['status.phase'],
  },
  {
    gv: 'v1',
    kind: 'Node',
    resource: 'nodes',
    namespaced: false,
    short: ['no'],
    status: true,
    fields: ['spec.unschedulable'],
  },
  {
    gv: 'v1',
    kind: 'PersistentVolumeClaim',
    resource: 'persistentvolumeclaims',
    namespaced: true,
    short: ['pvc'],
    status: true,
  },
  { gv: 'v1', kind: 'PersistentVolume', resource: 'persistentvolumes', namespaced: false, short: ['pv'], status: true },
  { gv: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', namespaced: true, short: ['sa'] },
  {
    gv: 'v1',
    kind: 'Event',
    resource: 'events',
    namespaced: true,
    short: ['ev'],
    model: 'CoreV1Event',
    fields: [
      'involvedObject.kind',
      'involvedObject.name',
      'involvedObject.namespace',
      'involvedObject.uid',
      'reason',
      'type',
      'source',
    ],
  },
  { gv: 'v1', kind: 'ResourceQuota', resource: 'resourcequotas', namespaced: true, short: ['quota'], status: true },
  { gv: 'v1', kind: 'LimitRange', resource: 'limitranges', namespaced: true, short: ['limits'] },
  {
    gv: 'v1',
    kind: 'ReplicationController',
    resource: 'replicationcontrollers',
    namespaced: true,
    short: ['rc'],
    categories: all,
    status: true,
    scale: true,
  },
  { gv: 'v1', kind: 'PodTemplate', resource: 'podtemplates', namespaced: true },
  {
    gv: 'apps/v1',
    kind: 'Deployment',
    resource: 'deployments',
    namespaced: true,
    short: ['deploy'],
    categories: all,
    status: true,
    scale: true,
  },
  {
    gv: 'apps/v1',
    kind: 'ReplicaSet',
    resource: 'replicasets',
    namespaced: true,
    short: ['rs'],
    categories: all,
    status: true,
    scale: true,
  },
  {
    gv: 'apps/v1',
    kind: 'StatefulSet',
    resource: 'statefulsets',
    namespaced: true,
    short: ['sts'],
    categories: all,
    status: true,
    scale: true,
  },
  {
    gv: 'apps/v1',
    kind: 'DaemonSet',
    resource: 'daemonsets',
    namespaced: true,
    short: ['ds'],
    categories: all,
    status: true,
  },
  { gv: 'apps/v1', kind: 'ControllerRevision', resource: 'controllerrevisions', namespaced: true },
  {
    gv: 'batch/v1',
    kind: 'Job',
    resource: 'jobs',
    namespaced: true,
    categories: all,
    status: true,
    fields: ['status.successful'],
  },
  {
    gv: 'batch/v1',
    kind: 'CronJob',
    resource: 'cronjobs',
    namespaced: true,
    short: ['cj'],
    categories: all,
    status: true,
  },
  {
    gv: 'networking.k8s.io/v1',
    kind: 'Ingress',
    resource: 'ingresses',
    namespaced: true,
    short: ['ing'],
    status: true,
  },
  { gv: 'networking.k8s.io/v1', kind: 'IngressClass', resource: 'ingressclasses', namespaced: false },
  {
    gv: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    resource: 'networkpolicies',
    namespaced: true,
    short: ['netpol'],
  },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'Role', resource: 'roles', namespaced: true },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', resource: 'rolebindings', namespaced: true },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', resource: 'clusterroles', namespaced: false },
  {
    gv: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    resource: 'clusterrolebindings',
    namespaced: false,
  },
  {
    gv: 'policy/v1',
    kind: 'PodDisruptionBudget',
    resource: 'poddisruptionbudgets',
    namespaced: true,
    short: ['pdb'],
    status: true,
  },
  {
    gv: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    resource: 'horizontalpodautoscalers',
    namespaced: true,
    short: ['hpa'],
    categories: all,
    status: true,
  },
  { gv: 'storage.k8s.io/v1', kind: 'StorageClass', resource: 'storageclasses', namespaced: false, short: ['sc'] },
  { gv: 'storage.k8s.io/v1', kind: 'CSIDriver', resource: 'csidrivers', namespaced: false },
  {
    gv: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    resource: 'customresourcedefinitions',
    namespaced: false,
    short: ['crd', 'crds'],
    categories: ['api-extensions'],
    status: true,
  },
  { gv: 'discovery.k8s.io/v1', kind: 'EndpointSlice', resource: 'endpointslices', namespaced: true },
  { gv: 'coordination.k8s.io/v1', kind: 'Lease', resource: 'leases', namespaced: true },
];

function modelNameFor(spec: BuiltinSpec, version: string): string {
  if (spec.model) return spec.model;
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${spec.kind}`;
}

function toResourceType(spec: BuiltinSpec): ResourceType {
  const [group, version] = spec.gv.includes('/') ? spec.gv.split('/') : ['', spec.gv];
  const schema = modelSchema(modelNameFor(spec, version));
  schema.gvk = { group, version, kind: spec.kind };
  return {
    group,
    version,
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    resource: spec.resource,
    singular: spec.kind.toLowerCase(),
    namespaced: spec.namespaced,
    shortNames: spec.short ?? [],
    categories: spec.categories ?? [],
    verbs: spec.verbs ?? standardVerbs,
    statusSubresource: spec.status ?? false,
    scale: spec.scale ? replicasScale : undefined,
    schema,
    source: 'builtin',
    fieldLabels: spec.fields ?? [],
  };
}

/** Every built-in resource the sandbox serves, in discovery order. */
export function builtinResourceTypes(): ResourceType[] {
  return specs.map(toResourceType);
}
