/**
 * Plans of the VM lifecycle changes beyond create/stop/start/delete (pure), in OpenPitrix's
 * layers (openpitrix-inventory.md §6.4), each acting on the nodes `discover` finds by tag:
 *
 * scale (out): the new nodes are made like a deploy's, the metadata registered with every node
 *   and `adding_hosts`, init+start run on the new nodes, then `scale_out` on the existing ones
 *   (their metadata file lists the new hosts), and the metadata registered again without
 *   `adding_hosts`:
 * ```
 * keypair ─┬ frontgate ────────────────────────────┐
 * discover ┘ node-<n> ─ [attach-<n>] ─ prepare-<n> ┴ register ─ svc-init…(new) ─ svc-start…(new)
 *   ─ svc-scale_out…(existing) ─ register-done ─ record
 * ```
 * scale (in): `deleting_hosts` registered, destroy and stop on the leaving nodes (failure allowed:
 *   a dead node must not block its removal), `scale_in` on the staying ones, the leaving nodes
 *   torn down (volumes detached and deleted, VMs terminated), the metadata registered without them:
 * ```
 * discover ─ frontgate ─ register ─ svc-destroy…(leaving) ─ svc-stop…(leaving) ─ svc-scale_in…(staying)
 *   ─ nodes-remove ─ register-done ─ record
 * ```
 * resize: stop services, stop the VMs, resize VMs and volumes, start, register, start services:
 * ```
 * discover ─ frontgate ─ svc-stop… ─ power-stop ─ resize ─ power(start) ─ register ─ svc-start… ─ record
 * ```
 * update_config: `discover ─ frontgate ─ register ─ svc-restart… ─ record` (the new env is in the
 *   metadata and every node's metadata file; roles without `restart` just see the file).
 * upgrade: `discover ─ frontgate ─ register ─ svc-upgrade… ─ record` (the new version's metadata).
 */
import { DriverError } from '../../../jobs/errors';
import type { VmOperation } from '../vm-operation.types';
import type { VmChange } from '../vm-ops.types';
import { serviceChain } from './service-chain';
import type { VmStep } from './vm.planner';
import { VM_KEY, VM_TASK } from './vm-tasks';

/** Task actions of these plans (beside ./vm-tasks.ts). */
export const VM_OPS_TASK = {
  nodesRemove: 'vm.nodes-remove',
  resize: 'vm.resize',
} as const;

export const VM_OPS_KEY = {
  registerDone: 'register-done',
  nodesRemove: 'nodes-remove',
  powerStop: 'power-stop',
  resize: 'resize',
} as const;

function changeOf<K extends VmChange['kind']>(vm: VmOperation, kinds: readonly K[]): Extract<VmChange, { kind: K }> {
  const change = vm.change;
  if (!change || !(kinds as readonly string[]).includes(change.kind))
    throw new DriverError('BAD_TASK_INPUT', `the operation carries no ${kinds.join('/')} change`, false);
  return change as Extract<VmChange, { kind: K }>;
}

export function scaleSteps(vm: VmOperation): VmStep[] {
  const change = changeOf(vm, ['scale_out', 'scale_in']);
  return change.kind === 'scale_out' ? scaleOutSteps(vm, change.nodeIds) : scaleInSteps(vm, change.nodeIds);
}

function scaleOutSteps(vm: VmOperation, added: readonly string[]): VmStep[] {
  const steps: VmStep[] = [
    { key: VM_KEY.keypair, action: VM_TASK.keypair, target: vm.ownerId },
    discover(),
    {
      key: VM_KEY.frontgate,
      action: VM_TASK.frontgate,
      target: vm.subnetId || 'default',
      dependsOn: [VM_KEY.keypair, VM_KEY.discover],
    },
  ];
  const prepared: string[] = [];
  for (const nodeId of added) {
    const node = vm.nodes.find((n) => n.nodeId === nodeId);
    const role = vm.roles.find((r) => r.role === node?.role);
    const nodeKey = VM_KEY.node(nodeId);
    steps.push({ key: nodeKey, action: VM_TASK.node, target: nodeId, dependsOn: [VM_KEY.keypair] });
    let before = nodeKey;
    if (role?.volume) {
      const volumeKey = VM_KEY.volume(nodeId);
      steps.push({ key: volumeKey, action: VM_TASK.volume, target: nodeId });
      before = VM_KEY.attach(nodeId);
      steps.push({ key: before, action: VM_TASK.attach, target: nodeId, dependsOn: [nodeKey, volumeKey] });
    }
    const prepareKey = VM_KEY.prepare(nodeId);
    steps.push({ key: prepareKey, action: VM_TASK.prepare, target: nodeId, dependsOn: [before, VM_KEY.frontgate] });
    prepared.push(prepareKey);
  }
  steps.push(
    register(VM_KEY.register, [VM_KEY.frontgate, ...prepared], { addPrepared: [...added], adding: [...added] }),
  );
  let last = serviceChain(steps, vm, ['init', 'start'], VM_KEY.register, { nodeIds: [...added], adding: [...added] });
  last = serviceChain(steps, vm, ['scale_out'], last, { exceptNodeIds: [...added], adding: [...added] });
  steps.push(register(VM_OPS_KEY.registerDone, [last], { addPrepared: [...added] }), record(VM_OPS_KEY.registerDone));
  return steps;
}

