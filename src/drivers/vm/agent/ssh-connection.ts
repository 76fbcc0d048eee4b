/**
 * One SSH connection to one host: the TCP socket (direct, or a `forwardOut` stream through the
 * frontgate), the handshake with the host key checked against the pinned fingerprint (pinned on
 * first contact), and public-key login. `alive` turns false once the connection ends for any reason.
 */
import { Client, type ClientChannel } from 'ssh2';
import type { Duplex } from 'node:stream';
import type { HostKeyStore, SshLogin, VmHost } from '../vm-agent.types';
import { hostKeyFingerprint } from './host-key.fingerprint';
import { connectError, hostKeyChanged } from './ssh-errors';
import type { DriverError } from '../../../jobs/errors';

export interface ConnectRequest {
  readonly host: VmHost;
  readonly login: SshLogin;
  readonly hostKeys: HostKeyStore;
  readonly timeoutMs: number;
  /** A stream to the host's sshd through the jump host; absent: connect to host.ip:sshPort. */
  readonly sock?: Duplex;
  /** For messages: how the host is reached. */
  readonly where: string;
}

export class SshConnection {
  private ended = false;

  private constructor(
    readonly client: Client,
    readonly host: VmHost,
  ) {
    const markEnded = (): void => {
      this.ended = true;
    };
    client.on('close', markEnded);
    client.on('end', markEnded);
    client.on('error', markEnded);
  }

  get alive(): boolean {
    return !this.ended;
  }

  /** Marks the connection dead (a channel open failed on it) and closes it. */
  discard(): void {
    this.ended = true;
    this.client.end();
  }

  static open(req: ConnectRequest): Promise<SshConnection> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      let keyError: DriverError | undefined;
      let settled = false;
      const fail = (err: Error): void => {
        if (settled) return;
        settled = true;
        client.end();
        reject(keyError ?? connectError(err, req.where, req.timeoutMs));
      };
      client.on('error', fail); // stays: ending a failed client may emit a second error
      client.once('close', () => fail(new Error('the connection closed during the handshake')));
      client.once('ready', () => {
        if (settled) return;
        settled = true; // later errors end up in `fail` as no-ops; `alive` reports them
        resolve(new SshConnection(client, req.host));
      });
      client.connect({
        host: req.host.ip,
        port: req.host.sshPort,
        sock: req.sock,
        username: req.login.username,
        privateKey: req.login.privateKey,
        readyTimeout: req.timeoutMs,
        keepaliveInterval: 10_000,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
          const presented = hostKeyFingerprint(key);
          verifyHostKey(req, presented).then(
            (error) => {
              keyError = error;
              verify(error === undefined);
            },
            (err: Error) => {
              keyError = connectError(err, req.where, req.timeoutMs);
              verify(false);
            },
          );
        },
      });
    });
  }

  /** Opens a `direct-tcpip` channel from this host to ip:port. */
  forwardOut(ip: string, port: number): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      this.client.forwardOut('127.0.0.1', 0, ip, port, (err, stream) => (err ? reject(err) : resolve(stream)));
    });
  }

  /**
   * Opens an exec channel once fewer than MAX_SESSIONS are open on this connection (sshd's
   * MaxSessions, 10 by default, counts session channels; more would be refused).
   */
  async exec(command: string): Promise<ClientChannel> {
    await this.sessionSlot();
    try {
      const channel = await this.openExec(command);
      channel.once('close', () => this.releaseSlot());
      return channel;
    } catch (err) {
      this.releaseSlot();
      throw err;
    }
  }

  /**
   * sshd frees a closed session's slot a moment after the client sees the close: a refusal while
   * the connection is alive is retried with a growing delay (at most ~1.5 s in all).
   */
  private async openExec(command: string): Promise<ClientChannel> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await new Promise<ClientChannel>((resolve, reject) => {
          this.client.exec(command, (err, ch) => (err ? reject(err) : resolve(ch)));
        });
      } catch (err) {
        if (!this.alive || !isOpenRefusal(err) || attempt >= 5) throw err;
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }

  private openSessions = 0;
  private readonly waiting: Array<() => void> = [];

  private sessionSlot(): Promise<void> {
    if (this.openSessions < MAX_SESSIONS) {
      this.openSessions += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.openSessions -= 1;
  }
}

/** Exec channels open at once on one connection (below OpenSSH's default MaxSessions of 10). */
export const MAX_SESSIONS = 6;

/** True when the server answered a channel open with a refusal (the connection itself is fine). */
export function isOpenRefusal(err: unknown): boolean {
  return typeof (err as { reason?: unknown })?.reason === 'number';
}

/** undefined when the presented key is (now) the pinned one, else the HOST_KEY_CHANGED error. */
async function verifyHostKey(req: ConnectRequest, presented: string): Promise<DriverError | undefined> {
  const pinned =
    (await req.hostKeys.get(req.host.instanceId)) ?? (await req.hostKeys.pin(req.host.instanceId, presented));
  return pinned === presented ? undefined : hostKeyChanged(req.host, pinned, presented);
}
