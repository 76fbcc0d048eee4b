/** Shape of errors thrown by @aws-sdk/client-s3 that we inspect. */
interface S3ErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

function s3(err: unknown): S3ErrorLike {
  return typeof err === 'object' && err !== null ? (err as S3ErrorLike) : {};
}

export function s3Status(err: unknown): number | undefined {
  return s3(err).$metadata?.httpStatusCode;
}

export function s3Code(err: unknown): string | undefined {
  const e = s3(err);
  return e.Code ?? e.name ?? e.code;
}

/** Missing object or missing bucket. */
export function isS3NotFound(err: unknown): boolean {
  const code = s3Code(err);
  return s3Status(err) === 404 || code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchBucket';
}

export function isS3NoSuchBucket(err: unknown): boolean {
  return s3Code(err) === 'NoSuchBucket';
}

/** Credentials rejected or permission missing. */
export function isS3AccessDenied(err: unknown): boolean {
  const code = s3Code(err);
  return (
    s3Status(err) === 403 ||
    code === 'AccessDenied' ||
    code === 'InvalidAccessKeyId' ||
    code === 'SignatureDoesNotMatch' ||
    code === 'Forbidden'
  );
}

/** A conditional write lost (If-Match / If-None-Match failed). */
export function isS3PreconditionFailed(err: unknown): boolean {
  const code = s3Code(err);
  return (
    s3Status(err) === 412 ||
    code === 'PreconditionFailed' ||
    code === 'ConditionalRequestConflict' ||
    s3Status(err) === 409
  );
}

/** Network-level failure: nothing answered. */
export function isNetworkError(err: unknown): boolean {
  const code = s3(err).code ?? s3(err).name;
  return [
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ETIMEDOUT',
    'ECONNRESET',
    'EHOSTUNREACH',
    'TimeoutError',
    'SSRF_BLOCKED',
    'DNS_FAILED',
  ].includes(code ?? '');
}
