import { IaasError, type IaasErrorCode } from '../iaas.types';

/** One row of the error table: a ret_code, optionally narrowed by the message, and its meaning. */
export interface QingCloudErrorRule {
  readonly retCode: number;
  readonly message?: RegExp;
  readonly code: IaasErrorCode;
  /** Overrides IaasError's default (THROTTLED and UNREACHABLE retry). */
  readonly retryable?: boolean;
}

/**
 * QingCloud ret_codes (https://docs.qingcloud.com/api/common/error_code.html) → normalised errors;
 * the first matching row wins. 2500 is both a resource quota and an API-rate quota, 1400 both a
 * permission refusal and a resource whose status forbids the action, 2100 a missing resource or zone:
 * the message tells them apart.
 */
export const QINGCLOUD_ERROR_RULES: readonly QingCloudErrorRule[] = [
  { retCode: 1100, code: 'INVALID_PARAMETER' },
  { retCode: 1200, code: 'BAD_CREDENTIALS' },
  { retCode: 1300, code: 'INVALID_PARAMETER' },
  { retCode: 1400, message: /status of resource|not ready yet|try later/i, code: 'INCORRECT_STATE', retryable: true },
  { retCode: 1400, code: 'FORBIDDEN' },
  { retCode: 2100, message: /\bzone \[/i, code: 'WRONG_REGION' },
  { retCode: 2100, code: 'NOT_FOUND' },
  { retCode: 2400, code: 'QUOTA_EXCEEDED' },
  { retCode: 2500, message: /too frequent|too many requests|try later/i, code: 'THROTTLED' },
  { retCode: 2500, code: 'QUOTA_EXCEEDED' },
  { retCode: 5000, code: 'PROVIDER_ERROR', retryable: true },
  { retCode: 5100, code: 'THROTTLED' },
];

export function classifyQingCloudError(retCode: number, message: string): { code: IaasErrorCode; retryable?: boolean } {
  const rule = QINGCLOUD_ERROR_RULES.find((r) => r.retCode === retCode && (!r.message || r.message.test(message)));
  return rule ? { code: rule.code, retryable: rule.retryable } : { code: 'PROVIDER_ERROR' };
}

/** A `{ ret_code, message }` answer as an IaasError; the ret_code is kept as providerCode. */
export function qingCloudError(action: string, retCode: number, message: string): IaasError {
  const { code, retryable } = classifyQingCloudError(retCode, message);
  return new IaasError(code, String(retCode), `QingCloud ${action}: ${retCode}: ${message}`, retryable);
}
