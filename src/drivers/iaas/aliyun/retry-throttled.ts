import { setTimeout as delay } from 'node:timers/promises';
import { IaasError } from '../iaas.types';

export interface BackoffOptions {
  /** Calls in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { attempts: 6, baseDelayMs: 250, maxDelayMs: 8000 };

/**
 * Runs `call`, retrying it while it fails with a THROTTLED IaasError, with exponential backoff and
 * jitter (delay n = base·2ⁿ⁻¹ scaled by 0.5–1, capped). Any other error, or the last throttle, escapes.
 */
export async function retryThrottled<T>(call: () => Promise<T>, options: BackoffOptions = DEFAULT_BACKOFF, sleep: (ms: number) => Promise<unknown> = delay): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof IaasError) || err.code !== 'THROTTLED' || attempt >= options.attempts) throw err;
      const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      await sleep(backoff * (0.5 + Math.random() / 2));
    }
  }
}
