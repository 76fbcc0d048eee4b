import { CORE_SCHEMA, load } from 'js-yaml';
import { sortNewestFirst, isValidVersion } from '../../packages/package-version';
import {
  IndexError,
  type IndexEntry,
  type IndexFormat,
  type Maintainer,
  type RepoIndex,
  type SkippedEntry,
} from './repo-index.types';

/** Largest index accepted (Bitnami's full index was ~15 MB). */
export const MAX_INDEX_BYTES = 64 * 1024 * 1024;
const MAX_FLOW_DEPTH = 256;

/** Keys of a Helm ChartVersion that are not chart metadata. */
const HELM_NON_METADATA = new Set([
  'urls',
  'created',
  'removed',
  'digest',
  'checksum',
  'engine',
  'tillerVersion',
  'url',
]);

/**
 * Parses a repository index (Helm `index.yaml`, JSON or YAML, or OpenPitrix's VM index with
 * `api_version`). Invalid entries are skipped and reported in `skipped`, like Helm does;
 * a missing api version, a non-mapping document, hostile YAML or an oversize file throw
 * IndexError (errorCode BAD_INDEX_YAML). Versions are sorted newest first.
 */
export function parseRepoIndex(raw: Buffer | string): RepoIndex {
  const text = typeof raw === 'string' ? raw : decode(raw);
  if (text.length > MAX_INDEX_BYTES) throw new IndexError(`index is larger than ${MAX_INDEX_BYTES} bytes`);
  if (text.trim() === '') throw new IndexError('index.yaml is empty');
  const doc = loadDocument(text);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new IndexError('index.yaml must be a mapping');
  const top = doc as Record<string, unknown>;
  const format: IndexFormat = top.api_version !== undefined && top.apiVersion === undefined ? 'vm' : 'helm';
  const apiVersion = format === 'vm' ? top.api_version : top.apiVersion;
  if (typeof apiVersion !== 'string' || apiVersion === '') throw new IndexError('index.yaml has no apiVersion');
  const rawEntries = top.entries ?? {};
  if (typeof rawEntries !== 'object' || rawEntries === null || Array.isArray(rawEntries))
    throw new IndexError('"entries" must be a mapping');
  const skipped: SkippedEntry[] = [];
  const entries = new Map<string, IndexEntry[]>();
  for (const [name, list] of Object.entries(rawEntries as Record<string, unknown>)) {
    const versions = readVersions(name, list, format, skipped);
    if (versions.length > 0) entries.set(name, versions);
  }
  return {
    format,
    apiVersion,
    generated: typeof top.generated === 'string' ? top.generated : undefined,
    entries,
    skipped,
  };
}

function decode(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new IndexError('index.yaml is not valid UTF-8');
  }
}

function loadDocument(text: string): unknown {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_DEPTH) throw new IndexError('index.yaml nests too deeply');
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  try {
    return text.trimStart().startsWith('{') ? JSON.parse(text) : load(text, { schema: CORE_SCHEMA, json: true });
  } catch (err) {
    if (err instanceof RangeError) throw new IndexError('index.yaml nests too deeply');
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new IndexError(`index.yaml is not valid YAML: ${message}`);
  }
}

function readVersions(name: string, list: unknown, format: IndexFormat, skipped: SkippedEntry[]): IndexEntry[] {
  if (!Array.isArray(list)) {
    skipped.push({ name, version: '', reason: 'entry is not a list of versions' });
    return [];
  }
  const seen = new Set<string>();
  const out: IndexEntry[] = [];
  for (const item of list) {
    const entry = readEntry(name, item, format);
    if (typeof entry === 'string') skipped.push({ name, version: versionText(item), reason: entry });
    else if (seen.has(entry.version)) skipped.push({ name, version: entry.version, reason: 'duplicate version' });
    else {
      seen.add(entry.version);
      out.push(entry);
    }
  }
  return sortNewestFirst(out);
}

function versionText(item: unknown): string {
  const v = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).version : undefined;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/** The entry, or the reason it is skipped. */
function readEntry(key: string, item: unknown, format: IndexFormat): IndexEntry | string {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'entry is not a mapping';
  const o = item as Record<string, unknown>;
  const name = str(o.name) ?? key;
  if (name === '') return 'name is empty';
  const version = typeof o.version === 'number' ? String(o.version) : str(o.version);
  if (!version) return 'version is missing';
  if (!isValidVersion(version)) return `version "${version}" is not SemVer`;
  const urls = Array.isArray(o.urls) ? o.urls.filter((u): u is string => typeof u === 'string') : [];
  const snake = format === 'vm';
  const metadata = metadataOf(o, format);
  if (typeof metadata === 'string') return metadata;
  return {
    name,
    version,
    appVersion: scalarText(snake ? o.app_version : o.appVersion),
    description: str(o.description),
    home: str(o.home),
    icon: str(o.icon),
    keywords: strings(o.keywords),
    sources: strings(o.sources),
    maintainers: maintainers(o.maintainers),
    deprecated: o.deprecated === true,
    urls,
    created: str(o.created),
    digest: (str(o.digest) ?? '').toLowerCase(),
    metadata,
  };
}

/** Most values copied into one entry's metadata; aliases count each time they are used. */
const MAX_METADATA_NODES = 20_000;

function metadataOf(o: Record<string, unknown>, format: IndexFormat): Record<string, unknown> | string {
  const budget = { left: MAX_METADATA_NODES };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (format === 'helm' ? HELM_NON_METADATA.has(k) : ['urls', 'created', 'removed', 'digest'].includes(k)) continue;
    const copy = boundedCopy(v, budget, 0);
    if (copy === TOO_BIG) return 'metadata is too large (YAML alias expansion?)';
    out[k] = copy;
  }
  return out;
}

const TOO_BIG = Symbol('too big');

/**
 * Deep copy with a node budget and depth limit, so YAML aliases (shared references after
 * parsing) can never expand into huge trees later (JSON encoding, database writes).
 */
function boundedCopy(v: unknown, budget: { left: number }, depth: number): unknown {
  if (--budget.left < 0 || depth > 64) return TOO_BIG;
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const arr: unknown[] = [];
    for (const item of v) {
      const c = boundedCopy(item, budget, depth + 1);
      if (c === TOO_BIG) return TOO_BIG;
      arr.push(c);
    }
    return arr;
  }
  const obj: Record<string, unknown> = {};
  for (const [k, item] of Object.entries(v)) {
    const c = boundedCopy(item, budget, depth + 1);
    if (c === TOO_BIG) return TOO_BIG;
    obj[k] = c;
  }
  return obj;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function scalarText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

function maintainers(v: unknown): Maintainer[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null)
    .map((m) => ({ name: str(m.name), email: str(m.email), url: str(m.url) }));
}
