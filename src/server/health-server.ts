import { createServer } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import { mountJsonErrors } from './http-errors';
import type { MarinaHttpServer } from './http-server';
import { close, listen } from './listen';

/** A plain HTTP server for processes without the API role (workers): health and metrics only. */
export async function createHealthServer(
  mount: (app: express.Express) => void,
  log: Logger,
): Promise<MarinaHttpServer> {
  const app = express();
  app.disable('x-powered-by');
  mount(app);
  mountJsonErrors(app, log);
  const server = createServer(app);
  return {
    server,
    listen: (port, host) => listen(server, port, host),
    stop: () => close(server),
  };
}
