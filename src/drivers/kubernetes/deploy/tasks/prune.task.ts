/**
 * `prune`: objects of the previous revision's manifest that this revision no longer renders are
 * deleted in Helm's uninstall order (`helm.sh/resource-policy: keep` ones stay), as `helm upgrade`
 * does. The previous revision is the last `deployed` record below this one (else the newest
 * below it), as the `release` task observed the history. Deleting an absent object is not an
 * error, so a re-run converges.
 */
import { done, type Processor } from '../../../../jobs/job.types';
import { refOf, type KubeObject, type ObjectRef } from '../../kube-object.types';
import type { DeployPorts } from '../deploy-ports';
import { isKept, manifestObjects, objectKey, uninstallOrder } from '../manifest-objects';
import { upstream, withKube, renderedRelease } from '../task-context';
import type { RenderedRelease } from './render.task';
import { replacedRevision } from './release.task';

export function pruneProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const rendered = renderedRelease(ctx, ports);
    return withKube(ports, ctx, async (scope) => {
      const { op, conn } = scope;
      const previous = await replacedRevision(ctx, scope);
      if (!previous) return done({ deleted: [] });
      const desired = new Set(rendered.objects.map((o) => objectKey(refOf(o, op.namespace))));
      const dropped = droppedObjects(manifestObjects(previous.manifest), desired, op.namespace);
      const deleted: string[] = [];
      for (const ref of dropped) {
        await ctx.checkpoint();
        if ((await conn.remove(ref)) === 'deleted') deleted.push(`${ref.kind}/${ref.name}`);
      }
      if (deleted.length > 0) await ctx.emit({ kind: 'resource.pruned', message: `deleted ${deleted.join(', ')}` });
      return done({ previous: previous.version, deleted });
    });
  };
}

/** Refs of `previous` objects not in `desired` (object keys), kept ones excluded, in uninstall order. */
export function droppedObjects(previous: readonly KubeObject[], desired: ReadonlySet<string>, ns: string): ObjectRef[] {
  const gone = previous.filter((o) => !isKept(o) && !desired.has(objectKey(refOf(o, ns))));
  return uninstallOrder(gone).map((o) => refOf(o, ns));
}
