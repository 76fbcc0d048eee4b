import { getPath, isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';

/** How a simulated container behaves, decided from its image name. */
export type ContainerFate = 'run' | 'pull-fail' | 'crash';

const containers = (pod: Readonly<KubeObject>, key: 'containers' | 'initContainers'): JsonObject[] => {
  const list = getPath(pod, ['spec', key]);
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
};

export function specContainers(pod: Readonly<KubeObject>): JsonObject[] {
  return containers(pod, 'containers');
}

export function specInitContainers(pod: Readonly<KubeObject>): JsonObject[] {
  return containers(pod, 'initContainers');
}

function condition(type: string, status: boolean, now: string, reason?: string, message?: string): JsonObject {
  const c: JsonObject = { type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** Pod conditions for a scheduled pod whose containers are (not) all ready. */
export function podConditions(ready: boolean, now: string, notReady: string[] = [], finished = false): JsonObject[] {
  const msg = notReady.length ? `containers with unready status: [${notReady.join(' ')}]` : undefined;
  const reason = finished ? 'PodCompleted' : msg ? 'ContainersNotReady' : undefined;
  return [
    condition('PodReadyToStartContainers', !finished, now),
    condition('Initialized', true, now, finished ? 'PodCompleted' : undefined),
    condition('Ready', ready, now, reason, msg),
    condition('ContainersReady', ready, now, reason, msg),
    condition('PodScheduled', true, now),
  ];
}

export function waitingStatus(
  c: JsonObject,
  reason: string,
  message: string | undefined,
  restartCount: number,
  lastState: JsonObject = {},
): JsonObject {
  return {
    name: c.name ?? '',
    image: c.image ?? '',
    imageID: '',
    ready: false,
    started: false,
    restartCount,
    lastState,
    state: { waiting: message ? { reason, message } : { reason } },
  };
}

export function runningStatus(c: JsonObject, startedAt: string, ready: boolean, restartCount: number): JsonObject {
  return {
    name: c.name ?? '',
    image: c.image ?? '',
    imageID: `sandbox://sha256:${String(c.image ?? '')}`,
    containerID: `sandbox://${String(c.name ?? '')}`,
    ready,
    started: true,
    restartCount,
    lastState: {},
    state: { running: { startedAt } },
  };
}

export function terminatedStatus(
  c: JsonObject,
  exitCode: number,
  reason: string,
  startedAt: string,
  finishedAt: string,
  restartCount: number,
): JsonObject {
  return {
    name: c.name ?? '',
    image: c.image ?? '',
    imageID: `sandbox://sha256:${String(c.image ?? '')}`,
    containerID: `sandbox://${String(c.name ?? '')}`,
    ready: false,
    started: false,
    restartCount,
    lastState: {},
    state: { terminated: { exitCode, reason, startedAt, finishedAt } },
  };
}
