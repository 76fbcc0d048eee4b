/**
 * The health of one object from its own status (pods' reasons are added by ./pod-problems.ts).
 * One check per kind in `CHECKS`; built-in kinds without a check (ConfigMap, Secret,
 * ServiceAccount, RBAC, CronJob, …) are HEALTHY once they exist; custom resources go through
 * `status.conditions` and `status.observedGeneration` (./custom-resource-health.ts).
 *
 * Decision: an Ingress is HEALTHY as soon as it exists, with a note while no address is reported.
 * Many clusters run ingress controllers that never publish a load-balancer status, and helm does
 * not wait for Ingresses either; endpoints list the address once there is one.
 */
import type { KubeObject, ObjectRef } from '../kube-object.types';
import { customResourceHealth, isBuiltinGroup } from './custom-resource-health';
import { condition, explain, field, generationPending, isTrue, list, num, str } from './object-fields';
import { degraded, healthy, missing, progressing, type HealthContext, type Verdict } from './readiness.types';

type Check = (obj: KubeObject, ctx: HealthContext) => Verdict;

function deployment(obj: KubeObject): Verdict {
  const desired = num(obj, 'spec', 'replicas') ?? 1;
  const available = num(obj, 'status', 'availableReplicas') ?? 0;
  const stuck = condition(obj, 'Progressing');
  if (stuck?.reason === 'ProgressDeadlineExceeded')
    return degraded(
      `progress deadline exceeded: ${stuck.message ?? 'the rollout made no progress'}`,
      true,
      available,
      desired,
    );
  const pending = generationPending(obj);
  if (pending) return progressing(pending, available, desired);
  const updated = num(obj, 'status', 'updatedReplicas') ?? 0;
  const total = num(obj, 'status', 'replicas') ?? 0;
  if (updated < desired) return progressing(`${updated} of ${desired} replicas updated`, available, desired);
  if (total > updated) return progressing(`${total - updated} old replica(s) pending termination`, available, desired);
  if (available < updated) return progressing(`${available} of ${desired} replicas available`, available, desired);
  return healthy(available, desired);
}

function statefulSet(obj: KubeObject): Verdict {
  const desired = num(obj, 'spec', 'replicas') ?? 1;
  const ready = num(obj, 'status', 'readyReplicas') ?? 0;
  const pending = generationPending(obj);
  if (pending) return progressing(pending, ready, desired);
  if (str(obj, 'spec', 'updateStrategy', 'type') !== 'OnDelete') {
    const partition = num(obj, 'spec', 'updateStrategy', 'rollingUpdate', 'partition') ?? 0;
    const updated = num(obj, 'status', 'updatedReplicas') ?? 0;
    if (updated < desired - partition)
      return progressing(`${updated} of ${desired - partition} replicas updated`, ready, desired);
    const current = str(obj, 'status', 'currentRevision');
    const update = str(obj, 'status', 'updateRevision');
    if (partition === 0 && desired > 0 && current !== update)
      return progressing(`rolling out revision ${update ?? '(unknown)'}`, ready, desired);
  }
  if (ready < desired) return progressing(`${ready} of ${desired} replicas ready`, ready, desired);
  return healthy(ready, desired);
}

function daemonSet(obj: KubeObject): Verdict {
  const desired = num(obj, 'status', 'desiredNumberScheduled');
  const ready = num(obj, 'status', 'numberReady') ?? 0;
  const pending = generationPending(obj);
  if (pending || desired === undefined) return progressing(pending ?? 'waiting for the controller', ready, desired);
  const updated = num(obj, 'status', 'updatedNumberScheduled') ?? 0;
  const available = num(obj, 'status', 'numberAvailable') ?? 0;
  if (updated < desired) return progressing(`${updated} of ${desired} pods updated`, ready, desired);
  if (available < desired || ready < desired) return progressing(`${ready} of ${desired} pods ready`, ready, desired);
  return healthy(ready, desired);
}

