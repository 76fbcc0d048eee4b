/**
 * `power`: every discovered node stopped (or started); the cloud calls are idempotent by state and
 * the task re-schedules itself until every node is there. Returns the nodes as they are now.
 */
import { DriverError } from '../../../../jobs/errors';
import { done, reschedule, type Processor } from '../../../../jobs/job.types';
import { IaasError } from '../../../iaas/iaas.types';
import type { VmPorts } from '../vm-ports';
import { VM_KEY, type PowerAction } from '../vm-tasks';
import { clusterNodeOf, waitedMs, withCloud, type ClusterNode } from '../vm-context';

export function powerProcessor(ports: VmPorts): Processor {
  return async (ctx) =>
    withCloud(ports, ctx, async ({ op, client }) => {
      const action = ctx.task.input?.action as PowerAction;
      if (action !== 'stop' && action !== 'start')
        throw new DriverError('BAD_TASK_INPUT', 'vm.power needs action (stop | start)', false);
      const found = (ctx.upstream(VM_KEY.discover) as { nodes?: ClusterNode[] } | null)?.nodes ?? [];
      const ids = found.map((n) => n.instanceId);
      if (ids.length === 0) return done({ nodes: [] });
      const want = action === 'stop' ? 'STOPPED' : 'RUNNING';
      const live = await client.describeInstances({ ids });
      if (live.every((n) => n.state === want && (want === 'STOPPED' || n.privateIp)))
        return done({ nodes: live.map(clusterNodeOf).filter((n): n is ClusterNode => n !== null) });
      try {
        if (action === 'stop') await client.stopInstances(ids);
        else await client.startInstances(ids);
      } catch (err) {
        if (!(err instanceof IaasError && err.code === 'INCORRECT_STATE')) throw err;
      }
      const { since, waited } = waitedMs(ctx);
      if (waited > op.timeoutMs)
        throw new DriverError(
          'VM_POWER_TIMEOUT',
          `nodes not ${want.toLowerCase()} after ${Math.round(waited / 1000)} s: ${live
            .filter((n) => n.state !== want)
            .map((n) => `${n.id} ${n.rawState}`)
            .join(', ')}`,
          false,
        );
      return reschedule(ports.pollMs, { since });
    });
}
