/**
 * Memo for `toYaml`: charts marshal the same values (labels, annotations, resources…) many
 * times per render and on every render. `toYaml` is a pure function of the value, so results are
 * cached under an exact text key of the value. Only values made of strings, finite non-negative-
 * zero floats, booleans, null, plain maps and untagged arrays get a key (JSON.stringify's text of
 * them is injective); anything else (ints, missing values, typed Go values) is not memoised.
 */
import { goMethodsTag, goTypeTag, isUntaggedMap, type GoValue } from '@marina/go-runtime';

const MAX_ENTRIES = 2048;
const MAX_KEY = 64 * 1024;
const memo = new Map<string, string>();

function untaggedArray(a: object): boolean {
  return goTypeTag(a) === undefined && goMethodsTag(a) === undefined;
}

/** Deeper values are not memoised (and the check stays far from the stack limit). */
const MAX_DEPTH = 200;

/**
 * Whether `v` has a memo key: made only of strings, booleans, null, finite non-negative-zero
 * numbers and untagged plain maps/arrays. This plain walk plus a replacer-free (native)
 * JSON.stringify is several times cheaper than one JSON.stringify with a replacer callback.
 */
function memoisable(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (depth > MAX_DEPTH) return false;
      if (Array.isArray(v)) {
        if (!untaggedArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!memoisable(v[i], depth + 1)) return false; // holes read as undefined: no key
        return true;
      }
      if (!isUntaggedMap(v)) return false;
      for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k) && !memoisable(v[k], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** The memo key of `v` (its JSON text, injective for memoisable values), or null when `v` is not memoisable. */
function memoKey(v: GoValue): string | null {
  return memoisable(v, 0) ? JSON.stringify(v) : null;
}

/** `marshal(v)`, memoised when `v` has a key; errors are never memoised. */
export function memoYaml(v: GoValue, marshal: (v: GoValue) => string): string {
  const key = memoKey(v);
  if (key === null || key.length > MAX_KEY) return marshal(v);
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const out = marshal(v);
  if (memo.size >= MAX_ENTRIES) memo.clear();
  memo.set(key, out);
  return out;
}
