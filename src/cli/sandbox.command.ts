import { writeFileSync } from 'node:fs';

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

class UsageError extends Error {
  readonly code = 'USAGE';
}

function parseArgs(argv: string[]): KubeArgs {
  const out: Partial<KubeArgs> = { port: 0, host: '127.0.0.1', nodes: 1, http: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`flag ${flag} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 0) throw new UsageError(`flag ${flag} needs a non-negative integer`);
      return v;
    };
    switch (flag) {
      case '--kubeconfig': out.kubeconfig = value(); break;
      case '--port': out.port = int(); break;
      case '--host': out.host = value(); break;
      case '--state': out.state = value(); break;
      case '--nodes': out.nodes = Math.max(1, int()); break;
      case '--pod-ready-delay': out.podReadyDelayMs = int(); break;
      case '--http': out.http = true; break;
      case '--verbose': out.verbose = true; break;
      default: throw new UsageError(`unknown flag: ${argv[i]}`);
    }
  }
  if (!out.kubeconfig) throw new UsageError('--kubeconfig PATH is required');
  return out as KubeArgs;
}

export async function run(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what !== 'kube') {
    process.stderr.write(`Error: unknown sandbox "${what ?? ''}"\n${usage}`);
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
