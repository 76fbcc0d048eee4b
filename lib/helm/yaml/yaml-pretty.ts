/**
 * Helm's `toYamlPretty`: a yaml.v3 encoder with indent 2 writing Go values directly (no JSON round
 * trip, so float64 1e6 prints as `1e+06`): block sequences indented under their key, no line
 * folding, keys sorted like yaml.v2/v3 do, strings quoted when they would read back as another type.
 */
import { GoInt, isPlainMap, toJsonTree, type GoValue } from '@marina/go-runtime';
import { emitYamlDocument, type YamlNode } from './go-yaml-emitter';
import { jsonTreeToYamlNode, stringNode, yamlFloatText } from './sigs-yaml';
import { compareYamlKeys } from './yaml-key-order';

/** yaml.v3 Encoder (indent 2) output without the final newline. Throws for values JSON cannot hold. */
export function marshalYamlPretty(v: GoValue): string {
  return emitYamlDocument(toNode(v), { indentSequences: true, bestWidth: Infinity, v3Tabs: true }).replace(/\n$/, '');
}

function toNode(v: GoValue): YamlNode {
  if (v === null || v === undefined) return { kind: 'scalar', text: 'null', style: 'plain' };
  if (typeof v === 'boolean') return { kind: 'scalar', text: v ? 'true' : 'false', style: 'plain' };
  if (typeof v === 'bigint') return { kind: 'scalar', text: v.toString(), style: 'plain' };
  if (v instanceof GoInt) return { kind: 'scalar', text: v.value.toString(), style: 'plain' };
  if (typeof v === 'number') return { kind: 'scalar', text: yamlFloatText(v), style: 'plain' };
  if (typeof v === 'string') return stringNode(v);
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(toNode) };
  if (isPlainMap(v)) {
    const keys = Object.keys(v).sort(compareYamlKeys);
    return { kind: 'map', entries: keys.map((k) => [stringNode(k), toNode(v[k])] as const) };
  }
  return jsonTreeToYamlNode(toJsonTree(v));
}
