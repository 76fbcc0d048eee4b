/**
 * The deployment order of a composed app. An edge `from → to` means `to` deploys first (seed 003:
 * the arrow points at the node that starts first). Cycles are found by the job engine's DAG helper
 * (jobs/dag.ts), the one cycle finder of the code base.
 */
import { dependencyOrder, type DagNode } from '../../jobs/dag';
import type { ComposedDefinition, ComposedEdge } from './composed.types';

function dagOf(names: readonly string[], edges: readonly ComposedEdge[]): DagNode[] {
  return names.map((key) => ({ key, dependsOn: edges.filter((e) => e.from === key).map((e) => e.to) }));
}

/**
 * One cycle among the edges, in arrow direction and closed (`["web", "db", "web"]` for web → db →
 * web); null when the edges form a DAG.
 */
export function findEdgeCycle(names: readonly string[], edges: readonly ComposedEdge[]): string[] | null {
  const result = dependencyOrder(dagOf(names, edges));
  // the helper lists a cycle in run-before order; arrows point the other way
  return 'cycle' in result ? [...result.cycle].reverse() : null;
}

/** "web → db → web", for messages. */
export const describeCycle = (cycle: readonly string[]): string => cycle.join(' → ');

/**
 * The deploy layers: each node in the layer after the deepest node it points at (layer 0: nodes
 * pointing at nothing). Nodes keep their definition order within a layer. Throws on a cycle
 * (definitions are validated before they get here).
 */
export function deployLayers(def: ComposedDefinition): string[][] {
  const names = def.nodes.map((n) => n.name);
  const cycle = findEdgeCycle(names, def.edges);
  if (cycle) throw new Error(`deployment order has a cycle: ${describeCycle(cycle)}`);
  const depth = new Map<string, number>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    const targets = def.edges.filter((e) => e.from === name).map((e) => e.to);
    const d = targets.length === 0 ? 0 : 1 + Math.max(...targets.map(depthOf));
    depth.set(name, d);
    return d;
  };
  const layers: string[][] = [];
  for (const name of names) (layers[depthOf(name)] ??= []).push(name);
  return layers.filter((l) => l !== undefined);
}

/** Layer names as the deploy job shows them ("init, mysql"). */
export function layerNames(def: ComposedDefinition): string[] {
  return deployLayers(def).map((l) => l.join(', '));
}
