/**
 * The part of a live object a diff compares: only the fields the manifests set. The server adds
 * status, bookkeeping metadata and defaults for every field a manifest leaves out; none of those
 * are changes a deploy makes, so the live object is cut down to the desired object's fields (and
 * the current revision's, so a field the target drops shows as removed).
 */

/** A Kubernetes object's content as JSON. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonMap = { [key: string]: Json };

/** Fields the server owns, never compared even where a manifest sets them. */
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];

/** Keys that name an element of a list of maps (containers by name, ports by port…), in order of preference. */
const ELEMENT_KEYS = ['name', 'containerPort', 'port', 'mountPath', 'devicePath', 'ip', 'key', 'type', 'topologyKey'];

export function isMap(v: unknown): v is JsonMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * `v` without what never counts as content: nulls in maps, empty maps and lists (the server
 * drops or defaults them), `status`, and the server's metadata fields.
 */
export function normalized(v: Json, depth = 0): Json | undefined {
  if (Array.isArray(v)) {
    return v.length === 0 ? undefined : v.map((x) => normalized(x, depth + 1) ?? null);
  }
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, x] of Object.entries(v)) {
    if (depth === 0 && k === 'status') continue;
    if (depth === 1 && SERVER_METADATA.includes(k)) continue;
    const n = x === null ? undefined : normalized(x, depth + 1);
    if (n !== undefined) Object.defineProperty(out, k, { value: n, enumerable: true, writable: true });
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * `live` cut down to the fields of `shapes` (the desired object and the current revision's):
 * map keys that no shape has are dropped; list elements are matched to the shapes' elements by
 * an identifying key (or position) and cut down to them; live elements matching none are kept
 * whole, since a deploy would replace them. Scalars are kept as they are.
 */
export function projected(live: Json, shapes: readonly Json[]): Json | undefined {
  if (isMap(live)) {
    const maps = shapes.filter(isMap);
    if (maps.length === 0) return live;
    const out: JsonMap = {};
    for (const [k, x] of Object.entries(live)) {
      const sub = maps.filter((m) => Object.prototype.hasOwnProperty.call(m, k)).map((m) => m[k]);
      if (sub.length === 0) continue;
      const p = projected(x, sub);
      if (p !== undefined) Object.defineProperty(out, k, { value: p, enumerable: true, writable: true });
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (Array.isArray(live)) {
    const lists = shapes.filter((s): s is Json[] => Array.isArray(s));
    if (lists.length === 0) return live;
    return live.map((el, i) => {
      const matches = lists.map((l) => matchingElement(el, i, l)).filter((m) => m !== undefined);
      return matches.length === 0 ? el : (projected(el, matches) ?? el);
    });
  }
  return live;
}

function matchingElement(el: Json, index: number, list: readonly Json[]): Json | undefined {
  if (!isMap(el)) return list[index];
  const key = ELEMENT_KEYS.find((k) => k in el && list.some((x) => isMap(x) && k in x));
  if (key === undefined) return list[index];
  return list.find((x) => isMap(x) && JSON.stringify(x[key]) === JSON.stringify(el[key]));
}
