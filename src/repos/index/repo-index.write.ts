import { compareYamlKeys, emitYamlDocument, stringNode, type YamlNode } from '@marina/helm';
import { sortNewestFirst } from '../../packages/package-version';
import type { IndexEntry, IndexFormat } from './repo-index.types';

/** An index entry ready to be written: metadata fields exactly as they should appear. */
export interface WritableEntry {
  readonly name: string;
  readonly version: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly urls: readonly string[];
  readonly created: string;
  readonly digest: string;
}

/** Go's RFC3339Nano rendering of a time in UTC (fraction without trailing zeros). */
export function goTimestamp(date: Date): string {
  const iso = date.toISOString(); // 2024-01-02T03:04:05.678Z
  return iso.replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}

/** Re-emits a parsed entry unchanged (metadata as read, plus urls/created/digest). */
export function writableFromParsed(e: IndexEntry): WritableEntry {
  return {
    name: e.name,
    version: e.version,
    metadata: e.metadata,
    urls: e.urls,
    created: e.created ?? '',
    digest: e.digest,
  };
}

/**
 * Writes an index as Helm (`helm repo index`, via sigs.k8s.io/yaml: keys sorted, yaml.v2
 * quoting) or as OpenPitrix's VM index (`api_version`). Versions are written newest first.
 * Guarantees byte-stable output for the same input.
 */
export function serializeIndex(format: IndexFormat, entries: Iterable<WritableEntry>, generated: string): string {
  const byName = new Map<string, WritableEntry[]>();
  for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  const tree: Record<string, unknown> = {
    [format === 'vm' ? 'api_version' : 'apiVersion']: 'v1',
    entries: Object.fromEntries([...byName].map(([name, list]) => [name, sortNewestFirst(list).map(entryObject)])),
    generated,
  };
  return emitYamlDocument(toNode(tree));
}

function entryObject(e: WritableEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { ...e.metadata, urls: e.urls };
  if (e.created) out.created = e.created;
  if (e.digest) out.digest = e.digest;
  return out;
}

function toNode(v: unknown): YamlNode {
  if (v === null || v === undefined) return { kind: 'scalar', text: 'null', style: 'plain' };
  if (typeof v === 'string') return stringNode(v);
  if (typeof v === 'boolean' || typeof v === 'number') return { kind: 'scalar', text: String(v), style: 'plain' };
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(toNode) };
  const keys = Object.keys(v as object)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort(compareYamlKeys);
  return { kind: 'map', entries: keys.map((k) => [stringNode(k), toNode((v as Record<string, unknown>)[k])] as const) };
}
