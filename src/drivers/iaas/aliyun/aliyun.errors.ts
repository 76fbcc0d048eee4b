import { IaasError, type IaasErrorCode } from '../iaas.types';

/** One row of the error table: how an ECS error code is recognised and what it means. */
export interface AliyunErrorRule {
  readonly match: 'exact' | 'prefix' | 'suffix';
  readonly pattern: string;
  readonly code: IaasErrorCode;
  /** Overrides IaasError's default (THROTTLED and UNREACHABLE retry). */
  readonly retryable?: boolean;
}

/**
 * ECS error codes → normalised errors; the first matching row wins, so specific codes come before
 * the families they belong to (InvalidRegionId.NotFound is a wrong region, not a missing resource).
 */
export const ALIYUN_ERROR_RULES: readonly AliyunErrorRule[] = [
  { match: 'exact', pattern: 'InvalidRegionId.NotFound', code: 'WRONG_REGION' },
  { match: 'exact', pattern: 'InvalidZoneId.NotFound', code: 'WRONG_REGION' },
  { match: 'prefix', pattern: 'InvalidAccessKeyId', code: 'BAD_CREDENTIALS' },
  { match: 'prefix', pattern: 'InvalidSecurityToken', code: 'BAD_CREDENTIALS' },
  { match: 'exact', pattern: 'SignatureDoesNotMatch', code: 'BAD_CREDENTIALS' },
  { match: 'exact', pattern: 'IncompleteSignature', code: 'BAD_CREDENTIALS' },
  { match: 'exact', pattern: 'IdempotentParameterMismatch', code: 'IDEMPOTENCY_MISMATCH' },
  { match: 'prefix', pattern: 'Throttling', code: 'THROTTLED' },
  { match: 'exact', pattern: 'ServiceUnavailable', code: 'THROTTLED' },
  { match: 'prefix', pattern: 'Forbidden', code: 'FORBIDDEN' },
  { match: 'exact', pattern: 'NoPermission', code: 'FORBIDDEN' },
  { match: 'prefix', pattern: 'QuotaExceed', code: 'QUOTA_EXCEEDED' },
  { match: 'prefix', pattern: 'Incorrect', code: 'INCORRECT_STATE', retryable: true },
  { match: 'suffix', pattern: '.NotFound', code: 'NOT_FOUND' },
  { match: 'prefix', pattern: 'Missing', code: 'INVALID_PARAMETER' },
  { match: 'prefix', pattern: 'Invalid', code: 'INVALID_PARAMETER' },
  { match: 'exact', pattern: 'InternalError', code: 'PROVIDER_ERROR', retryable: true },
];

/** Node network failures: the endpoint could not be reached or the connection was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

function matches(rule: AliyunErrorRule, providerCode: string): boolean {
  if (rule.match === 'exact') return providerCode === rule.pattern;
  return rule.match === 'prefix' ? providerCode.startsWith(rule.pattern) : providerCode.endsWith(rule.pattern);
}

export function classifyAliyunCode(providerCode: string): { code: IaasErrorCode; retryable?: boolean } {
  const rule = ALIYUN_ERROR_RULES.find((r) => matches(r, providerCode));
  return rule ? { code: rule.code, retryable: rule.retryable } : { code: 'PROVIDER_ERROR' };
}

interface SdkError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly message?: unknown;
  readonly data?: { Message?: unknown };
}

/** Translates whatever the SDK threw into an IaasError (the ECS code kept as providerCode). */
export function toIaasError(err: unknown, action: string): IaasError {
  if (err instanceof IaasError) return err;
  const e = (err ?? {}) as SdkError;
  const code = typeof e.code === 'string' ? e.code : '';
  if (typeof e.statusCode === 'number' && code) {
    const { code: normalised, retryable } = classifyAliyunCode(code);
    const message = typeof e.data?.Message === 'string' ? e.data.Message : String(e.message);
    return new IaasError(normalised, code, `Aliyun ${action}: ${code}: ${message}`, retryable);
  }
  const network = NETWORK_CODES.has(code) || /socket hang up|timeout/i.test(String(e.message));
  if (network)
    return new IaasError(
      'UNREACHABLE',
      code || 'NetworkError',
      `Aliyun ${action}: endpoint unreachable: ${String(e.message)}`,
    );
  return new IaasError('PROVIDER_ERROR', code || 'Unknown', `Aliyun ${action}: ${String(e.message ?? err)}`);
}
