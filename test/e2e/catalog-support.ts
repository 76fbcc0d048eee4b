/**
 * Helpers for the repo/app GraphQL suites: multipart uploads (GraphQL multipart request spec),
 * developer accounts, packaging fixture directories, waiting for a job over the jobUpdated
 * subscription, and counting what an operation left behind (rows, blobs).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { writeTarGz } from '../../src/packages/archive';
import { readPackageDirectory } from '../../src/packages/package-dir';
import type { GraphQLClient, GraphQLResponse } from '../support/graphql-client';
import type { TestMarina } from '../support/marina';

export type Authed = GraphQLClient & { userId: string; username: string };

export interface UploadFile {
  /** Where the file goes in the variables, e.g. "input.package" or "package". */
  readonly at: string;
  readonly data: Buffer;
  readonly filename?: string;
}

/** POST multipart/form-data: operations (files null), map, then the files. */
export async function uploadRequest<T = Record<string, any>>(
  client: GraphQLClient,
  query: string,
  variables: Record<string, unknown>,
  files: readonly UploadFile[],
): Promise<GraphQLResponse<T>> {
  const vars = structuredClone(variables);
  for (const f of files) setPath(vars, f.at, null);
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables: vars }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map((f, i) => [String(i), [`variables.${f.at}`]]))));
  files.forEach((f, i) => form.append(String(i), new Blob([new Uint8Array(f.data)]), f.filename ?? 'package.tgz'));
  const res = await fetch(client.url, {
    method: 'POST',
    headers: {
      'apollo-require-preflight': 'true',
      ...(client.token ? { authorization: `Bearer ${client.token}` } : {}),
    },
    body: form,
  });
  const text = await res.text();
  try {
    return { ...(JSON.parse(text) as GraphQLResponse<T>), status: res.status };
  } catch {
    return { errors: [{ message: text }], status: res.status };
  }
}

/** Like uploadRequest but fails on GraphQL errors. */
export async function uploadOk<T = Record<string, any>>(
  client: GraphQLClient,
  query: string,
  variables: Record<string, unknown>,
  files: readonly UploadFile[],
): Promise<T> {
  const res = await uploadRequest<T>(client, query, variables, files);
  if (res.errors?.length || !res.data)
    throw new Error(`GraphQL errors (HTTP ${res.status}): ${JSON.stringify(res.errors)}`);
  return res.data;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  keys.slice(0, -1).forEach((k, i) => {
    // A numeric next key ("input.screenshots.0") makes a list.
    node = (node[k] ??= /^\d+$/.test(keys[i + 1]) ? [] : {}) as Record<string, unknown>;
  });
  node[keys.at(-1)!] = value;
}

/** A new user with the DEVELOPER role (created by the admin) in a workspace of its own. */
export async function developer(t: TestMarina, prefix = 'dev', roles: string[] = ['DEVELOPER']): Promise<Authed> {
  const admin = await t.admin();
  const username = `${prefix}${Math.random().toString(36).slice(2, 8)}`;
  const data = await admin.ok(
    `mutation($u:String!,$e:String!,$r:[Role!]!){ createUser(username:$u,email:$e,password:"Dev3l0per!Pass",roles:$r){ __typename ... on AuthPayload { accessToken user { id username } } ... on ErrorResult { message } } }`,
    { u: username, e: `${username}@example.com`, r: roles },
  );
  if (data.createUser.__typename !== 'AuthPayload') throw new Error(`createUser failed: ${data.createUser.message}`);
  return Object.assign(admin.withToken(data.createUser.accessToken), { userId: data.createUser.user.id, username });
}

/** A package directory as `<root>/…` in a .tgz (root defaults to the directory's package name given). */
export function tgzOf(
  dir: string,
  root: string,
  edit?: (files: { path: string; data: Buffer }[]) => { path: string; data: Buffer }[],
): Buffer {
  let files = readPackageDirectory(dir).map((f) => ({ path: f.path, data: f.data }));
  if (edit) files = edit(files);
  return writeTarGz(files.map((f) => ({ path: `${root}/${f.path}`, data: f.data })));
}

