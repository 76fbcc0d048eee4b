/**
 * `nodes-remove` (scale in): the leaving nodes (input `nodeIds`) are gone from the cloud. Each
 * execution observes the instance's nodes and volumes tagged with those node ids and acts on
 * what it finds — detaches attached volumes, deletes free ones, terminates the VMs, forgets their
 * host keys — and re-schedules itself until no such VM is left un-terminated and no volume left.
 * The staying nodes are never touched: everything is selected by the `marina:node` tag.
 */
import { DriverError } from '../../../../jobs/errors';
import { done, reschedule, type Processor } from '../../../../jobs/job.types';
import { IaasError } from '../../../iaas/iaas.types';
import type { VmPorts } from '../vm-ports';
import { TAG, waitedMs, withCloud } from '../vm-context';

const busyOrGone = (err: unknown) => {
  if (err instanceof IaasError && (err.code === 'INCORRECT_STATE' || err.code === 'NOT_FOUND')) return;
  throw err;
};

export function nodesRemoveProcessor(ports: VmPorts): Processor {
  return async (ctx) =>
    withCloud(ports, ctx, async ({ op, em, client }) => {
      const raw = ctx.task.input?.nodeIds;
      const leaving = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
      if (leaving.length === 0) throw new DriverError('BAD_TASK_INPUT', 'nodes-remove needs nodeIds', false);
      const mine = (tags: Readonly<Record<string, string>>) => leaving.includes(tags[TAG.node] ?? '');
      const nodes = (await client.describeInstances({ tags: { [TAG.instance]: op.instanceId } })).filter(
        (n) => mine(n.tags) && n.state !== 'TERMINATED',
      );
      const volumes = (await client.describeVolumes({ tags: { [TAG.instance]: op.instanceId } })).filter(
        (v) => mine(v.tags) && v.state !== 'DELETED',
      );
      if (nodes.length === 0 && volumes.length === 0) return done({ removed: leaving });
      for (const v of volumes) {
        if (v.state === 'IN_USE' && v.attachedTo) await client.detachVolume(v.id, v.attachedTo).catch(busyOrGone);
        else if (v.state === 'AVAILABLE' || v.state === 'ERROR') await client.deleteVolume(v.id).catch(busyOrGone);
      }
      const running = nodes.filter((n) => n.state !== 'TERMINATING').map((n) => n.id);
      if (running.length) await client.terminateInstances(running).catch(busyOrGone);
      for (const n of nodes) await ports.hostKeys(em).forget(n.id);
      await ctx.log(
        `leaving: ${nodes.map((n) => `${n.tags[TAG.node]}=${n.id} ${n.rawState}`).join(', ') || 'no node'}; ${
          volumes.map((v) => `${v.id} ${v.rawState}`).join(', ') || 'no volume'
        }`,
      );
      const { since, waited } = waitedMs(ctx);
      if (waited > op.timeoutMs)
        throw new DriverError(
          'VM_SCALE_IN_TIMEOUT',
          `still left after ${Math.round(waited / 1000)} s: ${nodes.length} node(s), ${volumes.length} volume(s)`,
          true,
        );
      return reschedule(ports.pollMs, { since });
    });
}
