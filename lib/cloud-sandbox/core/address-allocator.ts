import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** First address handed out: 127.10.0.2 (127.0.0.0/16 is left to the machine's own services). */
const FIRST = ipToInt('127.10.0.2');
const LAST = ipToInt('127.254.255.254');

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Addresses something listens on (TCP, IPv4), from /proc/net/tcp; `0.0.0.0` when a wildcard listener exists. */
export function listeningAddresses(procNetTcp = '/proc/net/tcp'): Set<string> {
  const found = new Set<string>();
  let text: string;
  try {
    text = readFileSync(procNetTcp, 'utf8');
  } catch {
    return found; // no procfs: rely on the lock files alone
  }
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4 || cols[3] !== '0A') continue;
    const hex = cols[1].split(':')[0];
    const bytes = [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16));
    found.add(bytes.join('.'));
  }
  return found;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Hands out unique loopback addresses across every sandbox process on the machine: an address is
 * taken by creating `<lockDir>/<ip>` exclusively (holding the owner's pid; a dead owner's lock is
 * reclaimed) and skipped when anything already listens on it. Never 127.0.0.1.
 */
export class LoopbackAddressAllocator {
  private readonly held = new Set<string>();

  constructor(private readonly lockDir = join(tmpdir(), 'marina-cloud-sandbox-addresses')) {
    mkdirSync(lockDir, { recursive: true });
  }

  /** Takes `preferred` when this allocator holds it or it is free (a restarted VM keeps its address), else the lowest free one. */
  allocate(preferred?: string): string {
    if (preferred && this.held.has(preferred)) return preferred;
    const busy = listeningAddresses();
    if (preferred && preferred !== '127.0.0.1' && this.tryTake(preferred, busy)) return preferred;
    for (let n = FIRST; n <= LAST; n++) {
      const last = n % 256;
      if (last === 0 || last === 1 || last === 255) continue;
      const ip = intToIp(n);
      if (this.tryTake(ip, busy)) return ip;
    }
    throw new Error('no free loopback address left for a sandbox VM');
  }

  release(ip: string): void {
    if (!this.held.delete(ip)) return;
    try {
      unlinkSync(join(this.lockDir, ip));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  releaseAll(): void {
    for (const ip of [...this.held]) this.release(ip);
  }

  private tryTake(ip: string, busy: Set<string>): boolean {
    if (this.held.has(ip) || busy.has(ip)) return false;
    const path = join(this.lockDir, ip);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o644);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.held.add(ip);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (!this.reclaimIfStale(path)) return false;
      }
    }
    return false;
  }

  private reclaimIfStale(path: string): boolean {
    let owner = NaN;
    try {
      owner = Number(readFileSync(path, 'utf8').trim());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw err;
    }
    if (Number.isInteger(owner) && owner > 0 && pidAlive(owner)) return false;
    try {
      unlinkSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return true;
  }
}
