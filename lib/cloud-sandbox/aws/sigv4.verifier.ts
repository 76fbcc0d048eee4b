/**
 * AWS Signature Version 4, server side: rebuilds the canonical request from what arrived on the
 * wire, derives the signing key from the secret of the access key named in the credential scope,
 * and compares signatures. Failures are EC2's error answers (AuthFailure for anything that would
 * let a caller tell a wrong key from a wrong secret, IncompleteSignature for malformed headers,
 * RequestExpired for clock skew beyond 15 minutes).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Ec2Fault, ec2Faults } from './ec2.errors';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;

/** A request as received: raw path and query, header pairs in arrival order, the body bytes. */
export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

export interface ParsedAuthorization {
  readonly scope: CredentialScope;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export interface VerifyOptions {
  readonly region: string;
  readonly service: string;
  readonly secretOf: (accessKeyId: string) => string | undefined;
  readonly now?: Date;
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 percent-encoding as SigV4 requires it (unreserved characters kept, everything else %XX). */
export function uriEscape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function headerValues(req: WireRequest, name: string): string[] {
  return req.headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
}

export function headerValue(req: WireRequest, name: string): string | undefined {
  const values = headerValues(req, name);
  return values.length ? values.join(',') : undefined;
}

/** Path segments normalised (`.`/`..` removed) and encoded once more, as for every service but S3. */
export function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '.' || segment === '') continue;
    if (segment === '..') segments.pop();
    else segments.push(uriEscape(segment));
  }
  const trailing = path.endsWith('/') && segments.length > 0 ? '/' : '';
  return `/${segments.join('/')}${trailing}`;
}

export function canonicalQuery(query: string): string {
  if (!query) return '';
  const pairs = query
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      const decode = (s: string): string => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          throw new Ec2Fault('MalformedQueryString', `The query string contains a malformed escape: '${s}'`);
        }
      };
      const key = decode(eq < 0 ? part : part.slice(0, eq));
      const value = eq < 0 ? '' : decode(part.slice(eq + 1));
      return [uriEscape(key), uriEscape(value)] as const;
    });
  pairs.sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export function canonicalHeaders(req: WireRequest, signedHeaders: readonly string[]): string {
  return signedHeaders
    .map(
      (name) =>
        `${name}:${headerValues(req, name)
          .map((v) => v.trim().replace(/\s+/g, ' '))
          .join(',')}\n`,
    )
    .join('');
}

export function canonicalRequest(req: WireRequest, signedHeaders: readonly string[]): string {
  const payloadHash = headerValue(req, 'x-amz-content-sha256') ?? sha256Hex(req.body);
  return [
    req.method.toUpperCase(),
    canonicalUri(req.path),
    canonicalQuery(req.query),
    canonicalHeaders(req, signedHeaders),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

export function scopeString(scope: CredentialScope): string {
  return `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
}

export function stringToSign(amzDate: string, scope: CredentialScope, canonical: string): string {
  return [ALGORITHM, amzDate, scopeString(scope), sha256Hex(canonical)].join('\n');
}

export function signature(secret: string, scope: CredentialScope, toSign: string): string {
  const dateKey = hmac(`AWS4${secret}`, scope.date);
  const signingKey = hmac(hmac(hmac(dateKey, scope.region), scope.service), 'aws4_request');
  return createHmac('sha256', signingKey).update(toSign, 'utf8').digest('hex');
}

const incomplete = (message: string) => new Ec2Fault('IncompleteSignature', message);

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export function parseAuthorization(header: string): ParsedAuthorization {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) throw incomplete(`Unsupported AWS 'algorithm': '${algorithm}'`);
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const sig = fields.get('Signature');
  if (!credential || !signedHeaders || !sig) {
    throw incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
  }
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request')
    throw incomplete(`Credential '${credential}' is not of the form <key>/<date>/<region>/<service>/aws4_request.`);
  const [accessKeyId, date, region, service] = parts;
  return { scope: { accessKeyId, date, region, service }, signedHeaders: signedHeaders.split(';'), signature: sig };
}

function parseAmzDate(amzDate: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

function checkDate(req: WireRequest, auth: ParsedAuthorization, now: Date): string {
  const amzDate = headerValue(req, 'x-amz-date');
  if (!amzDate)
    throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  const when = parseAmzDate(amzDate);
  if (!when) throw incomplete(`Invalid X-Amz-Date '${amzDate}'.`);
  if (!amzDate.startsWith(auth.scope.date)) {
    throw ec2Faults.badCredentials();
  }
  if (when.getTime() < now.getTime() - MAX_SKEW_MS) throw new Ec2Fault('RequestExpired', 'Request has expired.');
  if (when.getTime() > now.getTime() + MAX_SKEW_MS) throw new Ec2Fault('RequestExpired', 'Request is not yet valid.');
  return amzDate;
}

/** Verifies the request's signature; returns the access key id it was signed with, or throws an Ec2Fault. */
export function verifySigV4(req: WireRequest, options: VerifyOptions): string {
  const header = headerValue(req, 'authorization');
  if (!header) throw new Ec2Fault('MissingAuthenticationToken', 'Request is missing Authentication Token');
  const auth = parseAuthorization(header);
  if (auth.scope.service !== options.service)
    throw new Ec2Fault('AuthFailure', `Credential should be scoped to correct service: '${options.service}'.`);
  if (auth.scope.region !== options.region)
    throw new Ec2Fault('AuthFailure', `Credential should be scoped to a valid region, not '${auth.scope.region}'.`);
  if (!auth.signedHeaders.includes('host')) throw incomplete("'Host' must be a signed header.");
  const amzDate = checkDate(req, auth, options.now ?? new Date());
  const secret = options.secretOf(auth.scope.accessKeyId);
  if (secret === undefined) throw ec2Faults.badCredentials();
  const expected = Buffer.from(
    signature(secret, auth.scope, stringToSign(amzDate, auth.scope, canonicalRequest(req, auth.signedHeaders))),
  );
  const given = Buffer.from(auth.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw ec2Faults.badCredentials();
  return auth.scope.accessKeyId;
}
