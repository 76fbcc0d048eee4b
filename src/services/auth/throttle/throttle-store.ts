/** A key's counters: consecutive failures, and when a refusal window ends (epoch ms; 0 = none). */
export interface ThrottleState {
  readonly failures: number;
  readonly blockedUntil: number;
}

/**
 * Failure counters shared by every API replica (Redis in production, PostgreSQL embedded). Times are
 * passed in (epoch ms), so the policy owns the clock. Counters not touched for `idleResetMs` start
 * again from zero.
 */
export interface ThrottleStore {
  /** The current state of each key, in order (unknown or idle-expired keys are zero). */
  get(keys: readonly string[], now: number): Promise<ThrottleState[]>;
  /** Atomically adds one failure to `key` and returns the new count. */
  increment(key: string, now: number, idleResetMs: number): Promise<number>;
  /** Moves the key's window end to `until` unless it already ends later. */
  block(key: string, until: number, idleResetMs: number): Promise<void>;
  /** Forgets the key (a successful login). */
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}
