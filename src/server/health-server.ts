import { createServer } from 'node:http';
import express from 'express';
import type { MarinaHttpServer } from './http-server';

/** A plain HTTP server for processes without the API role (workers): health and metrics only. */
export async function createHealthServer(mount: (app: express.Express) => void): Promise<MarinaHttpServer> {
  const app = express();
  app.disable('x-powered-by');
  mount(app);
  const server = createServer(app);
  return {
    server,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    stop: () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
  };
}
