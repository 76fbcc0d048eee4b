/**
 * The service steps both VM planners add: one `service` task per (service, order), each after
 * the one before, so orders run in sequence and the nodes of one order in parallel (the task).
 */
import type { VmOperation } from '../vm-operation.types';
import type { VmStep } from './vm.planner';
import { VM_KEY, VM_TASK, type NodesFrom } from './vm-tasks';

/**
 * Which nodes a service task runs on: those of an earlier task's result (`nodesFrom`), or only /
 * all but the given node ids; `adding` / `deleting` are the hosts the metadata lists as such.
 */
export interface ServiceSelection {
  readonly nodesFrom?: NodesFrom;
  readonly nodeIds?: readonly string[];
  readonly exceptNodeIds?: readonly string[];
  readonly adding?: readonly string[];
  readonly deleting?: readonly string[];
}

/**
 * Appends one task per (service, order) for `services` in turn, the first after `after`; returns
 * the key of the last task (or `after` when none was added).
 */
export function serviceChain(
  steps: VmStep[],
  vm: VmOperation,
  services: readonly string[],
  after: string,
  select: ServiceSelection,
  failureAllowed = false,
): string {
  let last = after;
  for (const service of services) {
    for (const order of ordersOf(vm, service)) {
      const key = VM_KEY.service(service, order);
      steps.push({
        key,
        action: VM_TASK.service,
        target: `${service}#${order}`,
        input: { service, order, ...select },
        dependsOn: [last],
        ...(failureAllowed ? { failureAllowed: true, maxAttempts: 2 } : {}),
      });
      last = key;
    }
  }
  return last;
}

/** The distinct orders of `service` among the roles, ascending. */
export function ordersOf(vm: VmOperation, service: string): number[] {
  const orders = new Set<number>();
  for (const role of vm.roles) {
    const s = role.services[service];
    if (s?.cmd) orders.add(s.order);
  }
  return [...orders].sort((a, b) => a - b);
}
