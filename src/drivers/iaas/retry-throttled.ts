/**
 * The throttle retry of every IaaS adapter: a THROTTLED IaasError is retried with exponential
 * backoff and jitter up to `attempts` calls in all; every other failure escapes at once. Adapters
 * normalise their SDK's errors into IaasError inside `call`, and turn their SDK's own retries off,
 * so that this is the one rule. Network failures are not retried: a lost response may hide an
 * accepted call, and the caller's observe-first step (find by token or tag) is what settles it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { IaasError } from './iaas.types';

export interface BackoffOptions {
  /** Calls in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { attempts: 6, baseDelayMs: 250, maxDelayMs: 8000 };

export interface RetryHooks {
  readonly sleep?: (ms: number) => Promise<unknown>;
  /** A number in [0, 1) (default Math.random). */
  readonly random?: () => number;
  /** Told before each wait: the attempt that was throttled (1-based) and the delay chosen. */
  readonly onRetry?: (attempt: number, delayMs: number) => void;
}

/** The wait after throttled attempt n: base·2ⁿ⁻¹, capped at max, scaled by a jitter of 0.5–1. */
export function backoffMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap * (0.5 + random() / 2));
}

/** Runs `call`, retrying it while it fails with a THROTTLED IaasError; any other error, or the last throttle, escapes. */
export async function retryThrottled<T>(
  call: () => Promise<T>,
  options: BackoffOptions = DEFAULT_BACKOFF,
  hooks: RetryHooks = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof IaasError) || err.code !== 'THROTTLED' || attempt >= options.attempts) throw err;
      const wait = backoffMs(attempt, options, hooks.random);
      hooks.onRetry?.(attempt, wait);
      await (hooks.sleep ?? delay)(wait);
    }
  }
}
