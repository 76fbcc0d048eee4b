/**
 * `svc-<service>-<order>`: runs a lifecycle service on the nodes of every role whose service has
 * this order, in parallel (at most `nodes_to_execute_on` nodes of a role), through the frontgate.
 * Each command runs through the agent's runService (the node's metadata view written to
 * MARINA_METADATA_FILE first, the MARINA_* env, the service's timeout); every output line becomes a task log line, start
 * and end become instance events. A non-zero exit or a timeout fails the task with the node, the
 * exit code and the last lines of stderr. Commands are re-run when a killed worker's task is
 * retried, as OpenPitrix re-runs them: services are expected to be idempotent.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DriverError } from '../../../../jobs/errors';
import { done, type Processor, type TaskContext } from '../../../../jobs/job.types';
import { metadataFilePath, runService, ServiceCommandError } from '../../agent/service-runner';
import { nodeView } from '../../agent/metadata-view';
import type { ClusterMetadata, SshSession } from '../../vm-agent.types';
import type { VmOperation, VmRoleService } from '../../vm-operation.types';
import type { VmPorts } from '../vm-ports';
import { clusterMetadata, serviceEnv } from '../cluster-metadata';
import { scalingOf, selectsNode, withScalingHosts } from '../scaling-hosts';
import {
  clusterNodes,
  frontgateOf,
  hostOf,
  untilReachable,
  vmOperationOf,
  withSession,
  type ClusterNode,
} from '../vm-context';

interface Run {
  readonly node: ClusterNode;
  readonly service: VmRoleService;
}

/** The nodes a service of `order` runs on, with the role's service. */
export function runsOf(vm: VmOperation, nodes: readonly ClusterNode[], name: string, order: number): Run[] {
  const runs: Run[] = [];
  for (const role of vm.roles) {
    const service = role.services[name];
    if (!service?.cmd || service.order !== order) continue;
    const roleNodes = nodes
      .filter((n) => n.role === role.role)
      .sort((a, b) => a.nodeId.localeCompare(b.nodeId, 'en', { numeric: true }));
    const limit =
      service.nodesToExecuteOn && service.nodesToExecuteOn > 0 ? service.nodesToExecuteOn : roleNodes.length;
    for (const node of roleNodes.slice(0, limit)) runs.push({ node, service });
  }
  return runs;
}

export function serviceProcessor(ports: VmPorts): Processor {
  return async (ctx) => {
    const { op, vm } = vmOperationOf(ctx);
    const name = String(ctx.task.input?.service ?? '');
    const order = Number(ctx.task.input?.order ?? 0);
    const nodes = clusterNodes(ctx);
    const runs = runsOf(vm, nodes, name, order).filter((r) => selectsNode(ctx.task.input, r.node.nodeId));
    const { frontgate, etcdEndpoints } = frontgateOf(ctx);
    if (runs.length === 0) return done({ service: name, order, nodes: [] });
    if (!frontgate) throw new DriverError('VM_NO_FRONTGATE', `cannot run ${name}: the cluster has no frontgate`, false);
    const em = ctx.em as EntityManager;
    return untilReachable(ctx, op.timeoutMs, ports.pollMs, () =>
      withSession(ports, ctx, { op, vm, em }, hostOf(frontgate), async (session) => {
        const metadata = withScalingHosts(clusterMetadata(vm, nodes), scalingOf(ctx.task.input));
        const results = await Promise.allSettled(
          runs.map((run) => runOne(ports, ctx, session, vm, run, metadata, etcdEndpoints)),
        );
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
        return done({
          service: name,
          order,
          nodes: results.map((r) => (r as PromiseFulfilledResult<Record<string, unknown>>).value),
        });
      }),
    );
  };
}

async function runOne(
  ports: VmPorts,
  ctx: TaskContext,
  session: SshSession,
  vm: VmOperation,
  { node, service }: Run,
  metadata: ClusterMetadata,
  etcdEndpoints: readonly string[],
): Promise<Record<string, unknown>> {
  const name = String(ctx.task.input?.service);
  const env = serviceEnv(vm, node, {
    metadataFile: metadataFilePath(vm.clusterId),
    etcdEndpoints,
    etcdPrefix: ports.agent.etcdPrefix,
  });
  await ctx.emit({ kind: 'instance.service', status: 'RUNNING', message: `${name} on ${node.nodeId} (${node.role})` });
  try {
    const result = await runService(session, hostOf(node), {
      command: service.cmd,
      env,
      metadataView: nodeView(metadata, node.nodeId),
      timeoutMs: service.timeoutSec * 1000,
      signal: ctx.signal,
      onLine: (line, stream) => void ctx.log(`${node.nodeId} ${stream === 'stderr' ? '!' : '|'} ${line}`),
    });
    const seconds = (result.durationMs / 1000).toFixed(1);
    await ctx.emit({
      kind: 'instance.service',
      status: 'SUCCEEDED',
      message: `${name} on ${node.nodeId} done in ${seconds} s`,
    });
    return { nodeId: node.nodeId, exitCode: result.exitCode, durationMs: result.durationMs };
  } catch (err) {
    if (!(err instanceof ServiceCommandError)) throw err;
    await ctx.emit({ kind: 'instance.service', status: 'FAILED', message: `${name} on ${node.nodeId}: ${err.code}` });
    throw new DriverError(
      err.code === 'SERVICE_TIMEOUT' ? 'VM_SERVICE_TIMEOUT' : 'VM_SERVICE_FAILED',
      `${name}: ${err.message}`,
      false,
      { cause: err },
    );
  }
}
