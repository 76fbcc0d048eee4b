/**
 * app.json of a composed package → a validated ComposedDefinition, or every problem found, each at
 * a JSON pointer: per-node fields, unique node and service names, edges between known nodes, no
 * cycle (named "a → b → a"), env references that resolve, scheduling that names known nodes.
 */
import { JsonChecker } from '../package-json-checks';
import { IssueCollector, isObject, ptr, type JsonObject } from '../package-issues';
import type { PackageIssue } from '../package-error';
import type { ComposedDefinition, ComposedEdge, ComposedNode } from './composed.types';
import { describeCycle, findEdgeCycle } from './composed-graph';
import { objects } from './composed-fields.parse';
import { parseNode } from './composed-node.parse';
import { referenceProblem, referencesIn, serviceNameOf } from './composed-references';

export const MAX_NODES = 50;
export const MAX_EDGES = 200;

export type DefinitionResult =
  { ok: true; definition: ComposedDefinition } | { ok: false; issues: readonly PackageIssue[] };

export function parseComposedDefinition(raw: unknown, file = 'app.json'): DefinitionResult {
  const c = new JsonChecker(new IssueCollector(file, 'INVALID_COMPOSITION'));
  if (!isObject(raw)) {
    c.issues.add('', `${file} must be a JSON object with "nodes" and "edges"`);
    return { ok: false, issues: c.issues.issues };
  }
  c.onlyKeys(raw, '', new Set(['nodes', 'edges']));
  const rawNodes = objects(c, raw, 'nodes', '', MAX_NODES);
  if (rawNodes.length === 0 && c.issues.ok) c.issues.add('/nodes', 'a composed app needs at least one node');
  const parsed = rawNodes.map(([n, at]) => ({ node: parseNode(c, n, at), at }));
  const nodes = parsed.filter((p): p is { node: ComposedNode; at: string } => p.node !== undefined);
  checkNames(c, nodes);
  const edges = parseEdges(c, raw, new Set(nodes.map((n) => n.node.name)));
  const definition: ComposedDefinition = { nodes: nodes.map((n) => n.node), edges };
  if (nodes.length === parsed.length) {
    const cycle = findEdgeCycle(
      definition.nodes.map((n) => n.name),
      edges,
    );
    if (cycle) c.issues.add('/edges', `deployment order has a cycle: ${describeCycle(cycle)}`);
    checkReferences(c, definition, nodes);
  }
  return c.issues.ok ? { ok: true, definition } : { ok: false, issues: c.issues.issues };
}

function checkNames(c: JsonChecker, nodes: readonly { node: ComposedNode; at: string }[]): void {
  const names = new Map<string, string>();
  const services = new Map<string, string>();
  for (const { node, at } of nodes) {
    if (names.has(node.name)) c.issues.add(ptr(at, 'name'), `node name "${node.name}" is used twice`);
    names.set(node.name, at);
    const service = serviceNameOf(node);
    if (service && services.has(service))
      c.issues.add(at, `service name "${service}" is used by nodes "${services.get(service)}" and "${node.name}"`);
    if (service) services.set(service, node.name);
  }
}

function parseEdges(c: JsonChecker, raw: JsonObject, known: ReadonlySet<string>): ComposedEdge[] {
  const seen = new Set<string>();
  const edges: ComposedEdge[] = [];
  for (const [e, at] of objects(c, raw, 'edges', '', MAX_EDGES)) {
    c.onlyKeys(e, at, new Set(['from', 'to']));
    const from = c.str(e, 'from', at, { required: true });
    const to = c.str(e, 'to', at, { required: true });
    if (from === undefined || to === undefined) continue;
    for (const [key, name] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (!known.has(name)) c.issues.add(ptr(at, key), `edge ${key} unknown node "${name}"`);
    if (from === to) c.issues.add(at, `node "${from}" cannot deploy after itself`);
    else if (seen.has(`${from}\0${to}`)) c.issues.add(at, `edge ${from} → ${to} is given twice`);
    seen.add(`${from}\0${to}`);
    edges.push({ from, to });
  }
  return edges;
}

function checkReferences(
  c: JsonChecker,
  def: ComposedDefinition,
  nodes: readonly { node: ComposedNode; at: string }[],
): void {
  const workloads = new Set(def.nodes.filter((n) => n.kind !== 'CLOUD_DATABASE').map((n) => n.name));
  for (const { node, at } of nodes) {
    if (node.kind === 'CLOUD_DATABASE') continue;
    for (const [key, value] of Object.entries(node.env)) {
      const refs = referencesIn(value);
      const eat = ptr(ptr(at, 'env'), key);
      if ('malformed' in refs) {
        c.issues.add(
          eat,
          `${refs.malformed} is not a reference (use \${nodes.<name>.service} or \${secrets.<node>.<key>})`,
        );
        continue;
      }
      for (const ref of refs) {
        const problem = referenceProblem(def, ref);
        if (problem) c.issues.add(eat, problem);
      }
    }
    for (const key of ['affinity', 'antiAffinity'] as const)
      for (const name of node.scheduling[key])
        if (!workloads.has(name))
          c.issues.add(ptr(ptr(at, 'scheduling'), key), `"${name}" is not a node of this app that runs pods`);
  }
}
