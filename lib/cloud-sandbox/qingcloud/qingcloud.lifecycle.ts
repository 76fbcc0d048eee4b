import type { SandboxCore } from '../core/contracts';
import { qcId, qcNow, type QcInstance, type QcJob, type QcStore, type QcVolume } from './qingcloud.state';

/**
 * QingCloud's asynchronous actions: each call that returns a `job_id` creates a job that stays
 * `working` until every resource it touched has finished its transition (then `successful`, or
 * `failed` if the VM host could not boot). Instances: pending → running after the boot delay (the VM
 * host boots, sshd answers; a `stuck-pending` fault holds it), running → stopped, → terminated (host
 * removed). Volumes: pending → available, attaching → in-use (a device in the VM), detaching →
 * available, deleting → deleted.
 */
export class QcLifecycle {
  readonly settleMs: number;

  constructor(
    private readonly store: QcStore,
    private readonly core: SandboxCore,
  ) {
    this.settleMs = Math.min(core.bootDelayMs, 1000);
  }

  job(action: string, resourceIds: readonly string[]): QcJob {
    const now = qcNow();
    const job: QcJob = {
      id: qcId('j'),
      action,
      status: 'working',
      resourceIds: [...resourceIds],
      left: resourceIds.length,
      createTime: now,
      statusTime: now,
    };
    this.store.state.jobs[job.id] = job;
    return job;
  }

  /** A job for a change that took effect at once (resizes). */
  doneJob(action: string, resourceIds: readonly string[]): QcJob {
    const job = this.job(action, resourceIds);
    Object.assign(job, { status: 'successful', left: 0 });
    return job;
  }

  boot(instance: QcInstance, job: QcJob): void {
    this.later(instance.id, this.core.bootDelayMs, job, async () => {
      if (this.core.faults.isStuck(instance.id)) return 'again';
      const authorizedKeys = instance.keypairIds
        .map((id) => this.store.state.keyPairs[id]?.pubKey)
        .filter((k): k is string => !!k);
      const address = await this.core.hosts.boot({ id: instance.id, hostname: instance.hostname, authorizedKeys });
      instance.privateIp = address.privateIp;
      this.set(instance, 'running');
    });
  }

  stop(instance: QcInstance, job: QcJob): void {
    instance.transition = 'stopping';
    this.later(instance.id, this.settleMs, job, async () => {
      await this.core.hosts.stop(instance.id);
      this.set(instance, 'stopped');
    });
  }

  terminate(instance: QcInstance, job: QcJob): void {
    instance.transition = 'terminating';
    this.later(instance.id, this.settleMs, job, async () => {
      for (const volume of Object.values(this.store.state.volumes)) {
        if (volume.instanceId !== instance.id) continue;
        this.core.transitions.cancel(key(volume.id));
        Object.assign(volume, {
          status: 'available',
          transition: '',
          instanceId: undefined,
          device: undefined,
          statusTime: qcNow(),
        });
      }
      await this.core.hosts.terminate(instance.id);
      this.set(instance, 'terminated');
    });
  }

  create(volume: QcVolume, job: QcJob): void {
    this.later(volume.id, this.settleMs, job, () => this.set(volume, 'available'));
  }

  attach(volume: QcVolume, instanceId: string, job: QcJob): void {
    Object.assign(volume, { transition: 'attaching', instanceId, device: this.freeDevice(instanceId) });
    const device = volume.device as string;
    this.later(volume.id, this.settleMs, job, async () => {
      await this.core.hosts.attachVolume(instanceId, volume.id, device);
      this.set(volume, 'in-use');
    });
  }

  detach(volume: QcVolume, job: QcJob): void {
    const instanceId = volume.instanceId;
    volume.transition = 'detaching';
    this.later(volume.id, this.settleMs, job, async () => {
      if (instanceId) await this.core.hosts.detachVolume(instanceId, volume.id);
      Object.assign(volume, { instanceId: undefined, device: undefined });
      this.set(volume, 'available');
    });
  }

  remove(volume: QcVolume, job: QcJob): void {
    volume.transition = 'deleting';
    this.later(volume.id, this.settleMs, job, async () => {
      await this.core.hosts.removeVolume?.(volume.id);
      this.set(volume, 'deleted');
    });
  }

  /**
   * After a restart from the state file: resources half-way through a transition resume it (under a
   * new job), and the jobs that were working are reported finished.
   */
  resume(): void {
    for (const job of Object.values(this.store.state.jobs)) {
      if (job.status === 'working') this.finish(job, 'successful');
    }
    const { instances, volumes } = this.store.state;
    for (const i of Object.values(instances)) {
      const resume = {
        creating: this.boot,
        starting: this.boot,
        stopping: this.stop,
        terminating: this.terminate,
        '': undefined,
      }[i.transition];
      resume?.call(this, i, this.job('Resume', [i.id]));
    }
    for (const v of Object.values(volumes)) {
      if (v.transition === 'creating') this.create(v, this.job('Resume', [v.id]));
      else if (v.transition === 'attaching' && v.instanceId) this.attach(v, v.instanceId, this.job('Resume', [v.id]));
      else if (v.transition === 'detaching') this.detach(v, this.job('Resume', [v.id]));
      else if (v.transition === 'deleting') this.remove(v, this.job('Resume', [v.id]));
    }
  }

  private set(resource: QcInstance | QcVolume, status: QcInstance['status'] | QcVolume['status']): void {
    Object.assign(resource, { status, transition: '', statusTime: qcNow() });
  }

  /** Runs `apply` after `delayMs` (again and again while it answers 'again'), then counts the job down. */
  private later(id: string, delayMs: number, job: QcJob, apply: () => void | 'again' | Promise<void | 'again'>): void {
    this.core.transitions.schedule(key(id), delayMs, async () => {
      let outcome: void | 'again';
      try {
        outcome = await apply();
      } catch (err) {
        this.finish(job, 'failed');
        throw err;
      }
      if (outcome === 'again') return this.later(id, delayMs, job, apply);
      job.left -= 1;
      if (job.left <= 0) this.finish(job, 'successful');
      this.store.save();
    });
  }

  private finish(job: QcJob, status: 'successful' | 'failed'): void {
    Object.assign(job, { status, left: 0, statusTime: qcNow() });
    this.store.save();
  }

  private freeDevice(instanceId: string): string {
    const used = new Set(
      Object.values(this.store.state.volumes)
        .filter((v) => v.instanceId === instanceId)
        .map((v) => v.device),
    );
    const letter = [...'bcdefghijklmnopqrstuvwxyz'].find((l) => !used.has(`/dev/sd${l}`)) ?? 'z';
    return `/dev/sd${letter}`;
  }
}

function key(id: string): string {
  return `qingcloud:${id}`;
}
