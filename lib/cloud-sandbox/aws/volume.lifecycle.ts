/**
 * EBS volume states settled on the core's timers: creating → available; an attachment attaching →
 * attached once the VM host has the device (volumes attach only to running or stopped instances,
 * whose hosts exist);
 * detaching → the volume available again; deleting → gone (its backing directory removed).
 */
import type { SandboxCore } from '../core/contracts';
import type { Ec2Model, VolumeRecord } from './ec2.model';
import { settleDelayMs } from './instance.lifecycle';

export class VolumeLifecycle {
  constructor(
    private readonly core: SandboxCore,
    private readonly model: Ec2Model,
  ) {}

  /** Schedules whatever ends the volume's current passing state (also used after a restart). */
  settle(volume: VolumeRecord): void {
    const key = `volume:${volume.id}`;
    const delay = settleDelayMs(this.core);
    if (volume.state === 'creating') this.core.transitions.schedule(key, delay, () => this.available(volume));
    else if (volume.state === 'deleting') this.core.transitions.schedule(key, delay, () => this.remove(volume));
    else if (volume.attachment?.state === 'attaching')
      this.core.transitions.schedule(key, delay, () => this.attach(volume));
    else if (volume.attachment?.state === 'detaching')
      this.core.transitions.schedule(key, delay, () => this.detach(volume));
  }

  private available(volume: VolumeRecord): void {
    if (volume.state !== 'creating') return;
    volume.state = 'available';
    this.model.save();
  }

  private async attach(volume: VolumeRecord): Promise<void> {
    const attachment = volume.attachment;
    if (attachment?.state !== 'attaching') return;
    await this.core.hosts.attachVolume(attachment.instanceId, volume.id, attachment.device);
    if (volume.attachment !== attachment || attachment.state !== 'attaching') return;
    attachment.state = 'attached';
    this.model.save();
  }

  private async detach(volume: VolumeRecord): Promise<void> {
    const attachment = volume.attachment;
    if (attachment?.state !== 'detaching') return;
    await this.core.hosts.detachVolume(attachment.instanceId, volume.id);
    if (volume.attachment !== attachment) return;
    volume.attachment = undefined;
    volume.state = 'available';
    this.model.save();
  }

  private async remove(volume: VolumeRecord): Promise<void> {
    await this.core.hosts.removeVolume?.(volume.id);
    delete this.model.state.volumes[volume.id];
    delete this.model.state.tags[volume.id];
    this.model.save();
  }
}
