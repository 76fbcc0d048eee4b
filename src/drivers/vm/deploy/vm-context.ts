/**
 * Helpers every VM task shares: the operation and its `vm` part, idempotency tokens and tags,
 * IaaS errors as DriverErrors, the cluster's nodes from an upstream task, and one SSH session
 * per execution (through the frontgate, always closed).
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DriverError } from '../../../jobs/errors';
import { reschedule, type TaskContext, type TaskOutcome } from '../../../jobs/job.types';
import type { InstanceOperation } from '../../../services/instances/instance-operation.types';
import { IaasError, type IaasClient, type IaasNode, type MarinaTags } from '../../iaas/iaas.types';
import type { SshSession, VmHost } from '../vm-agent.types';
import type { VmOperation, VmRoleSpec } from '../vm-operation.types';
import type { VmPorts } from './vm-ports';
import { VM_KEY, type NodesFrom } from './vm-tasks';

/** Tag names Marina puts on VM resources (beside `marina:instance` and `marina:task`). */
export const TAG = {
  instance: 'marina:instance',
  task: 'marina:task',
  role: 'marina:role',
  node: 'marina:node',
  frontgate: 'marina:frontgate',
} as const;

export interface VmScope {
  readonly op: InstanceOperation;
  readonly vm: VmOperation;
  readonly em: EntityManager;
  readonly client: IaasClient;
}

/** The job's operation with its vm part; BAD_TASK_INPUT (not retried) otherwise. */
export function vmOperationOf(ctx: Pick<TaskContext, 'job'>): { op: InstanceOperation; vm: VmOperation } {
  const op = ctx.job.input as InstanceOperation | null;
  if (!op || typeof op.instanceId !== 'string' || !op.vm || !Array.isArray(op.vm.roles))
    throw new DriverError('BAD_TASK_INPUT', 'the job has no VM operation (op.vm)', false);
  return { op, vm: op.vm };
}

/** Runs `fn` with the operation and the runtime's IaaS client; IaaS errors become DriverErrors. */
export async function withCloud<T>(ports: VmPorts, ctx: TaskContext, fn: (scope: VmScope) => Promise<T>): Promise<T> {
  const { op, vm } = vmOperationOf(ctx);
  const em = ctx.em as EntityManager;
  try {
    const client = await ports.cloud(em, op.runtimeId);
    return await fn({ op, vm, em, client });
  } catch (err) {
    throw asDriverError(err);
  }
}

/** An IaasError as a DriverError with the cloud's words; anything else unchanged. */
export function asDriverError(err: unknown): unknown {
  if (!(err instanceof IaasError)) return err;
  const code = `CLOUD_${err.code}`;
  const detail = err.providerCode ? ` (${err.providerCode})` : '';
  return new DriverError(code, `${err.message}${detail}`, err.retryable, { cause: err });
}

/** An idempotency token derived from the task (the same task, re-run after a crash, gets the same one). */
export function tokenOf(ctx: Pick<TaskContext, 'task'>, salt = ''): string {
  return `m${createHash('sha256').update(`${ctx.task.id}${salt}`).digest('hex').slice(0, 31)}`;
}

export function tagsOf(ctx: Pick<TaskContext, 'task'>, instanceId: string, extra: Record<string, string>): MarinaTags {
  return { [TAG.instance]: instanceId, [TAG.task]: ctx.task.id, ...extra };
}

export function roleOf(vm: VmOperation, role: string): VmRoleSpec {
  const spec = vm.roles.find((r) => r.role === role);
  if (!spec) throw new DriverError('BAD_TASK_INPUT', `the cluster has no role "${role}"`, false);
  return spec;
}

/** A live node of the cluster as the tasks pass it along. */
export interface ClusterNode {
  readonly nodeId: string;
  readonly role: string;
  readonly instanceId: string;
  readonly ip: string;
  readonly sshPort: number;
  readonly state: string;
}

/** Where a node is reached over SSH. */
export const hostOf = (n: { instanceId: string; ip: string; sshPort: number }): VmHost => ({
  instanceId: n.instanceId,
  ip: n.ip,
  sshPort: n.sshPort,
});

