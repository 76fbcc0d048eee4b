/**
 * `volume-<id>`: the node's data volume exists (observed by tag, else by the task's token through
 * CreateVolume's idempotency) and is available. `attach-<id>`: it is attached to the node.
 */
import { DriverError } from '../../../../jobs/errors';
import { done, reschedule, type Processor } from '../../../../jobs/job.types';
import type { IaasVolume } from '../../../iaas/iaas.types';
import type { VmPorts } from '../vm-ports';
import { VM_KEY } from '../vm-tasks';
import { roleOf, tagsOf, TAG, tokenOf, waitedMs, withCloud, type ClusterNode } from '../vm-context';

const LIVE: ReadonlySet<IaasVolume['state']> = new Set(['CREATING', 'AVAILABLE', 'IN_USE']);

export function volumeProcessor(ports: VmPorts): Processor {
  return async (ctx) =>
    withCloud(ports, ctx, async ({ op, vm, client }) => {
      const nodeId = ctx.task.target ?? '';
      const spec = vm.nodes.find((n) => n.nodeId === nodeId);
      const volume = spec ? roleOf(vm, spec.role).volume : undefined;
      if (!spec || !volume) throw new DriverError('BAD_TASK_INPUT', `node "${nodeId}" has no volume`, false);
      const tags = tagsOf(ctx, op.instanceId, { [TAG.node]: nodeId, [TAG.role]: spec.role });
      const existing = (
        await client.describeVolumes({ tags: { [TAG.instance]: op.instanceId, [TAG.node]: nodeId } })
      ).find((v) => LIVE.has(v.state));
      let live = existing;
      if (!live) {
        await ctx.log(`CreateVolume ${nodeId} ${volume.sizeGiB} GiB`);
        live = await client.createVolume({
          token: tokenOf(ctx),
          name: `${vm.name}-${nodeId}`.slice(0, 63),
          zone: vm.zone,
          sizeGiB: volume.sizeGiB,
          tags,
        });
      }
      if (live.state === 'AVAILABLE' || live.state === 'IN_USE') return done({ volumeId: live.id });
      const { since, waited } = waitedMs(ctx);
      if (waited > op.timeoutMs)
        throw new DriverError('VM_VOLUME_TIMEOUT', `volume ${live.id} of ${nodeId} still ${live.rawState}`, false);
      return reschedule(ports.pollMs, { since, volumeId: live.id });
    });
}

export function attachProcessor(ports: VmPorts): Processor {
  return async (ctx) =>
    withCloud(ports, ctx, async ({ op, client }) => {
      const nodeId = ctx.task.target ?? '';
      const { volumeId } = ctx.upstream(VM_KEY.volume(nodeId)) as { volumeId: string };
      const node = ctx.upstream(VM_KEY.node(nodeId)) as unknown as ClusterNode;
      const [volume] = await client.describeVolumes({ ids: [volumeId] });
      if (!volume) throw new DriverError('VM_VOLUME_GONE', `volume ${volumeId} of ${nodeId} no longer exists`, false);
      if (volume.state === 'IN_USE' && volume.attachedTo === node.instanceId)
        return done({ volumeId, device: volume.device ?? '/dev/vdb' });
      if (volume.state === 'IN_USE' && volume.attachedTo)
        throw new DriverError('VM_VOLUME_BUSY', `volume ${volumeId} is attached to ${volume.attachedTo}`, false);
      if (volume.state === 'AVAILABLE') {
        await ctx.log(`AttachVolume ${volumeId} → ${node.instanceId}`);
        await client.attachVolume(volumeId, node.instanceId);
      }
      const { since, waited } = waitedMs(ctx);
      if (waited > op.timeoutMs)
        throw new DriverError(
          'VM_VOLUME_TIMEOUT',
          `volume ${volumeId} not attached to ${nodeId} (${volume.rawState})`,
          false,
        );
      return reschedule(ports.pollMs, { since });
    });
}