function scaleInSteps(vm: VmOperation, leaving: readonly string[]): VmStep[] {
  const steps: VmStep[] = [discover(), frontgate([VM_KEY.discover])];
  steps.push(register(VM_KEY.register, [VM_KEY.frontgate], { deleting: [...leaving] }));
  let last = serviceChain(
    steps,
    vm,
    ['destroy', 'stop'],
    VM_KEY.register,
    { nodeIds: [...leaving], deleting: [...leaving] },
    true,
  );
  last = serviceChain(steps, vm, ['scale_in'], last, { exceptNodeIds: [...leaving], deleting: [...leaving] });
  steps.push(
    {
      key: VM_OPS_KEY.nodesRemove,
      action: VM_OPS_TASK.nodesRemove,
      input: { nodeIds: [...leaving] },
      dependsOn: [last],
      maxAttempts: 20,
    },
    register(VM_OPS_KEY.registerDone, [VM_OPS_KEY.nodesRemove], { without: [...leaving] }),
    record(VM_OPS_KEY.registerDone),
  );
  return steps;
}

export function resizeSteps(vm: VmOperation): VmStep[] {
  const change = changeOf(vm, ['resize']);
  const steps: VmStep[] = [discover(), frontgate([VM_KEY.discover])];
  const stopped = serviceChain(steps, vm, ['stop'], VM_KEY.frontgate, { nodesFrom: VM_KEY.discover });
  steps.push(
    { key: VM_OPS_KEY.powerStop, action: VM_TASK.power, input: { action: 'stop' }, dependsOn: [stopped] },
    {
      key: VM_OPS_KEY.resize,
      action: VM_OPS_TASK.resize,
      input: { roles: change.roles.map((r) => ({ ...r })) },
      dependsOn: [VM_OPS_KEY.powerStop],
    },
    { key: VM_KEY.power, action: VM_TASK.power, input: { action: 'start' }, dependsOn: [VM_OPS_KEY.resize] },
    register(VM_KEY.register, [VM_KEY.power], { nodesFrom: VM_KEY.power }),
  );
  const last = serviceChain(steps, vm, ['start'], VM_KEY.register, {});
  steps.push(record(last));
  return steps;
}

/** update_config (the new env) and upgrade (the new version): register, then the role's service. */
export function reregisterSteps(vm: VmOperation, service: 'restart' | 'upgrade'): VmStep[] {
  const steps: VmStep[] = [discover(), frontgate([VM_KEY.discover])];
  steps.push(register(VM_KEY.register, [VM_KEY.frontgate], {}));
  const last = serviceChain(steps, vm, [service], VM_KEY.register, {});
  steps.push(record(last));
  return steps;
}

const discover = (): VmStep => ({ key: VM_KEY.discover, action: VM_TASK.discover });
const frontgate = (dependsOn: string[]): VmStep => ({
  key: VM_KEY.frontgate,
  action: VM_TASK.frontgate,
  input: { reuseOnly: false },
  dependsOn,
});
const record = (after: string): VmStep => ({ key: VM_KEY.record, action: VM_TASK.record, dependsOn: [after] });

/**
 * A `register` task over the discovered nodes; `addPrepared` adds this job's new nodes, `without`
 * drops leaving ones, `adding`/`deleting` name the hosts listed as adding/deleting in the metadata.
 */
function register(key: string, dependsOn: string[], input: Record<string, unknown>): VmStep {
  return {
    key,
    action: VM_TASK.register,
    input: { nodesFrom: VM_KEY.discover, ...input },
    dependsOn: [VM_KEY.discover, ...dependsOn],
  };
}
