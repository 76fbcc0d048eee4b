/**
 * scaleInstance and resizeInstance (PRODUCT.md H4, VM instances): the request is checked against
 * the instance's rendered cluster and its recorded nodes inside the transaction that locks it,
 * then the operation starts with the change in `op.vm.change` (src/drivers/vm/vm-ops.types.ts).
 * Refusals change nothing: a role the cluster does not have, a node of another instance or
 * role, removing every node of a role, sizes below the minimum or a shrinking volume.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppVersion } from '../../entities/app-version.entity';
import { AppType } from '../../entities/enums';
import type { Instance } from '../../entities/instance.entity';
import { InstanceNode } from '../../entities/instance-node.entity';
import { nodeIdsOf, type VmNodeSpec, type VmOperation, type VmRoleSpec } from '../../drivers/vm/vm-operation.types';
import type { VmRoleResize } from '../../drivers/vm/vm-ops.types';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { ValidationFailure, type FieldProblem } from '../errors';
import { lockedOperation, type ChangeOutcome } from './instance-change';
import type { OperationDeps, OperationTarget } from './instance-operation';

/** Limits of one request (the cloud's quotas apply on top). */
export const SCALE_LIMITS = { maxAddNodes: 10, minCpu: 1, maxCpu: 64, minMemoryMiB: 512, maxMemoryMiB: 262_144 };

export interface ScaleRequest {
  readonly role: string;
  readonly addNodes?: number | null;
  readonly removeNodeIds?: readonly string[] | null;
}

export interface RoleResource {
  readonly role: string;
  readonly cpu?: number | null;
  readonly memory?: number | null;
  readonly volumeSize?: number | null;
}

const refuse = (message: string, path: string, detail = message) =>
  new ValidationFailure(message, [{ path, message: detail }]);

const VM_ONLY = (what: string) =>
  refuse(
    `${what} applies to VM instances; Kubernetes instances change replicas through their values`,
    'id',
    `${what} is for VM instances`,
  );

export async function scaleInstance(
  em: EntityManager,
  deps: OperationDeps,
  actor: Actor,
  id: string,
  req: ScaleRequest,
): Promise<ChangeOutcome> {
  actor.require(PERMISSIONS.RUNTIME_USE);
  const adding = req.addNodes !== null && req.addNodes !== undefined;
  const removing = req.removeNodeIds !== null && req.removeNodeIds !== undefined;
  if (adding === removing)
    return refuse(
      'Give either addNodes or removeNodeIds',
      adding ? 'removeNodeIds' : 'addNodes',
      'exactly one of addNodes and removeNodeIds',
    );
  if (adding && (!Number.isInteger(req.addNodes) || req.addNodes! < 1 || req.addNodes! > SCALE_LIMITS.maxAddNodes))
    return refuse(`addNodes must be 1..${SCALE_LIMITS.maxAddNodes}`, 'addNodes');
  if (removing && req.removeNodeIds!.length === 0) return refuse('removeNodeIds is empty', 'removeNodeIds');
  return lockedOperation(em, deps, actor, id, 'scale', async (instance, tx) => {
    const base = await vmBase(tx, deps, instance, 'scaleInstance');
    if (base instanceof ValidationFailure) return base;
    const role = base.vm.roles.find((r) => r.role === req.role);
    if (!role)
      return refuse(
        `Instance ${instance.name} has no role "${req.role}" (roles: ${base.vm.roles.map((r) => r.role).join(', ')})`,
        'role',
      );
    const recorded = await tx.find(InstanceNode, { instance: instance.id }, { orderBy: { name: 'asc' } });
    const nodes: VmNodeSpec[] = recorded.map((n) => ({ nodeId: n.name, role: n.role }));
    if (adding) {
      const added = nodeIdsOf(role.role, req.addNodes!, nextIndex(nodes, role.role));
      return reshaped(base.target, (vm) => ({
        ...vm,
        nodes: [...nodes, ...added.map((nodeId) => ({ nodeId, role: role.role }))],
        change: { kind: 'scale_out', role: role.role, nodeIds: added },
      }));
    }
    const leaving = leavingNodes(instance, recorded, role.role, req.removeNodeIds!);
    if (leaving instanceof ValidationFailure) return leaving;
    return reshaped(base.target, (vm) => ({
      ...vm,
      nodes: nodes.filter((n) => !leaving.includes(n.nodeId)),
      change: { kind: 'scale_in', role: role.role, nodeIds: leaving },
    }));
  });
}

export async function resizeInstance(
  em: EntityManager,
  deps: OperationDeps,
  actor: Actor,
  id: string,
  roles: readonly RoleResource[],
): Promise<ChangeOutcome> {
  actor.require(PERMISSIONS.RUNTIME_USE);
  if (roles.length === 0) return refuse('Name at least one role to resize', 'roles');
  return lockedOperation(em, deps, actor, id, 'resize', async (instance, tx) => {
    const base = await vmBase(tx, deps, instance, 'resizeInstance');
    if (base instanceof ValidationFailure) return base;
    const resized = resizesOf(base.vm.roles, roles);
    if (resized instanceof ValidationFailure) return resized;
    return reshaped(base.target, (vm) => ({
      ...vm,
      roles: vm.roles.map((r) => {
        const to = resized.find((x) => x.role === r.role);
        if (!to) return r;
        return {
          ...r,
          cpu: to.cpu,
          memoryMiB: to.memoryMiB,
          ...(r.volume && to.volumeGiB ? { volume: { ...r.volume, sizeGiB: to.volumeGiB } } : {}),
        };
      }),
      change: { kind: 'resize', roles: resized },
    }));
  });
}

