import type { ServerResponse } from 'node:http';
import { apiErrors } from '../api/api-errors';
import { getPath, isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';

/**
 * `pods/<name>/log`: the sandbox runs no processes, so the log is a synthetic account of the
 * container's simulated lifecycle (start, crashes, completion) — enough for `kubectl logs` to
 * work and to say why a container is not running.
 */
export function podLog(pod: KubeObject, container: string | null): string {
  const containers = (getPath(pod, ['spec', 'containers']) as JsonObject[] | undefined) ?? [];
  const name = container ?? String(containers[0]?.name ?? '');
  const spec = containers.find((c) => c.name === name);
  if (!spec) throw apiErrors.badRequest(`container ${name} is not valid for pod ${String(pod.metadata.name)}`);
  const statuses = (getPath(pod, ['status', 'containerStatuses']) as JsonObject[] | undefined) ?? [];
  const status = statuses.find((s) => s.name === name);
  const state = isJsonObject(status?.state) ? status.state : {};
  const lines: string[] = [];
  if (isJsonObject(state.waiting)) {
    if (state.waiting.reason === 'ImagePullBackOff' || state.waiting.reason === 'ContainerCreating') {
      throw apiErrors.badRequest(
        `container "${name}" in pod "${String(pod.metadata.name)}" is waiting to start: ${String(state.waiting.reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : 'ContainerCreating')}`,
      );
    }
    lines.push(
      `[sandbox] container ${name} (image ${String(spec.image)}) exited with code 1; restarts so far: ${String(status?.restartCount ?? 0)}`,
    );
  }
  if (isJsonObject(state.running))
    lines.push(
      `[sandbox] container ${name} (image ${String(spec.image)}) running since ${String(state.running.startedAt)}`,
    );
  if (isJsonObject(state.terminated))
    lines.push(
      `[sandbox] container ${name} (image ${String(spec.image)}) terminated: ${String(state.terminated.reason)} (exit code ${String(state.terminated.exitCode)})`,
    );
  return lines.join('\n') + (lines.length ? '\n' : '');
}

export function sendPodLog(res: ServerResponse, text: string): void {
  const payload = Buffer.from(text);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': payload.length });
  res.end(payload);
}
