/**
 * Reading a rendered document's head the way Helm's releaseutil does (`yaml.Unmarshal` of the
 * whole document into `SimpleHead`): the document must be valid YAML (else Helm's parse error),
 * but only apiVersion, kind, metadata.name and metadata.annotations are kept. Documents are read
 * with the top-level-keys reader (everything is checked, only the head is built), and heads are
 * memoised by document text because most documents come out the same on every render.
 */
import { isPlainMap, type GoValue } from '@marina/go-runtime';
import { parseYamlTopKeys } from '../yaml/go-yaml-parse';

/** The head of one YAML document. */
export interface SimpleHead {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>> | null;
}

/** A rendered document is not valid YAML (or not an object); `message` is Helm's. */
export class ManifestParseError extends Error {
  readonly code = 'INVALID_MANIFEST';
  override readonly name = 'ManifestParseError';
}

/** The top-level keys SimpleHead reads. */
const HEAD_KEYS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata']);

const MEMO_MAX_ENTRIES = 4096;
const MEMO_MAX_TEXT = 64 * 1024;
/** Document text → its head (frozen: shared by every render that produces the same text). Errors are not memoised. */
const memo = new Map<string, SimpleHead>();

/** Reads a document's head like yaml.Unmarshal into releaseutil.SimpleHead. Throws {@link ManifestParseError}. */
export function readHead(doc: string, path: string): SimpleHead {
  if (doc.length > MEMO_MAX_TEXT) return headOf(doc, path);
  let head = memo.get(doc);
  if (head === undefined) {
    head = headOf(doc, path);
    if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
    memo.set(doc, head);
  }
  return head;
}

function headOf(doc: string, path: string): SimpleHead {
  let v: GoValue;
  try {
    v = parseYamlTopKeys(doc, HEAD_KEYS);
  } catch (err) {
    throw new ManifestParseError(`YAML parse error on ${path}: ${(err as Error).message}`);
  }
  if (v === null) return Object.freeze({ apiVersion: '', kind: '', name: '', annotations: null });
  if (!isPlainMap(v)) {
    throw new ManifestParseError(
      `YAML parse error on ${path}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type releaseutil.SimpleHead`,
    );
  }
  const md = isPlainMap(v.metadata) ? v.metadata : null;
  const annotations = md && isPlainMap(md.annotations) ? Object.freeze(stringMap(md.annotations)) : null;
  return Object.freeze({
    apiVersion: asString(v.apiVersion),
    kind: asString(v.kind),
    name: md ? asString(md.name) : '',
    annotations,
  });
}

function asString(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

function stringMap(m: Record<string, GoValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(m)) out[k] = asString(m[k]);
  return out;
}
