/**
 * `apply`: every rendered object server-side applied in Helm's install order with the
 * Helm-compatible field manager, forcing ownership of conflicting fields (as `helm upgrade
 * --force-conflicts`/helm 4's SSA does for its own release). An object that exists but belongs to
 * no release or to another one is refused first, like Helm's ownership check. Re-running applies
 * the same objects again, which changes nothing.
 */
import { DriverError } from '../../../../jobs/errors';
import { done, type Processor, type TaskContext } from '../../../../jobs/job.types';
import { describeRef, refOf, type KubeObject } from '../../kube-object.types';
import type { DeployPorts } from '../deploy-ports';
import { ownershipConflict } from '../manifest-objects';
import { upstream, withKube, type KubeTaskScope } from '../task-context';
import type { RenderedRelease } from './render.task';

export function applyProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const rendered = upstream<RenderedRelease>(ctx, 'render');
    return withKube(ports, ctx, async (scope) => {
      await checkOwnership(scope, rendered.objects);
      await ctx.checkpoint();
      let n = 0;
      for (const obj of rendered.objects) {
        await scope.conn.apply(obj, scope.op.namespace, { fieldManager: ports.fieldManager, force: true });
        n++;
        await progress(ctx, n, rendered.objects.length, obj, scope);
      }
      return done({ applied: n });
    });
  };
}

async function checkOwnership(scope: KubeTaskScope, objects: readonly KubeObject[]): Promise<void> {
  const lives = await Promise.all(objects.map((o) => scope.conn.get(refOf(o, scope.op.namespace))));
  const conflicts = lives
    .map((live) => (live ? ownershipConflict(live, scope.op.releaseName, scope.op.namespace) : null))
    .filter((c): c is string => c !== null);
  if (conflicts.length > 0)
    throw new DriverError(
      'KUBE_OWNERSHIP',
      `cannot take over existing objects: ${conflicts.join('; ')} (Helm's ownership annotations do not match)`,
      false,
    );
}

async function progress(ctx: TaskContext, n: number, total: number, obj: KubeObject, scope: KubeTaskScope) {
  await ctx.emit({
    kind: 'resource.applied',
    progress: total === 0 ? 1 : n / total,
    message: `applied ${describeRef(refOf(obj, scope.op.namespace))}`,
  });
}
