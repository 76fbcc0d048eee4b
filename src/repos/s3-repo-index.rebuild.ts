import { loadPackageArchive, type PackageLoadOptions } from '../packages/package-loader';
import { packageFileName } from '../packages/package-naming';
import { createHash } from 'node:crypto';
import { entryForPackage, indexFormatOf } from './index/package-entry';
import { parseRepoIndex } from './index/repo-index.parse';
import { IndexError, type IndexEntry, type IndexFormat } from './index/repo-index.types';
import { goTimestamp, serializeIndex, writableFromParsed, type WritableEntry } from './index/repo-index.write';
import type { RepoObject, RepoWriter } from './repo-backend';
import { RepoError } from './repo-errors';
import { INDEX_FILE } from './repo-backend';

/**
 * Marina keeps one small "entry record" per published version next to the archives:
 * `.marina/entries/<name>/<version>/<sha256>.json` holding the index entry. The records are
 * the source of truth for Marina-published versions; index.yaml is regenerated from them
 * (plus foreign entries whose archives still exist), so concurrent publishers cannot lose
 * each other's versions (see rebuildIndex).
 */
export const ENTRY_DIR = '.marina/entries';
const MAX_ROUNDS = 10;

export interface EntryRecordRef {
  readonly name: string;
  readonly version: string;
  readonly digest: string;
  readonly path: string;
}

export function entryRecordPath(name: string, version: string, digest: string): string {
  return `${ENTRY_DIR}/${encodeURIComponent(name)}/${encodeURIComponent(version)}/${digest}.json`;
}

function parseRecordPath(o: RepoObject): EntryRecordRef | null {
  const m = /^\.marina\/entries\/([^/]+)\/([^/]+)\/([0-9a-f]{64})\.json$/.exec(o.path);
  return m ? { name: decodeURIComponent(m[1]), version: decodeURIComponent(m[2]), digest: m[3], path: o.path } : null;
}

const key = (name: string, version: string) => `${name}\u0000${version}`;

/** Entry records currently stored. */
export async function listEntryRecords(repo: RepoWriter): Promise<EntryRecordRef[]> {
  return (await repo.list(ENTRY_DIR)).map(parseRecordPath).filter((r): r is EntryRecordRef => r !== null);
}

/**
 * Regenerates index.yaml until it provably contains exactly the stored entry records: after
 * each write the records are listed again, and if any record appeared or disappeared since
 * the listing the index was built from, the round repeats. With a strongly consistent store
 * (S3, MinIO, s3rver) the last index written therefore includes every version whose record
 * existed when its publisher finished. Foreign entries (no record) are kept while their
 * archive exists or their URL points elsewhere. Returns the number of entries written.
 */
export async function rebuildIndex(
  repo: RepoWriter,
  format: IndexFormat,
  now: () => Date = () => new Date(),
): Promise<number> {
  let records = await listEntryRecords(repo);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const entries = await assembleEntries(repo, records);
    await repo.write(INDEX_FILE, Buffer.from(serializeIndex(format, entries.values(), goTimestamp(now()))), {
      contentType: 'text/yaml',
    });
    const after = await listEntryRecords(repo);
    if (sameRecords(records, after)) return entries.size;
    records = after;
  }
  throw new RepoError(
    'INDEX_CONFLICT',
    `index.yaml kept changing under concurrent writers for ${MAX_ROUNDS} rounds; retry later`,
  );
}

function sameRecords(a: readonly EntryRecordRef[], b: readonly EntryRecordRef[]): boolean {
  const set = new Set(a.map((r) => r.path));
  return a.length === b.length && b.every((r) => set.has(r.path));
}

async function assembleEntries(
  repo: RepoWriter,
  records: readonly EntryRecordRef[],
): Promise<Map<string, WritableEntry>> {
  const byVersion = new Map(records.map((r) => [key(r.name, r.version), r]));
  const entries = new Map<string, WritableEntry>();
  const current = await readCurrentIndex(repo);
  const files = new Set((await repo.list('')).map((o) => o.path));
  for (const e of current) {
    const rec = byVersion.get(key(e.name, e.version));
    const url = e.urls[0] ?? '';
    const relative = !/^[a-z][a-z0-9+.-]*:/i.test(url);
    if (rec ? rec.digest === e.digest : !relative || files.has(url.replace(/^\.?\/+/, '')))
      entries.set(key(e.name, e.version), writableFromParsed(e));
  }
  const missing = records.filter((r) => entries.get(key(r.name, r.version))?.digest !== r.digest);
  const loaded = await Promise.all(missing.map((r) => readRecord(repo, r)));
  for (const entry of loaded) if (entry) entries.set(key(entry.name, entry.version), entry);
  return entries;
}

/**
 * The entries of the index as stored now. Some S3-compatible servers (s3rver) can serve a
 * half-written object while a concurrent PUT is in flight, so an unparsable index is re-read
 * a few times before it is reported as BAD_INDEX_YAML.
 */
async function readCurrentIndex(repo: RepoWriter): Promise<IndexEntry[]> {
  for (let attempt = 1; ; attempt++) {
    const raw = await repo.read(INDEX_FILE);
    if (!raw) return [];
    try {
      return [...parseRepoIndex(raw).entries.values()].flat();
    } catch (err) {
      if (!(err instanceof IndexError)) throw err;
      if (attempt >= 5) throw new RepoError('BAD_INDEX_YAML', `the stored index.yaml cannot be read: ${err.message}`);
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

async function readRecord(repo: RepoWriter, r: EntryRecordRef): Promise<WritableEntry | null> {
  const raw = await repo.read(r.path, 1024 * 1024);
  if (!raw) return null; // deleted since listing; the verification round notices
  const entry = JSON.parse(raw.toString('utf8')) as WritableEntry;
  return entry.name === r.name && entry.version === r.version ? entry : null;
}

/** Result of adopting archives dropped into the bucket by other tools. */
export interface AdoptResult {
  readonly adopted: readonly string[];
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}

/**
 * Finds `*.tgz` archives at the repository root that neither index.yaml nor an entry record
 * lists (uploaded by other tools), loads each, and records the valid ones of the right
 * format, then rebuilds the index. Invalid archives are reported, never indexed.
 */
export async function adoptUnindexedPackages(
  repo: RepoWriter,
  format: IndexFormat,
  load?: PackageLoadOptions,
): Promise<AdoptResult> {
  const records = await listEntryRecords(repo);
  const known = new Set(records.map((r) => packageFileName(r.name, r.version)));
  for (const e of await readCurrentIndex(repo)) for (const u of e.urls) known.add(u.replace(/^.*\//, ''));
  const candidates = (await repo.list('')).filter(
    (o) => !o.path.includes('/') && o.path.endsWith('.tgz') && !known.has(o.path),
  );
  const adopted: string[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const c of candidates) {
    const bytes = await repo.read(c.path);
    const result = bytes ? loadPackageArchive(bytes, load) : null;
    if (!result || !result.ok)
      skipped.push({ file: c.path, reason: result ? result.issues.map((i) => i.message).join('; ') : 'vanished' });
    else if (indexFormatOf(result.pkg) !== format) skipped.push({ file: c.path, reason: `not a ${format} package` });
    else {
      const digest = createHash('sha256').update(bytes!).digest('hex');
      const entry = entryForPackage(result.pkg, digest, c.path, undefined);
      await repo.write(entryRecordPath(entry.name, entry.version, digest), Buffer.from(JSON.stringify(entry)), {
        contentType: 'application/json',
      });
      adopted.push(c.path);
    }
  }
  if (adopted.length > 0) await rebuildIndex(repo, format);
  return { adopted, skipped };
}
