/** `discover`: the cluster's live nodes, found by the instance's tag (what exists, not what was asked for). */
import { done, type Processor } from '../../../../jobs/job.types';
import type { VmPorts } from '../vm-ports';
import { clusterNodeOf, liveNodes, withCloud, type ClusterNode } from '../vm-context';

export function discoverProcessor(ports: VmPorts): Processor {
  return async (ctx) =>
    withCloud(ports, ctx, async ({ op, client }) => {
      const nodes = (await liveNodes(client, op.instanceId))
        .map(clusterNodeOf)
        .filter((n): n is ClusterNode => n !== null);
      await ctx.log(
        `found ${nodes.length} node(s): ${nodes.map((n) => `${n.nodeId}=${n.instanceId} ${n.state}`).join(', ')}`,
      );
      return done({ nodes });
    });
}
