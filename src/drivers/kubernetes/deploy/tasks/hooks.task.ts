/**
 * `hooks-pre` / `hooks-post`: the operation's hooks of one phase, run one at a time in Helm's
 * order (see ../hook-steps.ts). The task keeps its place (hook index, created or not) in its
 * re-schedule state and re-schedules itself while a hook runs; a failed hook fails the task
 * with the hook's reason. The event is `<phase>-install|upgrade|rollback` from the render mode,
 * or `<phase>-delete` for delete/cease (skipped when the release is already uninstalled).
 */
import type { Hook, HookEvent } from '@marina/helm';
import { DriverError } from '../../../../jobs/errors';
import { done, reschedule, type Processor, type TaskContext } from '../../../../jobs/job.types';
import { refOf, type ObjectRef } from '../../kube-object.types';
import type { HookPhase } from '../deploy-tasks';
import type { DeployPorts } from '../deploy-ports';
import { deletePolicies, hookOutcome, hooksFor } from '../hook-steps';
import { documentObject } from '../manifest-objects';
import { inputOf, upstream, withKube, type KubeTaskScope } from '../task-context';
import type { RenderedRelease } from './render.task';

interface HookState {
  readonly index: number;
  readonly created: boolean;
  readonly since: string;
}

export function hooksProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const phase = inputOf<HookPhase>(ctx, 'phase', ['pre', 'post']);
    const pollMs = typeof ctx.task.input?.pollMs === 'number' ? ctx.task.input.pollMs : 300;
    return withKube(ports, ctx, async (scope) => {
      const plan = await hookPlan(ctx, scope, phase);
      if (!plan) return done({ skipped: true });
      const hooks = hooksFor(plan.hooks, plan.event);
      let state = (ctx.task.state as HookState | null) ?? { index: 0, created: false, since: new Date().toISOString() };
      while (state.index < hooks.length) {
        const step = await runHook(ctx, scope, ports, plan.event, hooks[state.index], state);
        if (step === 'running') return reschedule(pollMs, { ...state, created: true });
        state = { index: state.index + 1, created: false, since: state.since };
      }
      return done({ event: plan.event, hooks: hooks.map((h) => `${h.kind}/${h.name}`) });
    });
  };
}

async function hookPlan(ctx: TaskContext, scope: KubeTaskScope, phase: HookPhase) {
  if (scope.op.action === 'delete' || scope.op.action === 'cease') {
    const history = await scope.releases.history();
    const rev = history.find((r) => r.version === scope.op.revision) ?? history[history.length - 1];
    if (!rev || rev.status === 'uninstalled') return null;
    return { event: `${phase}-delete` as HookEvent, hooks: rev.hooks };
  }
  const rendered = upstream<RenderedRelease>(ctx, 'render');
  return { event: `${phase}-${rendered.mode}` as HookEvent, hooks: rendered.hooks };
}

async function runHook(
  ctx: TaskContext,
  scope: KubeTaskScope,
  ports: DeployPorts,
  event: HookEvent,
  hook: Hook,
  state: HookState,
): Promise<'running' | 'succeeded'> {
  const obj = documentObject(hook.manifest);
  if (!obj) return 'succeeded';
  const ref = refOf(obj, scope.op.namespace);
  const policies = deletePolicies(hook);
  if (!state.created) {
    if (policies.includes('before-hook-creation')) await scope.conn.remove(ref);
    await scope.conn.apply(obj, scope.op.namespace, { fieldManager: ports.fieldManager, force: true });
    await ctx.emit({ kind: 'hook.started', message: `${event} hook ${hook.kind}/${hook.name} started` });
  }
  const live = await scope.conn.get(ref);
  // Absent after creation: removed by its hook-succeeded policy in an execution that ended before saving its place.
  const outcome = live ? hookOutcome(live) : { state: 'succeeded' as const };
  if (outcome.state === 'running') {
    if (Date.now() - new Date(state.since).getTime() >= scope.op.timeoutMs)
      throw new DriverError('HOOK_TIMEOUT', `${event} hook ${hook.kind}/${hook.name} did not finish in time`, false);
    return 'running';
  }
  if (outcome.state === 'failed') {
    if (policies.includes('hook-failed')) await scope.conn.remove(ref);
    await ctx.emit({ kind: 'hook.failed', status: 'FAILED', message: `${event} hook ${hook.name}: ${outcome.reason}` });
    throw new DriverError('HOOK_FAILED', `${event} hook ${hook.kind}/${hook.name} failed: ${outcome.reason}`, false);
  }
  if (policies.includes('hook-succeeded')) await removeHook(scope, ref);
  await ctx.emit({ kind: 'hook.succeeded', message: `${event} hook ${hook.kind}/${hook.name} succeeded` });
  return 'succeeded';
}

function removeHook(scope: KubeTaskScope, ref: ObjectRef) {
  return scope.conn.remove(ref, 'Background');
}
