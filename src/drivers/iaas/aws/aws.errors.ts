/**
 * EC2 failures normalised into IaasError. The rules are an ordered table (first match wins) over
 * the EC2 error code and message; network failures (no EC2 answer at all) are UNREACHABLE. The
 * cloud's own code is kept in `providerCode`.
 */
import { IaasError, type IaasErrorCode } from '../iaas.types';

interface Rule {
  readonly code: IaasErrorCode;
  readonly matches: (ec2Code: string, message: string) => boolean;
}

const is =
  (...codes: string[]) =>
  (c: string) =>
    codes.includes(c);

/**
 * A request signed for a region the endpoint does not serve fails SigV4's scope check
 * ("Credential should be scoped to a valid region"); EC2 reports it as AuthFailure, so the
 * message is what tells a wrong region from a wrong key.
 */
const WRONG_REGION = /scoped to a valid region/i;

export const AWS_ERROR_RULES: readonly Rule[] = [
  {
    code: 'WRONG_REGION',
    matches: (c, m) =>
      is('AuthFailure', 'SignatureDoesNotMatch', 'InvalidSignatureException')(c) && WRONG_REGION.test(m),
  },
  {
    code: 'BAD_CREDENTIALS',
    matches: is(
      'AuthFailure',
      'InvalidClientTokenId',
      'SignatureDoesNotMatch',
      'IncompleteSignature',
      'MissingAuthenticationToken',
      'UnrecognizedClientException',
      'InvalidAccessKeyId',
    ),
  },
  {
    code: 'FORBIDDEN',
    matches: is(
      'UnauthorizedOperation',
      'AccessDenied',
      'AccessDeniedException',
      'Blocked',
      'OptInRequired',
      'PendingVerification',
    ),
  },
  {
    code: 'THROTTLED',
    matches: is('RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'TooManyRequestsException'),
  },
  { code: 'QUOTA_EXCEEDED', matches: (c) => c.endsWith('LimitExceeded') },
  { code: 'IDEMPOTENCY_MISMATCH', matches: is('IdempotentParameterMismatch') },
  {
    code: 'INCORRECT_STATE',
    matches: (c) => is('IncorrectState', 'IncorrectInstanceState', 'VolumeInUse', 'InvalidVolume.NotAvailable')(c),
  },
  { code: 'NOT_FOUND', matches: (c) => c.endsWith('.NotFound') },
  {
    code: 'INVALID_PARAMETER',
    matches: (c) =>
      c.startsWith('InvalidParameter') ||
      c === 'MissingParameter' ||
      c.endsWith('.Malformed') ||
      c === 'InvalidID' ||
      c.startsWith('InvalidKey') ||
      /^Invalid[A-Za-z]+\.(Range|Conflict|Duplicate|ZoneMismatch)$/.test(c),
  },
];

/** errno codes and SDK error names that mean the endpoint never answered. */
const NETWORK_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'TimeoutError',
  'RequestTimeout',
]);

interface SdkErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $fault?: 'client' | 'server';
}

/** Maps one EC2 error code and message (from an EC2 answer) to an IaasError. */
export function fromEc2Code(ec2Code: string, message: string, httpStatus?: number): IaasError {
  const rule = AWS_ERROR_RULES.find((r) => r.matches(ec2Code, message));
  if (rule) return new IaasError(rule.code, ec2Code, message);
  return new IaasError('PROVIDER_ERROR', ec2Code, message, httpStatus !== undefined && httpStatus >= 500);
}

/**
 * The network failure an error stands for, if any. Besides `code` and `name`, the message is read:
 * the SDK's retry middleware rewraps an error object from another JavaScript realm (a socket error
 * seen from inside a vm context) as a plain Error whose message alone keeps the errno code.
 */
function networkFailure(e: SdkErrorShape, message: string): string | undefined {
  const candidates = [e.code, e.name, ...(message.match(/\b[A-Z][A-Za-z]+\b/g) ?? [])];
  return candidates.find((c): c is string => c !== undefined && NETWORK_FAILURES.has(c));
}

/** Any error thrown by an EC2 client call, normalised (an IaasError passes through unchanged). */
export function toIaasError(err: unknown): IaasError {
  if (err instanceof IaasError) return err;
  const e = (err ?? {}) as SdkErrorShape;
  const message = e.message ?? String(err);
  if (e.$metadata?.httpStatusCode !== undefined && e.name)
    return fromEc2Code(e.name, message, e.$metadata.httpStatusCode);
  const network = networkFailure(e, message);
  if (network) return new IaasError('UNREACHABLE', network, `EC2 endpoint unreachable: ${message}`);
  return new IaasError('PROVIDER_ERROR', e.name ?? 'Error', message);
}