/** The checked new sizes of `requested` roles, or why not. */
export function resizesOf(
  current: readonly VmRoleSpec[],
  requested: readonly RoleResource[],
): VmRoleResize[] | ValidationFailure {
  const problems: FieldProblem[] = [];
  const out: VmRoleResize[] = [];
  const seen = new Set<string>();
  requested.forEach((r, i) => {
    const at = `roles.${i}`;
    const role = current.find((c) => c.role === r.role);
    if (!role) {
      problems.push({
        path: `${at}.role`,
        message: `no role "${r.role}" (roles: ${current.map((c) => c.role).join(', ')})`,
      });
      return;
    }
    if (seen.has(r.role)) problems.push({ path: `${at}.role`, message: `role "${r.role}" is named twice` });
    seen.add(r.role);
    const cpu = r.cpu ?? role.cpu;
    const memoryMiB = r.memory ?? role.memoryMiB;
    const { minCpu, maxCpu, minMemoryMiB, maxMemoryMiB } = SCALE_LIMITS;
    if (!Number.isInteger(cpu) || cpu < minCpu || cpu > maxCpu)
      problems.push({ path: `${at}.cpu`, message: `cpu must be ${minCpu}..${maxCpu}` });
    if (!Number.isInteger(memoryMiB) || memoryMiB < minMemoryMiB || memoryMiB > maxMemoryMiB)
      problems.push({ path: `${at}.memory`, message: `memory must be ${minMemoryMiB}..${maxMemoryMiB} MiB` });
    if (r.volumeSize !== null && r.volumeSize !== undefined) {
      if (!role.volume) problems.push({ path: `${at}.volumeSize`, message: `role "${r.role}" has no volume` });
      else if (!Number.isInteger(r.volumeSize) || r.volumeSize < role.volume.sizeGiB)
        problems.push({
          path: `${at}.volumeSize`,
          message: `volumes only grow: ${r.role}'s is ${role.volume.sizeGiB} GiB`,
        });
    }
    if (r.cpu == null && r.memory == null && r.volumeSize == null)
      problems.push({ path: at, message: `nothing to change for role "${r.role}"` });
    out.push({
      role: r.role,
      cpu,
      memoryMiB,
      ...(r.volumeSize && role.volume && r.volumeSize > role.volume.sizeGiB ? { volumeGiB: r.volumeSize } : {}),
    });
  });
  if (problems.length > 0)
    return new ValidationFailure(`Invalid resize: ${problems[0].path} ${problems[0].message}`, problems);
  return out;
}

/** The next node number of `role` (after the highest recorded `<role>-<n>`). */
function nextIndex(nodes: readonly VmNodeSpec[], role: string): number {
  const prefix = nodeIdsOf(role, 1)[0].replace(/-1$/, '-');
  let max = 0;
  for (const n of nodes) {
    if (n.role !== role || !n.nodeId.startsWith(prefix)) continue;
    const k = Number(n.nodeId.slice(prefix.length));
    if (Number.isInteger(k) && k > max) max = k;
  }
  return max + 1;
}

/**
 * The node ids (`<role>-<n>`) leaving, from ids naming recorded nodes of the instance by their
 * row id, node id or cloud instance id; refused for a node of another instance or role, or when
 * no node of the role would stay.
 */
function leavingNodes(
  instance: Instance,
  recorded: readonly InstanceNode[],
  role: string,
  ids: readonly string[],
): string[] | ValidationFailure {
  const leaving = new Set<string>();
  for (const id of ids) {
    const node = recorded.find((n) => n.id === id || n.name === id || n.providerInstanceId === id);
    if (!node)
      return refuse(
        `${id} is not a node of instance ${instance.name}`,
        'removeNodeIds',
        `${id}: not a node of this instance`,
      );
    if (node.role !== role)
      return refuse(
        `Node ${node.name} is a ${node.role} node, not ${role}`,
        'removeNodeIds',
        `${id}: role ${node.role}`,
      );
    leaving.add(node.name);
  }
  if (recorded.filter((n) => n.role === role).every((n) => leaving.has(n.name)))
    return refuse(`At least one ${role} node must stay; delete the instance to remove them all`, 'removeNodeIds');
  return [...leaving];
}

/** The instance's current target and rendered cluster; VM_ONLY for other instances. */
async function vmBase(
  tx: EntityManager,
  deps: OperationDeps,
  instance: Instance,
  what: string,
): Promise<{ target: OperationTarget; vm: VmOperation } | ValidationFailure> {
  const version = await tx.findOneOrFail(AppVersion, instance.version.id);
  if (version.type !== AppType.VM) return VM_ONLY(what);
  const overrides = instance.config ?? {};
  const vm = await deps.ports.vmOperation(tx, version, overrides, {
    clusterId: instance.id,
    name: instance.name,
    appVersion: version.name,
    zone: '',
    subnetId: '',
    ownerId: instance.owner.id,
  });
  if (vm instanceof ValidationFailure) return vm;
  return { target: { version, overrides }, vm };
}

function reshaped(target: OperationTarget, reshapeVm: (vm: VmOperation) => VmOperation): OperationTarget {
  return { ...target, reshapeVm };
}
