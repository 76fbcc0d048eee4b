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
      client.once('error', fail);
      client.once('close', () => fail(new Error('the connection closed during the handshake')));
      client.once('ready', () => {
        if (settled) return;
        settled = true;
        client.removeListener('error', fail);
        // a later error is reported through `alive`/the failing call; keep one listener so it is not thrown
        client.on('error', () => undefined);
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

  exec(command: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, channel) => (err ? reject(err) : resolve(channel)));
    });
  }
}

/** undefined when the presented key is (now) the pinned one, else the HOST_KEY_CHANGED error. */
async function verifyHostKey(req: ConnectRequest, presented: string): Promise<DriverError | undefined> {
  const pinned =
    (await req.hostKeys.get(req.host.instanceId)) ?? (await req.hostKeys.pin(req.host.instanceId, presented));
  return pinned === presented ? undefined : hostKeyChanged(req.host, pinned, presented);
}
