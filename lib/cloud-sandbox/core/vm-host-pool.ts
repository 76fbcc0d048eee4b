import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LoopbackAddressAllocator } from './address-allocator';
import type { VmHostAddress, VmHostPool, VmHostSpec } from './contracts';
import { startInProcessSsh } from './in-process-ssh-server';
import { startOpenSshd, type VmSshServer } from './openssh-server';
import { VmProcessTracker } from './process-tracker';
import { chooseSshPort } from './ssh-port';
import { VmLayout } from './vm-layout';

/** What the pool persists per VM (the `hosts` section of the state file). */
export interface HostRecord {
  readonly id: string;
  readonly hostname: string;
  readonly authorizedKeys: readonly string[];
  readonly privateIp: string;
  sshPort: number;
  running: boolean;
  /** volume id → device path. */
  volumes: Record<string, string>;
}

export interface LocalVmHostPoolOptions {
  /** VMs live in `<dataDir>/vms/<id>`, volumes in `<dataDir>/volumes/<id>`. */
  readonly dataDir: string;
  readonly sandboxId: string;
  readonly inProcessSsh?: boolean;
  readonly records?: readonly HostRecord[];
  readonly onChange?: (records: HostRecord[]) => void;
  /** Where the sandbox announces what a user must know (an SSH port other than 22). */
  readonly log?: (line: string) => void;
  readonly allocator?: LoopbackAddressAllocator;
}

/**
 * VM hosts on this machine: one loopback address, directory and SSH server per VM (see
 * vm-layout.ts for the directory, process-tracker.ts for how a VM's processes are found and killed).
 * Calls for one VM run one at a time, in order.
 */
export class LocalVmHostPool implements VmHostPool {
  readonly tracker: VmProcessTracker;
  private readonly records = new Map<string, HostRecord>();
  private readonly servers = new Map<string, VmSshServer>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly allocator: LoopbackAddressAllocator;
  private closed = false;

  constructor(private readonly options: LocalVmHostPoolOptions) {
    this.tracker = new VmProcessTracker(options.sandboxId);
    this.allocator = options.allocator ?? new LoopbackAddressAllocator();
    for (const r of options.records ?? []) this.records.set(r.id, { ...r, volumes: { ...r.volumes } });
    mkdirSync(join(options.dataDir, 'vms'), { recursive: true });
    mkdirSync(join(options.dataDir, 'volumes'), { recursive: true });
  }

  /** Boots again every VM the loaded records say was running (a sandbox restarted from its state file). */
  async restore(): Promise<void> {
    const running = [...this.records.values()].filter((r) => r.running);
    for (const r of running) r.running = false;
    await Promise.all(running.map((r) => this.boot(r)));
  }

  layout(id: string): VmLayout {
    return new VmLayout(join(this.options.dataDir, 'vms', id));
  }

  /** A volume's record directory: `fs` (its filesystem once formatted) and `data/`. */
  volumeDir(volumeId: string): string {
    return join(this.options.dataDir, 'volumes', volumeId);
  }

  boot(spec: VmHostSpec): Promise<VmHostAddress> {
    return this.serial(spec.id, () => this.bootNow(spec));
  }

  private async bootNow(spec: VmHostSpec): Promise<VmHostAddress> {
    if (this.closed) throw new Error('the VM host pool is closed');
    const known = this.records.get(spec.id);
    if (known?.running) return { privateIp: known.privateIp, sshPort: known.sshPort };
    const privateIp = this.allocator.allocate(known?.privateIp);
    const record: HostRecord = {
      id: spec.id,
      hostname: spec.hostname,
      authorizedKeys: [...spec.authorizedKeys],
      privateIp,
      sshPort: 0,
      running: false,
      volumes: known?.volumes ?? {},
    };
    const layout = this.layout(spec.id);
    layout.prepare({ ...record, env: this.tracker.env(spec.id) });
    for (const [volumeId, device] of Object.entries(record.volumes)) layout.attach(device, this.volumeDir(volumeId));
    try {
      record.sshPort = await chooseSshPort(privateIp);
      const launch = { vmId: spec.id, ip: privateIp, port: record.sshPort, layout, tracker: this.tracker };
      this.servers.set(
        spec.id,
        this.options.inProcessSsh ? await startInProcessSsh(launch) : await startOpenSshd(launch),
      );
    } catch (err) {
      await this.tracker.killAll(spec.id);
      if (!known) this.allocator.release(privateIp);
      throw err;
    }
    record.running = true;
    this.records.set(spec.id, record);
    if (record.sshPort !== 22)
      this.options.log?.(
        `VM ${spec.id} (${spec.hostname}): SSH on ${privateIp}:${record.sshPort} (port 22 needs root and a free port)`,
      );
    this.changed();
    return { privateIp, sshPort: record.sshPort };
  }

  stop(id: string): Promise<void> {
    return this.serial(id, () => this.stopNow(id));
  }

  private async stopNow(id: string): Promise<void> {
    const record = this.records.get(id);
    await this.servers.get(id)?.close();
    this.servers.delete(id);
    await this.tracker.killAll(id);
    if (record?.running) {
      record.running = false;
      this.changed();
    }
  }

  terminate(id: string): Promise<void> {
    return this.serial(id, async () => {
      const record = this.records.get(id);
      await this.stopNow(id);
      if (!record) return;
      this.layout(id).remove();
      this.allocator.release(record.privateIp);
      this.records.delete(id);
      this.changed();
    });
  }

  address(id: string): VmHostAddress | undefined {
    const r = this.records.get(id);
    return r?.running ? { privateIp: r.privateIp, sshPort: r.sshPort } : undefined;
  }

  attachVolume(vmId: string, volumeId: string, device: string): Promise<void> {
    return this.serial(vmId, async () => {
      const record = this.requireRecord(vmId);
      mkdirSync(join(this.volumeDir(volumeId), 'data'), { recursive: true });
      this.layout(vmId).attach(device, this.volumeDir(volumeId));
      record.volumes[volumeId] = device;
      this.changed();
    });
  }

  detachVolume(vmId: string, volumeId: string): Promise<void> {
    return this.serial(vmId, async () => {
      const record = this.records.get(vmId);
      const device = record?.volumes[volumeId];
      if (!record || !device) return;
      this.layout(vmId).detach(device);
      delete record.volumes[volumeId];
      this.changed();
    });
  }

  async removeVolume(volumeId: string): Promise<void> {
    for (const record of this.records.values()) {
      if (record.volumes[volumeId]) await this.detachVolume(record.id, volumeId);
    }
    rmSync(this.volumeDir(volumeId), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ids = [...this.records.keys()];
    // A closing sandbox stops its VMs' processes but leaves the records as they were, so a
    // sandbox restarted from its state file boots the VMs that were running.
    await Promise.all(
      ids.map((id) =>
        this.serial(id, async () => {
          await this.servers.get(id)?.close();
          this.servers.delete(id);
          await this.tracker.killAll(id);
        }),
      ),
    );
    this.allocator.releaseAll();
    await this.tracker.close();
  }

  private requireRecord(vmId: string): HostRecord {
    const record = this.records.get(vmId);
    if (!record) throw new Error(`no VM host ${vmId}`);
    return record;
  }

  private changed(): void {
    this.options.onChange?.([...this.records.values()].map((r) => ({ ...r, volumes: { ...r.volumes } })));
  }

  private serial<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.then(task);
    const settled = next.catch(() => undefined);
    this.queues.set(id, settled);
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    });
    return next;
  }
}
