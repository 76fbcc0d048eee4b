/**
 * `wait`: one readiness check per execution; while progressing it re-schedules itself every
 * `pollMs` (never sleeping in a worker) until the objects are ready, readiness reports a terminal
 * failure (its reason — "ImagePullBackOff on container …" — becomes the job's error), or the
 * operation's `timeoutMs` has passed since the first check. Each resource's health change is
 * emitted as a `resource.health` instance event.
 */
import { DriverError } from '../../../../jobs/errors';
import { done, reschedule, type Processor, type TaskContext } from '../../../../jobs/job.types';
import type { ResourceStatus } from '../../../runtime-driver.types';
import { refOf, type ObjectRef } from '../../kube-object.types';
import type { DeployPorts } from '../deploy-ports';
import { manifestObjects } from '../manifest-objects';
import { healthMessage } from '../../observer/health-changes';
import { inputOf, upstream, withKube, type KubeTaskScope } from '../task-context';
import type { RenderedRelease } from './render.task';

/** What a waiting execution hands to the next one. */
interface WaitState {
  readonly since: string;
  readonly health: Record<string, string>;
}

export function waitProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const source = inputOf<'render' | 'release'>(ctx, 'objects', ['render', 'release']);
    const pollMs = typeof ctx.task.input?.pollMs === 'number' ? ctx.task.input.pollMs : 300;
    const state = (ctx.task.state as WaitState | null) ?? { since: new Date().toISOString(), health: {} };
    return withKube(ports, ctx, async (scope) => {
      const refs = source === 'render' ? renderedRefs(ctx, scope) : await releasedRefs(scope);
      const since = new Date(state.since);
      const readiness = await scope.conn.readiness(refs, { since, crGraceMs: ports.crGraceMs });
      const health = await emitHealthChanges(ctx, state.health, readiness.resources);
      if (readiness.state === 'ready') return done({ resources: readiness.resources });
      if (readiness.state === 'failed') throw new DriverError('NOT_READY', readiness.reason, false);
      if (Date.now() - since.getTime() >= scope.op.timeoutMs)
        throw new DriverError(
          'READY_TIMEOUT',
          `not ready after ${Math.round(scope.op.timeoutMs / 1000)} s: ${readiness.message}`,
          false,
        );
      return reschedule(pollMs, { since: state.since, health });
    });
  };
}

function renderedRefs(ctx: TaskContext, { op }: KubeTaskScope): ObjectRef[] {
  return upstream<RenderedRelease>(ctx, 'render').objects.map((o) => refOf(o, op.namespace));
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
