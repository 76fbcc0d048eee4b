/**
 * Helm's `chartutil.Values` helpers: table lookup by dotted path, `PathValue`, deep copy.
 * Values are plain maps of the template value model (`map[string]interface{}`).
 */
import { isPlainMap, mapGet, mapHas, mapSet, newGoMap, type GoMapObject, type GoValue } from '@marina/go-runtime';

/** `istable`: is the value a `map[string]interface{}`. */
export function isTable(v: GoValue): v is GoMapObject {
  return isPlainMap(v);
}

/** Raised by {@link table} / {@link pathValue} when a path does not exist (Helm's ErrNoTable/ErrNoValue). */
export class NoValueError extends Error {
  readonly code = 'NO_VALUE';
  override readonly name = 'NoValueError';
}

/** `Values.Table(name)`: the map at a dotted path, or undefined. */
export function table(v: GoMapObject, name: string): GoMapObject | undefined {
  let cur: GoMapObject = v;
  for (const part of name.split('.')) {
    if (!mapHas(cur, part)) return undefined;
    const next = mapGet(cur, part);
    if (!isTable(next)) return undefined;
    cur = next;
  }
  return cur;
}

/**
 * `Values.PathValue(path)`: the non-table value at a dotted path. Returns `{ found: false }` when
 * missing or when the value there is a table (Helm's ErrNoValue).
 */
export function pathValue(v: GoMapObject, path: string): { found: true; value: GoValue } | { found: false } {
  if (path === '') return { found: false };
  const parts = path.split('.');
  const key = parts.pop() as string;
  const t = parts.length === 0 ? v : table(v, parts.join('.'));
  if (!t || !mapHas(t, key)) return { found: false };
  const value = mapGet(t, key);
  if (isTable(value)) return { found: false };
  return { found: true, value };
}

/** Deep copy of maps and arrays (`copystructure.Copy` for JSON-like values); other values are shared. */
export function deepCopy<T extends GoValue>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => deepCopy(x)) as T;
  if (isTable(v)) {
    const out = newGoMap();
    for (const k of Object.keys(v)) mapSet(out, k, deepCopy(v[k]));
    return out as T;
  }
  return v;
}

/**
 * The maps and arrays reachable from `v` more than once (coalescing shares `global` sections
 * between a parent and its subcharts). A copy that must keep that sharing only needs to track
 * these, see {@link deepCopyShared}.
 */
export function sharedNodes(v: GoValue): Set<object> {
  const seen = new Set<object>();
  const shared = new Set<object>();
  const walk = (x: GoValue): void => {
    const isArray = Array.isArray(x);
    if (!isArray && !isTable(x)) return;
    if (seen.has(x)) {
      shared.add(x);
      return;
    }
    seen.add(x);
    if (isArray) for (const e of x) walk(e);
    else for (const k of Object.keys(x)) walk(x[k]);
  };
  walk(v);
  return shared;
}

/**
 * {@link deepCopy} that keeps sharing: every node in `shared` (see {@link sharedNodes}) is copied
 * once and the copy reused wherever the node occurs, so the copy has the same aliasing as `v`.
 */
export function deepCopyShared<T extends GoValue>(v: T, shared: ReadonlySet<object>): T {
  if (shared.size === 0) return deepCopy(v);
  const copies = new Map<object, GoValue>();
  const copy = (x: GoValue): GoValue => {
    const isArray = Array.isArray(x);
    if (!isArray && !isTable(x)) return x;
    const reused = shared.has(x);
    if (reused) {
      const done = copies.get(x);
      if (done !== undefined) return done;
    }
    if (isArray) {
      const out = x.map(copy);
      if (reused) copies.set(x, out);
      return out;
    }
    const out = newGoMap();
    if (reused) copies.set(x, out);
    for (const k of Object.keys(x)) mapSet(out, k, copy(x[k]));
    return out;
  };
  return copy(v) as T;
}

/** Shallow copy of a map (Helm's `copyMap`). */
export function copyMap(m: GoMapObject): GoMapObject {
  const out = newGoMap();
  for (const k of Object.keys(m)) mapSet(out, k, m[k]);
  return out;
}

/** Builds `{a: {b: {c: data}}}` for path "a.b.c" (Helm's `pathToMap`); "." returns data itself. */
export function pathToMap(path: string, data: GoMapObject): GoMapObject {
  if (path === '.') return data;
  const parts = path.split('.');
  let cur: GoMapObject = data;
  for (let i = parts.length - 1; i >= 0; i--) {
    const wrap = newGoMap();
    mapSet(wrap, parts[i], cur);
    cur = wrap;
  }
  return cur;
}
