/**
 * Helm's hook semantics (pkg/action/hooks.go, helm 3.17 and 4.1) as pure functions, for the
 * deploy pipeline to run:
 * - An operation fires a pre and a post event (install, upgrade, rollback, delete). A rollback
 *   runs the hooks of the revision it returns to; a delete runs the current revision's hooks.
 * - The hooks of one event run one at a time, ordered by weight, then by name; hooks with equal
 *   weight and name keep their render order (by kind, in install order).
 * - Delete policies: none given means `before-hook-creation`. Before creating a hook with that
 *   policy, an existing object of the same kind and name is deleted (and gone). A failing hook
 *   with `hook-failed` is deleted, and the operation fails at that hook. When every hook of the
 *   event succeeded, those with `hook-succeeded` are deleted, in reverse order.
 *   CustomResourceDefinition hooks are never deleted.
 * - "Done": a Job when its Complete condition is True (failed on its Failed condition), a Pod
 *   when its phase is Succeeded (failed on Failed); every other kind once created.
 */
import type { KubeObject } from '../kube-object.types';
import type { HelmHookEvent, HookDeletePolicy } from './helm-release.types';

/** What planning needs of a hook: a render's `Hook` or a stored `HelmHookRecord`. */
export interface HookLike {
  readonly name: string;
  readonly kind: string;
  readonly path: string;
  readonly manifest: string;
  readonly events: readonly string[];
  readonly weight: number;
  readonly deletePolicies: readonly string[];
}

export type HookOperation = 'install' | 'upgrade' | 'rollback' | 'delete';

export const HOOK_EVENTS: Readonly<
  Record<HookOperation, { readonly pre: HelmHookEvent; readonly post: HelmHookEvent }>
> = {
  install: { pre: 'pre-install', post: 'post-install' },
  upgrade: { pre: 'pre-upgrade', post: 'post-upgrade' },
  rollback: { pre: 'pre-rollback', post: 'post-rollback' },
  delete: { pre: 'pre-delete', post: 'post-delete' },
};

/** How to tell that a created hook has finished. */
export type HookCompletion = 'job-complete' | 'pod-succeeded' | 'on-creation';

/** One hook to run, with what to do around it. */
export interface HookStep<H extends HookLike = HookLike> {
  readonly hook: H;
  /** Delete an existing object of this kind and name, and wait until it is gone, before creating. */
  readonly deleteBeforeCreate: boolean;
  readonly completion: HookCompletion;
  /** Delete it when it fails (then the operation fails). */
  readonly deleteOnFailure: boolean;
}

/** The hooks of one event. */
export interface HookPlan<H extends HookLike = HookLike> {
  readonly event: HelmHookEvent;
  /** Run in this order, each to completion before the next. */
  readonly steps: readonly HookStep<H>[];
  /** After every step succeeded, delete these, in this order. */
  readonly deleteAfterSuccess: readonly H[];
}

/** The effective delete policies (Helm's default when none is given). */
export function deletePolicies(h: HookLike): HookDeletePolicy[] {
  const known = h.deletePolicies.filter(
    (p): p is HookDeletePolicy => p === 'before-hook-creation' || p === 'hook-succeeded' || p === 'hook-failed',
  );
  return known.length ? known : ['before-hook-creation'];
}

export function hookCompletion(kind: string): HookCompletion {
  return kind === 'Job' ? 'job-complete' : kind === 'Pod' ? 'pod-succeeded' : 'on-creation';
}

/** Helm's order for the hooks of one event: weight, then name; ties keep input (kind) order. */
export function orderHooks<H extends HookLike>(hooks: readonly H[]): H[] {
  return [...hooks].sort((a, b) => a.weight - b.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The plan for `event` over a revision's hooks (in render order). */
export function planHooks<H extends HookLike>(hooks: readonly H[], event: HelmHookEvent): HookPlan<H> {
  const ordered = orderHooks(hooks.filter((h) => h.events.includes(event)));
  const deletable = (h: H) => h.kind !== 'CustomResourceDefinition';
  const has = (h: H, p: HookDeletePolicy) => deletable(h) && deletePolicies(h).includes(p);
  return {
    event,
    steps: ordered.map((hook) => ({
      hook,
      deleteBeforeCreate: has(hook, 'before-hook-creation'),
      completion: hookCompletion(hook.kind),
      deleteOnFailure: has(hook, 'hook-failed'),
    })),
    deleteAfterSuccess: ordered.filter((h) => has(h, 'hook-succeeded')).reverse(),
  };
}

/** The state of a created hook object. */
export type HookState =
  | { readonly state: 'running' }
  | { readonly state: 'succeeded' }
  | { readonly state: 'failed'; readonly reason: string };

/** Whether the live hook object (as created by step `completion`) has finished. */
export function hookState(completion: HookCompletion, live: KubeObject): HookState {
  if (completion === 'on-creation') return { state: 'succeeded' };
  const status = (live.status ?? {}) as { phase?: string; conditions?: Condition[]; message?: string; reason?: string };
  if (completion === 'pod-succeeded') {
    if (status.phase === 'Succeeded') return { state: 'succeeded' };
    if (status.phase === 'Failed')
      return { state: 'failed', reason: `pod ${live.metadata.name} failed${detail(status.reason, status.message)}` };
    return { state: 'running' };
  }
  const cond = (type: string) => status.conditions?.find((c) => c.type === type && c.status === 'True');
  if (cond('Complete')) return { state: 'succeeded' };
  const failed = cond('Failed');
  if (failed)
    return { state: 'failed', reason: `job ${live.metadata.name} failed${detail(failed.reason, failed.message)}` };
  return { state: 'running' };
}

interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

function detail(reason?: string, message?: string): string {
  const parts = [reason, message].filter((x): x is string => !!x);
  return parts.length ? `: ${parts.join(': ')}` : '';
}
