import { KubeApiError } from '../api/api-errors';

/**
 * A deduplicating, asynchronous work queue (the client-go workqueue in miniature): keys added
 * while queued are processed once; processing happens on a later tick, never inside a store
 * callback; a Conflict from the API re-queues the key; `addAfter` schedules a key.
 */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly process: (key: string) => void,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.add(key);
    }, delayMs);
    this.timers.add(t);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
  }

  private drain(): void {
    this.scheduled = false;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        this.process(key);
      } catch (err) {
        if (
          err instanceof KubeApiError &&
          (err.code === 'Conflict' || err.code === 'AlreadyExists' || err.code === 'NotFound')
        ) {
          this.addAfter(key, 20);
          continue;
        }
        process.emitWarning(
          `kube sandbox ${this.name} controller failed on ${key}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        this.addAfter(key, 1000);
      }
    }
  }
}
