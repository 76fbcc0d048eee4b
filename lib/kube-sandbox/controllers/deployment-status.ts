import { getPath, isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';
import { scaledValue } from './pod-template';

const n = (o: Readonly<KubeObject> | undefined, path: string[]): number => Number((o && getPath(o, path)) ?? 0);

function previousCondition(d: Readonly<KubeObject>, type: string): JsonObject | undefined {
  const conds = getPath(d, ['status', 'conditions']);
  return Array.isArray(conds) ? conds.filter(isJsonObject).find((c) => c.type === type) : undefined;
}

function condition(
  d: Readonly<KubeObject>,
  type: string,
  status: boolean,
  reason: string,
  message: string,
  now: string,
  progressed: boolean,
): JsonObject {
  const prev = previousCondition(d, type);
  const value = status ? 'True' : 'False';
  const changed = !prev || prev.status !== value;
  return {
    type,
    status: value,
    lastUpdateTime: changed || progressed || prev?.reason !== reason ? now : (prev.lastUpdateTime ?? now),
    lastTransitionTime: changed ? now : (prev.lastTransitionTime ?? now),
    reason,
    message,
  };
}

/**
 * Computes a Deployment's status from its ReplicaSets: replica counts, observedGeneration and
 * the Available / Progressing conditions (ProgressDeadlineExceeded once no progress was made for
 * `progressDeadlineSeconds`). `recheckInMs` says when the deadline must be evaluated again.
 */
export function deploymentStatus(
  d: Readonly<KubeObject>,
  newRs: Readonly<KubeObject> | undefined,
  old: Readonly<KubeObject>[],
  now: string,
  nowMs: number,
): { status: JsonObject; recheckInMs?: number } {
  const all = newRs ? [newRs, ...old] : old;
  const desired = n(d, ['spec', 'replicas']);
  const sum = (path: string[]): number => all.reduce((acc, rs) => acc + n(rs, path), 0);
  const replicas = sum(['status', 'replicas']);
  const ready = sum(['status', 'readyReplicas']);
  const available = sum(['status', 'availableReplicas']);
  const updated = n(newRs, ['status', 'replicas']);
  const maxUnavailable =
    getPath(d, ['spec', 'strategy', 'type']) === 'Recreate'
      ? 0
      : scaledValue(getPath(d, ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable']), desired, false);
  const prevStatus = isJsonObject(d.status) ? d.status : {};
  const progressed =
    updated > Number(prevStatus.updatedReplicas ?? 0) ||
    available > Number(prevStatus.availableReplicas ?? 0) ||
    ready > Number(prevStatus.readyReplicas ?? 0) ||
    Number(prevStatus.observedGeneration ?? 0) !== Number(d.metadata.generation ?? 1);
  const complete =
    updated === desired &&
    replicas === desired &&
    available === desired &&
    old.every((rs) => n(rs, ['status', 'replicas']) === 0);
  const rsName = String(newRs?.metadata.name ?? '');
  const availableCond =
    available >= desired - maxUnavailable
      ? condition(d, 'Available', true, 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now, false)
      : condition(
          d,
          'Available',
          false,
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
          now,
          false,
        );
  let progressing: JsonObject;
  let recheckInMs: number | undefined;
  const deadlineSeconds = Number(getPath(d, ['spec', 'progressDeadlineSeconds']) ?? 600);
  const prev = previousCondition(d, 'Progressing');
  if (getPath(d, ['spec', 'paused']) === true) {
    progressing = {
      ...condition(d, 'Progressing', false, 'DeploymentPaused', 'Deployment is paused', now, false),
      status: 'Unknown',
    };
  } else if (complete) {
    progressing = condition(
      d,
      'Progressing',
      true,
      'NewReplicaSetAvailable',
      `ReplicaSet "${rsName}" has successfully progressed.`,
      now,
      progressed,
    );
  } else {
    const lastProgress = progressed || !prev ? nowMs : Date.parse(String(prev.lastUpdateTime ?? now));
    const elapsed = nowMs - lastProgress;
    if (!progressed && (prev?.reason === 'ProgressDeadlineExceeded' || elapsed > deadlineSeconds * 1000)) {
      progressing = condition(
        d,
        'Progressing',
        false,
        'ProgressDeadlineExceeded',
        `ReplicaSet "${rsName}" has timed out progressing.`,
        now,
        false,
      );
    } else {
      progressing = condition(
        d,
        'Progressing',
        true,
        prev && !progressed ? String(prev.reason ?? 'ReplicaSetUpdated') : 'ReplicaSetUpdated',
        `ReplicaSet "${rsName}" is progressing.`,
        now,
        progressed,
      );
      recheckInMs = Math.max(100, deadlineSeconds * 1000 - elapsed + 50);
    }
  }
  const status: JsonObject = {
    observedGeneration: Number(d.metadata.generation ?? 1),
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
    unavailableReplicas: Math.max(0, desired - available),
    conditions: [availableCond, progressing],
  };
  for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'])
    if (status[k] === 0) delete status[k];
  return { status, recheckInMs };
}
