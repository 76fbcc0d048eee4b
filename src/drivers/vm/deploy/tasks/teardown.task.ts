/**
 * `teardown`: nothing of the cluster is left in the cloud. Each execution observes everything
 * tagged with the instance and acts on what it finds — detaches attached volumes (a volume's
 * state never blocks a delete: it is detached and tried again), terminates nodes, deletes
 * available volumes, forgets terminated nodes' host keys — and re-schedules itself until no
 * node and no volume is left. `deregister`: the metadata leaves the frontgate's etcd.
 * `frontgate-release` (cease): the cluster leaves its frontgate, which is terminated with its
 * last cluster when the setting says so.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DriverError } from '../../../../jobs/errors';
import { done, reschedule, type Processor } from '../../../../jobs/job.types';
import { IaasError, type IaasClient } from '../../../iaas/iaas.types';
import type { VmPorts } from '../vm-ports';
import { frontgateOf, hostOf, liveNodes, TAG, vmOperationOf, waitedMs, withCloud, withSession } from '../vm-context';

const ignoreBusy = (err: unknown) => {
  if (err instanceof IaasError && (err.code === 'INCORRECT_STATE' || err.code === 'NOT_FOUND')) return;
  throw err;
};

export function teardownProcessor(ports: VmPorts): Processor {
  return async (ctx) =>
    withCloud(ports, ctx, async ({ op, em, client }) => {
      const nodes = await liveNodes(client, op.instanceId);
      const volumes = (await client.describeVolumes({ tags: { [TAG.instance]: op.instanceId } })).filter(
        (v) => v.state !== 'DELETED',
      );
      if (nodes.length === 0 && volumes.length === 0) return done({ terminated: true });
      for (const v of volumes) {
        if (v.state === 'IN_USE' && v.attachedTo) await client.detachVolume(v.id, v.attachedTo).catch(ignoreBusy);
        else if (v.state === 'AVAILABLE' || v.state === 'ERROR') await client.deleteVolume(v.id).catch(ignoreBusy);
      }
      const running = nodes.filter((n) => n.state !== 'TERMINATING').map((n) => n.id);
      if (running.length) await client.terminateInstances(running).catch(ignoreBusy);
      for (const n of nodes) await ports.hostKeys(em).forget(n.id);
      await ctx.log(
        `left: ${nodes.map((n) => `${n.id} ${n.rawState}`).join(', ') || 'no node'}; ${volumes.map((v) => `${v.id} ${v.rawState}`).join(', ') || 'no volume'}`,
      );
      const { since, waited } = waitedMs(ctx);
      if (waited > op.timeoutMs)
        throw new DriverError(
          'VM_TEARDOWN_TIMEOUT',
          `still left after ${Math.round(waited / 1000)} s: ${nodes.length} node(s), ${volumes.length} volume(s)`,
          true,
        );
      return reschedule(ports.pollMs, { since });
    });
}

export function deregisterProcessor(ports: VmPorts): Processor {
  return async (ctx) => {
    const { op, vm } = vmOperationOf(ctx);
    const { frontgate } = frontgateOf(ctx);
    if (!frontgate) return done({ deregistered: false });
    const em = ctx.em as EntityManager;
    return withSession(ports, ctx, { op, vm, em }, hostOf(frontgate), async (session) => {
      const registry = await ports.agent.openRegistry(session, hostOf(frontgate));
      try {
        await registry.deregister(vm.clusterId);
      } finally {
        await registry.close();
      }
      return done({ deregistered: true });
    });
  };
}

export function releaseFrontgateProcessor(ports: VmPorts): Processor {
  return async (ctx) =>
    withCloud(ports, ctx, async ({ op, vm, em, client }) => {
      // A later execution: the frontgate was detached and terminated; wait until the cloud says so.
      const terminating = ctx.task.state?.terminating;
      if (typeof terminating === 'string') return untilTerminated(ctx, ports, client, terminating, op.timeoutMs);
      const { frontgate } = frontgateOf(ctx);
      if (!frontgate) return done({ removed: false });
      const removed = await ports.frontgates.detach(em, frontgate.id, vm.clusterId, ports.removeIdleFrontgates);
      if (!removed?.instanceId) return done({ removed: false });
      await client.terminateInstances([removed.instanceId]).catch(ignoreBusy);
      await ports.hostKeys(em).forget(removed.instanceId);
      await ctx.log(`frontgate ${removed.instanceId} terminating with its last cluster`);
      await ctx.emit({
        kind: 'instance.frontgate',
        message: `frontgate ${removed.instanceId} removed (no cluster left)`,
      });
      return reschedule(ports.pollMs, { terminating: removed.instanceId, since: Date.now() });
    });
}

/** Done once the frontgate is TERMINATED (or gone); terminates it again if it is not on its way. */
async function untilTerminated(
  ctx: Parameters<Processor>[0],
  ports: VmPorts,
  client: IaasClient,
  instanceId: string,
  timeoutMs: number,
) {
  const [node] = await client.describeInstances({ ids: [instanceId] }).catch((err: unknown) => {
    if (err instanceof IaasError && err.code === 'NOT_FOUND') return [];
    throw err;
  });
  if (!node || node.state === 'TERMINATED') return done({ removed: true, instanceId });
  if (node.state !== 'TERMINATING') await client.terminateInstances([instanceId]).catch(ignoreBusy);
  const { since, waited } = waitedMs(ctx);
  if (waited > timeoutMs)
    throw new DriverError(
      'VM_TEARDOWN_TIMEOUT',
      `frontgate ${instanceId} still ${node.rawState} after ${Math.round(waited / 1000)} s`,
      true,
    );
  return reschedule(ports.pollMs, { terminating: instanceId, since });
}
