import { timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { apiErrors, KubeApiError } from '../api/api-errors';
import type { ResourceRegistry } from '../api/resource.registry';
import type { ResourceService } from '../core/resource.service';
import { OpenApiV3Cache } from '../openapi/openapi-v3.builder';
import {
  aggregatedDiscovery,
  aggregatedDiscoveryMediaType,
  apiGroupList,
  apiResourceList,
  apiVersions,
  wantsAggregated,
} from './discovery';
import { sendError, sendJson } from './http-io';
import { decodeObjectBody, readBody } from './request-body';
import { parseResourcePath, splitGroupVersion } from './resource-path';
import { handleResource } from './resource.handler';
import type { WatchSettings } from './watch.handler';

/** How the API server listens and authenticates. */
export interface KubeApiServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Serve HTTPS with this certificate; plain HTTP when absent. */
  tls?: { certPem: string; keyPem: string };
  /** Required bearer token; every request except /version and health checks must carry it. */
  token?: string;
  bookmarkIntervalMs?: number;
  /** Called with each request line and status (for debugging). */
  log?: (line: string) => void;
}

export const sandboxVersion = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0-marina-sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.22.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const publicPaths = new Set(['/version', '/healthz', '/readyz', '/livez']);

/** The HTTP(S) front of one sandbox cluster: authentication, discovery, OpenAPI and resource routing. */
export class KubeApiServer {
  private server?: http.Server;
  private readonly openapi: OpenApiV3Cache;
  private readonly streams = new Set<() => void>();
  private readonly watch: WatchSettings;
  port = 0;

  constructor(
    private readonly svc: ResourceService,
    private readonly registry: ResourceRegistry,
    private readonly opts: KubeApiServerOptions,
  ) {
    this.openapi = new OpenApiV3Cache(registry);
    this.watch = {
      bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 10_000,
      defaultTimeoutSeconds: 1800,
      onUnexpected: (err) => this.unexpected(err),
      track: (finish) => {
        this.streams.add(finish);
        return () => void this.streams.delete(finish);
      },
    };
  }

  /** Starts listening; resolves with the bound port. */
  async start(): Promise<number> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res);
    this.server = this.opts.tls
      ? https.createServer({ cert: this.opts.tls.certPem, key: this.opts.tls.keyPem }, handler)
      : http.createServer(handler);
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.opts.port, this.opts.host, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  /** Ends open watches, closes every connection and stops listening. */
  async stop(): Promise<void> {
    for (const finish of [...this.streams]) finish();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private unexpected(err: unknown): void {
    process.stderr.write(
      `kube sandbox: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }

  private authorized(req: IncomingMessage, pathname: string): boolean {
    if (!this.opts.token || publicPaths.has(pathname)) return true;
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7).trim() : '');
    const want = Buffer.from(this.opts.token);
    return given.length === want.length && timingSafeEqual(given, want);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (this.opts.log) res.on('finish', () => this.opts.log?.(`${req.method} ${req.url} ${res.statusCode}`));
    try {
      if (!this.authorized(req, url.pathname)) throw apiErrors.unauthorized();
      await this.route(req, res, url);
    } catch (err) {
      sendError(res, err, (e) => this.unexpected(e));
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const p = url.pathname.replace(/\/+$/, '') || '/';
    if (p === '/version') return sendJson(res, 200, sandboxVersion);
    if (p === '/healthz' || p === '/readyz' || p === '/livez') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (p === '/openapi/v3') return sendJson(res, 200, this.openapi.root());
    if (p.startsWith('/openapi/v3/')) return this.openapiDocument(res, p.slice('/openapi/v3/'.length));
    if (p === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews' && req.method === 'POST')
      return this.accessReview(req, res);
    const segments = p.split('/').filter(Boolean);
    if ((p === '/api' || p === '/apis') && (req.method ?? 'GET') === 'GET')
      return this.rootDiscovery(req, res, p === '/api');
    if (segments[0] === 'apis' && segments.length === 2) return this.groupDiscovery(res, segments[1]);
    const gv = splitGroupVersion(segments);
    if (gv && gv.rest.length === 0) {
      const list = apiResourceList(this.registry, gv.group, gv.version);
      if (!list) throw notFoundPath();
      return sendJson(res, 200, list);
    }
    const path = gv ? parseResourcePath(this.registry, gv.group, gv.version, gv.rest) : undefined;
    if (!path) throw notFoundPath();
    await handleResource({ svc: this.svc, watch: this.watch }, req, res, path, url.searchParams);
  }

  /** The sandbox has one all-powerful user: every SelfSubjectAccessReview is allowed (`kubectl auth can-i`). */
  private async accessReview(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = decodeObjectBody(await readBody(req), req.headers['content-type']);
    const review = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    sendJson(res, 201, {
      ...review,
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      status: { allowed: true, reason: 'the sandbox token is a cluster administrator' },
    });
  }

  private rootDiscovery(req: IncomingMessage, res: ServerResponse, core: boolean): void {
    const aggregated = wantsAggregated(req.headers.accept);
    if (aggregated) {
      const contentType =
        aggregated === 'v2' ? aggregatedDiscoveryMediaType : aggregatedDiscoveryMediaType.replace('v=v2', 'v=v2beta1');
      return sendJson(res, 200, aggregatedDiscovery(this.registry, core, aggregated), { contentType });
    }
    const host = req.headers.host ?? `127.0.0.1:${this.port}`;
    return sendJson(res, 200, core ? apiVersions(host) : apiGroupList(this.registry));
  }

  private groupDiscovery(res: ServerResponse, group: string): void {
    const found = this.registry.groups().find((g) => g.name === group);
    if (!found) throw notFoundPath();
    const versions = found.versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
    sendJson(res, 200, { kind: 'APIGroup', apiVersion: 'v1', name: group, versions, preferredVersion: versions[0] });
  }

  private openapiDocument(res: ServerResponse, gvPathText: string): void {
    const doc = this.openapi.document(gvPathText);
    if (!doc) throw notFoundPath();
    const payload = Buffer.from(doc.body);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': payload.length,
      ETag: `"${doc.hash}"`,
      'Cache-Control': 'public, immutable',
    });
    res.end(payload);
  }
}

function notFoundPath(): KubeApiError {
  return new KubeApiError('NotFound', 'the server could not find the requested resource', {});
}
