import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MemoryStore, StoreSnapshot } from './memory.store';
import type { Subscription } from './store.types';

/**
 * Persists a {@link MemoryStore} to one JSON file: loaded once at start, rewritten (atomically,
 * via a temporary file and rename) at most every `debounceMs` after changes, and on `flush()`.
 */
export class FilePersistence {
  private timer?: NodeJS.Timeout;
  private subscription?: Subscription;
  private dirty = false;

  constructor(
    private readonly store: MemoryStore,
    private readonly path: string,
    private readonly debounceMs = 200,
  ) {}

  /** Loads the file into the store if it exists. Returns true when state was restored. */
  load(): boolean {
    if (!existsSync(this.path)) return false;
    const snapshot = JSON.parse(readFileSync(this.path, 'utf8')) as StoreSnapshot;
    if (typeof snapshot.revision !== 'number' || !Array.isArray(snapshot.objects))
      throw new Error(`${this.path} is not a kube sandbox state file`);
    this.store.restore(snapshot);
    return true;
  }

  /** Starts writing changes back to the file. */
  watch(): void {
    this.subscription = this.store.subscribe(() => {
      this.dirty = true;
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.debounceMs);
    });
  }

  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const tmp = `${this.path}.tmp`;
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(tmp, JSON.stringify(this.store.snapshot()));
    renameSync(tmp, this.path);
  }

  /** Stops watching and writes any pending change. */
  close(): void {
    this.subscription?.close();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
  }
}
