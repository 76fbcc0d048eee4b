import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkUrl, guardedLookup, OutboundBlockedError, type Resolver, type SsrfPolicy } from '../net';
import { RepoError } from './repo-errors';

export interface HttpGetOptions {
  readonly policy: SsrfPolicy;
  readonly resolver?: Resolver;
  readonly auth?: { readonly username: string; readonly password: string };
  readonly maxBytes: number;
  /** Idle timeout of the socket (default 15 s); the whole read is bounded by policy.readDeadlineMs. */
  readonly timeoutMs?: number;
  /** Follow at most this many redirects (default 5); each target is checked against the policy. */
  readonly maxRedirects?: number;
  /** Sent as If-None-Match (conditional GET); a 304 comes back with an empty body. */
  readonly ifNoneMatch?: string;
}

export interface HttpGetResult {
  readonly status: number;
  readonly body: Buffer;
  readonly etag?: string;
}

/**
 * GET with the SSRF policy applied to the first URL and every redirect (DNS checked before
 * connecting and again at connect time), a size cap, an idle timeout, an overall deadline for the
 * whole read (redirects included; policy.readDeadlineMs), and basic auth sent only to the original
 * origin. Network failures become RepoError UNREACHABLE / SSRF_BLOCKED.
 */
export async function httpGet(url: string, o: HttpGetOptions): Promise<HttpGetResult> {
  const deadline = AbortSignal.timeout(o.policy.readDeadlineMs);
  try {
    return await follow(url, o, deadline);
  } catch (err) {
    if (deadline.aborted)
      throw new RepoError('UNREACHABLE', `no complete answer from ${url} within ${o.policy.readDeadlineMs} ms`);
    throw err;
  }
}

async function follow(url: string, o: HttpGetOptions, signal: AbortSignal): Promise<HttpGetResult> {
  let current = url;
  const origin = new URL(url).origin;
  for (let hop = 0; hop <= (o.maxRedirects ?? 5); hop++) {
    await guard(current, o);
    const res = await once(current, o, new URL(current).origin === origin, signal);
    if ([301, 302, 303, 307, 308].includes(res.statusCode ?? 0) && res.headers.location) {
      res.resume();
      current = new URL(res.headers.location, current).toString();
      continue;
    }
    const etag = typeof res.headers.etag === 'string' ? res.headers.etag : undefined;
    return { status: res.statusCode ?? 0, body: await readBody(res, o.maxBytes, current), etag };
  }
  throw new RepoError('UNREACHABLE', `too many redirects fetching ${url}`);
}

async function guard(url: string, o: HttpGetOptions): Promise<void> {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new RepoError('BAD_URL', `unsupported URL scheme ${u.protocol}`);
  try {
    await checkUrl(url, o.policy, o.resolver);
  } catch (err) {
    throw toRepoError(err, url);
  }
}

function once(url: string, o: HttpGetOptions, sendAuth: boolean, signal: AbortSignal): Promise<IncomingMessage> {
  const u = new URL(url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { 'User-Agent': 'marina', Accept: '*/*' };
  if (o.ifNoneMatch) headers['If-None-Match'] = o.ifNoneMatch;
  if (o.auth && sendAuth)
    headers.Authorization = `Basic ${Buffer.from(`${o.auth.username}:${o.auth.password}`).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      { method: 'GET', headers, lookup: guardedLookup(o.policy, o.resolver), timeout: o.timeoutMs ?? 15_000, signal },
      resolve,
    );
    req.on('timeout', () => req.destroy(new RepoError('UNREACHABLE', `timed out fetching ${url}`)));
    req.on('error', (err) => reject(toRepoError(err, url)));
    req.end();
  });
}

function readBody(res: IncomingMessage, maxBytes: number, url: string): Promise<Buffer> {
  const declared = Number(res.headers['content-length'] ?? NaN);
  if (declared > maxBytes) {
    res.destroy();
    return Promise.reject(new RepoError('PACKAGE_TOO_LARGE', `${url} is ${declared} bytes; the limit is ${maxBytes}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) res.destroy(new RepoError('PACKAGE_TOO_LARGE', `${url} is larger than ${maxBytes} bytes`));
      else chunks.push(c);
    });
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', (err) => reject(toRepoError(err, url)));
    // a response destroyed mid-body (deadline, reset) may close without 'end' or 'error'
    res.on('close', () => {
      if (!res.complete) reject(new RepoError('UNREACHABLE', `the answer from ${url} broke off`));
    });
  });
}

/** Maps network and policy failures to RepoError (RepoErrors pass through). */
export function toRepoError(err: unknown, url: string): RepoError {
  if (err instanceof RepoError) return err;
  if (err instanceof OutboundBlockedError) {
    if (err.code === 'SSRF_BLOCKED') return new RepoError('SSRF_BLOCKED', err.message);
    if (err.code === 'BAD_URL') return new RepoError('BAD_URL', err.message);
    return new RepoError('UNREACHABLE', err.message);
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'SSRF_BLOCKED') return new RepoError('SSRF_BLOCKED', (err as Error).message);
  return new RepoError(
    'UNREACHABLE',
    `cannot reach ${url}: ${code ?? (err instanceof Error ? err.message : String(err))}`,
  );
}
