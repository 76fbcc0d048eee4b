/**
 * Hooks as Helm runs them (pkg/action/hooks.go): the hooks of one event, ordered by weight then
 * name (stable over Helm's kind order), run one after the other; a hook is done when its Job
 * completed or its Pod succeeded, and any other kind once created. Delete policies:
 * `before-hook-creation` (the default when none is given) removes an earlier object of the same
 * name before creating it, `hook-succeeded` / `hook-failed` remove it after the outcome.
 */
import type { Hook, HookEvent } from '@marina/helm';
import type { KubeObject } from '../kube-object.types';

export type HookDeletePolicy = 'before-hook-creation' | 'hook-succeeded' | 'hook-failed';

/** The hooks `event` runs, in execution order. */
export function hooksFor(hooks: readonly Hook[], event: HookEvent): Hook[] {
  return hooks
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => h.events.includes(event))
    .sort((a, b) => a.h.weight - b.h.weight || (a.h.name < b.h.name ? -1 : a.h.name > b.h.name ? 1 : 0) || a.i - b.i)
    .map(({ h }) => h);
}

/** The hook's delete policies, with Helm's default. */
export function deletePolicies(hook: Hook): readonly HookDeletePolicy[] {
  const known = hook.deletePolicies.filter((p): p is HookDeletePolicy =>
    ['before-hook-creation', 'hook-succeeded', 'hook-failed'].includes(p),
  );
  return known.length > 0 ? known : ['before-hook-creation'];
}

export type HookOutcome = { state: 'running' } | { state: 'succeeded' } | { state: 'failed'; reason: string };

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

/** Whether a live hook object has finished. */
export function hookOutcome(live: KubeObject): HookOutcome {
  const status = (live.status ?? {}) as { conditions?: Condition[]; phase?: string; failed?: number };
  if (live.kind === 'Job') {
    const conditions = status.conditions ?? [];
    const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
    if (failed) return { state: 'failed', reason: `Job failed: ${failed.reason ?? ''} ${failed.message ?? ''}`.trim() };
    const complete = conditions.some(
      (c) => (c.type === 'Complete' || c.type === 'SuccessCriteriaMet') && c.status === 'True',
    );
    return complete ? { state: 'succeeded' } : { state: 'running' };
  }
  if (live.kind === 'Pod') {
    if (status.phase === 'Succeeded') return { state: 'succeeded' };
    if (status.phase === 'Failed') return { state: 'failed', reason: 'Pod failed' };
    return { state: 'running' };
  }
  return { state: 'succeeded' };
}
