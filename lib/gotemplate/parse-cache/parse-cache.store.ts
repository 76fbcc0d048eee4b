/**
 * The on-disk store of parsed template sets: one file per set, under a directory of its own.
 *
 * An entry is keyed by its *inputs*: every string the parse result depends on (format and parser
 * fingerprint, settings, function names, each template's name and text). The file name is a
 * cheap hash of a sample of the inputs; the entry stores the inputs themselves and a read only
 * hits when they are all exactly equal to the caller's, so neither a hash collision nor a stale
 * parser can ever produce a wrong tree. (A full hash needs node:crypto or a JS loop over every
 * character; cold, either costs more than the whole lookup: ~5–15 ms against ~0.3 ms for reading
 * and comparing the stored inputs.) A name collision only costs a re-parse and an overwrite.
 *
 * File layout: `MAGIC` line, a JSON header line, the inputs (UTF-8, concatenated), the set's
 * string table (a UTF-8 JSON array), zero padding to a multiple of 4 bytes, then the trees'
 * encodings as little-endian int32s (tree-codec.ts; the header gives each tree's range), which a
 * hit reads through an Int32Array view of the file's bytes.
 *
 * Robustness: anything unexpected on read (missing, truncated, foreign, garbled) is a miss; writes
 * go to a temp file renamed into place (readers of concurrent processes see old or new, never a
 * torn file); every filesystem error disables the cache for that call silently. The directory
 * keeps the {@link MAX_ENTRIES} most recently used entries (a hit touches its file's mtime; each
 * write prunes the least recently used ones and temp files left by crashed processes).
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const MAGIC = 'MARINA-PARSE-CACHE/3\n';
const SUFFIX = '.mpc';
/** How many entries a cache directory keeps (most recently used first). */
export const MAX_ENTRIES = 64;
/** Temp files older than this are leftovers of crashed writers. */
const STALE_TEMP_MS = 10 * 60 * 1000;

/** One stored tree: its name, whether it is empty, and its encoding's range in the integers. */
export interface StoredTree {
  readonly name: string;
  readonly empty: boolean;
  readonly start: number;
  readonly end: number;
}

/** The encoded trees of a set: per parsed text, its trees' ranges in `ints`; one string table. */
export interface SetToStore {
  readonly strings: readonly string[];
  readonly ints: readonly number[];
  readonly groups: readonly (readonly StoredTree[])[];
}

/** A verified entry: the trees' integers and string table and, per parsed text, the trees it defined. */
export interface LoadedEntry {
  readonly path: string;
  readonly ints: Int32Array;
  readonly strings: readonly string[];
  readonly groups: readonly (readonly StoredTree[])[];
}

interface Header {
  /** Length (UTF-8 bytes) of each input. */
  readonly lens: number[];
  /** Byte lengths of the inputs and string-table blocks; number of int32s. */
  readonly inBytes: number;
  readonly strBytes: number;
  readonly intCount: number;
  /** Per group: [name, empty 0|1, start, end] for each tree. */
  readonly groups: [string, number, number, number][][];
}

/** A directory of parse cache entries. */
export class ParseCacheStore {
  constructor(readonly dir: string) {}

  /** Where the entry for `inputs` lives. */
  pathFor(inputs: readonly string[]): string {
    return join(this.dir, `${sampleHash(inputs)}${SUFFIX}`);
  }

  /** The entry whose inputs equal `inputs` exactly, or null. Never throws. */
  read(inputs: readonly string[]): LoadedEntry | null {
    const path = this.pathFor(inputs);
    let buf: Buffer;
    try {
      buf = readFileSync(path);
    } catch {
      return null;
    }
    const entry = verify(path, buf, inputs);
    if (entry) {
      try {
        const now = new Date();
        utimesSync(path, now, now);
      } catch {
        // best effort: only the eviction order suffers
      }
    }
    return entry;
  }

  /** Stores an entry (atomically, replacing any entry of the same name). Never throws. */
  write(inputs: readonly string[], set: SetToStore): void {
    try {
      const path = this.pathFor(inputs);
      const inputsText = inputs.join('');
      const stringsText = JSON.stringify(set.strings);
      const header: Header = {
        lens: inputs.map((s) => Buffer.byteLength(s, 'utf8')),
        inBytes: Buffer.byteLength(inputsText, 'utf8'),
        strBytes: Buffer.byteLength(stringsText, 'utf8'),
        intCount: set.ints.length,
        groups: set.groups.map((g) =>
          g.map((t): [string, number, number, number] => [t.name, t.empty ? 1 : 0, t.start, t.end]),
        ),
      };
      const text = Buffer.from(`${MAGIC}${JSON.stringify(header)}\n${inputsText}${stringsText}`, 'utf8');
      const ints = Buffer.alloc(set.ints.length * 4);
      for (let k = 0; k < set.ints.length; k++) ints.writeInt32LE(set.ints[k], k * 4);
      const data = Buffer.concat([text, Buffer.alloc(padding(text.length)), ints]);
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        writeFileSync(tmp, data);
        renameSync(tmp, path);
      } catch (err) {
        removeQuietly(tmp);
        throw err;
      }
      this.prune();
    } catch {
      // unwritable directory, full disk…: the cache is an optimisation, never an error
    }
  }

  /** Deletes an entry found to be damaged (the next run rewrites it). Never throws. */
  discard(path: string): void {
    removeQuietly(path);
  }

  /** Keeps the MAX_ENTRIES most recently used entries; removes stale temp files. */
  private prune(): void {
    const entries: { path: string; mtime: number }[] = [];
    const now = Date.now();
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      let mtime: number;
      try {
        mtime = statSync(path).mtimeMs;
      } catch {
        continue;
      }
      if (name.endsWith(SUFFIX)) entries.push({ path, mtime });
      else if (name.endsWith('.tmp') && now - mtime > STALE_TEMP_MS) removeQuietly(path);
    }
    if (entries.length <= MAX_ENTRIES) return;
    entries.sort((a, b) => b.mtime - a.mtime);
    for (const e of entries.slice(MAX_ENTRIES)) removeQuietly(e.path);
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone (another process pruned it) or not ours to remove
  }
}

