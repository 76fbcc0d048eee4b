import { createConnection, createServer } from 'node:net';

function canListen(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/** Port 22 when running as root and it is free on `ip`; otherwise a free high port on `ip`. */
export async function chooseSshPort(ip: string): Promise<number> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && (await canListen(ip, 22)) === 22) return 22;
  const port = await canListen(ip, 0);
  if (!port) throw new Error(`cannot listen on ${ip}: no SSH port for the VM`);
  return port;
}

/** Resolves once a TCP connection to ip:port succeeds; rejects after `deadlineMs` or when `failed()` says so. */
export async function waitForPort(
  ip: string,
  port: number,
  deadlineMs: number,
  failed: () => string | undefined,
): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const why = failed();
    if (why) throw new Error(why);
    if (await connects(ip, port)) return;
    if (Date.now() > until) throw new Error(`nothing answers on ${ip}:${port} after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
