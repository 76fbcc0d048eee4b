import { writeFileSync } from 'node:fs';
import { readFlags, UsageError } from './cli-flags';
import { cloudUsage, parseCloudArgs, runCloudSandbox } from './sandbox-cloud.command';

/**
 * `marina sandbox kube --kubeconfig PATH [--port N] [--host H] [--state FILE] [--nodes N] [--http]`:
 * starts a Kubernetes API sandbox, writes its kubeconfig to PATH once it is ready, and serves
 * until SIGINT/SIGTERM.
 */
const usage = `Usage: marina sandbox kube --kubeconfig PATH [--port N] [--host ADDR] [--state FILE] [--nodes N] [--http] [--pod-ready-delay MS] [--verbose]\n`;

interface KubeArgs {
  kubeconfig: string;
  port: number;
  host: string;
  state?: string;
  nodes: number;
  http: boolean;
  podReadyDelayMs?: number;
  verbose: boolean;
}

function parseArgs(argv: string[]): KubeArgs {
  const out: Partial<KubeArgs> = { port: 0, host: '127.0.0.1', nodes: 1, http: false, verbose: false };
  readFlags(argv, (flag, v, raw) => {
    switch (flag) {
      case '--kubeconfig':
        out.kubeconfig = v.string();
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
      case '--nodes':
        out.nodes = Math.max(1, v.int());
        break;
      case '--pod-ready-delay':
        out.podReadyDelayMs = v.int();
        break;
      case '--http':
        out.http = true;
        break;
      case '--verbose':
        out.verbose = true;
        break;
      default:
        throw new UsageError(`unknown flag: ${raw}`);
    }
  });
  if (!out.kubeconfig) throw new UsageError('--kubeconfig PATH is required');
  return out as KubeArgs;
}

async function runCloud(argv: string[]): Promise<number> {
  try {
    return await runCloudSandbox(parseCloudArgs(argv));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`Error: ${err.message}\n${cloudUsage}`);
    return 1;
  }
}

export async function run(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === 'cloud') return runCloud(rest);
  if (what !== 'kube') {
    process.stderr.write(`Error: unknown sandbox "${what ?? ''}"\n${usage}${cloudUsage}`);
    return 1;
  }
  let args: KubeArgs;
  try {
    args = parseArgs(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`Error: ${err.message}\n${usage}`);
      return 1;
    }
    throw err;
  }
  // Loaded lazily so other commands do not pay for @kubernetes/client-node's model metadata.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, see above
  const { startKubeSandbox } = require('@marina/kube-sandbox') as typeof import('@marina/kube-sandbox');
  const sandbox = await startKubeSandbox({
    host: args.host,
    port: args.port,
    tls: !args.http,
    stateFile: args.state,
    nodes: args.nodes,
    simulation: args.podReadyDelayMs !== undefined ? { podReadyDelayMs: args.podReadyDelayMs } : undefined,
    log: args.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
  });
  writeFileSync(args.kubeconfig, sandbox.kubeconfig, { mode: 0o600 });
  process.stdout.write(`kube sandbox serving at ${sandbox.url}; kubeconfig written to ${args.kubeconfig}\n`);
  await new Promise<void>((resolve) => {
    const done = (): void => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await sandbox.stop();
  return 0;
}
