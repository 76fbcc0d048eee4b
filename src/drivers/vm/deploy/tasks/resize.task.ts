/**
 * `resize`: every (stopped) node of a resized role gets the role's new cpu/memory, and its volume
 * the new size (volumes only grow; the service refused shrinking). Observed first: a volume
 * already at the size is left alone; instance resizes are idempotent in the adapters (the same
 * shape again changes nothing), so a re-run after a crash converges.
 */
import { DriverError } from '../../../../jobs/errors';
import { done, type Processor } from '../../../../jobs/job.types';
import type { VmRoleResize } from '../../vm-ops.types';
import type { VmPorts } from '../vm-ports';
import { VM_KEY } from '../vm-tasks';
import { TAG, withCloud, type ClusterNode } from '../vm-context';

export function resizeProcessor(ports: VmPorts): Processor {
  return async (ctx) =>
    withCloud(ports, ctx, async ({ op, client }) => {
      const roles = (ctx.task.input?.roles ?? []) as VmRoleResize[];
      if (!Array.isArray(roles) || roles.length === 0)
        throw new DriverError('BAD_TASK_INPUT', 'resize needs roles', false);
      const nodes = (ctx.upstream(VM_KEY.discover) as { nodes?: ClusterNode[] } | null)?.nodes ?? [];
      const volumes = await client.describeVolumes({ tags: { [TAG.instance]: op.instanceId } });
      const resized: string[] = [];
      for (const spec of roles) {
        for (const node of nodes.filter((n) => n.role === spec.role)) {
          await ctx.checkpoint();
          await client.resizeInstance(node.instanceId, { cpu: spec.cpu, memoryMiB: spec.memoryMiB });
          await ctx.log(`ResizeInstance ${node.nodeId}=${node.instanceId} → ${spec.cpu} cpu, ${spec.memoryMiB} MiB`);
          const volume = volumes.find((v) => v.tags[TAG.node] === node.nodeId && v.state !== 'DELETED');
          if (spec.volumeGiB && volume && volume.sizeGiB < spec.volumeGiB) {
            await client.resizeVolume(volume.id, spec.volumeGiB);
            await ctx.log(`ResizeVolume ${volume.id} of ${node.nodeId}: ${volume.sizeGiB} → ${spec.volumeGiB} GiB`);
          }
          resized.push(node.nodeId);
        }
      }
      return done({ resized });
    });
}
