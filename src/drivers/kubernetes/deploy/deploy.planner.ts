/**
 * The Kubernetes deploy planner: an InstanceOperation becomes a fixed task DAG (pure; it runs in
 * the API transaction that creates the job, so it never sees the chart or the cluster).
 *
 * Install-like actions (deploy, recover) and change actions (upgrade, rollback, update_config):
 * ```
 * namespace → crds* → render → release(pending-*) → hooks-pre → apply → prune** → wait → hooks-post → record
 * ```
 * `*` only when installing a HELM chart (Helm installs crds/ on install only), and then beside
 * `namespace` (both roots, `render` depends on both: CRDs are cluster-wide and need no
 * namespace); `**` only when a previous revision exists. When the operation names its layers
 * (`op.layers`, COMPOSED versions), `apply → prune → wait` becomes
 * `apply-0 → wait-0 → apply-1 → wait-1 → … → prune`: each layer ready before the next is applied,
 * objects the revision no longer renders deleted once all layers are ready. Every other task depends on the one before it. Decisions:
 * - Hooks are one task per phase, not one per hook: the hooks exist only after rendering, which
 *   happens on a worker. The task runs weight groups in order and keeps its place in its
 *   re-schedule state, so a killed worker resumes at the group it was waiting on.
 * - Resources are applied by one task in Helm's install order. Server-side apply is idempotent,
 *   so a re-run converges; per-kind tasks would only add queue round trips to every deploy.
 * - `wait` re-schedules itself every `pollMs` until ready, failed or `op.timeoutMs`.
 * - rollback re-renders the target revision's version with its overrides against the live
 *   cluster (Helm re-applies the stored manifest instead); the result is a new revision whose
 *   record says "Rollback to N", as Helm's does. recover renders as an install (install hooks).
 * - `record` writes the release record `deployed` (previous `superseded`) and returns the
 *   OperationOutcome; a job that fails leaves the record `pending-*` for {@link planReleaseFailure}.
 *
 * stop: `scale(down) → wait → record`; start: `scale(up) → wait → record`.
 * delete: `release(uninstalling) → hooks-pre → uninstall → hooks-post → record` (records kept,
 * status `uninstalled`, like `helm uninstall --keep-history`, so `recover` and `helm history`
 * still work); cease: the same plus `purge` (release Secrets dropped) before `record`.
 * adopt: `record` (reads the helm release and describes its objects).
 *
 * Failure and cancellation: a failed task fails the job (its DriverError message — e.g. the
 * readiness reason — is the job's error); cancelling aborts the running task and a re-scheduled
 * `wait` or hooks task is not run again. Either way objects already applied stay as they are
 * (nothing is rolled back, as with an interrupted `helm upgrade`), and the job-finished hook
 * queues {@link planReleaseFailure}, which marks the revision's record `failed` if it is still
 * `pending-*` — so neither helm nor the next operation finds a release stuck in pending. A retry
 * of the job re-runs its unfinished tasks for the same revision and `record` finishes it.
 */
import { AppType } from '../../../entities/enums';
import type { CreateJobInput, TaskSpec } from '../../../jobs/job.types';
import type { InstanceAction, InstanceOperation } from '../../../services/instances/instance-operation.types';
import { KUBE_TASK, TASK_KEY, type HookPhase, type ReleaseStep, type ScaleDirection } from './deploy-tasks';

export interface KubePlanOptions {
  /** Delay between readiness checks of `wait` (default 300 ms). */
  readonly pollMs?: number;
}

/** Default delay between two readiness checks. */
export const DEFAULT_POLL_MS = 300;

/** Attempts of a task on retryable failures (unreachable cluster, 5xx, lost worker). */
const ATTEMPTS = 5;

/** How an action renders and which hooks it runs; null for actions that do not render. */
export type RenderMode = 'install' | 'upgrade' | 'rollback';

const RENDER_MODE: Readonly<Record<InstanceAction, RenderMode | null>> = {
  deploy: 'install',
  recover: 'install',
  upgrade: 'upgrade',
  update_config: 'upgrade',
  rollback: 'rollback',
  stop: null,
  start: null,
  delete: null,
  cease: null,
  adopt: null,
  scale: null,
  resize: null,
};

/** The render mode of an action (null: the action does not render a chart). */
export function renderModeOf(action: InstanceAction): RenderMode | null {
  return RENDER_MODE[action];
}

/** The task DAG carrying out `op`, in dependency order (see the module doc for who depends on whom). */
export function planKubeOperation(op: InstanceOperation, opts: KubePlanOptions = {}): TaskSpec[] {
  const pollMs = opts.pollMs ?? DEFAULT_POLL_MS;
  const steps = stepsOf(op, pollMs);
  return steps.map((step, i) => ({
    ...step,
    maxAttempts: ATTEMPTS,
    dependsOn: dependenciesOf(steps, i),
  }));
}

type Step = Pick<TaskSpec, 'key' | 'action' | 'target' | 'input'>;

/** The step before, except that `crds` runs beside `namespace` and `render` waits for both. */
function dependenciesOf(steps: readonly Step[], i: number): string[] {
  const key = steps[i].key;
  if (i === 0 || key === TASK_KEY.crds) return [];
  if (key === TASK_KEY.render && steps[i - 1].key === TASK_KEY.crds) return [TASK_KEY.namespace, TASK_KEY.crds];
  return [steps[i - 1].key];
}

