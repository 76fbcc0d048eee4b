/**
 * References in env values: `${nodes.<name>.service}` (the DNS name of another node's Service)
 * and `${secrets.<node>.<key>}` (a credential the platform generated for a MIDDLEWARE or
 * CLOUD_DATABASE node). Anything else between `${` and `}` is an error, so a typo never reaches a
 * running container as literal text.
 */
import type { ComposedDefinition, ComposedNode } from './composed.types';
import { CONNECTION_KEYS, MIDDLEWARE_CATALOGUE } from './middleware.catalogue';

export type Reference =
  | { readonly kind: 'service'; readonly node: string; readonly text: string }
  | { readonly kind: 'secret'; readonly node: string; readonly key: string; readonly text: string };

const ANY = /\$\{([^}]*)\}/g;
const SERVICE = /^nodes\.([a-z][-a-z0-9]*)\.service$/;
const SECRET = /^secrets\.([a-z][-a-z0-9]*)\.([A-Za-z][A-Za-z0-9_]*)$/;

/** The references in `value`, or the text of the first malformed one. */
export function referencesIn(value: string): Reference[] | { malformed: string } {
  const out: Reference[] = [];
  for (const m of value.matchAll(ANY)) {
    const service = SERVICE.exec(m[1]);
    const secret = SECRET.exec(m[1]);
    if (service) out.push({ kind: 'service', node: service[1], text: m[0] });
    else if (secret) out.push({ kind: 'secret', node: secret[1], key: secret[2], text: m[0] });
    else return { malformed: m[0] };
  }
  return out;
}

/** The Service name of a node, or undefined when it has none (INIT nodes, CUSTOM nodes without service). */
export function serviceNameOf(node: ComposedNode): string | undefined {
  switch (node.kind) {
    case 'CLOUD_DATABASE':
      return node.serviceName;
    case 'MIDDLEWARE':
      return node.service?.name ?? node.name;
    case 'CUSTOM':
      return node.service?.name;
    case 'INIT':
      return undefined;
  }
}

/** Keys of the node's generated Secret ([] when it has none). */
export function secretKeysOf(node: ComposedNode): readonly string[] {
  if (node.kind === 'MIDDLEWARE') return Object.keys(MIDDLEWARE_CATALOGUE[node.middleware].secrets);
  if (node.kind === 'CLOUD_DATABASE') return CONNECTION_KEYS;
  return [];
}

/** Why `ref` does not resolve in `def`, or null. */
export function referenceProblem(def: ComposedDefinition, ref: Reference): string | null {
  const target = def.nodes.find((n) => n.name === ref.node);
  if (!target) return `${ref.text} names unknown node "${ref.node}"`;
  if (ref.kind === 'service') return serviceNameOf(target) ? null : `${ref.text}: node "${ref.node}" has no service`;
  const keys = secretKeysOf(target);
  if (keys.length === 0) return `${ref.text}: node "${ref.node}" (${target.kind}) has no generated secrets`;
  return keys.includes(ref.key)
    ? null
    : `${ref.text}: node "${ref.node}" has no secret "${ref.key}" (it has ${keys.join(', ')})`;
}
