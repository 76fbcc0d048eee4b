import type { FaultInjector, InjectedFault } from './contracts';

type ActionFault = Exclude<InjectedFault, { kind: 'stuck-pending' }>;

/**
 * Faults injected by tests. Action faults are consumed in the order added: `fail-once` and
 * `drop-response` once, `throttle` `times` times. A `stuck-pending` fault without an instance id
 * binds to the first instance asked about; stuck instances stay stuck until `clear()`.
 */
export class FaultQueue implements FaultInjector {
  private actionFaults: { fault: ActionFault; left: number }[] = [];
  private readonly stuck = new Set<string>();
  private unboundStuck = 0;

  add(fault: InjectedFault): void {
    if (fault.kind === 'stuck-pending') {
      if (fault.instanceId) this.stuck.add(fault.instanceId);
      else this.unboundStuck++;
      return;
    }
    const left = fault.kind === 'throttle' ? Math.max(1, fault.times) : 1;
    this.actionFaults.push({ fault, left });
  }

  take(action: string): InjectedFault | undefined {
    const index = this.actionFaults.findIndex((f) => f.fault.action === action);
    if (index < 0) return undefined;
    const entry = this.actionFaults[index];
    entry.left--;
    if (entry.left <= 0) this.actionFaults.splice(index, 1);
    return entry.fault;
  }

  isStuck(instanceId: string): boolean {
    if (this.stuck.has(instanceId)) return true;
    if (this.unboundStuck === 0) return false;
    this.unboundStuck--;
    this.stuck.add(instanceId);
    return true;
  }

  clear(): void {
    this.actionFaults = [];
    this.stuck.clear();
    this.unboundStuck = 0;
  }
}
