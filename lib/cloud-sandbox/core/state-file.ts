import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StateStore } from './contracts';

/** Sections of one sandbox's state file: the front end's own model beside the core's. */
export type StateSection = 'frontEnd' | 'hosts' | 'tokens' | 'images';

type Sections = Partial<Record<StateSection, unknown>>;

/**
 * One JSON file holding every section. Saves are coalesced (one write per `debounceMs` however
 * many saves), serialised at write time (so the latest state wins), and atomic (temp file +
 * rename): a crash leaves the previous or the next file, never a torn one. Without a path, state
 * lives in memory only.
 */
export class JsonStateFile {
  private readonly sections: Sections;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private writes = 0;

  constructor(
    readonly path: string | undefined,
    private readonly debounceMs = 25,
  ) {
    this.sections = path && existsSync(path) ? JsonStateFile.parse(path) : {};
  }

  private static parse(path: string): Sections {
    const text = readFileSync(path, 'utf8');
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Sections;
    } catch (err) {
      throw new Error(`cloud sandbox state file ${path} is not valid JSON: ${(err as Error).message}`);
    }
    throw new Error(`cloud sandbox state file ${path} does not hold a JSON object`);
  }

  get<T>(section: StateSection): T | undefined {
    return this.sections[section] as T | undefined;
  }

  set(section: StateSection, value: unknown): void {
    this.sections[section] = value;
    if (!this.path || this.timer) return;
    this.timer = setTimeout(() => void this.writeNow(), this.debounceMs);
    this.timer.unref();
  }

  /** How many times the file was written (coalescing is observable through it). */
  get writeCount(): number {
    return this.writes;
  }

  async flush(): Promise<void> {
    if (this.timer) await this.writeNow();
    await this.writing;
  }

  private writeNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const path = this.path;
    if (!path) return Promise.resolve();
    const text = JSON.stringify({ version: 1, ...this.sections }, null, 1);
    this.writing = this.writing.then(async () => {
      mkdirSync(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, text, { mode: 0o600 });
      await rename(temp, path);
      this.writes++;
    });
    return this.writing;
  }

  /** The front end's view: one section, typed by the front end. */
  store<T>(): StateStore<T> {
    return {
      load: () => this.get<T>('frontEnd'),
      save: (state: T) => this.set('frontEnd', state),
      flush: () => this.flush(),
    };
  }
}
