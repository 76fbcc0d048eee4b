import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudSandboxOptions, SandboxCore, SandboxQuotas, StateStore } from './contracts';
import { FaultQueue } from './faults';
import { assertOpenSshd } from './openssh-server';
import { TokenRegistry, type TokenRecord } from './idempotency';
import { ImageCatalog } from './image-catalog';
import { VmProcessTracker } from './process-tracker';
import { JsonStateFile } from './state-file';
import { TimerTransitions } from './transitions';
import { LocalVmHostPool, type HostRecord } from './vm-host-pool';

export const DEFAULT_QUOTAS: SandboxQuotas = { maxInstances: 20, maxVolumes: 40 };
/** pending → running by default (the issue allows at most 5 s). */
export const DEFAULT_BOOT_DELAY_MS = 1000;
export const DEFAULT_IMAGE = 'marina-default-image';

/** The core as built here: the contract plus where its files are. */
export interface LocalSandboxCore extends SandboxCore {
  readonly hosts: LocalVmHostPool;
  readonly sandboxId: string;
  readonly dataDir: string;
}

/**
 * Builds the shared core of one cloud sandbox: VM hosts (real sshd per VM, or in-process ssh2),
 * timers, client tokens, faults, quotas, images, and the state file. When the state file names
 * VMs that were running, they are booted again before this resolves. Processes left by sandboxes
 * that died without closing (SIGKILL) are killed first.
 */
export async function createSandboxCore(options: CloudSandboxOptions = {}): Promise<LocalSandboxCore> {
  if (!options.inProcessSsh) assertOpenSshd();
  await VmProcessTracker.sweepOrphans();
  const file = new JsonStateFile(options.stateFile);
  const temporary = !options.dataDir && !options.stateFile;
  const dataDir =
    options.dataDir ?? (options.stateFile ? `${options.stateFile}.d` : mkdtempSync(join(tmpdir(), 'marina-cloud-')));
  const sandboxId = randomBytes(6).toString('hex');
  const tokens: TokenRegistry = new TokenRegistry(file.get<TokenRecord[]>('tokens'), () =>
    file.set('tokens', tokens.snapshot()),
  );
  const images = new ImageCatalog(
    options.defaultImage ?? DEFAULT_IMAGE,
    options.images,
    file.get<string[]>('images'),
    (seen) => file.set('images', seen),
  );
  const transitions = new TimerTransitions((key, err) =>
    options.log?.(`transition ${key} failed: ${(err as Error).message}`),
  );
  const hosts = new LocalVmHostPool({
    dataDir,
    sandboxId,
    inProcessSsh: options.inProcessSsh,
    records: file.get<HostRecord[]>('hosts'),
    onChange: (records) => file.set('hosts', records),
    log: options.log,
  });
  await hosts.restore();
  let closing: Promise<void> | undefined;
  return {
    sandboxId,
    dataDir,
    hosts,
    transitions,
    tokens,
    faults: new FaultQueue(),
    quotas: { ...DEFAULT_QUOTAS, ...options.quotas },
    bootDelayMs: options.bootDelayMs ?? DEFAULT_BOOT_DELAY_MS,
    state: <T>(): StateStore<T> => file.store<T>(),
    acceptImage: (imageId) => images.accept(imageId),
    images: () => images.list(),
    close: () =>
      (closing ??= (async () => {
        transitions.close();
        await hosts.close();
        await file.flush();
        if (temporary) rmSync(dataDir, { recursive: true, force: true });
      })()),
  };
}
