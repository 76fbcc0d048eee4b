/**
 * Edits of a composed definition as the API offers them (add/update/remove a node, add/remove an
 * edge), applied to app.json as written. Pure: the caller validates the result as a whole
 * (parseComposedDefinition), so an edit can never leave a definition an upload would refuse.
 */
import { isObject, type Json, type JsonObject } from '../package-issues';

export type CompositionEdit =
  | { readonly op: 'addNode'; readonly node: unknown }
  /** Replaces the node named `name` (a different `name` in `node` renames it, edges follow). */
  | { readonly op: 'updateNode'; readonly name: string; readonly node: unknown }
  /** Removes the node and every edge touching it. */
  | { readonly op: 'removeNode'; readonly name: string }
  | { readonly op: 'addEdge'; readonly from: string; readonly to: string }
  | { readonly op: 'removeEdge'; readonly from: string; readonly to: string };

/** The edited document, or why the edit does not apply (unknown node or edge, node not an object). */
export type EditResult = { ok: true; document: JsonObject } | { ok: false; problem: string };

const refuse = (problem: string): EditResult => ({ ok: false, problem });
const accept = (document: JsonObject): EditResult => ({ ok: true, document });

export function applyCompositionEdit(document: unknown, edit: CompositionEdit): EditResult {
  const doc = (isObject(document) ? JSON.parse(JSON.stringify(document)) : {}) as JsonObject;
  const nodes = (Array.isArray(doc.nodes) ? doc.nodes : []) as Json[];
  const edges = (Array.isArray(doc.edges) ? doc.edges : []) as Json[];
  const index = (name: string) => nodes.findIndex((n) => isObject(n) && n.name === name);
  const edgeIs = (e: Json, from: string, to: string) => isObject(e) && e.from === from && e.to === to;
  switch (edit.op) {
    case 'addNode': {
      if (!isObject(edit.node)) return refuse('node must be a JSON object');
      if (index(String(edit.node.name)) >= 0) return refuse(`a node named "${String(edit.node.name)}" exists already`);
      return accept({ ...doc, nodes: [...nodes, edit.node], edges });
    }
    case 'updateNode': {
      const i = index(edit.name);
      if (i < 0) return refuse(`there is no node "${edit.name}"`);
      if (!isObject(edit.node)) return refuse('node must be a JSON object');
      const renamed = typeof edit.node.name === 'string' ? edit.node.name : edit.name;
      const node = { ...edit.node, name: renamed };
      const rename = (v: Json) => (v === edit.name ? renamed : v);
      return accept({
        ...doc,
        nodes: nodes.map((n, j) => (j === i ? node : n)),
        edges: edges.map((e) => (isObject(e) ? { ...e, from: rename(e.from), to: rename(e.to) } : e)),
      });
    }
    case 'removeNode': {
      if (index(edit.name) < 0) return refuse(`there is no node "${edit.name}"`);
      return accept({
        ...doc,
        nodes: nodes.filter((n) => !(isObject(n) && n.name === edit.name)),
        edges: edges.filter((e) => !(isObject(e) && (e.from === edit.name || e.to === edit.name))),
      });
    }
    case 'addEdge': {
      if (edges.some((e) => edgeIs(e, edit.from, edit.to)))
        return refuse(`edge ${edit.from} → ${edit.to} exists already`);
      return accept({ ...doc, nodes, edges: [...edges, { from: edit.from, to: edit.to }] });
    }
    case 'removeEdge': {
      if (!edges.some((e) => edgeIs(e, edit.from, edit.to)))
        return refuse(`there is no edge ${edit.from} → ${edit.to}`);
      return accept({ ...doc, nodes, edges: edges.filter((e) => !edgeIs(e, edit.from, edit.to)) });
    }
  }
}
