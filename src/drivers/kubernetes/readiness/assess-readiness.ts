/**
 * One readiness verdict over live objects: each object's own health, made DEGRADED or explained
 * by its pods' problems; `failed` when any failure is terminal, `ready` when all are HEALTHY,
 * `progressing` otherwise (message: the first object that is not ready, and why).
 */
import type { Readiness, ResourceStatus } from '../../runtime-driver.types';
import { describeRef } from '../kube-object.types';
import { objectHealth } from './object-health';
import { podProblems, podsOf } from './pod-problems';
import type { HealthContext, LiveState, ReadinessThresholds, Verdict } from './readiness.types';

export interface AssessedResource {
  readonly status: ResourceStatus;
  readonly terminal: boolean;
}

/** Each object's status, with pod problems folded into workloads that are not healthy. */
export function assessResources(live: LiveState, ctx: HealthContext, t: ReadinessThresholds): AssessedResource[] {
  return live.objects.map(({ ref, object }) => {
    let verdict: Verdict = objectHealth(ref, object, ctx);
    if (object && verdict.health === 'PROGRESSING') {
      const problem = podProblems(podsOf(object, live.pods), live.warnings, ctx, t)[0];
      if (problem)
        verdict = {
          ...verdict,
          health: problem.terminal ? 'DEGRADED' : verdict.health,
          message: `${problem.message} (pod ${problem.pod})`,
          terminal: problem.terminal,
        };
    }
    const { health, ready, desired, message } = verdict;
    return {
      status: {
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        name: ref.name,
        namespace: ref.namespace,
        ready,
        desired,
        health,
        message,
      },
      terminal: verdict.terminal,
    };
  });
}

const said = (s: ResourceStatus) => `${describeRef(s)}: ${s.message ?? s.health.toLowerCase()}`;

export function assessReadiness(live: LiveState, ctx: HealthContext, t: ReadinessThresholds): Readiness {
  const assessed = assessResources(live, ctx, t);
  const resources = assessed.map((a) => a.status);
  const failures = assessed.filter((a) => a.terminal).map((a) => said(a.status));
  if (failures.length > 0) return { state: 'failed', resources, reason: failures.join('; ') };
  const waiting = resources.filter((r) => r.health !== 'HEALTHY');
  if (waiting.length === 0) return { state: 'ready', resources };
  const more = waiting.length > 1 ? ` (and ${waiting.length - 1} more not ready)` : '';
  return { state: 'progressing', resources, message: `${said(waiting[0])}${more}` };
}
