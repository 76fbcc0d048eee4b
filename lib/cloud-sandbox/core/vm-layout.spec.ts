import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VmLayout } from './vm-layout';

/** Runs a command the way a VM does: through its login program, as an SSH session would. */
function inVm(layout: VmLayout, command: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(layout.loginProgram, [], {
    env: { SSH_ORIGINAL_COMMAND: command, PATH: '/usr/bin:/bin' },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('VmLayout and its shims', () => {
  let dir: string;
  let a: VmLayout;
  let b: VmLayout;
  const volume = (id: string): string => {
    mkdirSync(join(dir, 'volumes', id, 'data'), { recursive: true });
    return join(dir, 'volumes', id);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vm-layout-spec-'));
    a = new VmLayout(join(dir, 'vms', 'i-a'));
    b = new VmLayout(join(dir, 'vms', 'i-b'));
    a.prepare({
      id: 'i-a',
      hostname: 'alpha',
      privateIp: '127.10.9.1',
      authorizedKeys: ['ssh-ed25519 AAAA a'],
      env: { MARINA_VM_MARK: 's:i-a' },
    });
    b.prepare({ id: 'i-b', hostname: 'beta.example', privateIp: '127.10.9.2', authorizedKeys: [], env: {} });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs commands in the VM root with its environment, hostname and shims', () => {
    const r = inVm(
      a,
      'pwd; echo $HOME $HOSTNAME $MARINA_VM_ID $MARINA_VM_MARK; hostname; hostname -I; command -v mount',
    );
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      a.root,
      `${a.root} alpha i-a s:i-a`,
      'alpha',
      '127.10.9.1',
      join(a.binDir, 'mount'),
      '',
    ]);
    expect(inVm(b, 'hostname -s').out).toBe('beta\n');
    expect(readFileSync(a.authorizedKeysFile, 'utf8')).toBe('ssh-ed25519 AAAA a\n');
    expect(readFileSync(a.hostKeyFile, 'utf8')).toContain('OPENSSH PRIVATE KEY');
  });

  it('keeps the host key across prepare calls (a restarted VM keeps its identity)', () => {
    const key = readFileSync(a.hostKeyFile, 'utf8');
    a.prepare({ id: 'i-a', hostname: 'alpha', privateIp: '127.10.9.1', authorizedKeys: [], env: {} });
    expect(readFileSync(a.hostKeyFile, 'utf8')).toBe(key);
  });

  it('formats and mounts an attached volume at a mount point private to the VM', () => {
    a.attach('/dev/vdb', volume('vol-1'));
    expect(inVm(a, 'mount /dev/vdb /data').err).toMatch(/wrong fs type/);
    expect(inVm(a, 'blkid /dev/vdb').code).toBe(2);
    expect(inVm(a, 'mkfs.xfs -f /dev/vdb').code).toBe(0);
    expect(inVm(a, 'blkid /dev/vdb').out).toBe('/dev/vdb: TYPE="xfs"\n');
    expect(inVm(a, 'mount -t ext4 /dev/vdb /data').code).toBe(32);
    const mounted = inVm(a, 'mount /dev/vdb /data/ && echo hello > data/f && mount');
    expect(mounted).toMatchObject({ code: 0, out: '/dev/vdb on /data type xfs (rw)\n' });
    expect(readFileSync(join(dir, 'volumes', 'vol-1', 'data', 'f'), 'utf8')).toBe('hello\n');
    expect(inVm(b, 'cat data/f').code).not.toBe(0);
    expect(inVm(a, 'mkfs.ext4 /dev/vdb').err).toMatch(/is mounted/);
    expect(inVm(a, 'mount /dev/vdb /data').err).toMatch(/already mounted/);
    expect(inVm(a, 'umount /data && ls -A data && mount').out).toBe('');
    expect(inVm(a, 'umount /data').code).toBe(32);
  });

  it('mounts over a non-empty directory and gives it back on umount', () => {
    a.attach('/dev/xvdf', volume('vol-2'));
    const r = inVm(
      a,
      'mkdir -p srv && echo old > srv/keep && mkfs -t ext4 /dev/xvdf >/dev/null && mount /dev/xvdf /srv && ls srv; umount /dev/xvdf && cat srv/keep',
    );
    expect(r).toMatchObject({ code: 0, out: 'old\n' });
  });

  it('refuses devices that are not attached', () => {
    expect(inVm(a, 'mkfs.ext4 /dev/vdz').err).toMatch(/not a block device/);
    writeFileSync(join(a.root, 'dev', 'plain'), 'x');
    expect(inVm(a, 'mount /dev/plain /x').code).toBe(32);
  });

  it('detach unmounts the volume and removes the device; reformatting wipes it', () => {
    const vol = volume('vol-3');
    a.attach('/dev/vdc', vol);
    expect(inVm(a, 'mkfs.ext4 /dev/vdc && mount /dev/vdc /var/lib/app && echo 1 > var/lib/app/x').code).toBe(0);
    a.detach('/dev/vdc');
    expect(existsSync(join(a.root, 'dev', 'vdc'))).toBe(false);
    expect(inVm(a, 'mount').out).toBe('');
    expect(inVm(a, 'ls -A var/lib/app').out).toBe('');
    b.attach('/dev/vdd', vol);
    expect(inVm(b, 'mount /dev/vdd /data && cat data/x').out).toBe('1\n');
    expect(inVm(b, 'umount /data && mkfs.ext4 /dev/vdd && mount /dev/vdd /data && ls -A data').out).toBe(
      'Creating ext4 filesystem on /dev/vdd: done\n',
    );
  });

  it('remove deletes the VM directory but not the volumes it used', () => {
    a.attach('/dev/vdb', volume('vol-4'));
    execFileSync(a.loginProgram, [], {
      env: { SSH_ORIGINAL_COMMAND: 'mkfs.ext4 /dev/vdb && mount /dev/vdb /d && touch d/kept' },
    });
    a.remove();
    expect(existsSync(a.root)).toBe(false);
    expect(existsSync(join(dir, 'volumes', 'vol-4', 'data', 'kept'))).toBe(true);
  });
});
