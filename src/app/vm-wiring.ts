/**
 * Composition of the VM pipeline for a worker: the cloud client of a runtime (credential opened in
 * the worker), the owners' sealed SSH keys, frontgate records and pinned host keys in PostgreSQL,
 * the agent plane, and the settings (from the environment):
 * - MARINA_VM_KEEP_IDLE_FRONTGATES=1: cease keeps a frontgate whose last cluster is gone;
 * - MARINA_VM_POLL_MS: delay between two observations of a cloud transition (default 500);
 * - MARINA_VM_FRONTGATE_IMAGE: the frontgate's image (default: the cluster's first role's).
 */
import { pgFrontgates } from '../data/vm/frontgates.queries';
import { PgHostKeyStore } from '../drivers/vm/agent/host-key.store';
import { vmAgentPort, type AgentOptions } from '../drivers/vm/agent-port';
import { ownerKeys } from '../drivers/vm/deploy/owner-keys';
import type { VmPorts } from '../drivers/vm/deploy/vm-ports';
import { registerVmProcessors } from '../drivers/vm/deploy/vm.processors';
import { openCloudClient } from '../drivers/vm/vm-cloud';
import type { IaasClient, IaasCredential } from '../drivers/iaas';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { VmHealthObserver } from '../drivers/vm/health/vm-health-observer';
import type { JobEngine } from '../jobs/job.engine';
import type { Platform } from '../services/platform';

export interface VmSettings {
  readonly removeIdleFrontgates: boolean;
  readonly pollMs: number;
  readonly frontgateImage: string | null;
  readonly sshUser: string;
}

export function vmSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): VmSettings {
  const poll = Number(env.MARINA_VM_POLL_MS);
  return {
    removeIdleFrontgates: env.MARINA_VM_KEEP_IDLE_FRONTGATES !== '1',
    pollMs: Number.isFinite(poll) && poll > 0 ? poll : 500,
    frontgateImage: env.MARINA_VM_FRONTGATE_IMAGE || null,
    sshUser: env.MARINA_VM_SSH_USER || 'root',
  };
}

export interface VmPortOptions {
  readonly settings?: VmSettings;
  readonly agent?: AgentOptions;
  readonly clientFor?: (c: IaasCredential) => IaasClient;
}

export function createVmPorts(platform: Platform, opts: VmPortOptions = {}): VmPorts {
  const settings = opts.settings ?? vmSettingsFromEnv();
  return {
    cloud: (em, runtimeId) => openCloudClient(em, platform.secrets, platform.outbound, runtimeId, opts.clientFor),
    keys: ownerKeys(platform.secrets, settings.sshUser),
    frontgates: pgFrontgates,
    hostKeys: (em) => new PgHostKeyStore(em),
    agent: vmAgentPort(opts.agent),
    frontgateSpec: { imageId: settings.frontgateImage, cpu: 1, memoryMiB: 1024 },
    removeIdleFrontgates: settings.removeIdleFrontgates,
    pollMs: settings.pollMs,
    sshUser: settings.sshUser,
  };
}

export function registerVmPipeline(engine: JobEngine, ports: VmPorts): void {
  registerVmProcessors((action, processor) => engine.registerProcessor(action, processor), ports);
}

/**
 * The VM role health observer of a worker process (MARINA_VM_HEALTH_TICK_MS: delay between two
 * rounds, default 2000; each node is checked at its role's interval).
 */
export function createVmHealthObserver(
  orm: MikroORM,
  platform: Platform,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
): VmHealthObserver {
  const tick = Number(env.MARINA_VM_HEALTH_TICK_MS);
  return new VmHealthObserver({
    orm,
    ports: createVmPorts(platform),
    events: platform.events,
    logger: log.child({ component: 'vm-health' }),
    tickMs: Number.isFinite(tick) && tick > 0 ? tick : 2000,
  });
}
