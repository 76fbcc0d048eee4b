import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The ACS3-HMAC-SHA256 signature that `@alicloud/openapi-core` (the runtime of
 * `@alicloud/ecs20140526` 7.x) puts in the `Authorization` header of every RPC call:
 *
 *   CanonicalRequest = METHOD \n URI \n sorted(key=rfc3986(value))&… \n name:value\n… \n signed;names \n hex(sha256(body))
 *   StringToSign     = "ACS3-HMAC-SHA256" \n hex(sha256(CanonicalRequest))
 *   Authorization    = ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex hmac>
 *
 * Signed headers are `host`, `content-type` and every `x-acs-*` header.
 */
export const ACS3 = 'ACS3-HMAC-SHA256';

export interface Acs3Request {
  readonly method: string;
  readonly path: string;
  /** Decoded query parameters. */
  readonly query: Readonly<Record<string, string>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface Acs3Authorization {
  readonly accessKeyId: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** RFC 3986 percent-encoding, as the SDK encodes canonical query values. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function sha256Hex(payload: string | Buffer): string {
  return createHash('sha256').update(payload).digest('hex');
}

/** Parses the Authorization header; undefined when it is absent or not ACS3-HMAC-SHA256. */
export function parseAuthorization(header: string | undefined): Acs3Authorization | undefined {
  if (!header?.startsWith(`${ACS3} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(ACS3.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return { accessKeyId, signedHeaders: signedHeaders.split(';'), signature };
}

export function canonicalRequest(req: Acs3Request, signedHeaders: readonly string[], payloadHash: string): string {
  const query = Object.keys(req.query)
    .sort()
    .map((k) => `${k}=${rfc3986(req.query[k])}`)
    .join('&');
  const headers = signedHeaders.map((h) => `${h}:${(req.headers[h] ?? '').trim()}\n`).join('');
  return [req.method, req.path, query, headers, signedHeaders.join(';'), payloadHash].join('\n');
}

export function acs3Signature(secret: string, canonical: string): string {
  const stringToSign = `${ACS3}\n${sha256Hex(canonical)}`;
  return createHmac('sha256', secret).update(stringToSign).digest('hex');
}

/** True when `auth.signature` is the signature of `req` under `secret` (constant-time compare). */
export function verifyAcs3(req: Acs3Request, auth: Acs3Authorization, secret: string, payloadHash: string): boolean {
  const expected = Buffer.from(acs3Signature(secret, canonicalRequest(req, auth.signedHeaders, payloadHash)));
  const given = Buffer.from(auth.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
