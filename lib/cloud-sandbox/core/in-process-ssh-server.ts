import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { timingSafeEqual } from 'node:crypto';
import { Server, utils, type AuthContext, type Connection, type ParsedKey, type ServerChannel } from 'ssh2';
import type { SshServerLaunch, VmSshServer } from './openssh-server';

/** The public keys allowed to log in, parsed from the VM's authorized_keys. */
function authorizedKeys(file: string): ParsedKey[] {
  const keys: ParsedKey[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const parsed = utils.parseKey(line.trim());
    if (parsed && !(parsed instanceof Error)) keys.push(Array.isArray(parsed) ? parsed[0] : parsed);
  }
  return keys;
}

/** Public-key authentication as `root` (or the sandbox's own user when it does not run as root). */
function authenticate(ctx: AuthContext, file: string): void {
  const allowedUsers = new Set(['root', userInfo().username]);
  if (ctx.method !== 'publickey' || !allowedUsers.has(ctx.username)) return ctx.reject(['publickey']);
  const offered = ctx.key.data;
  const match = authorizedKeys(file).find((k) => {
    const known = k.getPublicSSH();
    return k.type === ctx.key.algo && known.length === offered.length && timingSafeEqual(known, offered);
  });
  if (!match) return ctx.reject(['publickey']);
  if (!ctx.signature || !ctx.blob) return ctx.accept(); // the client only asks whether the key would do
  return match.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject(['publickey']);
}

/** Runs one exec (or shell) request as a VM process through the VM's login program. */
function runCommand(
  launch: SshServerLaunch,
  channel: ServerChannel,
  env: Record<string, string>,
  command?: string,
): void {
  const argv = launch.tracker.wrap(launch.vmId, [launch.layout.loginProgram]);
  const child = spawn(argv[0], argv.slice(1), {
    env: {
      ...env,
      SHELL: '/bin/sh',
      USER: 'root',
      ...(command !== undefined ? { SSH_ORIGINAL_COMMAND: command } : {}),
      ...launch.tracker.env(launch.vmId),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  channel.pipe(child.stdin);
  child.once('error', (err) => {
    channel.stderr.write(`${err.message}\n`);
    channel.exit(127);
    channel.end();
  });
  child.once('close', (code, signal) => {
    if (signal) channel.exit(signal.replace(/^SIG/, ''), false, '');
    else channel.exit(code ?? 0);
    channel.end();
  });
}

function serveSessions(client: Connection, launch: SshServerLaunch): void {
  client.on('session', (acceptSession) => {
    const session = acceptSession();
    const env: Record<string, string> = {};
    session.on('env', (accept, _reject, info) => {
      if (/^(LANG|LC_\w+)$/.test(info.key)) env[info.key] = info.val;
      accept?.();
    });
    session.on('pty', (accept) => accept?.());
    session.on('exec', (accept, _reject, info) => runCommand(launch, accept(), env, info.command));
    session.on('shell', (accept) => runCommand(launch, accept(), env));
  });
}

/**
 * An ssh2 server standing in for sshd (embedded profile): same address, same authorized keys and
 * host key, and every exec request runs through the VM's login program as a VM process.
 */
export async function startInProcessSsh(launch: SshServerLaunch): Promise<VmSshServer> {
  const clients = new Set<Connection>();
  const server = new Server({ hostKeys: [readFileSync(launch.layout.hostKeyFile)] }, (client) => {
    clients.add(client);
    client.on('authentication', (ctx) => authenticate(ctx, launch.layout.authorizedKeysFile));
    client.on('ready', () => serveSessions(client, launch));
    client.on('error', () => client.end());
    client.on('close', () => clients.delete(client));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(launch.port, launch.ip, () => resolve());
  });
  return {
    port: launch.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.end();
        server.close(() => resolve());
      }),
  };
}