function stepsOf(op: InstanceOperation, pollMs: number): Step[] {
  const mode = renderModeOf(op.action);
  if (mode) return renderedSteps(op, mode, pollMs);
  switch (op.action) {
    case 'stop':
      return [scale('down'), waitStep(pollMs, 'release'), record()];
    case 'start':
      return [scale('up'), waitStep(pollMs, 'release'), record()];
    case 'delete':
      return uninstallSteps(op, false, pollMs);
    case 'cease':
      return uninstallSteps(op, true, pollMs);
    case 'adopt':
      return [{ key: TASK_KEY.record, action: KUBE_TASK.adopt, target: target(op) }];
    default:
      throw new Error(`no plan for ${op.action}`);
  }
}

function renderedSteps(op: InstanceOperation, mode: RenderMode, pollMs: number): Step[] {
  const steps: Step[] = [{ key: TASK_KEY.namespace, action: KUBE_TASK.namespace, target: op.namespace }];
  if (mode === 'install' && (op.appType ?? AppType.HELM) === AppType.HELM)
    steps.push({ key: TASK_KEY.crds, action: KUBE_TASK.crds, target: target(op) });
  steps.push(
    { key: TASK_KEY.render, action: KUBE_TASK.render, target: target(op), input: { mode } },
    release('pending', op),
    hooks('pre', pollMs),
  );
  const prune: Step[] = op.revision > 1 ? [{ key: TASK_KEY.prune, action: KUBE_TASK.prune, target: target(op) }] : [];
  if (op.layers && op.layers.length > 0) steps.push(...layerSteps(op, op.layers, pollMs), ...prune);
  else
    steps.push(
      { key: TASK_KEY.apply, action: KUBE_TASK.apply, target: target(op) },
      ...prune,
      waitStep(pollMs, 'render'),
    );
  steps.push(hooks('post', pollMs), record());
  return steps;
}

/** `apply-<i>` + `wait-<i>` per layer, in order (the task key of layer i's apply and wait). */
function layerSteps(op: InstanceOperation, layers: readonly string[], pollMs: number): Step[] {
  return layers.flatMap((name, layer): Step[] => [
    {
      key: layerKey(TASK_KEY.apply, layer),
      action: KUBE_TASK.apply,
      target: `${target(op)}#${name}`,
      input: { layer },
    },
    { ...waitStep(pollMs, 'render'), key: layerKey(TASK_KEY.wait, layer), input: { pollMs, objects: 'render', layer } },
  ]);
}

/** The key of a per-layer task: `apply-0`, `wait-2`. */
export function layerKey(key: typeof TASK_KEY.apply | typeof TASK_KEY.wait, layer: number): string {
  return `${key}-${layer}`;
}

function uninstallSteps(op: InstanceOperation, purge: boolean, pollMs: number): Step[] {
  const steps: Step[] = [
    release('uninstalling', op),
    hooks('pre', pollMs),
    { key: TASK_KEY.uninstall, action: KUBE_TASK.uninstall, target: target(op) },
    hooks('post', pollMs),
  ];
  if (purge) steps.push({ key: TASK_KEY.purge, action: KUBE_TASK.purge, target: target(op) });
  steps.push(record());
  return steps;
}

const target = (op: InstanceOperation): string => `${op.namespace}/${op.releaseName}`;

function release(step: ReleaseStep, op: InstanceOperation): Step {
  return { key: TASK_KEY.release, action: KUBE_TASK.release, target: `${target(op)}.v${op.revision}`, input: { step } };
}

function hooks(phase: HookPhase, pollMs: number): Step {
  const key = phase === 'pre' ? TASK_KEY.preHooks : TASK_KEY.postHooks;
  return { key, action: KUBE_TASK.hooks, input: { phase, pollMs } };
}

/** `objects`: where the waited-for objects come from (this job's render, or the deployed release). */
function waitStep(pollMs: number, objects: 'render' | 'release'): Step {
  return { key: TASK_KEY.wait, action: KUBE_TASK.wait, input: { pollMs, objects } };
}

function scale(direction: ScaleDirection): Step {
  return { key: TASK_KEY.scale, action: KUBE_TASK.scale, input: { direction } };
}

function record(): Step {
  return { key: TASK_KEY.record, action: KUBE_TASK.record };
}

/** The job action of the follow-up that marks a failed operation's release record `failed`. */
export const RELEASE_FAILED_JOB_ACTION = 'kube.release.failed';

/**
 * The follow-up job for an operation whose job FAILED or was CANCELLED: one task that marks the
 * release record of `op.revision` `failed` if it is still `pending-*` (a no-op otherwise, so it
 * may run any number of times, and it never overwrites a record a later job finished). Null for
 * actions that write no pending record. Meant for the job-finished hook, which runs in a
 * transaction that must not contact the cluster: the follow-up runs on a worker.
 */
export function planReleaseFailure(op: InstanceOperation, failedJobId: string): CreateJobInput | null {
  if (!renderModeOf(op.action)) return null;
  return {
    action: RELEASE_FAILED_JOB_ACTION,
    subject: op.instanceId,
    input: { ...op, failedJobId },
    tasks: [
      { key: 'mark-failed', action: KUBE_TASK.markFailed, target: `${target(op)}.v${op.revision}`, maxAttempts: 10 },
    ],
  };
}
