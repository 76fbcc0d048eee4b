import type { StatusCause } from '../api/api-errors';
import {
  ensureObject,
  getPath,
  isJsonObject,
  jsonEqual,
  type JsonObject,
  type KubeObject,
} from '../api/kube-object.types';
import { crdStrategy } from './crd.strategy';
import { plainStrategy, type KindStrategy, type StrategyContext } from './kind-strategy';
import { allocateServiceAddresses } from './service-ip.allocator';
import {
  defaultCronJob,
  defaultDaemonSet,
  defaultDeployment,
  defaultJob,
  defaultPod,
  defaultPodSpec,
  defaultReplicaSet,
  defaultStatefulSet,
  qosClassOf,
} from './workload.defaults';
import { validateCronJob, validateJob, validatePodSpec, validateSelectorWorkload } from './workload.validation';

const spec = (o: KubeObject): JsonObject => ensureObject(o, 'spec');

function workload(defaults: (o: Record<string, unknown>) => void): KindStrategy {
  return {
    generation: true,
    prepareForCreate: (o) => defaults(o),
    prepareForUpdate: (o) => defaults(o),
    validate: (o, old) => validateSelectorWorkload(o, old),
  };
}

function immutableData(o: KubeObject, old: KubeObject | undefined): StatusCause[] {
  if (!old || old.immutable !== true) return [];
  const same = jsonEqual(o.data, old.data) && jsonEqual(o.binaryData, old.binaryData) && o.immutable === true;
  return same
    ? []
    : [
        {
          reason: 'FieldValueForbidden',
          field: 'data',
          message: 'Forbidden: field is immutable when `immutable` is set',
        },
      ];
}

const secretStrategy: KindStrategy = {
  generation: false,
  prepareForCreate: (o) => normaliseSecret(o),
  prepareForUpdate: (o) => normaliseSecret(o),
  validate: (o, old) => immutableData(o, old),
};

function normaliseSecret(o: KubeObject): void {
  if (o.type === undefined || o.type === '') o.type = 'Opaque';
  if (isJsonObject(o.stringData)) {
    const data = ensureObject(o, 'data');
    for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  }
  delete o.stringData;
}

const podStrategy: KindStrategy = {
  generation: false,
  prepareForCreate: (o) => {
    defaultPod(o);
    o.status = { phase: 'Pending', qosClass: qosClassOf(spec(o)) };
  },
  prepareForUpdate: (o) => defaultPodSpec(spec(o)),
  validate: (o) => validatePodSpec(o.spec, 'spec'),
};

const serviceStrategy: KindStrategy = {
  generation: false,
  nameIsLabel: true,
  prepareForCreate: (o, ctx) => {
    defaultService(o);
    allocateServiceAddresses(o, undefined, ctx.store);
    o.status = { loadBalancer: {} };
  },
  prepareForUpdate: (o, old, ctx) => {
    defaultService(o);
    allocateServiceAddresses(o, old, ctx.store);
  },
  validate: (o, old) => {
    const s = spec(o);
    const causes: StatusCause[] = [];
    const ports = Array.isArray(s.ports) ? s.ports : [];
    if (ports.length === 0 && s.type !== 'ExternalName' && s.clusterIP !== 'None')
      causes.push({ reason: 'FieldValueRequired', field: 'spec.ports', message: 'Required value' });
    const oldIp = old ? getPath(old, ['spec', 'clusterIP']) : undefined;
    if (old && oldIp && s.type === getPath(old, ['spec', 'type']) && s.clusterIP !== oldIp) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'spec.clusterIPs[0]',
        message: `Invalid value: []string{"${String(s.clusterIP)}"}: may not change once set`,
      });
    }
    return causes;
  },
};

function defaultService(o: KubeObject): void {
  const s = spec(o);
  s.type ??= 'ClusterIP';
  s.sessionAffinity ??= 'None';
  if (s.type !== 'ExternalName') {
    s.ipFamilies ??= ['IPv4'];
    s.ipFamilyPolicy ??= 'SingleStack';
    s.internalTrafficPolicy ??= 'Cluster';
  }
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') s.externalTrafficPolicy ??= 'Cluster';
  if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
  for (const p of Array.isArray(s.ports) ? s.ports.filter(isJsonObject) : []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port ?? null;
  }
}

const namespaceStrategy: KindStrategy = {
  generation: false,
  nameIsLabel: true,
  prepareForCreate: (o) => {
    spec(o).finalizers = ['kubernetes'];
    o.status = { phase: 'Active' };
    o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': String(o.metadata.name) };
  },
  prepareForUpdate: (o, old) => {
    o.spec = old.spec ?? {};
    o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': String(o.metadata.name) };
  },
};

function defaultStorageClassName(ctx: StrategyContext): string | undefined {
  const classes = ctx.store.list('storageclasses.storage.k8s.io');
  const def = classes.find((c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
  return def?.metadata.name;
}

const pvcStrategy: KindStrategy = {
  generation: false,
  prepareForCreate: (o, ctx) => {
    const s = spec(o);
    s.volumeMode ??= 'Filesystem';
    if (s.storageClassName === undefined) {
      const def = defaultStorageClassName(ctx);
      if (def) s.storageClassName = def;
    }
    o.status = { phase: 'Pending' };
  },
  prepareForUpdate: (o) => void (spec(o).volumeMode ??= 'Filesystem'),
};

const jobStrategy: KindStrategy = {
  generation: true,
  prepareForCreate: (o) => {
    defaultJob(o);
    const s = spec(o);
    if (s.manualSelector !== true) {
      const uid = String(o.metadata.uid);
      const template = ensureObject(s, 'template');
      const meta = ensureObject(template, 'metadata');
      meta.labels = {
        ...(isJsonObject(meta.labels) ? meta.labels : {}),
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': String(o.metadata.name),
        'controller-uid': uid,
        'job-name': String(o.metadata.name),
      };
      s.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
    }
  },
  prepareForUpdate: (o) => defaultJob(o),
  validate: (o, old) => validateJob(o, old),
};

/** Strategies of the built-in kinds, keyed by group/resource; unlisted kinds use {@link plainStrategy}. */
export const builtinStrategies: Record<string, KindStrategy> = {
  pods: podStrategy,
  services: serviceStrategy,
  namespaces: namespaceStrategy,
  secrets: secretStrategy,
  configmaps: { generation: false, validate: (o, old) => immutableData(o, old) },
  persistentvolumeclaims: pvcStrategy,
  'deployments.apps': workload(defaultDeployment),
  'replicasets.apps': workload(defaultReplicaSet),
  'statefulsets.apps': workload(defaultStatefulSet),
  'daemonsets.apps': workload(defaultDaemonSet),
  'jobs.batch': jobStrategy,
  'cronjobs.batch': {
    generation: true,
    prepareForCreate: (o) => defaultCronJob(o),
    prepareForUpdate: (o) => defaultCronJob(o),
    validate: (o) => validateCronJob(o),
  },
  'ingresses.networking.k8s.io': plainStrategy(true),
  'networkpolicies.networking.k8s.io': plainStrategy(true),
  'poddisruptionbudgets.policy': plainStrategy(true),
  'horizontalpodautoscalers.autoscaling': plainStrategy(true),
  'customresourcedefinitions.apiextensions.k8s.io': crdStrategy,
  replicationcontrollers: plainStrategy(true),
};