/** Parses and checks an entry file against the expected inputs; null when anything is off. */
function verify(path: string, buf: Buffer, inputs: readonly string[]): LoadedEntry | null {
  try {
    if (buf.length < MAGIC.length || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
    const nl = buf.indexOf(10, MAGIC.length);
    if (nl < 0) return null;
    const h = JSON.parse(buf.toString('utf8', MAGIC.length, nl)) as Header;
    if (!isHeader(h) || h.lens.length !== inputs.length) return null;
    const inStart = nl + 1;
    const strStart = inStart + h.inBytes;
    const strEnd = strStart + h.strBytes;
    const intsStart = strEnd + padding(strEnd);
    if (buf.length !== intsStart + h.intCount * 4) return null;
    let off = inStart;
    for (let i = 0; i < inputs.length; i++) {
      const len = h.lens[i];
      if (!sameText(buf, off, len, inputs[i])) return null;
      off += len;
    }
    if (off !== strStart) return null;
    const strings = JSON.parse(buf.toString('utf8', strStart, strEnd)) as unknown;
    if (!Array.isArray(strings) || !strings.every((x) => typeof x === 'string')) return null;
    const groups: StoredTree[][] = [];
    for (const g of h.groups) {
      const trees: StoredTree[] = [];
      for (const t of g) {
        if (
          !Array.isArray(t) ||
          typeof t[0] !== 'string' ||
          !isIndex(t[2]) ||
          !isIndex(t[3]) ||
          t[2] > t[3] ||
          t[3] > h.intCount
        )
          return null;
        trees.push({ name: t[0], empty: t[1] === 1, start: t[2], end: t[3] });
      }
      groups.push(trees);
    }
    return { path, ints: int32View(buf, intsStart, h.intCount), strings: strings as string[], groups };
  } catch {
    return null;
  }
}

/**
 * Whether the `len` bytes at `off` are `text` in UTF-8. An ASCII text (UTF-8 length equal to its
 * length) is compared with the bytes read as Latin-1, which V8 keeps as a one-byte string; decoding
 * as UTF-8 would make the whole stored block one two-byte string as soon as any input has a
 * non-ASCII character (3 of Bitnami redis's 57 templates do): ~2× the memory and ~4× the time.
 */
function sameText(buf: Buffer, off: number, len: number, text: string): boolean {
  if (off + len > buf.length || Buffer.byteLength(text, 'utf8') !== len) return false;
  return buf.toString(len === text.length ? 'latin1' : 'utf8', off, off + len) === text;
}

function isHeader(h: unknown): h is Header {
  if (typeof h !== 'object' || h === null) return false;
  const x = h as Partial<Header>;
  return (
    Array.isArray(x.lens) &&
    x.lens.every(isIndex) &&
    isIndex(x.inBytes) &&
    isIndex(x.strBytes) &&
    isIndex(x.intCount) &&
    Array.isArray(x.groups) &&
    x.groups.every(Array.isArray)
  );
}

/** Zero bytes that bring `length` to a multiple of 4 (the int32 block's alignment in the file). */
function padding(length: number): number {
  return (4 - (length % 4)) % 4;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The `count` little-endian int32s at `off` in `buf`: a view of the file's own bytes when they are
 * aligned in memory (a whole-file read normally is) and the machine is little-endian, else a copy.
 */
function int32View(buf: Buffer, off: number, count: number): Int32Array {
  if (LITTLE_ENDIAN && (buf.byteOffset + off) % 4 === 0) return new Int32Array(buf.buffer, buf.byteOffset + off, count);
  const out = new Int32Array(count);
  for (let k = 0; k < count; k++) out[k] = buf.readInt32LE(off + k * 4);
  return out;
}

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/**
 * 64-bit FNV-1a-style hash (two 32-bit lanes) over each input's length and a sample of its
 * characters: all of a short input, else its ends and 32 evenly spaced characters (cold, for
 * redis's 128 inputs: ~0.75 ms, against ~1.9 ms with 128). Only names the file; entries are
 * verified against the full inputs.
 */
export function sampleHash(inputs: readonly string[]): string {
  let a = 0x811c9dc5 | 0;
  let b = 0x9e3779b9 | 0;
  const mix = (c: number): void => {
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
  };
  for (const s of inputs) {
    const n = s.length;
    mix(n & 0xffff);
    mix(n >>> 16);
    if (n <= 96) {
      for (let i = 0; i < n; i++) mix(s.charCodeAt(i));
    } else {
      for (let i = 0; i < 16; i++) mix(s.charCodeAt(i));
      const stride = Math.floor((n - 32) / 32);
      for (let i = 16; i < n - 16; i += stride) mix(s.charCodeAt(i));
      for (let i = n - 16; i < n; i++) mix(s.charCodeAt(i));
    }
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
