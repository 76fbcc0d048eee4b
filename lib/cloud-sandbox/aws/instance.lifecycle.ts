/**
 * EC2's instance state machine as data, and the transitions that settle its passing states on the
 * core's timers: pending → running boots the VM host (after the boot delay, unless the instance is
 * stuck by an injected fault), stopping → stopped stops it, shutting-down → terminated removes it.
 */
import type { SandboxCore } from '../core/contracts';
import { Ec2Fault } from './ec2.errors';
import type { Ec2Model, InstanceRecord, InstanceStateName } from './ec2.model';

export type InstanceRequest = 'start' | 'stop' | 'terminate';

/** request → current state → state it moves to. A missing entry is IncorrectInstanceState. */
const REQUESTS: Readonly<Record<InstanceRequest, Partial<Record<InstanceStateName, InstanceStateName>>>> = {
  start: { pending: 'pending', running: 'running', stopped: 'pending' },
  stop: { running: 'stopping', stopping: 'stopping', stopped: 'stopped' },
  terminate: {
    pending: 'shutting-down',
    running: 'shutting-down',
    stopping: 'shutting-down',
    stopped: 'shutting-down',
    'shutting-down': 'shutting-down',
    terminated: 'terminated',
  },
};

const VERBS: Readonly<Record<InstanceRequest, string>> = { start: 'started', stop: 'stopped', terminate: 'terminated' };

/** How long the short passing states last (stopping, shutting-down, creating, attaching, …). */
export function settleDelayMs(core: SandboxCore): number {
  return Math.min(1000, Math.round(core.bootDelayMs / 5));
}

/** The state a request would move the instance to, or EC2's IncorrectInstanceState. */
export function nextState(instance: InstanceRecord, request: InstanceRequest): InstanceStateName {
  const next = REQUESTS[request][instance.state];
  if (!next)
    throw new Ec2Fault(
      'IncorrectInstanceState',
      `This instance '${instance.id}' is not in a state from which it can be ${VERBS[request]}.`,
    );
  return next;
}

export class InstanceLifecycle {
  constructor(
    private readonly core: SandboxCore,
    private readonly model: Ec2Model,
  ) {}

  /** Applies a request already checked with `nextState`, and schedules the state's settling. */
  apply(instance: InstanceRecord, request: InstanceRequest): void {
    const next = nextState(instance, request);
    if (next === instance.state) return;
    instance.state = next;
    this.settle(instance);
  }

  /** Schedules whatever ends the instance's current passing state (also used after a restart). */
  settle(instance: InstanceRecord): void {
    const key = `instance:${instance.id}`;
    const delay = settleDelayMs(this.core);
    if (instance.state === 'pending')
      this.core.transitions.schedule(key, this.core.bootDelayMs, () => this.boot(instance));
    else if (instance.state === 'stopping') this.core.transitions.schedule(key, delay, () => this.stopHost(instance));
    else if (instance.state === 'shutting-down')
      this.core.transitions.schedule(key, delay, () => this.terminateHost(instance));
    else if (instance.state === 'running' && !this.core.hosts.address(instance.id)) void this.boot(instance);
  }

  private async boot(instance: InstanceRecord): Promise<void> {
    if (this.core.faults.isStuck(instance.id)) return;
    try {
      const address = await this.core.hosts.boot({
        id: instance.id,
        hostname: instance.id,
        authorizedKeys: instance.authorizedKeys,
      });
      instance.privateIp = address.privateIp;
      instance.sshPort = address.sshPort;
    } catch (err) {
      // A launch that cannot boot ends terminated, as in EC2; a running VM that cannot be booted
      // again after a restart is shown stopped, so that StartInstances can retry it.
      const failed = instance.state === 'pending' ? 'terminated' : instance.state === 'running' ? 'stopped' : undefined;
      if (!failed) return;
      instance.state = failed;
      instance.stateReason = `Server.InternalError: ${(err as Error).message}`;
      this.model.save();
      return;
    }
    if (instance.state !== 'pending') return;
    instance.state = 'running';
    instance.stateReason = undefined;
    this.model.save();
  }

  private async stopHost(instance: InstanceRecord): Promise<void> {
    await this.core.hosts.stop(instance.id);
    if (instance.state !== 'stopping') return;
    instance.state = 'stopped';
    this.model.save();
  }

  private async terminateHost(instance: InstanceRecord): Promise<void> {
    await this.core.hosts.terminate(instance.id);
    if (instance.state !== 'shutting-down') return;
    for (const volume of Object.values(this.model.state.volumes)) {
      if (volume.attachment?.instanceId !== instance.id) continue;
      volume.attachment = undefined;
      if (volume.state === 'in-use') volume.state = 'available';
    }
    instance.state = 'terminated';
    instance.privateIp = undefined;
    this.model.save();
  }
}
