/**
 * Marina processes for benches: `marina serve` / `marina worker` run from the TypeScript sources
 * (Node 24 from node_modules, swc require hook) as child processes, production profile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const NODE = resolve(ROOT, 'node_modules/.bin/node');

export type MarinaRole = 'serve' | 'worker';

export interface MarinaProcess {
  readonly role: MarinaRole;
  readonly child: ChildProcess;
  readonly port: number;
  /** GraphQL over HTTP (API role). */
  readonly url: string;
  /** graphql-ws (API role). */
  readonly wsUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM (graceful drain), SIGKILL after `graceMs`; resolves on exit. */
  stop(graceMs?: number): Promise<void>;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => res(port));
    });
  });
}

async function waitHealthy(port: number, child: ChildProcess, output: () => string, deadlineMs: number) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`marina exited (${child.exitCode ?? child.signalCode}) before ready:\n${output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet: poll again below
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`marina not ready on port ${port} after ${deadlineMs} ms:\n${output()}`);
}

/**
 * Starts `marina <role>` with `env` (DATABASE_URL, REDIS_URL, MARINA_SECRET_KEY, MARINA_QUEUE_PREFIX…)
 * and resolves once its /readyz answers.
 */
export async function startMarinaProcess(
  role: MarinaRole,
  env: Record<string, string>,
  readyDeadlineMs = 60_000,
): Promise<MarinaProcess> {
  const port = await freePort();
  const child = spawn(NODE, ['-r', resolve(ROOT, 'scripts/swc-register.js'), resolve(ROOT, 'src/cli/main.ts'), role], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const output = () => out;
  try {
    await waitHealthy(port, child, output, readyDeadlineMs);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    role,
    child,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    output,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
