/**
 * Real servers for the package/repository e2e suites: a static HTTP(S)-style file server
 * (optional basic auth, request log) and s3rver (the S3 API). Each returns a `close()` that
 * the suite must await in afterAll.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';

export interface StaticServer {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/** Serves files of `dir` read fresh on every request (so tests can change them), with ETags and 304s. */
export async function startStaticServer(
  dir: string,
  auth?: { username: string; password: string },
): Promise<StaticServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (auth && !authorized(req, auth)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="repo"' }).end('unauthorized');
      return;
    }
    const rel = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    if (rel.startsWith('..')) {
      res.writeHead(400).end();
      return;
    }
    readFile(join(dir, rel)).then(
      (body) => {
        const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
        if (req.headers['if-none-match'] === etag) res.writeHead(304, { ETag: etag }).end();
        else
          res
            .writeHead(200, { 'Content-Type': rel.endsWith('.yaml') ? 'text/yaml' : 'application/gzip', ETag: etag })
            .end(body);
      },
      () => res.writeHead(404).end('not found'),
    );
  });
  await listen(server);
  return { url: `http://127.0.0.1:${port(server)}`, requests, close: () => close(server) };
}

function authorized(req: IncomingMessage, auth: { username: string; password: string }): boolean {
  const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  return req.headers.authorization === expected;
}

export function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

export function port(server: Server): number {
  return (server.address() as { port: number }).port;
}

export function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}

export interface S3Server {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly host: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  close(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverCtor = new (options: Record<string, unknown>) => S3rverInstance;

/** Starts s3rver on a free loopback port with the given buckets (s3rver's fixed S3RVER credentials). */
export async function startS3rver(buckets: readonly string[]): Promise<S3Server> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- s3rver ships no types
  const S3rver = require('s3rver') as S3rverCtor;
  const directory = mkdtempSync(join(tmpdir(), 'marina-s3rver-'));
  const instance = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port: p } = await instance.run();
  return {
    endpoint: `http://127.0.0.1:${p}`,
    host: `127.0.0.1:${p}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    close: async () => {
      await instance.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
