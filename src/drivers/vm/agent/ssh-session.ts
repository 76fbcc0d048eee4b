/**
 * SshSession over `ssh2`: the SSH connections of one job. The frontgate is reached directly, every
 * other node through the frontgate (`forwardOut` to the node's sshd, used as the `sock` of a second
 * client). One connection per host, opened on first use and reused; a connection found dropped is
 * re-established once (the command had not started, so this is safe). Commands run under
 * `timeout` in their own process group (see shell.ts), files are written atomically through exec
 * + stdin (no SFTP needed), and `forward` serves a local port piped through the frontgate.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { ClientChannel } from 'ssh2';
import { DriverError } from '../../../jobs/errors';
import type { CommandOptions, CommandResult, SshSession, SshSessionOptions, VmHost } from '../vm-agent.types';
import { LineSplitter, OutputTail } from './output-lines';
import { KILL_GRACE_SECONDS, remoteCommand, shellQuote, TIMEOUT_EXIT_CODES } from './shell';
import { SshConnection } from './ssh-connection';
import { channelError, describeHost } from './ssh-errors';

/** Extra options of one exec beyond the contract's (stdin for writeFile). */
export interface ExecOptions extends CommandOptions {
  /** Written to the command's stdin, then EOF (without it the command sees EOF at once). */
  readonly stdin?: string | Buffer;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;
/** How long after the remote deadline (plus `timeout`'s KILL grace) the channel is closed from here. */
const LOCAL_DEADLINE_SLACK_MS = 5_000;
const WRITE_TIMEOUT_MS = 60_000;

interface Forward {
  readonly server: Server;
  readonly sockets: Set<Socket>;
  readonly localPort: number;
}

export class Ssh2Session implements SshSession {
  private readonly pool = new Map<string, Promise<SshConnection>>();
  private readonly forwards = new Map<string, Promise<Forward>>();
  private opened = 0;
  private closed = false;
  private readonly connectTimeoutMs: number;

  constructor(private readonly options: SshSessionOptions) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  }

  get connectionsOpened(): number {
    return this.opened;
  }

  async exec(host: VmHost, command: string, opts: ExecOptions): Promise<CommandResult> {
    const text = remoteCommand(command, opts.env, opts.timeoutMs);
    const startedAt = Date.now();
    const { channel, connection } = await this.withChannel(host, 'exec', (c) => c.exec(text));
    return runChannel(channel, connection, opts, startedAt, this.where(host));
  }

  async writeFile(host: VmHost, path: string, content: string, mode = 0o644): Promise<void> {
    if (path === '' || path.endsWith('/')) {
      throw new DriverError('INVALID_PATH', `"${path}" is not a file path`, false);
    }
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '.' : slash === 0 ? '/' : path.slice(0, slash);
    const script = [
      'set -e',
      `d=${shellQuote(dir)}`,
      'mkdir -p "$d"',
      't=$(mktemp "$d/.marina-write.XXXXXX")',
      `trap 'rm -f "$t"' EXIT`,
      'cat > "$t"',
      `chmod ${(mode & 0o7777).toString(8)} "$t"`,
      `mv -f "$t" ${shellQuote(path)}`,
      'trap - EXIT',
    ].join('\n');
    const result = await this.exec(host, script, { env: {}, timeoutMs: WRITE_TIMEOUT_MS, stdin: content });
    if (result.exitCode !== 0) {
      throw new DriverError(
        'REMOTE_WRITE_FAILED',
        `Writing ${path} on ${this.where(host)} failed (exit ${result.exitCode ?? result.signal}): ${result.stderr.trim()}`,
        false,
      );
    }
  }

  async forward(host: VmHost, port: number): Promise<{ readonly localPort: number }> {
    this.assertOpen();
    const key = `${host.instanceId}:${port}`;
    let pending = this.forwards.get(key);
    if (!pending) {
      pending = this.listen(host, port);
      this.forwards.set(key, pending);
      pending.catch(() => this.forwards.delete(key));
    }
    return { localPort: (await pending).localPort };
  }

  async close(): Promise<void> {
    this.closed = true;
    const forwards = await Promise.allSettled([...this.forwards.values()]);
    this.forwards.clear();
    for (const f of forwards) {
      if (f.status !== 'fulfilled') continue;
      for (const s of f.value.sockets) s.destroy();
      await new Promise<void>((resolve) => f.value.server.close(() => resolve()));
    }
    const connections = await Promise.allSettled([...this.pool.values()]);
    this.pool.clear();
    for (const c of connections) if (c.status === 'fulfilled') c.value.discard();
  }

  private where(host: VmHost): string {
    const { frontgate } = this.options;
    return describeHost(host, host.instanceId === frontgate.instanceId ? undefined : frontgate);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SSH session used after close()');
  }

  /** The pooled connection to `host`, opened (or re-opened when it dropped) on demand. */
  private async connection(host: VmHost): Promise<SshConnection> {
    this.assertOpen();
    const key = host.instanceId;
    const current = this.pool.get(key);
    if (current) {
      const conn = await current.catch(() => undefined);
      if (conn?.alive) return conn;
      if (this.pool.get(key) !== current) return this.connection(host);
      this.pool.delete(key);
    }
    const opening = this.connect(host);
    this.pool.set(key, opening);
    opening.catch(() => {
      if (this.pool.get(key) === opening) this.pool.delete(key);
    });
    return opening;
  }

