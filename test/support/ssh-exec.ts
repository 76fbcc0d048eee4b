import { Client } from 'ssh2';

export interface SshTarget {
  readonly host: string;
  readonly port: number;
  readonly privateKey: string;
  readonly username?: string;
}

export interface SshResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one command over SSH with the real ssh2 client (host key accepted as presented). */
export function sshExec(target: SshTarget, command: string, timeoutMs = 15000): Promise<SshResult> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    const timer = setTimeout(() => {
      client.end();
      reject(new Error(`ssh ${target.host}:${target.port} "${command}" timed out`));
    }, timeoutMs);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      client.end();
      reject(err);
    };
    client.once('error', fail);
    client.once('ready', () => {
      client.exec(command, (err, channel) => {
        if (err) return fail(err);
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        channel.on('data', (d: Buffer) => (stdout += d.toString()));
        channel.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        channel.on('exit', (c: number | null) => (code = c));
        channel.on('close', () => {
          clearTimeout(timer);
          client.end();
          resolve({ code, stdout, stderr });
        });
      });
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username ?? 'root',
      privateKey: target.privateKey,
      readyTimeout: timeoutMs,
    });
  });
}
