/**
 * `hooks-pre` / `hooks-post`: the operation's hooks of one event run as HELM's hook plan says
 * (../../helm/hook-plan.ts: one at a time by weight then name, delete policies, "done" per kind).
 * The task keeps its place (hook index, created or not) in its re-schedule state and
 * re-schedules itself while a hook runs or an old hook object is still going away; a failed hook
 * fails the task with the hook's reason. The event is `<phase>-install|upgrade|rollback` from the
 * render mode, or `<phase>-delete` for delete/cease (skipped when the release is already
 * uninstalled).
 */
import { DriverError } from '../../../../jobs/errors';
import { done, reschedule, type Processor, type TaskContext } from '../../../../jobs/job.types';
import { HOOK_EVENTS, hookState, planHooks, type HookLike, type HookStep } from '../../helm/hook-plan';
import type { HelmHookEvent } from '../../helm/helm-release.types';
import { refOf } from '../../kube-object.types';
import type { HookPhase } from '../deploy-tasks';
import type { DeployPorts } from '../deploy-ports';
import { documentObject } from '../manifest-objects';
import { inputOf, operationOf, upstream, withKube, type KubeTaskScope, renderedRelease } from '../task-context';
import type { RenderedRelease } from './render.task';

interface HookProgress {
  readonly index: number;
  readonly created: boolean;
  readonly since: string;
}

type StepResult = 'waiting' | 'created' | 'succeeded';

export function hooksProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const phase = inputOf<HookPhase>(ctx, 'phase', ['pre', 'post']);
    const pollMs = typeof ctx.task.input?.pollMs === 'number' ? ctx.task.input.pollMs : 300;
    const rendered = renderedHooks(ctx, ports, phase);
    if (rendered && planHooks(rendered.hooks, rendered.event).steps.length === 0)
      return done({ event: rendered.event, hooks: [] }); // nothing to run: no cluster call
    return withKube(ports, ctx, async (scope) => {
      const found = rendered ?? (await releasedHooks(scope, phase));
      if (!found) return done({ skipped: true });
      const plan = planHooks(found.hooks, found.event);
      let at = (ctx.task.state as HookProgress | null) ?? { index: 0, created: false, since: new Date().toISOString() };
      while (at.index < plan.steps.length) {
        const result = await runStep(ctx, scope, ports, plan.event, plan.steps[at.index], at);
        if (result !== 'succeeded') return reschedule(pollMs, { ...at, created: result === 'created' });
        at = { index: at.index + 1, created: false, since: at.since };
      }
      for (const hook of plan.deleteAfterSuccess) await scope.conn.remove(hookRef(hook, scope));
      return done({ event: plan.event, hooks: plan.steps.map((s) => `${s.hook.kind}/${s.hook.name}`) });
    });
  };
}

/** The hooks of a rendering operation (this job's render); null for delete/cease. */
function renderedHooks(ctx: TaskContext, ports: DeployPorts, phase: HookPhase) {
  const op = operationOf(ctx);
  if (op.action === 'delete' || op.action === 'cease') return null;
  const rendered = renderedRelease(ctx, ports);
  return { event: HOOK_EVENTS[rendered.mode][phase], hooks: rendered.hooks as readonly HookLike[] };
}

/** delete/cease: the hooks of the revision's record (null when the release is already uninstalled). */
async function releasedHooks(scope: KubeTaskScope, phase: HookPhase) {
  const history = await scope.releases.history();
  const rev = history.find((r) => r.version === scope.op.revision) ?? history[history.length - 1];
  if (!rev || rev.status === 'uninstalled') return null;
  return { event: HOOK_EVENTS.delete[phase], hooks: rev.hooks as readonly HookLike[] };
}

function hookRef(hook: HookLike, scope: KubeTaskScope) {
  const obj = documentObject(hook.manifest);
  if (!obj) throw new DriverError('INVALID_MANIFEST', `hook ${hook.path} has no object`, false);
  return refOf(obj, scope.op.namespace);
}

async function runStep(
  ctx: TaskContext,
  scope: KubeTaskScope,
  ports: DeployPorts,
  event: HelmHookEvent,
  step: HookStep,
  at: HookProgress,
): Promise<StepResult> {
  const { hook } = step;
  const name = `${event} hook ${hook.kind}/${hook.name}`;
  const obj = documentObject(hook.manifest);
  if (!obj) return 'succeeded';
  const ref = refOf(obj, scope.op.namespace);
  if (!at.created) {
    if (step.deleteBeforeCreate && (await scope.conn.remove(ref)) === 'deleted' && (await scope.conn.get(ref)))
      return 'waiting';
    await scope.conn.apply(obj, scope.op.namespace, { fieldManager: ports.fieldManager, force: true });
    await ctx.emit({ kind: 'hook.started', message: `${name} started` });
  }
  const live = await scope.conn.get(ref);
  // Absent once created: deleted by someone else after it ran; Helm treats a vanished hook as done too.
  const state = live ? hookState(step.completion, live) : ({ state: 'succeeded' } as const);
  if (state.state === 'running') {
    if (Date.now() - new Date(at.since).getTime() >= scope.op.timeoutMs)
      throw new DriverError('HOOK_TIMEOUT', `${name} did not finish in time`, false);
    return 'created';
  }
  if (state.state === 'failed') {
    if (step.deleteOnFailure) await scope.conn.remove(ref);
    await ctx.emit({ kind: 'hook.failed', status: 'FAILED', message: `${name}: ${state.reason}` });
    throw new DriverError('HOOK_FAILED', `${name} failed: ${state.reason}`, false);
  }
  await ctx.emit({ kind: 'hook.succeeded', message: `${name} succeeded` });
  return 'succeeded';
}
