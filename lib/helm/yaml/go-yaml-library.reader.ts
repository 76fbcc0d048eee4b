/**
 * The full YAML reader: the `yaml` library's parser with yaml.v2's typing, merge keys, alias
 * expansion limits and libyaml-worded errors. Used when the fast reader gives up.
 */
import {
  Alias,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node,
  type Scalar,
  type YAMLError,
} from 'yaml';
import { formatFloat, mapSet, newGoMap, type GoMapObject, type GoValue } from '@marina/go-runtime';
import { YamlError } from './go-yaml-parse';
import {
  goParseFloat,
  goParseInt,
  isTimestamp,
  jsonScalar,
  resolvePlain,
  type ResolvedScalar,
} from './go-yaml-resolve';
import { yamlErrorMessage } from './go-yaml-errors';
import { indentFlowContinuations } from './flow-continuation';

const PREFIX = 'error converting YAML to JSON: ';

/** Most nodes an alias-heavy document may expand to before it is rejected (alias bombs). */
const MAX_EXPANDED_NODES = 5_000_000;

/** Reads the first document with the `yaml` library. Errors carry sigs.k8s.io/yaml's prefix. */
export function parseYamlWithLibrary(text: string): GoValue {
  try {
    const { doc, source } = firstDocument(text);
    if (!doc) return null;
    return new NodeReader(doc, source).read(doc.contents as Node | null);
  } catch (err) {
    if (err instanceof YamlError) throw new YamlError(PREFIX + err.message);
    throw err;
  }
}

/**
 * The first document and the text it was read from: `text`, or, when the `yaml` library rejects
 * it and it has quoted-scalar or flow-collection continuation lines (whose indentation libyaml
 * does not check), the same text with those lines re-indented (flow-continuation.ts).
 */
function firstDocument(text: string): { doc: Document | undefined; source: string } {
  const doc = parseFirst(text);
  const err: YAMLError | undefined = doc?.errors[0];
  if (!err) return { doc, source: text };
  const relaxed = indentFlowContinuations(text);
  if (relaxed === text) throw new YamlError(yamlErrorMessage(err, text));
  // Only indentation changed (same lines): the re-indented text's error is the one libyaml sees.
  const retry = parseFirst(relaxed);
  const retryErr: YAMLError | undefined = retry?.errors[0];
  if (!retryErr) return { doc: retry, source: relaxed };
  throw new YamlError(yamlErrorMessage(retryErr, relaxed));
}

function parseFirst(text: string): Document | undefined {
  const docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, strict: false });
  return Array.isArray(docs) ? docs[0] : undefined;
}

class NodeReader {
  private budget = MAX_EXPANDED_NODES;
  constructor(
    private readonly doc: Document,
    private readonly text: string,
  ) {}

  read(node: Node | Alias | null | undefined): GoValue {
    if (--this.budget < 0) throw new YamlError('yaml: document contains excessive aliasing');
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc) as Node | undefined;
      if (target === undefined) throw new YamlError(`yaml: unknown anchor '${node.source}' referenced`);
      return this.read(target);
    }
    if (isScalar(node)) return atStreamEndFix(node, scalarValue(node), this.text);
    if (isSeq(node)) return node.items.map((item) => this.read(item as Node));
    if (isMap(node)) return this.readMap(node.items);
    throw new YamlError('yaml: unsupported node');
  }

  private readMap(items: readonly unknown[]): GoMapObject {
    const out = newGoMap();
    for (const item of items) {
      if (!isPair(item)) continue;
      const key = item.key as Node | null;
      if (isMergeKey(key)) {
        this.merge(item.value as Node, out);
        continue;
      }
      mapSet(out, jsonKey(this.read(key), key), this.read(item.value as Node | null));
    }
    return out;
  }

  /** yaml.v2 `<<`: a map, an alias of a map, or a sequence of those (later entries lose). */
  private merge(value: Node | null, out: GoMapObject): void {
    const target = isAlias(value) ? (value.resolve(this.doc) as Node | undefined) : value;
    const sources = isSeq(target) ? [...target.items].reverse() : [value];
    for (const src of sources) {
      const resolved = isAlias(src) ? (src.resolve(this.doc) as Node | undefined) : (src as Node);
      if (!isMap(resolved)) throw new YamlError('yaml: map merge requires map or sequence of maps as the value');
      const m = this.readMap(resolved.items);
      for (const k of Object.keys(m)) mapSet(out, k, m[k]);
    }
  }
}

function isMergeKey(key: Node | null): boolean {
  return (
    isScalar(key) && key.type === 'PLAIN' && key.value === '<<' && (!key.tag || key.tag === 'tag:yaml.org,2002:merge')
  );
}

/** sigs.k8s.io/yaml's conversion of a non-string YAML map key to a JSON object key. */
function jsonKey(v: GoValue, node: Node | null): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (isScalar(node) && node.type === 'PLAIN') {
    const r = resolvePlain(String(node.value ?? ''));
    if (r.tag === 'int') return r.value.toString();
    if (r.tag === 'float') return floatKey(r.value);
  }
  if (typeof v === 'number') return floatKey(v);
  throw new YamlError(`unsupported map key of type: ${v === null ? '%!s(<nil>)' : typeof v}`);
}

function floatKey(f: number): string {
  const s = formatFloat(f, 'g', -1, 32);
  return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
}

/**
 * libyaml ends a block scalar that runs to the end of the stream without a final line break
 * without that break ("a: |\n  end" reads "end"); the `yaml` library adds one.
 */
function atStreamEndFix(node: Scalar, v: GoValue, text: string): GoValue {
  if (typeof v !== 'string' || (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED')) return v;
  const end = node.range?.[1] ?? 0;
  if (end < text.length || text.endsWith('\n') || !v.endsWith('\n')) return v;
  return v.slice(0, -1);
}

function scalarValue(node: Scalar): GoValue {
  const raw = node.value;
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('utf8');
  const text = raw === null || raw === undefined ? '' : String(raw);
  const tag = node.tag;
  if (tag && tag !== '!') return taggedValue(tag, text);
  if (node.type !== 'PLAIN') return text;
  return fromResolved(resolvePlain(text));
}

function fromResolved(r: ResolvedScalar): GoValue {
  if (r.tag === 'float' && !Number.isFinite(r.value))
    throw new YamlError(`json: unsupported value: ${formatFloat(r.value, 'g', -1)}`);
  return jsonScalar(r);
}

function taggedValue(tag: string, text: string): GoValue {
  const short = tag.startsWith('tag:yaml.org,2002:') ? '!!' + tag.slice('tag:yaml.org,2002:'.length) : tag;
  switch (short) {
    case '!!str':
    case '!!binary':
      return text;
    case '!!null':
      if (resolvePlain(text).tag === 'null') return null;
      break;
    case '!!bool': {
      const r = resolvePlain(text);
      if (r.tag === 'bool') return r.value;
      break;
    }
    case '!!int': {
      const i = goParseInt(text.replace(/_/g, ''), 0);
      if (i !== undefined) return Number(i);
      break;
    }
    case '!!float': {
      const f = goParseFloat(text.replace(/_/g, ''));
      if (f !== undefined) return fromResolved({ tag: 'float', value: f });
      break;
    }
    case '!!timestamp':
      if (isTimestamp(text)) return text;
      break;
    default:
      return text; // unknown tags decode as their string content in yaml.v2
  }
  throw new YamlError(`yaml: cannot decode !!str \`${text}\` as a ${short}`);
}
