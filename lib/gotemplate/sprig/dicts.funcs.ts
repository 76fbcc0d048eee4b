/**
 * Sprig dictionary functions (dict.go) over map[string]interface{} (plain objects), including
 * mergo's Merge / MergeWithOverwrite semantics used by merge/mergeOverwrite.
 */
import { GoFuncError } from '../errors';
import {
  goFunc,
  isPlainMap,
  mapGet,
  mapHas,
  mapSet,
  newGoMap,
  sortedKeys,
  tagGoType,
  typeNameOf,
  type GoMapObject,
  type GoValue,
} from '@marina/go-runtime';
import { asMap, isEmpty, strval } from './sprig-conv';

const isMap = (v: GoValue): v is GoMapObject => isPlainMap(v);

/** mergo deep merge of src into dst (in place). Nested maps of dst are merged, not replaced. */
export function mergeInto(dst: GoMapObject, src: GoMapObject, overwrite: boolean): void {
  for (const key of Object.keys(src)) {
    const s = src[key];
    const hasD = mapHas(dst, key);
    const d = hasD ? dst[key] : undefined;
    if (s === null || s === undefined) {
      if (overwrite) mapSet(dst, key, null);
      continue;
    }
    if (isMap(s) && isMap(d)) {
      mergeInto(d, s, overwrite);
      if (!isEmpty(d)) continue;
    }
    if (hasD && !isEmpty(d) && Array.isArray(s) && !overwrite) continue;
    if (overwrite || !hasD || isEmpty(d)) mapSet(dst, key, s);
  }
}

function merge(overwrite: boolean) {
  return (dst: GoValue, ...srcs: GoValue[]): GoValue => {
    const target = dst === null || dst === undefined ? newGoMap() : asMap(dst);
    for (const src of srcs) if (src !== null && src !== undefined) mergeInto(target, asMap(src), overwrite);
    return target;
  };
}

function dict(...v: GoValue[]): GoMapObject {
  const out = newGoMap();
  for (let i = 0; i < v.length; i += 2) {
    const key = strval(v[i]);
    mapSet(out, key, i + 1 >= v.length ? '' : v[i + 1]);
  }
  return out;
}

function requireMap(d: GoValue): GoMapObject {
  if (d === null || d === undefined) throw new GoFuncError('assignment to entry in nil map');
  return asMap(d);
}

function dig(...ps: GoValue[]): GoValue {
  if (ps.length < 3) throw new GoFuncError('dig needs at least three arguments');
  const d = ps[ps.length - 1];
  if (!isMap(d))
    throw new GoFuncError(`interface conversion: interface {} is ${dynName(d)}, not map[string]interface {}`);
  const def = ps[ps.length - 2];
  const keys = ps.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw new GoFuncError(`interface conversion: interface {} is ${dynName(k)}, not string`);
    return k;
  });
  let cur: GoMapObject = d;
  for (let i = 0; i < keys.length; i++) {
    if (!mapHas(cur, keys[i])) return def;
    const step = cur[keys[i]];
    if (i === keys.length - 1) return step;
    if (!isMap(step))
      throw new GoFuncError(`interface conversion: interface {} is ${dynName(step)}, not map[string]interface {}`);
    cur = step;
  }
  return def;
}

const MAP = 'map[string]interface {}';

/** Dynamic type name in Go's interface-conversion panic text. */
function dynName(v: GoValue): string {
  return v === null || v === undefined ? 'nil' : typeNameOf(v);
}

export const dictFuncs = {
  dict: goFunc(`func(...interface {}) ${MAP}`, dict),
  get: goFunc(`func(${MAP}, string) interface {}`, (d: GoValue, k: string) =>
    mapHas(asMap(d), k) ? mapGet(asMap(d), k) : '',
  ),
  set: goFunc(`func(${MAP}, string, interface {}) ${MAP}`, (d: GoValue, k: string, v: GoValue) => {
    const m = requireMap(d);
    mapSet(m, k, v);
    return m;
  }),
  unset: goFunc(`func(${MAP}, string) ${MAP}`, (d: GoValue, k: string) => {
    const m = asMap(d);
    delete m[k];
    return d === null || d === undefined ? null : m;
  }),
  hasKey: goFunc(`func(${MAP}, string) bool`, (d: GoValue, k: string) => mapHas(asMap(d), k)),
  pluck: goFunc(`func(string, ...${MAP}) []interface {}`, (k: string, ...ds: GoValue[]) =>
    ds
      .map(asMap)
      .filter((m) => mapHas(m, k))
      .map((m) => m[k]),
  ),
  keys: goFunc(`func(...${MAP}) []string`, (...ds: GoValue[]) =>
    tagGoType(
      ds.flatMap((d) => sortedKeys(asMap(d))),
      '[]string',
    ),
  ),
  pick: goFunc(`func(${MAP}, ...string) ${MAP}`, (d: GoValue, ...ks: string[]) => {
    const m = asMap(d);
    const out = newGoMap();
    for (const k of ks) if (mapHas(m, k)) mapSet(out, k, m[k]);
    return out;
  }),
  omit: goFunc(`func(${MAP}, ...string) ${MAP}`, (d: GoValue, ...ks: string[]) => {
    const m = asMap(d);
    const drop = new Set(ks);
    const out = newGoMap();
    for (const k of Object.keys(m)) if (!drop.has(k)) mapSet(out, k, m[k]);
    return out;
  }),
  merge: goFunc(`func(${MAP}, ...${MAP}) interface {}`, merge(false)),
  mergeOverwrite: goFunc(`func(${MAP}, ...${MAP}) interface {}`, merge(true)),
  mustMerge: goFunc(`func(${MAP}, ...${MAP}) (interface {}, error)`, merge(false)),
  mustMergeOverwrite: goFunc(`func(${MAP}, ...${MAP}) (interface {}, error)`, merge(true)),
  values: goFunc(`func(${MAP}) []interface {}`, (d: GoValue) => {
    const m = asMap(d);
    return sortedKeys(m).map((k) => m[k]);
  }),
  dig: goFunc('func(...interface {}) (interface {}, error)', dig),
};
