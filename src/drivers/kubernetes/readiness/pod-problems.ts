/**
 * Why pods are not ready, in words a user acts on, from container states and Warning events:
 * "ImagePullBackOff on container redis: image sandbox.invalid/fail cannot be pulled (…)",
 * "CrashLoopBackOff on container web (restarted 4 times): last exit code 1 (Error)".
 * Whether a problem is terminal follows ./readiness.types.ts.
 */
import type { KubeObject } from '../kube-object.types';
import { condition, explain, field, list, num, selects, str, type Json } from './object-fields';
import type { HealthContext, ReadinessThresholds } from './readiness.types';

export interface PodProblem {
  readonly pod: string;
  readonly message: string;
  readonly terminal: boolean;
}

const PULL_FAILURES = new Set(['ImagePullBackOff', 'ErrImagePull']);
const BAD_IMAGE = new Set(['InvalidImageName', 'ErrImageNeverPull']);
const CONFIG_ERRORS = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

const labelsOf = (o: KubeObject): Record<string, string> => (o.metadata.labels ?? {}) as Record<string, string>;

/** The pods an object owns or is (same namespace, selected by its selector). */
export function podsOf(obj: KubeObject, pods: readonly KubeObject[]): KubeObject[] {
  const ns = obj.metadata.namespace;
  const local = pods.filter((p) => p.metadata.namespace === ns);
  if (obj.kind === 'Pod' && obj.apiVersion === 'v1') return local.filter((p) => p.metadata.name === obj.metadata.name);
  const selector = field(obj, 'spec', 'selector');
  if (selector && typeof selector === 'object' && !Array.isArray(selector) && obj.kind !== 'Service')
    return local.filter((p) => selects(selector, labelsOf(p)));
  if (obj.kind === 'Job') return local.filter((p) => labelsOf(p)['job-name'] === obj.metadata.name);
  return [];
}

function containerProblem(c: Json, image: string, ctx: HealthContext, t: ReadinessThresholds) {
  const name = String(c.name ?? '?');
  const waiting = field(c, 'state', 'waiting') as Json | undefined;
  const reason = str(waiting, 'reason') ?? '';
  const detail = str(waiting, 'message');
  if (PULL_FAILURES.has(reason) || BAD_IMAGE.has(reason)) {
    const terminal =
      BAD_IMAGE.has(reason) || (reason === 'ImagePullBackOff' && ctx.now - ctx.since >= t.imagePullFailAfterMs);
    const why = detail ? ` (${detail})` : '';
    return { message: `${reason} on container ${name}: image ${image} cannot be pulled${why}`, terminal };
  }
  const restarts = num(c, 'restartCount') ?? 0;
  if (reason === 'CrashLoopBackOff') {
    const last = field(c, 'lastState', 'terminated') as Json | undefined;
    const exit = last
      ? `: last exit code ${num(last, 'exitCode') ?? '?'}${str(last, 'reason') ? ` (${str(last, 'reason')})` : ''}`
      : '';
    return {
      message: `CrashLoopBackOff on container ${name} (restarted ${restarts} times)${exit}`,
      terminal: restarts >= t.crashLoopRestarts,
    };
  }
  if (CONFIG_ERRORS.has(reason))
    return { message: `${reason} on container ${name}${detail ? `: ${detail}` : ''}`, terminal: false };
  return null;
}

function statusProblem(pod: KubeObject, ctx: HealthContext, t: ReadinessThresholds) {
  const images = new Map(
    [...list(pod, 'spec', 'initContainers'), ...list(pod, 'spec', 'containers')].map((c) => [
      String(c.name),
      String(c.image ?? '?'),
    ]),
  );
  const statuses = [...list(pod, 'status', 'initContainerStatuses'), ...list(pod, 'status', 'containerStatuses')];
  for (const c of statuses) {
    const found = containerProblem(c, images.get(String(c.name)) ?? String(c.image ?? '?'), ctx, t);
    if (found) return found;
  }
  if (str(pod, 'status', 'phase') === 'Failed')
    return {
      message: `pod failed: ${str(pod, 'status', 'message') ?? str(pod, 'status', 'reason') ?? 'failed'}`,
      terminal: true,
    };
  const scheduled = condition(pod, 'PodScheduled');
  if (scheduled?.status === 'False') return { message: `not scheduled: ${explain(scheduled)}`, terminal: false };
  return null;
}

/** The latest Warning event about `pod`, as "Reason: message". */
function warningAbout(pod: KubeObject, warnings: readonly KubeObject[]): string | null {
  const about = warnings.filter(
    (e) =>
      str(e, 'involvedObject', 'kind') === 'Pod' &&
      str(e, 'involvedObject', 'name') === pod.metadata.name &&
      e.metadata.namespace === pod.metadata.namespace,
  );
  const when = (e: KubeObject) => str(e, 'lastTimestamp') ?? str(e, 'eventTime') ?? '';
  const latest = about.sort((a, b) => when(b).localeCompare(when(a)))[0];
  return latest ? explain({ reason: str(latest, 'reason'), message: str(latest, 'message') }) : null;
}

/** Problems of pods that are not ready (terminal ones first). */
export function podProblems(
  pods: readonly KubeObject[],
  warnings: readonly KubeObject[],
  ctx: HealthContext,
  t: ReadinessThresholds,
): PodProblem[] {
  const out: PodProblem[] = [];
  for (const pod of pods) {
    const phase = str(pod, 'status', 'phase');
    if (phase === 'Succeeded' || (phase === 'Running' && condition(pod, 'Ready')?.status === 'True')) continue;
    const found = statusProblem(pod, ctx, t);
    const warning = found ? null : warningAbout(pod, warnings);
    if (found) out.push({ pod: pod.metadata.name, ...found });
    else if (warning) out.push({ pod: pod.metadata.name, message: warning, terminal: false });
  }
  return out.sort((a, b) => Number(b.terminal) - Number(a.terminal));
}
