/**
 * `node-<id>`: one cluster node runs. Observes first — a live node tagged with this instance and
 * node id, or the one the cloud created for this task's token — and runs an instance only when
 * neither exists; then re-schedules itself until the node is RUNNING with a private IP. A worker
 * killed around RunInstances re-runs the task, finds the node and creates no second one.
 */
import { DriverError } from '../../../../jobs/errors';
import { done, reschedule, type Processor, type TaskContext } from '../../../../jobs/job.types';
import type { IaasNode } from '../../../iaas/iaas.types';
import type { VmPorts } from '../vm-ports';
import { VM_KEY } from '../vm-tasks';
import {
  liveNodes,
  roleOf,
  tagsOf,
  TAG,
  tokenOf,
  waitedMs,
  withCloud,
  type ClusterNode,
  type VmScope,
} from '../vm-context';

export function nodeProcessor(ports: VmPorts): Processor {
  return async (ctx) =>
    withCloud(ports, ctx, async (scope) => {
      const nodeId = ctx.task.target ?? '';
      const spec = scope.vm.nodes.find((n) => n.nodeId === nodeId);
      if (!spec) throw new DriverError('BAD_TASK_INPUT', `the cluster has no node "${nodeId}"`, false);
      const node = (await observe(ctx, scope, nodeId)) ?? (await run(ctx, scope, nodeId, spec.role));
      return settle(ports, ctx, scope, node, spec.role);
    });
}

async function observe(ctx: TaskContext, { op, client }: VmScope, nodeId: string): Promise<IaasNode | undefined> {
  const tagged = (await liveNodes(client, op.instanceId)).find((n) => n.tags[TAG.node] === nodeId);
  if (tagged) return tagged;
  const byToken = await client.findInstanceByToken(tokenOf(ctx), tagsOf(ctx, op.instanceId, {}));
  return byToken && byToken.state !== 'TERMINATED' ? byToken : undefined;
}

async function run(ctx: TaskContext, scope: VmScope, nodeId: string, roleName: string): Promise<IaasNode> {
  const { op, vm, client } = scope;
  const role = roleOf(vm, roleName);
  const keyPair = ctx.upstream(VM_KEY.keypair) as { keyPairId?: string } | null;
  await ctx.log(`RunInstances ${nodeId} (${role.cpu} CPU, ${role.memoryMiB} MiB, image ${role.imageId})`);
  const node = await client.runInstance({
    token: tokenOf(ctx),
    name: `${vm.name}-${nodeId}`.slice(0, 63),
    zone: vm.zone,
    imageId: role.imageId,
    cpu: role.cpu,
    memoryMiB: role.memoryMiB,
    ...(vm.subnetId ? { subnetId: vm.subnetId } : {}),
    ...(keyPair?.keyPairId ? { keyPairId: keyPair.keyPairId } : {}),
    tags: tagsOf(ctx, op.instanceId, { [TAG.node]: nodeId, [TAG.role]: roleName }),
  });
  await ctx.emit({
    kind: 'instance.node',
    status: node.state,
    message: `node ${nodeId} (${roleName}) created: ${node.id}`,
  });
  return node;
}

async function settle(ports: VmPorts, ctx: TaskContext, { op, client }: VmScope, node: IaasNode, role: string) {
  const { since, waited } = waitedMs(ctx);
  const nodeId = ctx.task.target ?? '';
  if (node.state === 'RUNNING' && node.privateIp) {
    const result: ClusterNode = {
      nodeId,
      role,
      instanceId: node.id,
      ip: node.privateIp,
      sshPort: 22,
      state: node.state,
    };
    return done({ ...result });
  }
  if (ctx.task.state?.rawState !== node.rawState) await ctx.log(`${nodeId}: ${node.id} is ${node.rawState}`);
  if (node.state === 'STOPPED') await client.startInstances([node.id]);
  else if (node.state !== 'PENDING' && node.state !== 'RUNNING' && node.state !== 'STOPPING')
    throw new DriverError('VM_NODE_FAILED', `node ${nodeId} (${node.id}) is ${node.rawState}`, false);
  if (waited > op.timeoutMs)
    throw new DriverError(
      'VM_NODE_TIMEOUT',
      `node ${nodeId} (${node.id}) still ${node.rawState} after ${Math.round(waited / 1000)} s`,
      false,
    );
  return reschedule(ports.pollMs, { since, instanceId: node.id, rawState: node.rawState });
}
