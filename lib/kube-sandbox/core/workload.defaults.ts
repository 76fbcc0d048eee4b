import { ensureObject, isJsonObject, type JsonObject, type JsonValue } from '../api/kube-object.types';

/**
 * Defaulting of the built-in workload kinds, following the apiserver's `SetDefaults_*` functions
 * for the fields clients read back (helm's and kubectl's readiness logic dereference several of
 * them, e.g. `spec.strategy.rollingUpdate` and `spec.backoffLimit`).
 */
const setIfAbsent = (o: JsonObject, key: string, value: JsonValue): void => {
  if (o[key] === undefined || o[key] === null) o[key] = value;
};

const objects = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

function defaultProbe(p: unknown): void {
  if (!isJsonObject(p)) return;
  setIfAbsent(p, 'timeoutSeconds', 1);
  setIfAbsent(p, 'periodSeconds', 10);
  setIfAbsent(p, 'successThreshold', 1);
  setIfAbsent(p, 'failureThreshold', 3);
  if (isJsonObject(p.httpGet)) setIfAbsent(p.httpGet, 'scheme', 'HTTP');
}

export function defaultContainer(c: JsonObject): void {
  const image = typeof c.image === 'string' ? c.image : '';
  const lastSegment = image.split('/').pop() ?? '';
  const tag = image.includes('@') ? 'digest' : lastSegment.includes(':') ? lastSegment.split(':').pop() : 'latest';
  setIfAbsent(c, 'imagePullPolicy', tag === 'latest' ? 'Always' : 'IfNotPresent');
  setIfAbsent(c, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(c, 'terminationMessagePolicy', 'File');
  setIfAbsent(c, 'resources', {});
  for (const port of objects(c.ports)) setIfAbsent(port, 'protocol', 'TCP');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
}

export function defaultPodSpec(spec: JsonObject): void {
  setIfAbsent(spec, 'restartPolicy', 'Always');
  setIfAbsent(spec, 'terminationGracePeriodSeconds', 30);
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'securityContext', {});
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  for (const c of [...objects(spec.containers), ...objects(spec.initContainers)]) defaultContainer(c);
  for (const v of objects(spec.volumes)) {
    for (const source of ['configMap', 'secret'])
      if (isJsonObject(v[source])) setIfAbsent(v[source], 'defaultMode', 420);
  }
}

function defaultTemplate(spec: JsonObject): void {
  const template = ensureObject(spec, 'template');
  defaultPodSpec(ensureObject(template, 'spec'));
}

export function defaultDeployment(obj: Record<string, unknown>): void {
  const spec = ensureObject(obj, 'spec');
  setIfAbsent(spec, 'replicas', 1);
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  setIfAbsent(spec, 'progressDeadlineSeconds', 600);
  const strategy = ensureObject(spec, 'strategy');
  setIfAbsent(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = ensureObject(strategy, 'rollingUpdate');
    setIfAbsent(ru, 'maxUnavailable', '25%');
    setIfAbsent(ru, 'maxSurge', '25%');
  }
  defaultTemplate(spec);
}

export function defaultReplicaSet(obj: Record<string, unknown>): void {
  const spec = ensureObject(obj, 'spec');
  setIfAbsent(spec, 'replicas', 1);
  defaultTemplate(spec);
}

export function defaultStatefulSet(obj: Record<string, unknown>): void {
  const spec = ensureObject(obj, 'spec');
  setIfAbsent(spec, 'replicas', 1);
  setIfAbsent(spec, 'podManagementPolicy', 'OrderedReady');
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  const strategy = ensureObject(spec, 'updateStrategy');
  setIfAbsent(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') setIfAbsent(ensureObject(strategy, 'rollingUpdate'), 'partition', 0);
  const retention = ensureObject(spec, 'persistentVolumeClaimRetentionPolicy');
  setIfAbsent(retention, 'whenDeleted', 'Retain');
  setIfAbsent(retention, 'whenScaled', 'Retain');
  for (const pvc of objects(spec.volumeClaimTemplates)) {
    setIfAbsent(pvc, 'apiVersion', 'v1');
    setIfAbsent(pvc, 'kind', 'PersistentVolumeClaim');
    setIfAbsent(ensureObject(pvc, 'spec'), 'volumeMode', 'Filesystem');
    setIfAbsent(ensureObject(pvc, 'status'), 'phase', 'Pending');
  }
  defaultTemplate(spec);
}

export function defaultDaemonSet(obj: Record<string, unknown>): void {
  const spec = ensureObject(obj, 'spec');
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  const strategy = ensureObject(spec, 'updateStrategy');
  setIfAbsent(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = ensureObject(strategy, 'rollingUpdate');
    setIfAbsent(ru, 'maxUnavailable', 1);
    setIfAbsent(ru, 'maxSurge', 0);
  }
  defaultTemplate(spec);
}

export function defaultJob(obj: Record<string, unknown>): void {
  const spec = ensureObject(obj, 'spec');
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setIfAbsent(spec, 'parallelism', 1);
  setIfAbsent(spec, 'backoffLimit', 6);
  setIfAbsent(spec, 'completionMode', 'NonIndexed');
  setIfAbsent(spec, 'suspend', false);
  setIfAbsent(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
  defaultTemplate(spec);
}

export function defaultCronJob(obj: Record<string, unknown>): void {
  const spec = ensureObject(obj, 'spec');
  setIfAbsent(spec, 'concurrencyPolicy', 'Allow');
  setIfAbsent(spec, 'suspend', false);
  setIfAbsent(spec, 'successfulJobsHistoryLimit', 3);
  setIfAbsent(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = ensureObject(spec, 'jobTemplate');
  const jobSpec = ensureObject(jobTemplate, 'spec');
  setIfAbsent(jobSpec, 'backoffLimit', 6);
  defaultTemplate(jobSpec);
}

export function defaultPod(obj: Record<string, unknown>): void {
  const spec = ensureObject(obj, 'spec');
  defaultPodSpec(spec);
  setIfAbsent(spec, 'serviceAccountName', 'default');
  setIfAbsent(spec, 'serviceAccount', spec.serviceAccountName as string);
  setIfAbsent(spec, 'enableServiceLinks', true);
  setIfAbsent(spec, 'priority', 0);
  const tolerations = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  spec.tolerations = tolerations;
}

/** Quality-of-service class of a pod spec, as the apiserver computes it for `status.qosClass`. */
export function qosClassOf(spec: JsonObject): string {
  const containers = objects(spec.containers);
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const res = isJsonObject(c.resources) ? c.resources : {};
    const req = isJsonObject(res.requests) ? res.requests : {};
    const lim = isJsonObject(res.limits) ? res.limits : {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  return !any ? 'BestEffort' : guaranteed ? 'Guaranteed' : 'Burstable';
}
