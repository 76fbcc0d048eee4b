/**
 * Helm's values coalescing (pkg/chartutil/coalesce.go, Helm 3.17): user values over chart
 * defaults, maps merged and everything else replaced, `null` deleting a key (coalesce mode) or
 * kept (merge mode), subchart sections scoped under the subchart's name and `global` copied down.
 * A null inside a subchart's section survives the parent's pass and is removed when the subchart
 * coalesces its own defaults.
 */
import { mapGet, mapHas, mapSet, newGoMap, sprint, sprintf, type GoMapObject, type GoValue } from '@marina/go-runtime';
import { type Chart } from '../chart/chart.types';
import { copyMap, deepCopy, isTable } from './values-table';

/** Receives Helm's coalescing warnings ("warning: skipped value for …"). */
export type WarnFn = (message: string) => void;

const GLOBAL_KEY = 'global';

/** Thrown for "type mismatch on <subchart>" (a subchart's section is not a map). */
export class CoalesceError extends Error {
  readonly code = 'VALUES_TYPE_MISMATCH';
  override readonly name = 'CoalesceError';
}

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

/** `CoalesceValues`: null entries delete keys. The input is not modified. */
export function coalesceValues(chart: Chart, vals: GoMapObject | null, warn: WarnFn = () => {}): GoMapObject {
  return coalesce(warn, chart, deepCopy(vals ?? newGoMap()), '', false);
}

/** `MergeValues`: like coalesceValues but null entries are kept. The input is not modified. */
export function mergeValues(chart: Chart, vals: GoMapObject | null, warn: WarnFn = () => {}): GoMapObject {
  return coalesce(warn, chart, deepCopy(vals ?? newGoMap()), '', true);
}

function coalesce(warn: WarnFn, ch: Chart, dest: GoMapObject, prefix: string, merge: boolean): GoMapObject {
  coalesceChartValues(warn, ch, dest, prefix, merge);
  return coalesceDeps(warn, ch, dest, prefix, merge);
}

function coalesceDeps(warn: WarnFn, chart: Chart, dest: GoMapObject, prefix: string, merge: boolean): GoMapObject {
  for (const sub of chart.dependencies) {
    const name = sub.metadata.name;
    if (!mapHas(dest, name)) mapSet(dest, name, newGoMap());
    else if (!isTable(mapGet(dest, name)))
      throw new CoalesceError(`type mismatch on ${name}: ${sprintf('%t', [mapGet(dest, name)])}`);
    const dv = mapGet(dest, name) as GoMapObject;
    const subPrefix = concatPrefix(prefix, chart.metadata.name);
    coalesceGlobals(warn, dv, dest, subPrefix);
    mapSet(dest, name, coalesce(warn, sub, dv, subPrefix, merge));
  }
  return dest;
}

function coalesceGlobals(warn: WarnFn, dest: GoMapObject, src: GoMapObject, prefix: string): void {
  let dg: GoMapObject;
  let sg: GoMapObject;
  if (!mapHas(dest, GLOBAL_KEY)) dg = newGoMap();
  else {
    const g = mapGet(dest, GLOBAL_KEY);
    if (!isTable(g)) return warn(`warning: skipping globals because destination ${GLOBAL_KEY} is not a table.`);
    dg = g;
  }
  if (!mapHas(src, GLOBAL_KEY)) sg = newGoMap();
  else {
    const g = mapGet(src, GLOBAL_KEY);
    if (!isTable(g)) return warn(`warning: skipping globals because source ${GLOBAL_KEY} is not a table.`);
    sg = g;
  }
  for (const key of Object.keys(sg)) {
    const val = sg[key];
    if (isTable(val)) {
      const vv = copyMap(val);
      if (!mapHas(dg, key)) mapSet(dg, key, vv);
      else {
        const destv = mapGet(dg, key);
        if (!isTable(destv)) warn(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
        else {
          coalesceTablesFullKey(warn, vv, destv, concatPrefix(prefix, key), true);
          mapSet(dg, key, vv);
        }
      }
    } else if (mapHas(dg, key) && isTable(mapGet(dg, key))) {
      warn(`key ${key} is table. Skipping`);
    } else {
      mapSet(dg, key, val);
    }
  }
  mapSet(dest, GLOBAL_KEY, dg);
}

function coalesceChartValues(warn: WarnFn, c: Chart, v: GoMapObject, prefix: string, merge: boolean): void {
  const subPrefix = concatPrefix(prefix, c.metadata.name);
  const vc = deepCopy(c.values);
  for (const key of Object.keys(vc)) {
    const val = vc[key];
    if (!mapHas(v, key)) {
      mapSet(v, key, val);
      continue;
    }
    const value = mapGet(v, key);
    if (value === null && !merge) {
      delete v[key];
    } else if (isTable(value)) {
      if (!isTable(val)) {
        if (val !== null) warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
      } else {
        const childMerge = c.dependencies.some((d) => d.metadata.name === key) ? true : merge;
        coalesceTablesFullKey(warn, value, val, concatPrefix(subPrefix, key), childMerge);
      }
    }
  }
}

/** `CoalesceTables(dst, src)`: dst wins; returns dst (or src when dst is null). */
export function coalesceTables(
  dst: GoMapObject | null,
  src: GoMapObject | null,
  warn: WarnFn = () => {},
): GoMapObject | null {
  return coalesceTablesFullKey(warn, dst, src, '', false);
}

/** `MergeTables(dst, src)`: like coalesceTables but nulls in dst are kept. */
export function mergeTables(
  dst: GoMapObject | null,
  src: GoMapObject | null,
  warn: WarnFn = () => {},
): GoMapObject | null {
  return coalesceTablesFullKey(warn, dst, src, '', true);
}

function coalesceTablesFullKey(
  warn: WarnFn,
  dst: GoMapObject | null,
  src: GoMapObject | null,
  prefix: string,
  merge: boolean,
): GoMapObject | null {
  if (src === null) return dst;
  if (dst === null) return src;
  for (const key of Object.keys(src)) {
    const val = src[key];
    const fullkey = concatPrefix(prefix, key);
    const has = mapHas(dst, key);
    const dv = mapGet(dst, key);
    if (has && !merge && dv === null) {
      delete dst[key];
    } else if (!has) {
      mapSet(dst, key, val);
    } else if (isTable(val)) {
      if (isTable(dv)) coalesceTablesFullKey(warn, dv, val, fullkey, merge);
      else warn(`warning: cannot overwrite table with non table for ${fullkey} (${goValueText(val)})`);
    } else if (isTable(dv) && val !== null) {
      warn(`warning: destination for ${fullkey} is a table. Ignoring non-table value (${goValueText(val)})`);
    }
  }
  return dst;
}

/** Go's `%v` of a value (maps as `map[k:v]`). */
function goValueText(v: GoValue): string {
  return sprint([v]);
}
