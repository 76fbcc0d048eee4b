import { createHmac } from 'node:crypto';

/**
 * QingCloud API request signing, signature_version 1 (https://docs.qingcloud.com/api/common/signature.html):
 * sort the parameters by name, percent-encode names and values (RFC 3986: spaces as %20, upper-case
 * hex), join them with `&`, sign `VERB\n/iaas/\n<query>` with HMAC-SHA256 and the secret key, and
 * append the base64 signature, itself encoded, as `signature`.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&');
}

export interface SignedQuery {
  /** The base64 signature. */
  readonly signature: string;
  /** The query string to send: the canonical query with `&signature=…` appended. */
  readonly query: string;
}

export function signQuery(
  params: Readonly<Record<string, string>>,
  secretAccessKey: string,
  method = 'GET',
  path = '/iaas/',
): SignedQuery {
  const query = canonicalQuery(params);
  const signature = createHmac('sha256', secretAccessKey).update(`${method}\n${path}\n${query}`).digest('base64');
  return { signature, query: `${query}&signature=${percentEncode(signature)}` };
}
