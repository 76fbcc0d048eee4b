/**
 * `record`: the last task of every VM operation. Describes the cluster's nodes by tag and returns
 * the OperationOutcome the job-finished hook settles the instance with (nodes with instance id,
 * role, private IP, status and health). delete and cease return no node.
 */
import { done, type Processor } from '../../../../jobs/job.types';
import type { OperationOutcome } from '../../../../services/instances/instance-operation.types';
import type { NodeState } from '../../../iaas/iaas.types';
import type { NodeStatus, ResourceHealth } from '../../../runtime-driver.types';
import type { VmPorts } from '../vm-ports';
import { liveNodes, TAG, withCloud } from '../vm-context';

const HEALTH: Readonly<Record<NodeState, ResourceHealth>> = {
  RUNNING: 'HEALTHY',
  PENDING: 'PROGRESSING',
  STOPPING: 'PROGRESSING',
  STOPPED: 'DEGRADED',
  TERMINATING: 'MISSING',
  TERMINATED: 'MISSING',
  UNKNOWN: 'DEGRADED',
};

export function recordProcessor(ports: VmPorts): Processor {
  return async (ctx) =>
    withCloud(ports, ctx, async ({ op, client }) => {
      const gone = op.action === 'delete' || op.action === 'cease';
      const live = gone ? [] : await liveNodes(client, op.instanceId);
      const nodes: NodeStatus[] = live
        .map((n) => ({
          role: n.tags[TAG.role] ?? '',
          name: n.tags[TAG.node] ?? n.name,
          providerId: n.id,
          privateIp: n.privateIp ?? null,
          status: n.state.toLowerCase(),
          health: HEALTH[n.state],
        }))
        .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
      const outcome: OperationOutcome = { resources: [], nodes, endpoints: [], removedValueKeys: [] };
      return done({ ...outcome });
    });
}
