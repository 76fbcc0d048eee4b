/**
 * Loads dist's template CLI bundle with a V8 code cache taken *after* a complete run.
 *
 * Node's compile cache stores the code V8 has compiled when a file is first compiled: the
 * top-level code and eagerly compiled functions. Every function first called later (most of the
 * template engine) is still parsed and compiled from source on every `marina template` run — about
 * 120 M instructions of ~720 M for Bitnami redis. A cache made with `script.createCachedData()`
 * once the render is done holds the bytecode of every function the run used, so the next run
 * compiles next to nothing (measured with callgrind: ~15% fewer instructions per process).
 *
 * Entries live in `<cache>/code` (config.ts codeCacheDir), named by the Node/V8 version, the
 * compile flags and the bundle file's identity (size, mtime, inode: the build writes the bundle
 * to a new file and renames it, so any rebuild changes the name). V8 itself also rejects data
 * produced by another version or with other flags; a rejected, missing or unreadable entry just
 * means compiling from source, and the run then writes a fresh entry (atomically: temp + rename).
 * Any failure to read or write the cache is ignored: it can only cost time, never change output.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** A loaded bundle; call {@link LoadedBundle.saveCodeCache} once the work is done. */
export interface LoadedBundle {
  readonly exports: unknown;
  /** Writes the post-run code cache when this run had none (or V8 rejected it). Never throws. */
  saveCodeCache(): void;
}

/** What names a bundle build (from its stat): the build writes a new file and renames it each time. */
export interface FileIdentity {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** Entries kept per cache directory (one per bundle build and Node version in use). */
const KEEP_ENTRIES = 4;

/**
 * Requires the CommonJS file `file` like Node would (own module object, require relative to it),
 * compiling it with the code cache in `cacheDir` (null: no cache). `flags` names the V8 flags set
 * before compiling (part of the entry name); `identity` is the file's stat when the caller has it.
 */
export function loadBundle(
  file: string,
  cacheDir: string | null,
  flags: string,
  identity: FileIdentity | undefined = statSync(file, { throwIfNoEntry: false }),
): LoadedBundle {
  const source = readFileSync(file, 'utf8');
  const entry = cacheDir && identity ? entryPath(cacheDir, identity, flags) : null;
  let cachedData: Buffer | undefined;
  if (entry) {
    try {
      cachedData = readFileSync(entry);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const needsSave = entry !== null && (cachedData === undefined || script.cachedDataRejected === true);
  const internals = Module as unknown as { _nodeModulePaths(dir: string): string[]; _cache: Record<string, Module> };
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = internals._nodeModulePaths(dirname(file));
  // In require's cache like any required file (a later require(file) gets this module).
  internals._cache[file] = mod;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  try {
    wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  } catch (err) {
    delete internals._cache[file];
    throw err;
  }
  mod.loaded = true;
  return {
    exports: mod.exports,
    saveCodeCache(): void {
      if (!needsSave || entry === null || cacheDir === null) return;
      try {
        mkdirSync(cacheDir, { recursive: true });
        const tmp = `${entry}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, entry);
        prune(cacheDir, entry);
      } catch {
        // an unwritable cache only costs time
      }
    },
  };
}

function entryPath(cacheDir: string, st: FileIdentity, flags: string): string {
  // V8 rejects data made under other flags: the process's own flags are part of the name too
  // (hashed: execArgv can be long, e.g. `-e <script>`).
  const flagsId = fnv1a([flags, ...process.execArgv].join('\0')).toString(16);
  const id = [process.versions.node, process.versions.v8, flagsId, st.size, Math.trunc(st.mtimeMs), st.ino].join('_');
  return join(cacheDir, `template-cli.${id.replace(/[^A-Za-z0-9._-]/g, '-')}.v8`);
}

/** 32-bit FNV-1a of a string's UTF-16 code units (a name, not a security boundary). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Keeps the newest {@link KEEP_ENTRIES} entries (by mtime), `keep` always among them. */
function prune(cacheDir: string, keep: string): void {
  const entries = readdirSync(cacheDir)
    .filter((n) => n.startsWith('template-cli.') && n.endsWith('.v8'))
    .map((n) => join(cacheDir, n))
    .filter((p) => p !== keep)
    .map((p) => ({ p, t: statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.t - a.t);
  for (const { p } of entries.slice(KEEP_ENTRIES - 1)) {
    try {
      unlinkSync(p);
    } catch {
      // another process pruned it
    }
  }
}
