/**
 * `register`: the cluster's metadata is in the frontgate's etcd (written whole, so a re-run or a
 * restart rewrites the same thing). Returns the cluster's nodes for the service tasks: this job's
 * prepared nodes (deploy) or the discovered ones (start).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DriverError } from '../../../../jobs/errors';
import { done, type Processor, type TaskContext } from '../../../../jobs/job.types';
import type { VmOperation } from '../../vm-operation.types';
import type { VmPorts } from '../vm-ports';
import { VM_KEY } from '../vm-tasks';
import { clusterMetadata } from '../cluster-metadata';
import { scalingOf, withScalingHosts } from '../scaling-hosts';
import { frontgateOf, hostOf, vmOperationOf, withSession, type ClusterNode } from '../vm-context';

export function registerProcessor(ports: VmPorts): Processor {
  return async (ctx) => {
    const { op, vm } = vmOperationOf(ctx);
    const nodes = nodesOf(ctx, vm);
    const { frontgate } = frontgateOf(ctx);
    if (!frontgate) throw new DriverError('VM_NO_FRONTGATE', 'the cluster has no frontgate', false);
    const em = ctx.em as EntityManager;
    return withSession(ports, ctx, { op, vm, em }, hostOf(frontgate), async (session) => {
      const registry = await ports.agent.openRegistry(session, hostOf(frontgate));
      try {
        await registry.register(vm.clusterId, withScalingHosts(clusterMetadata(vm, nodes), scalingOf(ctx.task.input)));
      } finally {
        await registry.close();
      }
      await ctx.log(`metadata of ${nodes.length} node(s) registered under ${ports.agent.etcdPrefix}${vm.clusterId}/`);
      return done({ nodes: nodes.map((n) => ({ ...n })) });
    });
  };
}

function nodesOf(ctx: TaskContext, vm: VmOperation): ClusterNode[] {
  const from = ctx.task.input?.nodesFrom;
  if (from === VM_KEY.discover || from === VM_KEY.power) {
    const found = (ctx.upstream(from) as { nodes?: ClusterNode[] } | null)?.nodes ?? [];
    return scaledNodes(ctx, found);
  }
  return vm.nodes.map((n) => ctx.upstream(VM_KEY.prepare(n.nodeId)) as unknown as ClusterNode);
}

/** A scale's nodes: the found ones without the leaving (`without`), plus this job's prepared newcomers (`addPrepared`). */
function scaledNodes(ctx: TaskContext, found: readonly ClusterNode[]): ClusterNode[] {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const without = list(ctx.task.input?.without);
  const added = list(ctx.task.input?.addPrepared);
  const kept = found.filter((n) => !without.includes(n.nodeId) && !added.includes(n.nodeId));
  return [...kept, ...added.map((id) => ctx.upstream(VM_KEY.prepare(id)) as unknown as ClusterNode)];
}
