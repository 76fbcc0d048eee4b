import type { SandboxCore } from '../core/contracts';
import type { EcsDisk, EcsInstance, EcsStore } from './ecs.state';

/**
 * ECS's asynchronous state changes, driven by the core's timers:
 *   instance Pending/Starting → Running (after the boot delay; the VM host boots, sshd answers),
 *   Stopping → Stopped (the VM's processes end), deletion (the host and its directory go);
 *   disk Creating → Available, Attaching → In_use (the volume shows up in the VM as a device),
 *   Detaching → Available.
 * An instance under a `stuck-pending` fault stays Pending and is looked at again each boot delay.
 */
export class EcsLifecycle {
  /** Delay of the short transitions (stopping, disks): the boot delay, at most 1 s. */
  readonly settleMs: number;

  constructor(
    private readonly store: EcsStore,
    private readonly core: SandboxCore,
  ) {
    this.settleMs = Math.min(core.bootDelayMs, 1000);
  }

  boot(instance: EcsInstance): void {
    this.core.transitions.schedule(key(instance.id), this.core.bootDelayMs, async () => {
      if (this.core.faults.isStuck(instance.id)) return this.boot(instance);
      const address = await this.core.hosts.boot({
        id: instance.id,
        hostname: instance.hostName,
        authorizedKeys: instance.authorizedKeys,
      });
      instance.privateIp = address.privateIp;
      instance.status = 'Running';
      this.store.save();
    });
  }

  stop(instance: EcsInstance): void {
    instance.status = 'Stopping';
    this.core.transitions.schedule(key(instance.id), this.settleMs, async () => {
      await this.core.hosts.stop(instance.id);
      instance.status = 'Stopped';
      this.store.save();
    });
  }

  /** Releases the instance now: its data disks become Available, its host is removed. */
  async remove(instance: EcsInstance): Promise<void> {
    this.core.transitions.cancel(key(instance.id));
    for (const disk of Object.values(this.store.state.disks)) {
      if (disk.instanceId !== instance.id) continue;
      this.core.transitions.cancel(key(disk.id));
      disk.status = 'Available';
      disk.instanceId = undefined;
      disk.device = undefined;
    }
    delete this.store.state.instances[instance.id];
    this.store.save();
    await this.core.hosts.terminate(instance.id);
  }

  create(disk: EcsDisk): void {
    this.core.transitions.schedule(key(disk.id), this.settleMs, () => {
      disk.status = 'Available';
      this.store.save();
    });
  }

  attach(disk: EcsDisk, instanceId: string): void {
    disk.status = 'Attaching';
    disk.instanceId = instanceId;
    disk.device = this.freeDevice(instanceId);
    const device = disk.device;
    this.core.transitions.schedule(key(disk.id), this.settleMs, async () => {
      await this.core.hosts.attachVolume(instanceId, disk.id, device);
      disk.status = 'In_use';
      this.store.save();
    });
  }

  detach(disk: EcsDisk): void {
    const instanceId = disk.instanceId;
    disk.status = 'Detaching';
    this.core.transitions.schedule(key(disk.id), this.settleMs, async () => {
      if (instanceId) await this.core.hosts.detachVolume(instanceId, disk.id);
      disk.status = 'Available';
      disk.instanceId = undefined;
      disk.device = undefined;
      this.store.save();
    });
  }

  /** Resumes the transitions a restarted sandbox found half-way in its state file. */
  resume(): void {
    for (const instance of Object.values(this.store.state.instances)) {
      if (instance.status === 'Pending' || instance.status === 'Starting') this.boot(instance);
      else if (instance.status === 'Stopping') this.stop(instance);
    }
    for (const disk of Object.values(this.store.state.disks)) {
      if (disk.status === 'Creating') this.create(disk);
      else if (disk.status === 'Attaching' && disk.instanceId) this.attach(disk, disk.instanceId);
      else if (disk.status === 'Detaching') this.detach(disk);
    }
  }

  private freeDevice(instanceId: string): string {
    const used = new Set(
      Object.values(this.store.state.disks)
        .filter((d) => d.instanceId === instanceId)
        .map((d) => d.device),
    );
    for (const letter of 'bcdefghijklmnopqrstuvwxyz') {
      if (!used.has(`/dev/vd${letter}`)) return `/dev/vd${letter}`;
    }
    return '/dev/vdz';
  }
}

function key(id: string): string {
  return `ecs:${id}`;
}
