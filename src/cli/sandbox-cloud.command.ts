import { writeFileSync } from 'node:fs';
import { readFlags, UsageError } from './cli-flags';

/**
 * `marina sandbox cloud --provider qingcloud|aws|aliyun --out PATH [--port N] [--host H] [--state FILE]`:
 * starts one cloud's wire-protocol sandbox (every VM a real SSH host on its own loopback address),
 * writes PATH (0600) as JSON `{ provider, endpoint, accessKeyId, secretAccessKey, region, zone,
 * vpcId, subnetId }` once it is ready, serves until SIGTERM/SIGINT, then stops every VM process.
 */
export const cloudUsage =
  'Usage: marina sandbox cloud --provider qingcloud|aws|aliyun --out PATH [--port N] [--host ADDR] [--state FILE] [--boot-delay MS] [--in-process-ssh]\n';

export interface CloudArgs {
  provider: string;
  out: string;
  port: number;
  host: string;
  state?: string;
  bootDelayMs?: number;
  inProcessSsh: boolean;
}

export function parseCloudArgs(argv: readonly string[]): CloudArgs {
  const out: Partial<CloudArgs> = { port: 0, host: '127.0.0.1', inProcessSsh: false };
  readFlags(argv, (flag, v, raw) => {
    switch (flag) {
      case '--provider':
        out.provider = v.string();
        break;
      case '--out':
        out.out = v.string();
        break;
      case '--port':
        out.port = v.int();
        break;
      case '--host':
        out.host = v.string();
        break;
      case '--state':
        out.state = v.string();
        break;
      case '--boot-delay':
        out.bootDelayMs = v.int();
        break;
      case '--in-process-ssh':
        out.inProcessSsh = true;
        break;
      default:
        throw new UsageError(`unknown flag: ${raw}`);
    }
  });
  if (!out.provider) throw new UsageError('--provider qingcloud|aws|aliyun is required');
  if (!['qingcloud', 'aws', 'aliyun'].includes(out.provider))
    throw new UsageError(`unknown provider "${out.provider}" (qingcloud, aws or aliyun)`);
  if (!out.out) throw new UsageError('--out PATH is required');
  return out as CloudArgs;
}

export async function runCloudSandbox(args: CloudArgs): Promise<number> {
  // Loaded lazily so that other commands do not load the sandboxes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, see above
  const sandboxes = require('@marina/cloud-sandbox') as typeof import('@marina/cloud-sandbox');
  if (!sandboxes.isCloudProvider(args.provider)) throw new UsageError(`unknown provider "${args.provider}"`);
  const sandbox = await sandboxes.startCloudSandbox(args.provider, {
    host: args.host,
    port: args.port,
    stateFile: args.state,
    bootDelayMs: args.bootDelayMs,
    inProcessSsh: args.inProcessSsh,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const stopped = sandboxes.stopOnSignal(() => sandbox.stop());
  writeFileSync(args.out, `${JSON.stringify(sandbox.info, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(
    `${args.provider} cloud sandbox serving at ${sandbox.info.endpoint}; credentials written to ${args.out}\n`,
  );
  const signal = await stopped;
  process.stdout.write(`${signal}: ${args.provider} cloud sandbox stopped every VM and exited\n`);
  return 0;
}