/** A cloud node as a ClusterNode (tags name its node id and role). */
export function clusterNodeOf(n: IaasNode): ClusterNode | null {
  const nodeId = n.tags[TAG.node];
  const role = n.tags[TAG.role];
  if (!nodeId || !role) return null;
  return { nodeId, role, instanceId: n.id, ip: n.privateIp ?? '', sshPort: 22, state: n.state };
}

/** Live (not terminated) nodes of a cluster, by the instance's tag. */
export async function liveNodes(client: IaasClient, instanceId: string): Promise<IaasNode[]> {
  const nodes = await client.describeInstances({ tags: { [TAG.instance]: instanceId } });
  return nodes.filter((n) => n.state !== 'TERMINATED');
}

/** The cluster's nodes from the upstream task the planner named (`nodesFrom`, default `register`). */
export function clusterNodes(ctx: TaskContext): ClusterNode[] {
  const from = (ctx.task.input?.nodesFrom as NodesFrom | undefined) ?? VM_KEY.register;
  const result = ctx.upstream(from) as { nodes?: ClusterNode[] } | null;
  if (!result?.nodes)
    throw new DriverError('NO_UPSTREAM_RESULT', `task "${from}" left no nodes for ${ctx.task.key}`, false);
  return result.nodes;
}

/** What the frontgate task returns. */
export interface FrontgateResult {
  readonly frontgate: {
    readonly id: string;
    readonly instanceId: string;
    readonly ip: string;
    readonly sshPort: number;
  } | null;
  readonly etcdEndpoints: readonly string[];
}

export function frontgateOf(ctx: TaskContext): FrontgateResult {
  const result = ctx.upstream(VM_KEY.frontgate) as FrontgateResult | null;
  if (!result)
    throw new DriverError('NO_UPSTREAM_RESULT', `task "frontgate" left no result for ${ctx.task.key}`, false);
  return result;
}

/** Runs `fn` with an SSH session through the frontgate (the owner's login); closes it and logs the connections opened. */
export async function withSession<T>(
  ports: VmPorts,
  ctx: TaskContext,
  scope: Pick<VmScope, 'op' | 'vm' | 'em'>,
  frontgate: VmHost,
  fn: (session: SshSession) => Promise<T>,
): Promise<T> {
  const { login } = await ports.keys.login(scope.em, scope.vm.ownerId, scope.op.runtimeId);
  const session = ports.agent.openSession({ frontgate, login, hostKeys: ports.hostKeys(scope.em) });
  try {
    return await fn(session);
  } finally {
    const opened = session.connectionsOpened;
    await session.close().catch(() => undefined);
    ctx.logger.debug({ sshConnections: opened }, 'ssh session closed');
    if (opened > 0) await ctx.log(`ssh: ${opened} connection(s) opened`);
  }
}

/** Milliseconds since the task first ran (kept in its re-schedule state); for deadlines of waits. */
export function waitedMs(ctx: TaskContext): { since: number; waited: number } {
  const since = typeof ctx.task.state?.since === 'number' ? ctx.task.state.since : Date.now();
  return { since, waited: Date.now() - since };
}

/** SSH failures that mean "not up yet" (a node that just booted): waited out, not counted as attempts. */
const NOT_YET = new Set(['SSH_UNREACHABLE', 'SSH_TIMEOUT']);

/**
 * Runs `fn`; when SSH is not answering yet, re-schedules the task (until the operation's
 * deadline, then the error stands) instead of failing the attempt.
 */
export async function untilReachable(
  ctx: TaskContext,
  timeoutMs: number,
  pollMs: number,
  fn: () => Promise<TaskOutcome>,
): Promise<TaskOutcome> {
  const { since, waited } = waitedMs(ctx);
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DriverError && NOT_YET.has(err.code) && waited < timeoutMs) {
      await ctx.log(`not reachable yet (${err.message}); trying again`);
      return reschedule(pollMs, { ...(ctx.task.state ?? {}), since });
    }
    throw err;
  }
}
