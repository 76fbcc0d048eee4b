import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** Whether the process's environment has a variable starting with `entry` (e.g. `NAME=value`). */
function environHas(pid: number, entry: Buffer): boolean {
  let environ: Buffer;
  try {
    environ = readFileSync(`/proc/${pid}/environ`);
  } catch {
    return false; // exited meanwhile, or not ours to read
  }
  return environ.indexOf(entry) === 0 || environ.indexOf(Buffer.concat([Buffer.from('\0'), entry])) >= 0;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Pids whose environment holds `MARINA_VM_MARK=<mark>` (exact), by scanning /proc. */
export function markedPids(mark: string): number[] {
  const needle = Buffer.from(`${VM_MARK_ENV}=${mark}\0`);
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .map(Number)
    .filter((pid) => environHas(pid, needle));
}

/** False for exited processes, zombies included (they are gone, only not yet reaped). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /s.test(stat);
  } catch {
    return false;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** rmdir of a cgroup fails (EBUSY) until its last member is reaped; retries until `until`. */
async function removeWhenEmpty(dir: string, until: number): Promise<void> {
  for (;;) {
    try {
      rmdirSync(dir);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY' || Date.now() > until) throw err;
    }
    await sleep(20);
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
  private readonly ownerFile: string;

  /** `ownersDir` records which process owns each sandbox's processes, so that a later sandbox can sweep those of one that was killed. */
  constructor(
    readonly sandboxId: string,
    private readonly ownersDir = join(tmpdir(), 'marina-cloud-sandbox-owners'),
  ) {
    this.root = VmProcessTracker.makeRoot(sandboxId);
    this.mode = this.root ? 'cgroup' : 'environ';
    mkdirSync(ownersDir, { recursive: true });
    this.ownerFile = join(ownersDir, sandboxId);
    writeFileSync(this.ownerFile, String(process.pid));
  }

  /**
   * Kills what sandboxes whose process died without closing (SIGKILL, a crash) left running: their
   * VMs' processes are found by cgroup and by mark, like a live sandbox's.
   */
  static async sweepOrphans(ownersDir = join(tmpdir(), 'marina-cloud-sandbox-owners')): Promise<string[]> {
    if (!existsSync(ownersDir)) return [];
    const swept: string[] = [];
    for (const sandboxId of readdirSync(ownersDir)) {
      const owner = Number(readFileSync(join(ownersDir, sandboxId), 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) continue;
      const orphan = new VmProcessTracker(sandboxId, ownersDir);
      await orphan.killMarked();
      await orphan.close();
      swept.push(sandboxId);
    }
    return swept;
  }

  /** Kills every process carrying this sandbox's mark, whichever VM it belongs to. */
  private async killMarked(): Promise<void> {
    const prefix = Buffer.from(`${VM_MARK_ENV}=${this.sandboxId}:`);
    for (let round = 0; round < 50; round++) {
      const pids = readdirSync('/proc')
        .filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid && environHas(Number(e), prefix))
        .map(Number)
        .filter(isRunning);
      if (pids.length === 0) return;
      pids.forEach(killQuietly);
      await sleep(20);
    }
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
    return [...found].filter(isRunning);
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
    if (this.root) await removeWhenEmpty(join(this.root, vmId), until);
  }

  /** Kills what is left in any VM's group and removes the sandbox's cgroup. */
  async close(): Promise<void> {
    if (!this.root || !existsSync(this.root)) return unlinkQuietly(this.ownerFile);
    for (const leftover of readdirSync(this.root, { withFileTypes: true })) {
      if (leftover.isDirectory()) await this.killAll(leftover.name);
    }
    await removeWhenEmpty(this.root, Date.now() + 5000);
    unlinkQuietly(this.ownerFile);
  }
}
