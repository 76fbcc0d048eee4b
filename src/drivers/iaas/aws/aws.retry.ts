/**
 * Backoff for throttled EC2 calls. The SDK's own retries are turned off (`maxAttempts: 1`) so that
 * exactly one rule decides: a THROTTLED answer is retried with exponential backoff and full jitter
 * up to `attempts` calls in all; every other failure escapes at once, normalised. Network failures
 * are not retried here: a lost response may hide an accepted call, and the caller's observe-first
 * step (find by token) is what settles it.
 */
import { toIaasError } from './aws.errors';

export interface RetryPolicy {
  /** Calls in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };

export interface RetryHooks {
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Told before each wait: the attempt that was throttled (1-based) and the delay chosen. */
  readonly onRetry?: (attempt: number, delayMs: number) => void;
}

/** Full jitter: a uniform delay in [0, min(max, base · 2^(attempt-1))]. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withThrottleRetry<T>(call: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY_POLICY, hooks: RetryHooks = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const failure = toIaasError(err);
      if (failure.code !== 'THROTTLED' || attempt >= policy.attempts) throw failure;
      const delay = backoffMs(attempt, policy, hooks.random);
      hooks.onRetry?.(attempt, delay);
      await (hooks.sleep ?? realSleep)(delay);
    }
  }
}
