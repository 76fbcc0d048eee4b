import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * QingCloud's API signature (signature_version 1, https://docs.qingcloud.com/api/common/signature.html):
 * the parameters except `signature`, sorted by name, each name and value percent-encoded (spaces as
 * %20, upper-case hex), joined with `&`; the string to sign is `VERB\n/iaas/\n<that query>`; the
 * signature is base64(HMAC-SHA256(secret, string to sign)).
 */
export function qcPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function qcStringToSign(method: string, path: string, params: Readonly<Record<string, string>>): string {
  const query = Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${qcPercentEncode(k)}=${qcPercentEncode(params[k])}`)
    .join('&');
  return `${method}\n${path}\n${query}`;
}

/** True when `params.signature` signs the other parameters under `secret` (constant-time compare). */
export function qcSignatureValid(
  method: string,
  path: string,
  params: Readonly<Record<string, string>>,
  secret: string,
): boolean {
  const expected = Buffer.from(
    createHmac('sha256', secret)
      .update(qcStringToSign(method, path, params))
      .digest('base64'),
  );
  const given = Buffer.from(params.signature ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
