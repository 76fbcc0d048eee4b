import type { LoginThrottleConfig } from '../../../config';
import { DomainError } from '../../errors';
import type { ThrottleStore } from './throttle-store';

/** Who is attempting: the account name (case-insensitive) and the client address. */
export interface Attempt {
  readonly account: string;
  readonly address: string;
}

/** Thrown while a window is open: extensions.code TOO_MANY_ATTEMPTS, extensions.retryAfter in seconds. */
export function tooManyAttempts(retryAfterSeconds: number): DomainError {
  return new DomainError('TOO_MANY_ATTEMPTS', `Too many failed attempts; try again in ${retryAfterSeconds} s`, {
    retryAfter: retryAfterSeconds,
  });
}

/**
 * Failed-credential throttling per account and per client address, shared across replicas through a
 * ThrottleStore. From the (free + 1)-th consecutive failure on, a window opens (base, doubling per
 * further failure, capped); attempts inside a window are refused at once, without checking the
 * password and without counting. A success resets the account's counter.
 */
export class LoginThrottle {
  constructor(
    private readonly store: ThrottleStore,
    private readonly policy: LoginThrottleConfig,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Throws TOO_MANY_ATTEMPTS while a window of the account or the address is open. */
  async assertAllowed(attempt: Attempt): Promise<void> {
    const now = this.clock();
    const states = await this.store.get(keysOf(attempt), now);
    const until = Math.max(...states.map((s) => s.blockedUntil));
    if (until > now) throw tooManyAttempts(Math.ceil((until - now) / 1000));
  }

  /** Counts a failed attempt; opens or lengthens windows past the free failures. */
  async failed(attempt: Attempt): Promise<void> {
    const now = this.clock();
    const [account, address] = keysOf(attempt);
    await Promise.all([
      this.count(account, now, this.policy.accountFreeFailures),
      this.count(address, now, this.policy.addressFreeFailures),
    ]);
  }

  async succeeded(attempt: Attempt): Promise<void> {
    await this.store.reset(keysOf(attempt)[0]);
  }

  /** The window after `failures` consecutive failures (0: none). */
  windowMs(failures: number, free: number): number {
    if (failures <= free) return 0;
    return Math.min(this.policy.baseWindowMs * 2 ** Math.min(failures - free - 1, 30), this.policy.maxWindowMs);
  }

  private async count(key: string, now: number, free: number): Promise<void> {
    const failures = await this.store.increment(key, now, this.policy.idleResetMs);
    const window = this.windowMs(failures, free);
    if (window > 0) await this.store.block(key, now + window, this.policy.idleResetMs);
  }
}

function keysOf(attempt: Attempt): [string, string] {
  return [`account:${attempt.account.toLowerCase()}`, `address:${attempt.address}`];
}
