import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VmProcessTracker } from './process-tracker';
import { waitForPort } from './ssh-port';
import type { VmLayout } from './vm-layout';

export const SSHD_PATH = process.env.MARINA_SSHD_PATH ?? '/usr/sbin/sshd';

/** A VM's SSH server; its sessions are the VM's processes (killed by the process tracker). */
export interface VmSshServer {
  readonly port: number;
  /** Stops accepting connections (the tracker kills the sessions). */
  close(): Promise<void>;
}

export interface SshServerLaunch {
  readonly vmId: string;
  readonly ip: string;
  readonly port: number;
  readonly layout: VmLayout;
  readonly tracker: VmProcessTracker;
}

function sshdConfig(launch: SshServerLaunch): string {
  const { layout } = launch;
  return [
    `ListenAddress ${launch.ip}:${launch.port}`,
    `HostKey ${layout.hostKeyFile}`,
    'PidFile none',
    `AuthorizedKeysFile ${layout.authorizedKeysFile}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    'X11Forwarding no',
    'AcceptEnv LANG LC_*',
    // sshd runs ForceCommand through the user's shell; Debian's bash then sources ~/.bashrc of the
    // machine's root when SHLVL < 2 and SSH_CLIENT is set. The VM is not the machine: skip it.
    'SetEnv SHLVL=1',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    `ForceCommand ${layout.loginProgram}`,
    'LogLevel ERROR',
    '',
  ].join('\n');
}

/** Throws, naming the fix, when the OpenSSH server binary is missing (checked when a sandbox starts, not at a VM's boot). */
export function assertOpenSshd(): void {
  if (!existsSync(SSHD_PATH))
    throw new Error(
      `OpenSSH sshd not found at ${SSHD_PATH} (install openssh-server, or use the in-process SSH server)`,
    );
}

/**
 * Starts OpenSSH sshd for one VM, bound to the VM's own address, inside the VM's process group,
 * and resolves once it accepts connections.
 */
export async function startOpenSshd(launch: SshServerLaunch): Promise<VmSshServer> {
  assertOpenSshd();
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const config = join(launch.layout.marinaDir, 'sshd_config');
  const logFile = join(launch.layout.marinaDir, 'sshd.log');
  writeFileSync(config, sshdConfig(launch));
  writeFileSync(logFile, '');
  const argv = launch.tracker.wrap(launch.vmId, [SSHD_PATH, '-D', '-f', config, '-E', logFile]);
  const child = spawn(argv[0], argv.slice(1), {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...launch.tracker.env(launch.vmId) },
    stdio: 'ignore',
  });
  let exited: string | undefined;
  const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    exited = `sshd for ${launch.vmId} exited (${signal ?? code}): ${readFileSync(logFile, 'utf8').trim()}`;
  };
  const onError = (err: Error): void => {
    exited = `sshd for ${launch.vmId} failed to start: ${err.message}`;
  };
  child.once('exit', onExit).once('error', onError);
  try {
    await waitForPort(launch.ip, launch.port, 10_000, () => exited);
  } finally {
    child.off('exit', onExit).off('error', onError);
  }
  child.on('error', () => undefined); // after start, the process tracker owns its fate
  return {
    port: launch.port,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