/** Resolves with the job's status once it is terminal, following the jobUpdated subscription. */
export async function awaitJob(client: GraphQLClient, jobId: string, timeoutMs = 60_000): Promise<string> {
  const ws = client.ws();
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`job ${jobId} did not finish within ${timeoutMs} ms`)),
        timeoutMs,
      );
      ws.subscribe<{ jobUpdated: { status: string; error: string | null } }>(
        { query: 'subscription($id:ID!){ jobUpdated(jobId:$id){ status error } }', variables: { id: jobId } },
        {
          next: (msg) => {
            if (msg.errors?.length) {
              clearTimeout(timer);
              reject(new Error(JSON.stringify(msg.errors)));
              return;
            }
            const status = msg.data?.jobUpdated.status;
            if (status && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(status)) {
              clearTimeout(timer);
              resolve(status);
            }
          },
          error: (err) => {
            clearTimeout(timer);
            reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
          },
          complete: () => undefined,
        },
      );
    });
  } finally {
    await ws.dispose();
  }
}

/** Runs SQL against the test Marina's database. */
export async function sql<T = Record<string, unknown>>(
  t: TestMarina,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const pg = new PgClient({ connectionString: t.db.url });
  await pg.connect();
  try {
    return (await pg.query(text, params)).rows as T[];
  } finally {
    await pg.end();
  }
}

/** Rows of the package-related tables. */
export async function catalogCounts(
  t: TestMarina,
): Promise<{ apps: number; versions: number; attachments: number; audits: number }> {
  const [row] = await sql<{ apps: string; versions: string; attachments: string; audits: string }>(
    t,
    'select (select count(*) from apps) apps, (select count(*) from app_versions) versions, (select count(*) from attachments) attachments, (select count(*) from version_audits) audits',
  );
  return {
    apps: Number(row.apps),
    versions: Number(row.versions),
    attachments: Number(row.attachments),
    audits: Number(row.audits),
  };
}

/** Every blob file under a filesystem blob store directory. */
export function blobFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}

/** A repository HTTP server whose files, ETag support and timing the test controls. */
export interface RepoServer {
  readonly url: string;
  /** Path (no leading slash) → content; change it to change the repository. */
  readonly files: Map<string, Buffer>;
  /** "GET /path" per request. */
  readonly requests: string[];
  /** Send ETags and honour If-None-Match (default true). */
  etags: boolean;
  /** Basic auth the server demands, if any. */
  auth?: { username: string; password: string };
  /** While set, requests for any index.yaml wait for it (lets a test hold a sync mid-fetch). */
  gate?: Promise<void>;
  close(): Promise<void>;
}

export async function startRepoServer(host = '127.0.0.1'): Promise<RepoServer> {
  const { createServer } = await import('node:http');
  const state: Omit<RepoServer, 'url' | 'close'> = { files: new Map(), requests: [], etags: true };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    state.requests.push(`${req.method} /${path}`);
    const respond = () => {
      if (
        state.auth &&
        req.headers.authorization !==
          `Basic ${Buffer.from(`${state.auth.username}:${state.auth.password}`).toString('base64')}`
      ) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="repo"' }).end();
        return;
      }
      const body = state.files.get(path);
      if (!body) {
        res.writeHead(404).end('not found');
        return;
      }
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 20)}"`;
      if (state.etags && req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ETag: etag }).end();
        return;
      }
      res
        .writeHead(200, {
          'Content-Type': path.endsWith('.yaml') ? 'text/yaml' : 'application/gzip',
          ...(state.etags ? { ETag: etag } : {}),
        })
        .end(body);
    };
    if (path.endsWith('index.yaml') && state.gate) void state.gate.then(respond);
    else respond();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return Object.assign(state, {
    url: `http://${host}:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
