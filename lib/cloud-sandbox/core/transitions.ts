import type { Transitions } from './contracts';

/**
 * Timer-driven state changes keyed by resource: scheduling a key again supersedes the earlier
 * schedule, so a resource never runs two transitions at once. Timers do not keep the process alive.
 */
export class TimerTransitions implements Transitions {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly onError: (key: string, err: unknown) => void = () => undefined) {}

  schedule(key: string, delayMs: number, apply: () => void | Promise<void>): void {
    if (this.closed) return;
    this.cancel(key);
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        Promise.resolve()
          .then(apply)
          .catch((err: unknown) => this.onError(key, err));
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  /** Keys with a transition still to come (for tests and diagnostics). */
  pending(): readonly string[] {
    return [...this.timers.keys()];
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
