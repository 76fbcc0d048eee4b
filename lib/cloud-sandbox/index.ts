import { join } from 'node:path';
import type { CloudSandboxInfo, CloudSandboxOptions, RunningCloudSandbox, StartFrontEnd } from './core/contracts';
import { createSandboxCore } from './core/sandbox-core';

export * from './core';

export type CloudProvider = CloudSandboxInfo['provider'];
export const CLOUD_PROVIDERS: readonly CloudProvider[] = ['qingcloud', 'aws', 'aliyun'];

/** Each cloud's front end: its folder beside this file, and the image its listings show first. */
const FRONT_ENDS: Readonly<Record<CloudProvider, { readonly folder: string; readonly defaultImage: string }>> = {
  qingcloud: { folder: 'qingcloud', defaultImage: 'xenial5x64a' },
  aws: { folder: 'aws', defaultImage: 'ami-0a1b2c3d4e5f60718' },
  aliyun: { folder: 'aliyun', defaultImage: 'ubuntu_22_04_x64_20G_alibase_20240101.vhd' },
};

/** Raised when a provider's front end is not part of this build. */
export class FrontEndMissingError extends Error {
  readonly code = 'SANDBOX_NOT_BUILT';
  constructor(readonly provider: string) {
    super(`provider ${provider} sandbox not built`);
  }
}

export function isCloudProvider(value: string): value is CloudProvider {
  return (CLOUD_PROVIDERS as readonly string[]).includes(value);
}

/** Loads a front end by path, on first use, so that this package builds and runs with any subset of them. */
export function loadFrontEnd(provider: string): StartFrontEnd {
  if (!isCloudProvider(provider)) throw new FrontEndMissingError(provider);
  const path = join(__dirname, FRONT_ENDS[provider].folder);
  let loaded: { startSandbox?: unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by path on purpose (see above)
    loaded = require(path) as { startSandbox?: unknown };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.startsWith(`Cannot find module '${path}'`))
      throw new FrontEndMissingError(provider);
    throw err;
  }
  if (typeof loaded.startSandbox !== 'function') throw new FrontEndMissingError(provider);
  return loaded.startSandbox as StartFrontEnd;
}

/**
 * Starts one cloud's sandbox: builds the shared core (VM hosts, timers, tokens, faults, state),
 * hands it to the cloud's front end, and returns the running sandbox, whose `stop()` also stops
 * every VM process the sandbox started.
 */
export async function startCloudSandbox(
  provider: CloudProvider,
  options: CloudSandboxOptions = {},
): Promise<RunningCloudSandbox> {
  const startFrontEnd = loadFrontEnd(provider);
  const core = await createSandboxCore({ defaultImage: FRONT_ENDS[provider].defaultImage, ...options });
  let running: RunningCloudSandbox;
  try {
    running = await startFrontEnd(options, core);
  } catch (err) {
    await core.close();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    info: running.info,
    faults: running.faults,
    stop: () =>
      (stopping ??= (async () => {
        try {
          await running.stop();
        } finally {
          await core.close();
        }
      })()),
  };
}

/**
 * Resolves once the process receives SIGTERM or SIGINT, after `stop()` has finished: a terminated
 * sandbox stops every process it started before it exits.
 */
export function stopOnSignal(stop: () => Promise<void>): Promise<NodeJS.Signals> {
  return new Promise((resolve, reject) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      stop().then(() => resolve(signal), reject);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
