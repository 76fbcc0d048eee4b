import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A front end's HTTP server, listening. */
export interface HttpListener {
  /** `host:port` that clients reach (a wildcard bind answers on 127.0.0.1). */
  readonly endpointHost: string;
  /** Stops accepting, ends kept-alive connections, and resolves once the server has closed. */
  close(): Promise<void>;
}

/** Listens on `host` (default 127.0.0.1) and `port` (default 0: any free port); rejects on a listen error. */
export async function listenHttp(server: Server, host = '127.0.0.1', port = 0): Promise<HttpListener> {
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
  return {
    endpointHost: `${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
