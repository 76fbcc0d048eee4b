/**
 * Marina worker processes for the crash suites: each is `fixtures/marina-worker.ts` in its own
 * Node process (workers role), started with the suite's environment and killed with SIGKILL, as
 * a machine failure would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '..', '..');
const NODE = resolve(ROOT, 'node_modules/.bin/node');

export interface WorkerProcess {
  /** The worker id its engine announced (the prefix of the `locked_by` it writes on tasks). */
  readonly id: string;
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
}

export class WorkerProcesses {
  /** The workers started and not yet killed. */
  readonly live: WorkerProcess[] = [];

  /** `env`: read at each start, so a suite can set it in beforeAll. */
  constructor(private readonly env: () => Record<string, string>) {}

  /** Starts a worker; resolves once its engine takes tasks (fails with its stderr otherwise). */
  async start(): Promise<WorkerProcess> {
    const child = spawn(
      NODE,
      ['-r', join(ROOT, 'scripts/swc-register.js'), join(__dirname, 'fixtures/marina-worker.ts')],
      { cwd: ROOT, env: { ...process.env, ...this.env() }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise((res) => child.once('exit', res));
    const id = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`worker not ready: ${stderr}`)), 120_000);
      void exited.then(() => rej(new Error(`worker exited before ready: ${stderr}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const ready = /^\{"ready":"([^"]+)"/.exec(line);
        if (!ready) return;
        clearTimeout(timer);
        res(ready[1]);
      });
    });
    const worker = { id, child, exited };
    this.live.push(worker);
    return worker;
  }

  /** SIGKILL (unless it already exited), then forget it. */
  async kill(worker: WorkerProcess): Promise<void> {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await worker.exited;
    this.live.splice(this.live.indexOf(worker), 1);
  }

  async killAll(): Promise<void> {
    await Promise.all([...this.live].map((w) => this.kill(w)));
  }
}
