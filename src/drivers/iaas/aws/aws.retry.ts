/**
 * The throttle retry of EC2 calls (the shared rule of retry-throttled.ts) with EC2's own defaults.
 * The SDK's retries are turned off (`maxAttempts: 1`) so that this is the one rule; failures leave
 * normalised as IaasError.
 */
import { retryThrottled, type BackoffOptions, type RetryHooks } from '../retry-throttled';
import { toIaasError } from './aws.errors';

export const DEFAULT_RETRY_POLICY: BackoffOptions = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };

export function withThrottleRetry<T>(
  call: () => Promise<T>,
  policy: BackoffOptions = DEFAULT_RETRY_POLICY,
  hooks: RetryHooks = {},
): Promise<T> {
  return retryThrottled(
    async () => {
      try {
        return await call();
      } catch (err) {
        throw toIaasError(err);
      }
    },
    policy,
    hooks,
  );
}
