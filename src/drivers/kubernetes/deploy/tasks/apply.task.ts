/**
 * `apply` (or `apply-<i>`: the objects of layer i only): every rendered object server-side applied in Helm's install order — the objects of
 * one kind at once, kinds one after the other, like Helm's batched create — with the
 * Helm-compatible field manager; conflicts are forced only after a client-side revision (HELM's
 * `applyOptionsAfter`: helm 3 left the fields to an Update entry of "helm"). An object that
 * exists but belongs to no release or to another one is refused first, like Helm's ownership
 * check. Re-running applies the same objects again, which changes nothing. Progress events are
 * recorded in order while the next group is applied.
 */
import { DriverError } from '../../../../jobs/errors';
import { done, type Processor, type ProcessorEvent } from '../../../../jobs/job.types';
import { describeRef, refOf, type KubeObject } from '../../kube-object.types';
import { applyOptionsAfter } from '../../helm/field-manager.policy';
import type { DeployPorts } from '../deploy-ports';
import { ownershipConflict } from '../manifest-objects';
import { layerOf, orderedEmits, upstream, withKube, type KubeTaskScope, renderedRelease } from '../task-context';
import { replacedRevision } from './release.task';
import { layerObjects, type RenderedRelease } from './render.task';

export function applyProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const objects = layerObjects(renderedRelease(ctx, ports), layerOf(ctx));
    return withKube(ports, ctx, async (scope) => {
      const options = applyOptionsAfter(await replacedRevision(ctx, scope));
      await checkOwnership(scope, objects);
      await ctx.checkpoint();
      const events = orderedEmits(ctx);
      let n = 0;
      for (const group of kindGroups(objects)) {
        await Promise.all(group.map((obj) => scope.conn.apply(obj, scope.op.namespace, options)));
        n += group.length;
        events.emit(progress(n, objects.length, group, scope));
      }
      await events.flushed();
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

/** Consecutive objects of one kind (the objects are in install order): Helm applies each such group at once. */
export function kindGroups(objects: readonly KubeObject[]): KubeObject[][] {
  const groups: KubeObject[][] = [];
  for (const obj of objects) {
    const last = groups[groups.length - 1];
    if (last && last[0].kind === obj.kind) last.push(obj);
    else groups.push([obj]);
  }
  return groups;
}

function progress(n: number, total: number, group: readonly KubeObject[], scope: KubeTaskScope): ProcessorEvent {
  return {
    kind: 'resource.applied',
    progress: total === 0 ? 1 : n / total,
    message: `applied ${group.map((o) => describeRef(refOf(o, scope.op.namespace))).join(', ')}`,
  };
}