function replicaSet(obj: KubeObject): Verdict {
  const desired = num(obj, 'spec', 'replicas') ?? 1;
  const ready = num(obj, 'status', 'readyReplicas') ?? 0;
  const pending = generationPending(obj);
  if (pending) return progressing(pending, ready, desired);
  return ready < desired
    ? progressing(`${ready} of ${desired} replicas ready`, ready, desired)
    : healthy(ready, desired);
}

function job(obj: KubeObject): Verdict {
  const desired = num(obj, 'spec', 'completions') ?? 1;
  const succeeded = num(obj, 'status', 'succeeded') ?? 0;
  if (isTrue(obj, 'Failed'))
    return degraded(`Job failed: ${explain(condition(obj, 'Failed')) || 'failed'}`, true, succeeded, desired);
  if (isTrue(obj, 'Complete')) return healthy(succeeded, desired);
  return progressing(`${succeeded} of ${desired} completions`, succeeded, desired);
}

function pod(obj: KubeObject): Verdict {
  const phase = str(obj, 'status', 'phase');
  if (phase === 'Succeeded') return healthy(1, 1);
  if (phase === 'Failed')
    return degraded(
      `pod failed: ${str(obj, 'status', 'message') ?? str(obj, 'status', 'reason') ?? 'failed'}`,
      true,
      0,
      1,
    );
  if (isTrue(obj, 'Ready')) return healthy(1, 1);
  return progressing(`pod ${phase ?? 'Pending'}, not ready`, 0, 1);
}

function pvc(obj: KubeObject): Verdict {
  const phase = str(obj, 'status', 'phase') ?? 'Pending';
  if (phase === 'Bound') return healthy();
  if (phase === 'Lost') return degraded('the bound volume was lost', true);
  return progressing(`waiting to be bound (phase ${phase})`);
}

const lbAddresses = (obj: KubeObject): string[] =>
  list(obj, 'status', 'loadBalancer', 'ingress')
    .map((i) => (typeof i.ip === 'string' ? i.ip : typeof i.hostname === 'string' ? i.hostname : ''))
    .filter((a) => a !== '');

function service(obj: KubeObject): Verdict {
  if (str(obj, 'spec', 'type') !== 'LoadBalancer') return healthy();
  return lbAddresses(obj).length > 0 ? healthy() : progressing('waiting for a load balancer address');
}

function ingress(obj: KubeObject): Verdict {
  return lbAddresses(obj).length > 0
    ? healthy()
    : healthy(null, null, 'no address reported by an ingress controller yet');
}

function crd(obj: KubeObject): Verdict {
  const names = condition(obj, 'NamesAccepted');
  if (names?.status === 'False') return degraded(`names not accepted: ${explain(names)}`, true);
  return isTrue(obj, 'Established') ? healthy() : progressing('waiting to be established');
}

const CHECKS: Readonly<Record<string, Check>> = {
  'apps/Deployment': deployment,
  'apps/StatefulSet': statefulSet,
  'apps/DaemonSet': daemonSet,
  'apps/ReplicaSet': replicaSet,
  'batch/Job': job,
  '/Pod': pod,
  '/PersistentVolumeClaim': pvc,
  '/Service': service,
  'networking.k8s.io/Ingress': ingress,
  'apiextensions.k8s.io/CustomResourceDefinition': crd,
};

export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** The health of `obj` (null: absent) named by `ref`. */
export function objectHealth(ref: ObjectRef, obj: KubeObject | null, ctx: HealthContext): Verdict {
  if (!obj || field(obj, 'metadata', 'deletionTimestamp')) return obj ? progressing('being deleted') : missing;
  const group = groupOf(ref.apiVersion);
  const check = CHECKS[`${group}/${ref.kind}`];
  if (check) return check(obj, ctx);
  if (isBuiltinGroup(group)) return healthy();
  return customResourceHealth(obj, ctx);
}
