import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import {
  createSandboxCore,
  isRunning,
  listeningAddresses,
  markedPids,
  type LocalSandboxCore,
  type VmHostAddress,
} from '@marina/cloud-sandbox';
import { sshExec } from '../support/ssh-exec';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60000);

const key = utils.generateKeyPairSync('ed25519');
const other = utils.generateKeyPairSync('ed25519');
const lockFile = (ip: string): string => join(tmpdir(), 'marina-cloud-sandbox-addresses', ip);

/** Boots a VM and returns its address with the time from boot() to the first command answered over SSH. */
async function bootAndReach(
  core: LocalSandboxCore,
  id: string,
  hostname: string,
): Promise<VmHostAddress & { ms: number }> {
  const started = performance.now();
  const address = await core.hosts.boot({ id, hostname, authorizedKeys: [key.public] });
  const r = await sshExec({ host: address.privateIp, port: address.sshPort, privateKey: key.private }, 'true');
  expect(r.code).toBe(0);
  return { ...address, ms: performance.now() - started };
}

describe.each([
  ['OpenSSH sshd', false],
  ['in-process ssh2', true],
] as const)('cloud sandbox core: VM hosts over %s', (label, inProcessSsh) => {
  let core: LocalSandboxCore;
  let a: VmHostAddress;
  let b: VmHostAddress;
  const run = (vm: VmHostAddress, command: string) =>
    sshExec({ host: vm.privateIp, port: vm.sshPort, privateKey: key.private }, command);

  beforeAll(async () => {
    core = await createSandboxCore({ inProcessSsh });
    const first = await bootAndReach(core, 'i-a', 'vm-a');
    const second = await bootAndReach(core, 'i-b', 'vm-b');
    process.stdout.write(
      `[${label}] boot() → SSH command answered: ${first.ms.toFixed(0)} ms, ${second.ms.toFixed(0)} ms\n`,
    );
    a = { privateIp: first.privateIp, sshPort: first.sshPort };
    b = { privateIp: second.privateIp, sshPort: second.sshPort };
  });
  afterAll(() => core?.close());

  it('gives each VM its own loopback address, SSH as root on port 22, hostname and directory', async () => {
    expect(a.privateIp).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(a.privateIp).not.toBe('127.0.0.1');
    expect(b.privateIp).not.toBe(a.privateIp);
    expect([a.sshPort, b.sshPort]).toEqual([22, 22]);
    const ra = await run(a, 'hostname; pwd; echo $HOME; id -un; echo $SSH_CONNECTION');
    const rb = await run(b, 'hostname; pwd');
    const [hostA, dirA, homeA, user, connection] = ra.stdout.trim().split('\n');
    const [hostB, dirB] = rb.stdout.trim().split('\n');
    expect([hostA, hostB]).toEqual(['vm-a', 'vm-b']);
    expect(dirA).toBe(core.hosts.layout('i-a').root);
    expect(dirB).toBe(core.hosts.layout('i-b').root);
    expect(homeA).toBe(dirA);
    expect(user).toBe('root');
    if (!inProcessSsh) expect(connection.split(' ')[2]).toBe(a.privateIp);
  });

  it('refuses a key that was not given at launch', async () => {
    await expect(sshExec({ host: a.privateIp, port: a.sshPort, privateKey: other.private }, 'true')).rejects.toThrow(
      /authentication/i,
    );
  });

  it('passes exit codes, stderr and stdin-less commands through', async () => {
    expect(await run(a, 'echo out; echo err >&2; exit 7')).toEqual({ code: 7, stdout: 'out\n', stderr: 'err\n' });
  });

  it('mounts an attached volume where only its own VM sees it, and moves it between VMs', async () => {
    await core.hosts.attachVolume('i-a', 'vol-1', '/dev/vdb');
    const written = await run(
      a,
      'mkfs.ext4 -q /dev/vdb >/dev/null && mount /dev/vdb /data && echo hello > /data.txt.tmp; echo hello > $MARINA_VM_ROOT/data/f && cat data/f && mount',
    );
    expect(written).toMatchObject({ code: 0, stdout: 'hello\n/dev/vdb on /data type ext4 (rw)\n' });
    expect((await run(b, 'cat data/f; ls /dev/vdb 2>&1; ls dev')).stdout).not.toContain('hello');
    await core.hosts.detachVolume('i-a', 'vol-1');
    expect((await run(a, 'mount; ls -A data')).stdout).toBe('');
    await core.hosts.attachVolume('i-b', 'vol-1', '/dev/xvdf');
    expect(await run(b, 'blkid /dev/xvdf && mount /dev/xvdf /srv/data && cat srv/data/f')).toMatchObject({
      code: 0,
      stdout: '/dev/xvdf: TYPE="ext4"\nhello\n',
    });
    await core.hosts.removeVolume('vol-1');
    expect((await run(b, 'mount')).stdout).toBe('');
    expect(existsSync(core.hosts.volumeDir('vol-1'))).toBe(false);
  });

  it('stop kills every process of the VM, daemons included; start keeps address and files', async () => {
    const daemon = Number(
      (await run(a, 'echo kept > kept.txt; setsid nohup sleep 600 >/dev/null 2>&1 </dev/null & echo $!')).stdout.trim(),
    );
    const bDaemon = Number((await run(b, 'setsid nohup sleep 600 >/dev/null 2>&1 </dev/null & echo $!')).stdout.trim());
    expect(isRunning(daemon)).toBe(true);
    await core.hosts.stop('i-a');
    expect(isRunning(daemon)).toBe(false);
    expect(isRunning(bDaemon)).toBe(true);
    expect(core.hosts.address('i-a')).toBeUndefined();
    await expect(run(a, 'true')).rejects.toThrow();
    await core.hosts.stop('i-a');
    const again = await core.hosts.boot({ id: 'i-a', hostname: 'vm-a', authorizedKeys: [key.public] });
    expect(again).toEqual(a);
    expect((await run(a, 'cat kept.txt')).stdout).toBe('kept\n');
  });

  it('terminate removes the directory and frees the address', async () => {
    const root = core.hosts.layout('i-a').root;
    await core.hosts.terminate('i-a');
    expect(existsSync(root)).toBe(false);
    expect(existsSync(lockFile(a.privateIp))).toBe(false);
    expect(listeningAddresses().has(a.privateIp)).toBe(false);
    await core.hosts.terminate('i-a');
  });

  it('close() kills every process of every VM and frees every address', async () => {
    const daemon = Number((await run(b, 'setsid nohup sleep 600 >/dev/null 2>&1 </dev/null & echo $!')).stdout.trim());
    await core.close();
    expect(isRunning(daemon)).toBe(false);
    expect(markedPids(`${core.sandboxId}:i-b`)).toEqual([]);
    expect(existsSync(lockFile(b.privateIp))).toBe(false);
    expect(listeningAddresses().has(b.privateIp)).toBe(false);
  });
});

