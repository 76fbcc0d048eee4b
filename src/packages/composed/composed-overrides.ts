/**
 * Deploy-time parameters of a composed app (an instance's config): per node, `replicas`, `image`
 * and `env` entries (merged over the node's; references allowed):
 * `{ "nodes": { "web": { "replicas": 3, "env": { "JAVA_OPTS": "-Xmx1g" } } } }`.
 * They are applied to app.json as written and the result is validated as a whole, so an override
 * can never produce a definition an upload would have been refused for.
 */
import { JsonChecker } from '../package-json-checks';
import { IssueCollector, isObject, ptr, type JsonObject } from '../package-issues';
import type { PackageIssue } from '../package-error';
import type { ComposedDefinition } from './composed.types';
import { parseComposedDefinition } from './composed-definition.parse';

const NODE_KEYS: Readonly<Record<string, readonly string[]>> = {
  CUSTOM: ['replicas', 'image', 'env'],
  MIDDLEWARE: ['replicas', 'image', 'env'],
  INIT: ['image', 'env'],
  CLOUD_DATABASE: [],
};

export type OverridesResult =
  { ok: true; definition: ComposedDefinition } | { ok: false; issues: readonly PackageIssue[] };

/** `document` (app.json) with `overrides` applied, validated. */
export function applyComposedOverrides(
  document: unknown,
  overrides: Readonly<Record<string, unknown>>,
): OverridesResult {
  const c = new JsonChecker(new IssueCollector('config', 'INVALID_CONFIG'));
  const doc = JSON.parse(JSON.stringify(document ?? {})) as JsonObject;
  const rawNodes = Array.isArray(doc.nodes) ? doc.nodes.filter(isObject) : [];
  c.onlyKeys(overrides as JsonObject, '', new Set(['nodes']));
  const byNode = c.obj(overrides as JsonObject, 'nodes', '') ?? {};
  for (const [name, o] of Object.entries(byNode)) {
    const at = ptr('/nodes', name);
    const node = rawNodes.find((n) => n.name === name);
    if (!node) {
      c.issues.add(at, `the app has no node "${name}"`);
      continue;
    }
    if (!isObject(o)) {
      c.issues.add(at, 'must be an object');
      continue;
    }
    const allowed = NODE_KEYS[String(node.kind)] ?? [];
    for (const key of Object.keys(o))
      if (!allowed.includes(key))
        c.issues.add(ptr(at, key), `"${key}" cannot be set on ${String(node.kind)} node "${name}"`);
    const replicas = c.int(o, 'replicas', at, { min: 0, max: 100 });
    if (replicas !== undefined) node.replicas = replicas;
    const image = c.str(o, 'image', at, { maxLength: 512 });
    if (image !== undefined) node.image = image;
    const env = c.obj(o, 'env', at);
    if (env) node.env = { ...(isObject(node.env) ? node.env : {}), ...env };
  }
  if (!c.issues.ok) return { ok: false, issues: c.issues.issues };
  const parsed = parseComposedDefinition(doc, 'config');
  return parsed.ok ? { ok: true, definition: parsed.definition } : { ok: false, issues: parsed.issues };
}
