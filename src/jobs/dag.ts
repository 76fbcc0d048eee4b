/**
 * Pure DAG helpers over task specs: validation (unique keys, known dependencies, no cycle) and
 * dependency queries used when tasks finish or a job is retried.
 */
import { JobEngineError } from './errors';

/** The part of a task that the DAG helpers need. */
export interface DagNode {
  readonly key: string;
  readonly dependsOn: readonly string[];
}

/** Task keys end up in queue ids (`<jobId>.<taskKey>`), so they are restricted to a safe alphabet. */
export const TASK_KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Returns the keys in a dependency-respecting order, or the first problem found. */
export function validateDag(nodes: readonly DagNode[]): string[] | JobEngineError {
  if (nodes.length === 0) return new JobEngineError('EMPTY_DAG', 'A job needs at least one task');
  const keys = new Set<string>();
  for (const node of nodes) {
    if (!TASK_KEY_PATTERN.test(node.key)) {
      return new JobEngineError('INVALID_TASK_KEY', `Task key "${node.key}" must match ${TASK_KEY_PATTERN}`, {
        key: node.key,
      });
    }
    if (keys.has(node.key))
      return new JobEngineError('DUPLICATE_TASK_KEY', `Task key "${node.key}" is used twice`, { key: node.key });
    keys.add(node.key);
  }
  for (const node of nodes) {
    for (const dep of node.dependsOn) {
      if (dep === node.key)
        return new JobEngineError('SELF_DEPENDENCY', `Task "${node.key}" depends on itself`, { key: node.key });
      if (!keys.has(dep)) {
        return new JobEngineError('UNKNOWN_DEPENDENCY', `Task "${node.key}" depends on unknown task "${dep}"`, {
          key: node.key,
          dependency: dep,
        });
      }
    }
  }
  return topologicalOrder(nodes);
}

/** Kahn's algorithm; on a cycle returns an error naming one cycle. */
function topologicalOrder(nodes: readonly DagNode[]): string[] | JobEngineError {
  const result = dependencyOrder(nodes);
  if ('order' in result) return result.order;
  const { cycle } = result;
  return new JobEngineError('DEPENDENCY_CYCLE', `Tasks form a dependency cycle: ${cycle.join(' → ')}`, { cycle });
}

/**
 * Kahn's algorithm over any keyed dependency graph (keys need not be task keys; dependencies on
 * unknown keys are ignored): the keys in dependency-respecting order, or one cycle, listed in
 * run-before order and closed (`[a, b, a]`: a runs before b, which runs before a).
 */
export function dependencyOrder(nodes: readonly DagNode[]): { order: string[] } | { cycle: string[] } {
  const known = new Set(nodes.map((n) => n.key));
  const remaining = new Map(nodes.map((n) => [n.key, new Set(n.dependsOn.filter((d) => known.has(d)))]));
  const order: string[] = [];
  let ready = [...remaining].filter(([, deps]) => deps.size === 0).map(([key]) => key);
  while (ready.length > 0) {
    order.push(...ready);
    for (const key of ready) remaining.delete(key);
    const done = new Set(ready);
    ready = [];
    for (const [key, deps] of remaining) {
      for (const d of done) deps.delete(d);
      if (deps.size === 0) ready.push(key);
    }
  }
  return remaining.size === 0 ? { order } : { cycle: findCycle(remaining) };
}

/** Walks dependencies among the unresolved nodes until a key repeats. */
function findCycle(remaining: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const start = remaining.keys().next().value as string;
  const path: string[] = [];
  const seen = new Map<string, number>();
  let current = start;
  while (!seen.has(current)) {
    seen.set(current, path.length);
    path.push(current);
    const next = [...(remaining.get(current) ?? [])].find((d) => remaining.has(d));
    if (next === undefined) break;
    current = next;
  }
  const from = seen.get(current) ?? 0;
  return [...path.slice(from), current].reverse();
}

/** Every task that (transitively) depends on one of `keys`, excluding `keys` themselves. */
export function downstreamOf(nodes: readonly DagNode[], keys: Iterable<string>): Set<string> {
  const dependants = new Map<string, string[]>();
  for (const n of nodes) for (const d of n.dependsOn) dependants.set(d, [...(dependants.get(d) ?? []), n.key]);
  const result = new Set<string>();
  const stack = [...keys];
  const roots = new Set(stack);
  while (stack.length > 0) {
    for (const child of dependants.get(stack.pop() as string) ?? []) {
      if (!result.has(child) && !roots.has(child)) {
        result.add(child);
        stack.push(child);
      }
    }
  }
  return result;
}

/** Every task `key` (transitively) depends on, excluding `key` itself. */
export function upstreamOf(nodes: readonly DagNode[], key: string): Set<string> {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const result = new Set<string>();
  const stack = [...(byKey.get(key)?.dependsOn ?? [])];
  while (stack.length > 0) {
    const dep = stack.pop() as string;
    if (result.has(dep) || dep === key) continue;
    result.add(dep);
    stack.push(...(byKey.get(dep)?.dependsOn ?? []));
  }
  return result;
}

/** Direct dependants of `key`. */
export function dependantsOf(nodes: readonly DagNode[], key: string): DagNode[] {
  return nodes.filter((n) => n.dependsOn.includes(key));
}