  private async connect(host: VmHost): Promise<SshConnection> {
    const { frontgate, login, hostKeys } = this.options;
    const where = this.where(host);
    const base = { host, login, hostKeys, timeoutMs: this.connectTimeoutMs, where };
    const conn =
      host.instanceId === frontgate.instanceId
        ? await SshConnection.open(base)
        : await SshConnection.open({
            ...base,
            sock: await this.jumpTo(host, where),
          });
    this.opened += 1;
    return conn;
  }

  /** A stream from the frontgate to `host`'s sshd. */
  private async jumpTo(host: VmHost, where: string): Promise<ClientChannel> {
    try {
      return await this.withFrontgate(`jump to ${host.ip}:${host.sshPort}`, (fg) =>
        fg.forwardOut(host.ip, host.sshPort),
      );
    } catch (err) {
      const e = err as DriverError;
      if (e.code !== 'SSH_UNREACHABLE' || !(e.cause instanceof Error)) throw err;
      throw new DriverError(
        'SSH_UNREACHABLE',
        `SSH to ${where} failed: the frontgate could not connect to ${host.ip}:${host.sshPort} (${e.cause.message}). ` +
          'Check that the instance is running and that its security group allows SSH from the frontgate.',
        true,
        { cause: err },
      );
    }
  }

  /** Runs `open` on the frontgate's connection, once more on a fresh connection if it fails. */
  private withFrontgate<T>(what: string, open: (fg: SshConnection) => Promise<T>): Promise<T> {
    return this.withChannel(this.options.frontgate, what, open).then((r) => r.channel);
  }

  /**
   * Opens a channel on `host`'s connection. A failure there (typically a connection that dropped
   * while idle) discards the connection and tries once more on a new one: nothing ran yet.
   */
  private async withChannel<T>(
    host: VmHost,
    what: string,
    open: (conn: SshConnection) => Promise<T>,
  ): Promise<{ channel: T; connection: SshConnection }> {
    const first = await this.connection(host);
    try {
      return { channel: await open(first), connection: first };
    } catch {
      first.discard();
    }
    const second = await this.connection(host);
    try {
      return { channel: await open(second), connection: second };
    } catch (err) {
      throw channelError(err as Error, this.where(host), what);
    }
  }

  private listen(host: VmHost, port: number): Promise<Forward> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      this.withFrontgate(`forward to ${host.ip}:${port}`, (fg) => fg.forwardOut(host.ip, port)).then(
        (stream) => {
          if (socket.destroyed) {
            stream.close();
            return;
          }
          stream.on('error', () => socket.destroy());
          stream.once('close', () => socket.destroy());
          socket.once('close', () => stream.close());
          socket.pipe(stream).pipe(socket);
        },
        () => socket.destroy(),
      );
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.removeListener('error', reject);
        const address = server.address();
        if (address === null || typeof address === 'string') return reject(new Error('forward: no local port'));
        resolve({ server, sockets, localPort: address.port });
      });
    });
  }
}

/** Streams one exec channel to completion: lines, tails, exit status, deadlines, abort. */
function runChannel(
  channel: ClientChannel,
  connection: SshConnection,
  opts: ExecOptions,
  startedAt: number,
  where: string,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const tails = { stdout: new OutputTail(), stderr: new OutputTail() };
    const splitters = {
      stdout: new LineSplitter((line) => opts.onLine?.(line, 'stdout')),
      stderr: new LineSplitter((line) => opts.onLine?.(line, 'stderr')),
    };
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let exited = false;
    let forcedTimeout = false;

    channel.on('data', (chunk: Buffer) => {
      tails.stdout.push(chunk);
      splitters.stdout.push(chunk);
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      tails.stderr.push(chunk);
      splitters.stderr.push(chunk);
    });
    channel.on('exit', (code: number | null, signal?: string) => {
      exited = true;
      exitCode = typeof code === 'number' ? code : null;
      exitSignal = signal ?? null;
    });

    // Backstop: `timeout` on the host ends the command at the deadline; if nothing came back well
    // after it (host wedged, link stalled), signal the group and close the channel from here.
    const backstop = setTimeout(
      () => {
        forcedTimeout = true;
        channel.signal('KILL');
        channel.close();
      },
      opts.timeoutMs + KILL_GRACE_SECONDS * 1000 + LOCAL_DEADLINE_SLACK_MS,
    );
    const onAbort = (): void => {
      channel.signal('TERM');
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    channel.once('close', () => {
      clearTimeout(backstop);
      opts.signal?.removeEventListener('abort', onAbort);
      splitters.stdout.end();
      splitters.stderr.end();
      const durationMs = Date.now() - startedAt;
      if (!exited && !forcedTimeout && !connection.alive) {
        reject(channelError(new Error('the connection was lost while the command ran'), where, 'exec'));
        return;
      }
      // `timeout` exits 124 (TERM obeyed) or dies with its group when it sends KILL after the grace
      const endedByTimeout =
        (exitCode !== null && TIMEOUT_EXIT_CODES.has(exitCode)) || (exitCode === null && exitSignal === 'KILL');
      const timedOut = forcedTimeout || (endedByTimeout && durationMs >= opts.timeoutMs);
      resolve({
        exitCode,
        signal: exitSignal,
        timedOut,
        stdout: tails.stdout.text(),
        stderr: tails.stderr.text(),
        durationMs,
      });
    });
    channel.on('error', () => undefined);
    channel.end(opts.stdin);
  });
}
