/**
 * `uninstall`: the objects of the release's revision deleted in Helm's uninstall order
 * (`helm.sh/resource-policy: keep` ones stay, as with `helm uninstall`); absent ones are skipped,
 * so a re-run converges. `purge` (cease): every release record is deleted, freeing the name.
 */
import { done, type Processor } from '../../../../jobs/job.types';
import { refOf } from '../../kube-object.types';
import type { DeployPorts } from '../deploy-ports';
import { isKept, manifestObjects, uninstallOrder } from '../manifest-objects';
import { withKube } from '../task-context';

export function uninstallProcessor(ports: DeployPorts): Processor {
  return async (ctx) =>
    withKube(ports, ctx, async ({ op, conn, releases }) => {
      const history = await releases.history();
      const rev = history.find((r) => r.version === op.revision) ?? history[history.length - 1];
      const objects = rev ? manifestObjects(rev.manifest) : [];
      const deleted: string[] = [];
      const kept: string[] = [];
      for (const obj of uninstallOrder(objects)) {
        const name = `${obj.kind}/${obj.metadata.name}`;
        if (isKept(obj)) kept.push(name);
        else if ((await conn.remove(refOf(obj, op.namespace))) === 'deleted') deleted.push(name);
      }
      await ctx.emit({ kind: 'resource.deleted', message: `deleted ${deleted.length} objects` });
      return done({ deleted, kept });
    });
}

export function purgeProcessor(ports: DeployPorts): Processor {
  return async (ctx) =>
    withKube(ports, ctx, async ({ releases }) => {
      const records = await releases.purge();
      return done({ purgedRecords: records });
    });
}
