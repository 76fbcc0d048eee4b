/**
 * Content key of a values tree: a text that is equal for two trees exactly when value coalescing
 * cannot tell them apart, so work derived from (loaded chart, user values) can be reused across
 * renders that pass equal values in different objects. Coalescing reads values only through
 * deep copies (Object.keys order, own values), so the key follows Object.keys order and ignores
 * prototypes and symbol-keyed tags, which those copies drop too.
 */
import { isPlainMap, type GoValue } from '@marina/go-runtime';

/**
 * The key of `v`, or null when it has no exact key: a value other than null, booleans, strings,
 * numbers, bigints, arrays and plain maps (Go typed values are shared by deep copies, so their
 * identity would matter), a sparse array, or a key longer than `maxLength` characters.
 */
export function valuesContentKey(v: GoValue, maxLength: number): string | null {
  const parts: string[] = [];
  let length = 0;
  const put = (s: string): boolean => {
    parts.push(s);
    length += s.length;
    return length <= maxLength;
  };
  const walk = (x: GoValue): boolean => {
    if (x === null) return put('n');
    switch (typeof x) {
      case 'boolean':
        return put(x ? 't' : 'f');
      case 'string':
        return put(JSON.stringify(x));
      case 'number':
        // String() is exact for every double except -0; the tag keeps 1 apart from 1n and "1".
        return put(Object.is(x, -0) ? 'd-0' : `d${x}`);
      case 'bigint':
        return put(`i${x}`);
      case 'object':
        break;
      default:
        return false;
    }
    if (Array.isArray(x)) {
      if (!put('[')) return false;
      for (let i = 0; i < x.length; i++) {
        if (!(i in x)) return false; // a hole, copied as a hole: not worth a token of its own
        if (!walk(x[i]) || !put(',')) return false;
      }
      return put(']');
    }
    if (!isPlainMap(x)) return false;
    if (!put('{')) return false;
    for (const k of Object.keys(x)) {
      if (!put(JSON.stringify(k)) || !put(':') || !walk(x[k]) || !put(',')) return false;
    }
    return put('}');
  };
  return walk(v) ? parts.join('') : null;
}
