/**
 * Custom resources: health through `status.conditions` and `status.observedGeneration`, the
 * conventions most operators follow (kstatus'). A custom resource whose status is still empty is
 * NOT ready until `crGraceMs` after the wait began — its controller may not have seen it yet —
 * and HEALTHY after that (for resources whose controller never writes a status).
 */
import type { KubeObject } from '../kube-object.types';
import { condition, explain, field, generationPending, isTrue } from './object-fields';
import { degraded, healthy, progressing, type HealthContext, type Verdict } from './readiness.types';

/** API groups of Kubernetes itself: their kinds have no custom-resource status conventions. */
export function isBuiltinGroup(group: string): boolean {
  return group === '' || group.endsWith('.k8s.io') || ['apps', 'batch', 'policy', 'autoscaling'].includes(group);
}

const READY_TYPES = ['Ready', 'Available', 'Succeeded'] as const;
const FAILED_TYPES = ['Failed', 'Stalled'] as const;

export function customResourceHealth(obj: KubeObject, ctx: HealthContext): Verdict {
  const status = field(obj, 'status');
  const empty = !status || typeof status !== 'object' || Object.keys(status).length === 0;
  if (empty) {
    const left = ctx.since + ctx.crGraceMs - ctx.now;
    if (left > 0)
      return progressing(`waiting for its controller to report a status (${Math.ceil(left / 1000)} s of grace left)`);
    return healthy(null, null, 'no status reported; considered ready after the grace period');
  }
  for (const type of FAILED_TYPES) {
    if (isTrue(obj, type)) return degraded(`${type}: ${explain(condition(obj, type)) || type}`, true);
  }
  const pending = generationPending(obj);
  if (pending) return progressing(pending);
  if (isTrue(obj, 'Reconciling'))
    return progressing(`reconciling: ${explain(condition(obj, 'Reconciling')) || 'in progress'}`);
  const readyType = READY_TYPES.find((t) => condition(obj, t));
  if (!readyType) return healthy();
  const c = condition(obj, readyType)!;
  return c.status === 'True'
    ? healthy()
    : progressing(`${readyType} is ${c.status}${explain(c) ? `: ${explain(c)}` : ''}`);
}
