/**
 * The VM planner: an InstanceOperation with its `vm` part becomes a task DAG, in the layers of
 * OpenPitrix's cluster jobs (pure: it runs in the API transaction that creates the job).
 *
 * deploy / recover:
 * ```
 * keypair ─┬─ frontgate ───────────────────────────────┐
 *          └─ node-<n> ─┬─ attach-<n> ─ prepare-<n> ────┴─ register ─ svc-init-<o>… ─ svc-start-<o>… ─ record
 *   volume-<n> ─────────┘
 * ```
 * (`volume-`/`attach-` only for roles with a volume; `prepare` waits for the frontgate too.)
 * stop:   discover ─ frontgate ─ svc-stop-<o>… ─ power(stop) ─ record
 * start:  discover ─ power(start) ─ frontgate ─ register ─ svc-start-<o>… ─ record
 * delete: discover ─ frontgate ─ svc-destroy-<o>… (failure allowed) ─ teardown ─ deregister ─ record
 * cease:  delete's tasks, then frontgate-release before record.
 *
 * Decisions:
 * - One task per node for run + wait running (it re-schedules itself until the node runs): the
 *   cloud call and its observation share the task's token, so a killed worker re-runs the task,
 *   finds the node by token/tag and never creates a second.
 * - Services run one task per (service, order): the nodes of every role with that order run in
 *   parallel inside the task; orders follow each other. Roles without the service add no task.
 * - Only deploy knows its nodes when planning (`op.vm.nodes`); the other actions `discover` the
 *   live nodes by the instance's tag, so they act on what exists, not on what was asked for.
 * - `delete`'s destroy services may fail (an unreachable node must never block a delete); the
 *   teardown detaches volumes before deleting them and retries until none is left.
 * Extending: add the action to PLANS with one function returning its steps.
 */
import type { TaskSpec } from '../../../jobs/job.types';
import type { InstanceAction, InstanceOperation } from '../../../services/instances/instance-operation.types';
import type { VmOperation } from '../vm-operation.types';
import { VM_KEY, VM_TASK, type PowerAction } from './vm-tasks';
import { reregisterSteps, resizeSteps, scaleSteps } from './vm-ops.planner';
import { serviceChain } from './service-chain';

export { ordersOf } from './service-chain';

/** Attempts of a task on retryable failures (throttled or unreachable cloud, lost worker, SSH drop). */
export const VM_ATTEMPTS = 5;

/** One planned task; `dependsOn` names keys of steps before it. */
export type VmStep = Omit<TaskSpec, 'maxAttempts'> & { readonly maxAttempts?: number };

type Planner = (op: InstanceOperation, vm: VmOperation) => VmStep[];

const PLANS: Partial<Record<InstanceAction, Planner>> = {
  deploy: (op, vm) => installSteps(vm),
  recover: (op, vm) => installSteps(vm),
  stop: (op, vm) => stopSteps(vm),
  start: (op, vm) => startSteps(vm),
  delete: (op, vm) => teardownSteps(vm, false),
  cease: (op, vm) => teardownSteps(vm, true),
  scale: (op, vm) => scaleSteps(vm),
  resize: (op, vm) => resizeSteps(vm),
  update_config: (op, vm) => reregisterSteps(vm, 'restart'),
  upgrade: (op, vm) => reregisterSteps(vm, 'upgrade'),
};

/** Actions the VM planner carries out. */
export function vmActionSupported(action: InstanceAction): boolean {
  return PLANS[action] !== undefined;
}

/** The task DAG of a VM operation; throws for an operation without `vm` or an action with no plan (a service bug). */
export function planVmOperation(op: InstanceOperation): TaskSpec[] {
  const vm = op.vm;
  if (!vm) throw new Error(`operation ${op.action} of ${op.instanceId} has no vm part`);
  const plan = PLANS[op.action];
  if (!plan) throw new Error(`no VM plan for ${op.action}`);
  return plan(op, vm).map((s) => ({ maxAttempts: VM_ATTEMPTS, ...s, dependsOn: s.dependsOn ?? [] }));
}