describe('cloud sandbox core: state file', () => {
  it('boots again the VMs that were running, at the same address with the same host key', async () => {
    const stateFile = join(tmpdir(), `cloud-core-state-${process.pid}-${Date.now()}.json`);
    const first = await createSandboxCore({ stateFile });
    const before = await first.hosts.boot({ id: 'i-keep', hostname: 'keep', authorizedKeys: [key.public] });
    await first.hosts.boot({ id: 'i-off', hostname: 'off', authorizedKeys: [key.public] });
    await first.hosts.stop('i-off');
    const hostKey = readFileSync(join(first.hosts.layout('i-keep').hostKeyFile), 'utf8');
    first.acceptImage('img-from-package');
    first.tokens.record('RunInstances', 'tok', 'digest', ['i-keep']);
    await first.close();
    const second = await createSandboxCore({ stateFile });
    try {
      expect(second.hosts.address('i-keep')).toEqual(before);
      expect(second.hosts.address('i-off')).toBeUndefined();
      expect(readFileSync(second.hosts.layout('i-keep').hostKeyFile, 'utf8')).toBe(hostKey);
      expect(
        (await sshExec({ host: before.privateIp, port: before.sshPort, privateKey: key.private }, 'hostname')).stdout,
      ).toBe('keep\n');
      expect(second.images()).toContain('img-from-package');
      expect(second.tokens.lookup('RunInstances', 'tok', 'digest')).toEqual({ resultIds: ['i-keep'] });
    } finally {
      await second.hosts.terminate('i-keep');
      await second.hosts.terminate('i-off');
      await second.close();
    }
  });
});

describe('cloud sandbox core: SIGTERM', () => {
  it.each(['sshd', 'in-process'])(
    'a terminated sandbox process (%s) stops the daemons its VMs started and frees their addresses',
    async (mode) => {
      const root = join(__dirname, '..', '..');
      const child = spawn(
        join(root, 'node_modules/.bin/node'),
        [
          '-r',
          join(root, 'test/support/ts-register.js'),
          join(__dirname, 'fixtures/cloud-core-vm.ts'),
          key.public,
          mode,
        ],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const vm = await waitFor(
        'the sandbox process to boot its VM',
        () => (out.includes('\n') ? (JSON.parse(out) as VmHostAddress & { dataDir: string }) : undefined),
        30000,
      );
      const daemon = Number(
        (
          await sshExec(
            { host: vm.privateIp, port: vm.sshPort, privateKey: key.private },
            'setsid nohup sleep 600 >/dev/null 2>&1 </dev/null & echo $!',
          )
        ).stdout.trim(),
      );
      expect(isRunning(daemon)).toBe(true);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(isRunning(daemon)).toBe(false);
      expect(listeningAddresses().has(vm.privateIp)).toBe(false);
      expect(existsSync(lockFile(vm.privateIp))).toBe(false);
      expect(existsSync(vm.dataDir)).toBe(false);
    },
    40000,
  );
});
