/**
 * FrontgateControl over SSH: runs etcd-script.ts on the frontgate, which health-checks etcd and
 * starts it when down, under a lock on the VM so concurrent callers (two workers, two tasks)
 * never start two etcds. Idempotent; `restarted` says whether this call started it.
 */
import { frontgateEtcdSettings, type FrontgateEtcdSettings } from '../../../config';
import { DriverError } from '../../../jobs/errors';
import type { FrontgateControl, FrontgateEtcd, SshSession, VmHost } from '../vm-agent.types';
import { lastLines } from './output-lines';
import { ensureEtcdScript, etcdEndpoint, ETCD_EXIT_MISSING } from './etcd-script';

export interface EtcdControlOptions {
  readonly settings?: FrontgateEtcdSettings;
  /** Longest wait for a started etcd to become healthy (default 30 s). */
  readonly startDeadlineSeconds?: number;
  /** Longest wait for a concurrent caller's start (default 60 s). */
  readonly lockWaitSeconds?: number;
}

export class SshFrontgateControl implements FrontgateControl {
  private readonly settings: FrontgateEtcdSettings;
  private readonly startDeadlineSeconds: number;
  private readonly lockWaitSeconds: number;

  constructor(options: EtcdControlOptions = {}) {
    this.settings = options.settings ?? frontgateEtcdSettings();
    this.startDeadlineSeconds = options.startDeadlineSeconds ?? 30;
    this.lockWaitSeconds = options.lockWaitSeconds ?? 60;
  }

  async ensureEtcd(session: SshSession, frontgate: VmHost): Promise<FrontgateEtcd> {
    const script = ensureEtcdScript({
      ip: frontgate.ip,
      etcdBinary: this.settings.binary,
      etcdctlBinary: this.settings.ctlBinary,
      startDeadlineSeconds: this.startDeadlineSeconds,
      lockWaitSeconds: this.lockWaitSeconds,
    });
    const timeoutMs = (this.startDeadlineSeconds + this.lockWaitSeconds + 15) * 1000;
    const result = await session.exec(frontgate, script, { env: {}, timeoutMs });
    const last = lastLines(result.stdout, 1)[0];
    if (result.exitCode === 0 && (last === 'HEALTHY' || last === 'STARTED')) {
      return { endpoints: [etcdEndpoint(frontgate.ip)], restarted: last === 'STARTED' };
    }
    const detail = lastLines(`${result.stderr}\n${result.stdout}`, 20).join('\n');
    if (result.exitCode === ETCD_EXIT_MISSING) {
      throw new DriverError('ETCD_MISSING', `On frontgate ${frontgate.instanceId}: ${detail}`, false);
    }
    throw new DriverError(
      'ETCD_START_FAILED',
      `etcd on frontgate ${frontgate.instanceId} (${frontgate.ip}) is down and could not be started ` +
        `(exit ${result.exitCode ?? result.signal}${result.timedOut ? ', timed out' : ''}):\n${detail}`,
      true,
    );
  }
}
