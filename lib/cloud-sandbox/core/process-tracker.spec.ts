import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning as alive, markedPids, VmProcessTracker } from './process-tracker';

/** Starts a daemon the way a VM's service would: detached, in its own session, reparented. */
async function startDaemon(
  tracker: VmProcessTracker,
  vmId: string,
  extraEnv: Record<string, string> = {},
): Promise<number> {
  const argv = tracker.wrap(vmId, ['/bin/sh', '-c', 'setsid nohup sleep 300 >/dev/null 2>&1 </dev/null & echo $!']);
  const child = spawn(argv[0], argv.slice(1), {
    env: { PATH: '/usr/bin:/bin', ...tracker.env(vmId), ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.once('close', resolve));
  return Number(out.trim());
}

describe('VmProcessTracker', () => {
  const tracker = new VmProcessTracker(`spec${randomBytes(4).toString('hex')}`);
  afterAll(() => tracker.close());

  it(`kills a VM's daemonised processes and no other VM's (mode: ${tracker.mode})`, async () => {
    const a = await startDaemon(tracker, 'i-a');
    const b = await startDaemon(tracker, 'i-b');
    expect(alive(a) && alive(b)).toBe(true);
    expect(tracker.pids('i-a')).toContain(a);
    await tracker.killAll('i-a');
    expect(alive(a)).toBe(false);
    expect(alive(b)).toBe(true);
    await tracker.killAll('i-b');
    expect(alive(b)).toBe(false);
    expect(tracker.pids('i-b')).toEqual([]);
  });

  it('finds marked processes by their exact mark', async () => {
    const other = new VmProcessTracker(`${tracker.sandboxId}x`);
    const pid = await startDaemon(tracker, 'i-c');
    try {
      expect(markedPids(tracker.mark('i-c'))).toEqual([pid]);
      expect(markedPids(tracker.mark('i-'))).toEqual([]);
      expect(other.pids('i-c')).toEqual([]);
    } finally {
      await tracker.killAll('i-c');
      await other.close();
    }
  });

  it('sweeps the processes of a sandbox whose process died without closing', async () => {
    const owners = mkdtempSync(join(tmpdir(), 'owners-spec-'));
    try {
      const orphan = new VmProcessTracker(`spec${randomBytes(4).toString('hex')}`, owners);
      const live = new VmProcessTracker(`spec${randomBytes(4).toString('hex')}`, owners);
      const lost = await startDaemon(orphan, 'i-lost');
      const kept = await startDaemon(live, 'i-kept');
      writeFileSync(join(owners, orphan.sandboxId), '999999999');
      expect(await VmProcessTracker.sweepOrphans(owners)).toEqual([orphan.sandboxId]);
      expect(alive(lost)).toBe(false);
      expect(alive(kept)).toBe(true);
      expect(existsSync(join(owners, orphan.sandboxId))).toBe(false);
      await live.killAll('i-kept');
      await live.close();
    } finally {
      rmSync(owners, { recursive: true, force: true });
    }
  });
});
