import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The environment variable every VM process carries: `<sandbox id>:<vm id>`. */
export const VM_MARK_ENV = 'MARINA_VM_MARK';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The cgroup v2 hierarchy's mount point, if the machine has one. */
function cgroup2Mount(): string | undefined {
  try {
    const line = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .find((l) => l.split(' ')[2] === 'cgroup2');
    return line?.split(' ')[1];
  } catch {
    return undefined;
  }
}

/** Pids whose environment holds `MARINA_VM_MARK=<mark>` (exact), by scanning /proc. */
export function markedPids(mark: string): number[] {
  const needle = Buffer.from(`${VM_MARK_ENV}=${mark}\0`);
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue; // exited meanwhile, or not ours to read
    }
    if (environ.indexOf(needle) === 0 || environ.indexOf(Buffer.concat([Buffer.from('\0'), needle])) >= 0) pids.push(Number(entry));
  }
  return pids;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/**
 * Finds and kills every process a VM started, daemonised ones included. Two mechanisms, both on:
 * a cgroup v2 group per VM when the hierarchy is writable (processes cannot leave it by
 * double-forking or `setsid`), and an environment mark swept from /proc (which covers machines
 * without a writable cgroup hierarchy, and processes that escaped neither way).
 */
export class VmProcessTracker {
  readonly mode: 'cgroup' | 'environ';
  private readonly root: string | undefined;

  constructor(readonly sandboxId: string) {
    this.root = VmProcessTracker.makeRoot(sandboxId);
    this.mode = this.root ? 'cgroup' : 'environ';
  }

  private static makeRoot(sandboxId: string): string | undefined {
    const mount = cgroup2Mount();
    if (!mount || process.env.MARINA_SANDBOX_NO_CGROUP === '1') return undefined;
    const root = join(mount, 'marina-cloud-sandbox', sandboxId);
    try {
      mkdirSync(root, { recursive: true });
      return root;
    } catch {
      return undefined; // read-only or not delegated: the environment mark alone
    }
  }

  mark(vmId: string): string {
    return `${this.sandboxId}:${vmId}`;
  }

  env(vmId: string): Record<string, string> {
    return { [VM_MARK_ENV]: this.mark(vmId) };
  }

  /** `argv` prefixed so that the process joins the VM's cgroup before it execs. */
  wrap(vmId: string, argv: readonly string[]): string[] {
    if (!this.root) return [...argv];
    const dir = join(this.root, vmId);
    mkdirSync(dir, { recursive: true });
    return ['/bin/sh', '-c', 'echo $$ > "$0" && exec "$@"', join(dir, 'cgroup.procs'), ...argv];
  }

  /** Pids the VM still has (cgroup members and marked processes). */
  pids(vmId: string): number[] {
    const found = new Set(markedPids(this.mark(vmId)));
    const procs = this.root ? join(this.root, vmId, 'cgroup.procs') : undefined;
    if (procs && existsSync(procs)) {
      for (const pid of readFileSync(procs, 'utf8').split('\n').filter(Boolean)) found.add(Number(pid));
    }
    return [...found];
  }

  /** SIGKILLs everything the VM started and waits (up to `deadlineMs`) until none is left. */
  async killAll(vmId: string, deadlineMs = 5000): Promise<void> {
    const until = Date.now() + deadlineMs;
    const killFile = this.root ? join(this.root, vmId, 'cgroup.kill') : undefined;
    for (;;) {
      const pids = this.pids(vmId);
      if (pids.length === 0) break;
      if (Date.now() > until) throw new Error(`VM ${vmId}: processes ${pids.join(', ')} survived SIGKILL`);
      if (killFile && existsSync(killFile)) writeFileSync(killFile, '1');
      pids.forEach(killQuietly);
      await sleep(20);
    }
    if (this.root && existsSync(join(this.root, vmId))) rmdirSync(join(this.root, vmId));
  }

  /** Removes the sandbox's cgroup (after every VM's `killAll`). */
  close(): void {
    if (!this.root || !existsSync(this.root)) return;
    for (const leftover of readdirSync(this.root, { withFileTypes: true })) {
      if (leftover.isDirectory()) rmdirSync(join(this.root, leftover.name));
    }
    rmdirSync(this.root);
  }
}
