/**
 * A push-driven AsyncIterableIterator: producers `push`, consumers `for await`. `return()`
 * (a consumer breaking out, or a GraphQL subscription ending) resolves a pending `next()` at
 * once and runs `onClose` exactly once — unlike an async generator, which cannot be stopped
 * while it awaits.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<{ resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }> = [];
  private failure: { error: unknown } | undefined;
  private ended = false;
  private closeHook: (() => Promise<void> | void) | undefined;

  /** `onClose` runs once when the consumer stops or the producer ends/fails the queue. */
  constructor(onClose?: () => Promise<void> | void) {
    this.closeHook = onClose;
  }

  get isEnded(): boolean {
    return this.ended || this.failure !== undefined;
  }

  push(item: T): void {
    if (this.isEnded) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve({ value: item, done: false });
    else this.items.push(item);
  }

  /** Ends the stream after the buffered items. */
  end(): void {
    if (this.isEnded) return;
    this.ended = true;
    this.flushWaiters();
    void this.runCloseHook();
  }

  /** Ends the stream with an error delivered after the buffered items. */
  fail(error: unknown): void {
    if (this.isEnded) return;
    this.failure = { error };
    this.flushWaiters();
    void this.runCloseHook();
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.failure) {
      const { error } = this.failure;
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  async return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.ended = true;
    this.flushWaiters();
    await this.runCloseHook();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private flushWaiters(): void {
    if (this.items.length > 0) return;
    for (const waiter of this.waiters.splice(0)) {
      if (this.failure) waiter.reject(this.failure.error);
      else waiter.resolve({ value: undefined, done: true });
    }
  }

  private async runCloseHook(): Promise<void> {
    const hook = this.closeHook;
    this.closeHook = undefined;
    if (hook) await hook();
  }
}
