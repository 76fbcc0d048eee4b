/**
 * sigs.k8s.io/yaml as Helm uses it: `Marshal` (json.Marshal, then yaml.v2 re-reads the JSON and
 * writes YAML: sorted keys, integers stay integers, floats in Go 'g' form, strings quoted when they
 * would otherwise read back as another type) and `Unmarshal` into `interface{}`.
 */
import { formatFloat, isPlainMap, JsonNumber, toJsonTree, type GoValue, type JsonTree } from '@marina/go-runtime';
import { emitYamlDocument, type YamlNode } from './go-yaml-emitter';
import { parseYamlToJsonModel } from './go-yaml-parse';
import { plainKeepsString, resolvePlain } from './go-yaml-resolve';
import { compareYamlKeys } from './yaml-key-order';
import { deepCopy } from '../values/values-table';

/** `yaml.Marshal(v)` text, ending with a newline. Throws JsonMarshalError for NaN, functions… */
export function marshalYaml(v: GoValue): string {
  return emitYamlDocument(valueToYamlNode(v, 0));
}

/** The same node as `jsonTreeToYamlNode(toJsonTree(v))`, built directly for the common value kinds. */
function valueToYamlNode(v: GoValue, depth: number): YamlNode {
  if (depth > 10_000) return jsonTreeToYamlNode(toJsonTree(v));
  if (v === null || v === undefined) return plain('null');
  if (typeof v === 'string') return stringNode(v);
  if (typeof v === 'boolean') return plain(v ? 'true' : 'false');
  if (typeof v === 'bigint') return plain(v.toString());
  if (Array.isArray(v)) return { kind: 'seq', items: v.map((x) => valueToYamlNode(x, depth + 1)) };
  if (isPlainMap(v)) {
    const keys = Object.keys(v).sort(compareYamlKeys);
    return { kind: 'map', entries: keys.map((k) => [stringNode(k), valueToYamlNode(v[k], depth + 1)] as const) };
  }
  return jsonTreeToYamlNode(toJsonTree(v));
}

const CACHE_MAX_ENTRIES = 4096;
const CACHE_MAX_TEXT = 64 * 1024;
const parsed = new Map<string, GoValue>();

/**
 * `yaml.Unmarshal(text, &iface)`: the first document in the JSON value model. Throws YamlError.
 * Results of small documents are memoised (charts parse the same label/annotation snippets
 * through `fromYaml` many times per render); every call gets its own copy.
 */
export function unmarshalYaml(text: string): GoValue {
  if (text.length > CACHE_MAX_TEXT) return parseYamlToJsonModel(text);
  return deepCopy(unmarshalYamlShared(text));
}

/**
 * Like {@link unmarshalYaml}, but returns the memoised value itself: callers must treat it as
 * read-only (manifest heads read a few fields of every rendered document).
 */
export function unmarshalYamlShared(text: string): GoValue {
  if (text.length > CACHE_MAX_TEXT) return parseYamlToJsonModel(text);
  let v = parsed.get(text);
  if (v === undefined) {
    v = parseYamlToJsonModel(text);
    if (parsed.size >= CACHE_MAX_ENTRIES) parsed.clear();
    parsed.set(text, v);
  }
  return v;
}

/** The node yaml.v2 builds when it reads JSON text and marshals what it read. */
export function jsonTreeToYamlNode(t: JsonTree): YamlNode {
  if (t === null) return plain('null');
  if (typeof t === 'boolean') return plain(t ? 'true' : 'false');
  if (typeof t === 'string') return stringNode(t);
  if (t instanceof JsonNumber) return numberNode(t.text);
  if (Array.isArray(t)) return { kind: 'seq', items: t.map(jsonTreeToYamlNode) };
  const members = [...t.members].sort((a, b) => compareYamlKeys(a[0], b[0]));
  return { kind: 'map', entries: members.map(([k, v]) => [stringNode(k), jsonTreeToYamlNode(v)] as const) };
}

function plain(text: string): YamlNode {
  return { kind: 'scalar', text, style: 'plain' };
}

/** yaml.v2 `encoder.stringv` for an untagged string. */
export function stringNode(s: string): YamlNode {
  if (s.includes('\n')) return { kind: 'scalar', text: s, style: 'literal' };
  return { kind: 'scalar', text: s, style: plainKeepsString(s) ? 'plain' : 'double' };
}

function numberNode(text: string): YamlNode {
  const r = resolvePlain(text);
  if (r.tag === 'int' || r.tag === 'bigint') return plain(r.value.toString());
  if (r.tag === 'float') return plain(yamlFloatText(r.value));
  return plain(text);
}

/** yaml.v2 `encoder.floatv`. */
export function yamlFloatText(f: number): string {
  const s = formatFloat(f, 'g', -1);
  return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
}
