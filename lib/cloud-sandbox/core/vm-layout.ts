import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { utils } from 'ssh2';
import { HOSTNAME_SHIM, VM_FS, VM_LOGIN } from './vm-shims';

/** PATH entries after the VM's own shims. */
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const FS_COMMANDS = [
  'mkfs',
  'mkfs.ext2',
  'mkfs.ext3',
  'mkfs.ext4',
  'mkfs.xfs',
  'mkfs.btrfs',
  'mount',
  'umount',
  'blkid',
];

export interface VmIdentity {
  readonly id: string;
  readonly hostname: string;
  readonly privateIp: string;
  readonly authorizedKeys: readonly string[];
  /** The environment mark of the VM's processes (see process-tracker.ts). */
  readonly env: Readonly<Record<string, string>>;
}

const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * A VM's directory, which is also its root as the VM's shims see it (`MARINA_VM_ROOT`):
 *
 *     <root>/                 HOME and working directory of every command
 *     <root>/dev/<name>       attached volumes (links to the volume's record directory)
 *     <root>/<mount point>    mounted volumes (links to the volume's data directory)
 *     <root>/.marina/         vm.env, bin/ (shims first on PATH), authorized_keys, host key, sshd config, mounts
 */
export class VmLayout {
  constructor(readonly root: string) {}

  get marinaDir(): string {
    return join(this.root, '.marina');
  }
  get binDir(): string {
    return join(this.marinaDir, 'bin');
  }
  get loginProgram(): string {
    return join(this.binDir, 'vm-login');
  }
  get authorizedKeysFile(): string {
    return join(this.marinaDir, 'authorized_keys');
  }
  get hostKeyFile(): string {
    return join(this.marinaDir, 'ssh_host_ed25519_key');
  }

  /** Writes (or refreshes) everything the VM needs to boot; keeps its files, volumes and host key. */
  prepare(vm: VmIdentity): void {
    mkdirSync(this.binDir, { recursive: true, mode: 0o755 });
    mkdirSync(join(this.root, 'dev'), { recursive: true });
    chmodSync(this.root, 0o755);
    const env: Record<string, string> = {
      MARINA_VM_ROOT: this.root,
      MARINA_VM_ID: vm.id,
      MARINA_VM_IP: vm.privateIp,
      HOSTNAME: vm.hostname,
      HOME: this.root,
      PATH: `${this.binDir}:${SYSTEM_PATH}`,
      ...vm.env,
    };
    const lines = Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`);
    writeFileSync(join(this.marinaDir, 'vm.env'), `${lines.join('\n')}\n`);
    writeFileSync(this.authorizedKeysFile, vm.authorizedKeys.map((k) => k.trim()).join('\n') + '\n', { mode: 0o600 });
    this.installShims();
    if (!existsSync(this.hostKeyFile)) {
      const keys = utils.generateKeyPairSync('ed25519', { comment: `root@${vm.hostname}` });
      // Written whole then renamed: a sandbox killed mid-write must not leave a key sshd cannot load.
      writeFileSync(`${this.hostKeyFile}.pub`, `${keys.public}\n`);
      writeFileSync(`${this.hostKeyFile}.tmp`, keys.private, { mode: 0o600 });
      renameSync(`${this.hostKeyFile}.tmp`, this.hostKeyFile);
    }
  }

  private installShims(): void {
    const programs: Record<string, string> = { 'vm-login': VM_LOGIN, hostname: HOSTNAME_SHIM, 'vm-fs': VM_FS };
    for (const [name, text] of Object.entries(programs)) writeFileSync(join(this.binDir, name), text, { mode: 0o755 });
    for (const name of FS_COMMANDS) {
      const link = join(this.binDir, name);
      if (!existsSync(link)) symlinkSync('vm-fs', link);
    }
  }

  /** Shows the volume's record directory as `<root>/dev/<name of device>`. */
  attach(device: string, volumeDir: string): void {
    const link = join(this.root, 'dev', basename(device));
    rmSync(link, { force: true });
    mkdirSync(join(this.root, 'dev'), { recursive: true });
    symlinkSync(volumeDir, link);
  }

  /** Unmounts every mount of the device (as a forced detach does) and removes the device. */
  detach(device: string): void {
    const link = join(this.root, 'dev', basename(device));
    if (!existsSync(link) && !isLink(link)) return;
    const volumeDir = readlinkSync(link);
    this.unmountAll(join(volumeDir, 'data'));
    rmSync(link, { force: true });
  }

  private unmountAll(dataDir: string): void {
    const table = join(this.marinaDir, 'mounts');
    if (!existsSync(table)) return;
    const kept: string[] = [];
    for (const line of readFileSync(table, 'utf8').split('\n').filter(Boolean)) {
      const mountPoint = line.split(' ')[1];
      const target = join(this.root, mountPoint);
      if (isLink(target) && readlinkSync(target) === dataDir) {
        rmSync(target, { force: true });
        const shadowed = join(this.marinaDir, 'shadowed', mountPoint.replace(/\//g, '_'));
        if (existsSync(shadowed)) renameSync(shadowed, target);
        else mkdirSync(target, { recursive: true });
      } else kept.push(line);
    }
    writeFileSync(table, kept.map((l) => `${l}\n`).join(''));
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function isLink(path: string): boolean {
  try {
    readlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