/** deploy and recover: create everything, register the metadata, run init then start. */
export function installSteps(vm: VmOperation): VmStep[] {
  const steps: VmStep[] = [
    { key: VM_KEY.keypair, action: VM_TASK.keypair, target: vm.ownerId },
    { key: VM_KEY.frontgate, action: VM_TASK.frontgate, target: vm.subnetId || 'default', dependsOn: [VM_KEY.keypair] },
  ];
  const prepared: string[] = [];
  for (const node of vm.nodes) {
    const role = vm.roles.find((r) => r.role === node.role);
    const nodeKey = VM_KEY.node(node.nodeId);
    steps.push({ key: nodeKey, action: VM_TASK.node, target: node.nodeId, dependsOn: [VM_KEY.keypair] });
    let before = nodeKey;
    if (role?.volume) {
      const volumeKey = VM_KEY.volume(node.nodeId);
      steps.push({ key: volumeKey, action: VM_TASK.volume, target: node.nodeId });
      before = VM_KEY.attach(node.nodeId);
      steps.push({ key: before, action: VM_TASK.attach, target: node.nodeId, dependsOn: [nodeKey, volumeKey] });
    }
    const prepareKey = VM_KEY.prepare(node.nodeId);
    steps.push({
      key: prepareKey,
      action: VM_TASK.prepare,
      target: node.nodeId,
      dependsOn: [before, VM_KEY.frontgate],
    });
    prepared.push(prepareKey);
  }
  steps.push({ key: VM_KEY.register, action: VM_TASK.register, dependsOn: [VM_KEY.frontgate, ...prepared] });
  const last = serviceChain(steps, vm, ['init', 'start'], VM_KEY.register, { nodesFrom: VM_KEY.register });
  steps.push(record(last));
  return steps;
}

function stopSteps(vm: VmOperation): VmStep[] {
  const steps: VmStep[] = [discover(), frontgate([VM_KEY.discover])];
  const last = serviceChain(steps, vm, ['stop'], VM_KEY.frontgate, { nodesFrom: VM_KEY.discover });
  steps.push(power('stop', last), record(VM_KEY.power));
  return steps;
}

function startSteps(vm: VmOperation): VmStep[] {
  const steps: VmStep[] = [discover(), power('start', VM_KEY.discover), frontgate([VM_KEY.power])];
  steps.push({
    key: VM_KEY.register,
    action: VM_TASK.register,
    input: { nodesFrom: VM_KEY.power },
    dependsOn: [VM_KEY.frontgate],
  });
  const last = serviceChain(steps, vm, ['start'], VM_KEY.register, { nodesFrom: VM_KEY.register });
  steps.push(record(last));
  return steps;
}

function teardownSteps(vm: VmOperation, cease: boolean): VmStep[] {
  const steps: VmStep[] = [discover(), frontgate([VM_KEY.discover], true)];
  const last = serviceChain(steps, vm, ['destroy'], VM_KEY.frontgate, { nodesFrom: VM_KEY.discover }, true);
  steps.push(
    { key: VM_KEY.teardown, action: VM_TASK.teardown, dependsOn: [last], maxAttempts: 20 },
    { key: VM_KEY.deregister, action: VM_TASK.deregister, dependsOn: [VM_KEY.teardown], failureAllowed: true },
  );
  let end: string = VM_KEY.deregister;
  if (cease) {
    steps.push({ key: VM_KEY.releaseFrontgate, action: VM_TASK.releaseFrontgate, dependsOn: [end] });
    end = VM_KEY.releaseFrontgate;
  }
  steps.push(record(end));
  return steps;
}

const discover = (): VmStep => ({ key: VM_KEY.discover, action: VM_TASK.discover });

/** `reuseOnly`: find the frontgate but never create one (delete and cease of a cluster whose frontgate is gone). */
const frontgate = (dependsOn: string[], reuseOnly = false): VmStep => ({
  key: VM_KEY.frontgate,
  action: VM_TASK.frontgate,
  input: { reuseOnly },
  dependsOn,
});

const power = (action: PowerAction, after: string): VmStep => ({
  key: VM_KEY.power,
  action: VM_TASK.power,
  input: { action },
  dependsOn: [after],
});

const record = (after: string): VmStep => ({ key: VM_KEY.record, action: VM_TASK.record, dependsOn: [after] });
