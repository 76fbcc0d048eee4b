/**
 * Memo for `toYaml`: charts marshal the same values (labels, annotations, resources…) many
 * times per render and on every render. `toYaml` is a pure function of the value, so results are
 * cached under an exact text key of the value. Only values made of strings, finite non-negative-
 * zero floats, booleans, null, plain maps and untagged arrays get a key (JSON.stringify's text of
 * them is injective); anything else (ints, missing values, typed Go values) is not memoised.
 */
import { GO_METHODS, GO_TYPE, isPlainMap, type GoValue } from '../../../templates/values';

const MAX_ENTRIES = 2048;
const MAX_KEY = 64 * 1024;
const memo = new Map<string, string>();

/** Thrown (and caught) when a value has no memo key. */
const NO_KEY = new Error('value has no memo key');

function untagged(o: object): boolean {
  return (o as { [GO_TYPE]?: unknown })[GO_TYPE] === undefined && (o as { [GO_METHODS]?: unknown })[GO_METHODS] === undefined;
}

function keyPart(_key: string, v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      if (!Number.isFinite(v) || Object.is(v, -0)) throw NO_KEY;
      return v;
    case 'object':
      if (v === null) return v;
      if ((Array.isArray(v) || isPlainMap(v)) && untagged(v)) return v;
      throw NO_KEY;
    default:
      throw NO_KEY;
  }
}

/** The memo key of `v`, or null when `v` is not memoisable. */
function memoKey(v: GoValue): string | null {
  try {
    return JSON.stringify(v, keyPart);
  } catch (err) {
    if (err === NO_KEY) return null;
    if (err instanceof RangeError) return null; // nesting too deep for JSON.stringify: marshal without the memo
    throw err;
  }
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
