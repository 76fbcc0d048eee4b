/**
 * `wait` (or `wait-<i>`: the objects of layer i only): readiness checks until the objects are ready, readiness reports a terminal failure (its
 * reason — "ImagePullBackOff on container …" — becomes the job's error), or the operation's
 * `timeoutMs` has passed since the first check. Checks come quickly at first (100 ms apart, the
 * gap growing by half each time up to the task's `pollMs`); one execution checks for at most
 * {@link HOLD_MS}, then re-schedules itself (handing its worker slot back) and the next execution
 * goes on with the same gap. Cancellation interrupts the gap at once. Each resource's health
 * change is emitted as a `resource.health` instance event.
 */
import { DriverError } from '../../../../jobs/errors';
import { done, reschedule, type Processor, type DoneOutcome, type TaskContext } from '../../../../jobs/job.types';
import type { ResourceStatus } from '../../../runtime-driver.types';
import { refOf, type ObjectRef } from '../../kube-object.types';
import type { DeployPorts } from '../deploy-ports';
import { manifestObjects } from '../manifest-objects';
import { healthMessage } from '../../observer/health-changes';
import { inputOf, layerOf, upstream, withKube, type KubeTaskScope, renderedRelease } from '../task-context';
import { layerObjects, type RenderedRelease } from './render.task';

/** What a waiting execution hands to the next one. */
interface WaitState {
  readonly since: string;
  readonly health: Record<string, string>;
  /** The gap before the next check. */
  readonly gapMs?: number;
}

/** The gap after the first check. */
export const FIRST_GAP_MS = 100;
/** How long one execution keeps checking before it re-schedules itself. */
export const HOLD_MS = 2500;

export function waitProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const source = inputOf<'render' | 'release'>(ctx, 'objects', ['render', 'release']);
    const pollMs = typeof ctx.task.input?.pollMs === 'number' ? ctx.task.input.pollMs : 300;
    let state = (ctx.task.state as WaitState | null) ?? { since: new Date().toISOString(), health: {} };
    const held = Date.now();
    return withKube(ports, ctx, async (scope) => {
      const refs = source === 'render' ? renderedRefs(ctx, ports, scope) : await releasedRefs(scope);
      for (;;) {
        const health = await check(ctx, scope, ports, refs, state);
        if (health.result) return health.result;
        const gapMs = Math.min(state.gapMs ?? Math.min(FIRST_GAP_MS, pollMs), pollMs);
        state = { since: state.since, health: health.now, gapMs: Math.min(Math.round(gapMs * 1.5), pollMs) };
        if (Date.now() + gapMs - held > HOLD_MS) return reschedule(gapMs, { ...state });
        await pause(gapMs, ctx.signal);
      }
    });
  };
}

/** One readiness check: the task's result when it is over, and the resources' health now. */
async function check(
  ctx: TaskContext,
  scope: KubeTaskScope,
  ports: DeployPorts,
  refs: readonly ObjectRef[],
  state: WaitState,
): Promise<{ result?: DoneOutcome; now: Record<string, string> }> {
  const since = new Date(state.since);
  const readiness = await scope.conn.readiness(refs, { since, crGraceMs: ports.crGraceMs });
  const now = await emitHealthChanges(ctx, state.health, readiness.resources);
  if (readiness.state === 'ready') return { result: done({ resources: readiness.resources }), now };
  if (readiness.state === 'failed') throw new DriverError('NOT_READY', readiness.reason, false);
  if (Date.now() - since.getTime() >= scope.op.timeoutMs)
    throw new DriverError(
      'READY_TIMEOUT',
      `not ready after ${Math.round(scope.op.timeoutMs / 1000)} s: ${readiness.message}`,
      false,
    );
  return { now };
}

/** Resolves after `ms`; rejects with the signal's reason as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function renderedRefs(ctx: TaskContext, ports: DeployPorts, { op }: KubeTaskScope): ObjectRef[] {
  return layerObjects(renderedRelease(ctx, ports), layerOf(ctx)).map((o) => refOf(o, op.namespace));
}

/** The objects of the operation's revision as recorded in the release (stop/start). */
export async function releasedRefs({ op, releases }: KubeTaskScope): Promise<ObjectRef[]> {
  const history = await releases.history();
  const rev = history.find((r) => r.version === op.revision) ?? history.find((r) => r.status === 'deployed');
  if (!rev)
    throw new DriverError('RELEASE_NOT_FOUND', `release ${op.releaseName} has no revision ${op.revision}`, false);
  return manifestObjects(rev.manifest).map((o) => refOf(o, op.namespace));
}

const keyOf = (r: ResourceStatus) => `${r.kind}/${r.name}`;

async function emitHealthChanges(
  ctx: TaskContext,
  before: Readonly<Record<string, string>>,
  resources: readonly ResourceStatus[],
): Promise<Record<string, string>> {
  const now: Record<string, string> = {};
  for (const r of resources) {
    now[keyOf(r)] = r.health;
    if (before[keyOf(r)] === r.health) continue;
    await ctx.emit({ kind: 'resource.health', status: r.health, message: healthMessage(r) });
  }
  return now;
}
