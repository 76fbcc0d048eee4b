import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackageArchive, type PackageLoadOptions } from '../../packages/package-loader';
import { entryForPackage, indexFormatOf, joinUrl } from './package-entry';
import { parseRepoIndex } from './repo-index.parse';
import type { IndexFormat } from './repo-index.types';
import { goTimestamp, serializeIndex, writableFromParsed, type WritableEntry } from './repo-index.write';

export interface DirectoryIndexOptions {
  /** Base URL prepended to each archive's relative path. */
  readonly url?: string;
  /** An existing index to merge: its versions missing from the directory are kept. */
  readonly merge?: string;
  /** Index dialect; `auto` picks Helm when any chart is present, else VM. */
  readonly format?: IndexFormat | 'auto';
  readonly now?: Date;
  readonly load?: PackageLoadOptions;
}

export interface DirectoryIndexResult {
  readonly format: IndexFormat;
  readonly text: string;
  readonly entries: number;
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}

/**
 * Indexes the packages in a directory like `helm repo index`: `*.tgz` at the top and one
 * directory level down, each loaded and validated (unloadable files are skipped, as Helm
 * skips non-charts), digests are SHA-256 of the files, URLs relative or joined to `url`.
 * With `merge`, versions only in the old index are kept (a missing merge file is created empty).
 */
export function indexDirectory(dir: string, options: DirectoryIndexOptions = {}): DirectoryIndexResult {
  const now = options.now ?? new Date();
  const loaded = archivesOf(dir).map((rel) => loadArchive(dir, rel, options, now));
  const ok = loaded.filter((l): l is Loaded => 'entry' in l);
  const format =
    options.format && options.format !== 'auto'
      ? options.format
      : ok.some((l) => l.format === 'helm') || ok.length === 0
        ? 'helm'
        : 'vm';
  const skipped = loaded.filter((l): l is Skipped => 'reason' in l).map((s) => ({ file: s.file, reason: s.reason }));
  const entries: WritableEntry[] = [];
  for (const l of ok) {
    if (l.format === format) entries.push(l.entry);
    else
      skipped.push({
        file: l.file,
        reason: `a ${l.format === 'vm' ? 'VM package' : 'Helm/template package'} does not belong in a ${format} index`,
      });
  }
  if (options.merge) entries.push(...mergeEntries(options.merge, entries, format, now));
  return { format, text: serializeIndex(format, entries, goTimestamp(now)), entries: entries.length, skipped };
}

interface Loaded {
  readonly file: string;
  readonly format: IndexFormat;
  readonly entry: WritableEntry;
}
interface Skipped {
  readonly file: string;
  readonly reason: string;
}

function archivesOf(dir: string): string[] {
  const top = readdirSync(dir)
    .filter((f) => f.endsWith('.tgz') && statSync(join(dir, f)).isFile())
    .sort();
  const nested = readdirSync(dir)
    .filter((d) => statSync(join(dir, d)).isDirectory())
    .flatMap((d) =>
      readdirSync(join(dir, d))
        .filter((f) => f.endsWith('.tgz') && statSync(join(dir, d, f)).isFile())
        .map((f) => `${d}/${f}`),
    )
    .sort();
  return [...top, ...nested];
}

function loadArchive(dir: string, rel: string, options: DirectoryIndexOptions, now: Date): Loaded | Skipped {
  const bytes = readFileSync(join(dir, rel));
  const result = loadPackageArchive(bytes, options.load);
  if (!result.ok)
    return { file: rel, reason: result.issues.map((i) => `${i.path ? i.path + ': ' : ''}${i.message}`).join('; ') };
  const slash = rel.lastIndexOf('/');
  const parent = slash < 0 ? '' : rel.slice(0, slash);
  const base = parent ? joinUrl(options.url ?? '', parent) : options.url;
  const digest = createHash('sha256').update(bytes).digest('hex');
  return {
    file: rel,
    format: indexFormatOf(result.pkg),
    entry: entryForPackage(result.pkg, digest, rel.slice(slash + 1), base || undefined, now),
  };
}

function mergeEntries(
  path: string,
  current: readonly WritableEntry[],
  format: IndexFormat,
  now: Date,
): WritableEntry[] {
  if (!existsSync(path)) {
    writeFileSync(path, serializeIndex(format, [], goTimestamp(now)));
    return [];
  }
  const have = new Set(current.map((e) => `${e.name}\u0000${e.version}`));
  const old = parseRepoIndex(readFileSync(path));
  return [...old.entries.values()]
    .flat()
    .filter((e) => !have.has(`${e.name}\u0000${e.version}`))
    .map(writableFromParsed);
}
