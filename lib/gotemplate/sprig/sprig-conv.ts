/**
 * Conversions Sprig relies on: strval, spf13/cast's ToInt64/ToFloat64, reflective list access,
 * Sprig's `empty`, deep copy and reflect.DeepEqual over the value model.
 */
import {
  callMethod,
  findMethod,
  GO_TYPE,
  GoBytes,
  GoInt,
  GoMap,
  GoNil,
  GoPtr,
  GoStruct,
  GoTime,
  intValue,
  isPlainMap,
  kindOf,
  mapSet,
  newGoMap,
  parseGoFloat,
  parseGoInt,
  sprint,
  tagGoType,
  typeOfValue,
  type GoMapObject,
  type GoValue,
} from '@marina/go-runtime';

/** Sprig's strval: strings as-is, []byte decoded, Error()/String() honoured, else fmt %v. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof GoBytes) return v.toString();
  for (const name of ['Error', 'String']) {
    const m = findMethod(v, name);
    if (m) return String(callMethod(m, []));
  }
  return sprint([v]);
}

/** Follows pointers (cast's indirect). */
function deref(v: GoValue): GoValue {
  let cur = v;
  while (cur instanceof GoPtr && cur.type.kind === 'ptr' && cur.cell) cur = cur.cell.value;
  return cur;
}

/** cast.ToInt64: ints, floats (truncated), numeric strings (base prefixes, "12.00"), bools; else 0. */
export function toInt64(v: GoValue): bigint {
  const x = deref(v);
  const iv = intValue(x);
  if (iv !== undefined) return iv;
  switch (typeof x) {
    case 'number':
      return floatToInt64(x);
    case 'boolean':
      return x ? 1n : 0n;
    case 'string': {
      const trimmed = /^-?\d+\.0*$/.test(x) ? x.replace(/\.0*$/, '') : x;
      return parseGoInt(trimmed) ?? 0n;
    }
    default:
      return 0n;
  }
}

/**
 * Go's int64(f) on amd64: the value truncated toward zero, or the "integer indefinite"
 * -9223372036854775808 when it does not fit (NaN, ±Inf, |f| ≥ 2^63), as helm's binary computes it.
 */
export function floatToInt64(f: number): bigint {
  const t = Math.trunc(f);
  return t >= -9223372036854775808 && t < 9223372036854775808 ? BigInt(t) : -(1n << 63n);
}

/** cast.ToFloat64: numbers, ints, numeric strings, bools; else 0. */
export function toFloat64(v: GoValue): number {
  const x = deref(v);
  const iv = intValue(x);
  if (iv !== undefined) return Number(iv);
  switch (typeof x) {
    case 'number':
      return x;
    case 'boolean':
      return x ? 1 : 0;
    case 'string': {
      const f = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(x) ? parseGoFloat(x) : null;
      return f ?? 0;
    }
    default:
      return 0;
  }
}

/** Elements of a slice or array value (JS arrays, []byte, typed nil slices); undefined otherwise. */
export function listElems(v: GoValue): GoValue[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof GoBytes) return [...v.bytes].map((b) => new GoInt(BigInt(b), 'uint8'));
  if (v instanceof GoNil && v.type.kind === 'slice') return [];
  if (v instanceof GoPtr && v.cell && Array.isArray(v.cell.value)) return undefined;
  return undefined;
}

/** reflect.TypeOf(v).Kind() as Sprig's error messages print it. */
export function goKindName(v: GoValue): string {
  if (v === undefined || v === null) return 'invalid';
  const t = typeOfValue(v);
  if (!t) return 'invalid';
  switch (t.kind) {
    case 'any':
    case 'interface':
    case 'value':
      return 'interface';
    case 'unsafe.Pointer':
      return 'unsafe.Pointer';
    default:
      return t.kind;
  }
}

/** A []interface{} result. */
export function ifaceSlice(items: GoValue[]): GoValue[] {
  return items;
}

/** A typed []string result. */
export function stringSlice(items: string[]): GoValue[] {
  return tagGoType(items, '[]string');
}

/** A nil []interface{} (prints `[]`, marshals to `null`). */
export function nilSlice(): GoNil {
  return new GoNil({ kind: 'slice', elem: { kind: 'any' } });
}

/** Sprig's empty(): invalid/nil, zero numbers, false, empty strings/collections; structs are never empty. */
export function isEmpty(v: GoValue): boolean {
  if (v === undefined || v === null) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'boolean':
      return !v;
    case 'bigint':
      return v === 0n;
    case 'number':
      return v === 0;
    case 'function':
      return false;
    default:
      break;
  }
  if (v instanceof GoInt) return v.value === 0n;
  if (v instanceof GoNil) return true;
  if (v instanceof GoPtr) return v.isNil;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof GoBytes) return v.bytes.length === 0;
  if (v instanceof GoMap) return v.size === 0;
  if (v instanceof GoStruct || v instanceof GoTime) return false;
  return Object.keys(v).length === 0;
}

/** A plain-map view for functions taking map[string]interface{} (nil → empty, read-only use). */
export function asMap(v: GoValue): GoMapObject {
  if (v === null || v === undefined || v instanceof GoNil) return newGoMap();
  if (isPlainMap(v)) return v;
  if (v !== null && typeof v === 'object' && kindOf(v) === 'map' && !(v instanceof GoMap))
    return v as unknown as GoMapObject;
  return newGoMap();
}

/** Deep copy (mitchellh/copystructure): maps and slices are copied, other values shared. */
export function deepCopy(v: GoValue): GoValue {
  if (Array.isArray(v)) {
    const out = v.map(deepCopy);
    const t = (v as { [GO_TYPE]?: unknown })[GO_TYPE];
    if (t) tagGoType(out, t as string);
    return out;
  }
  if (v instanceof GoMap)
    return new GoMap(
      v.type,
      [...v.entries].map(([k, x]) => [k, deepCopy(x)]),
    );
  if (v instanceof GoBytes) return new GoBytes(Uint8Array.from(v.bytes));
  if (v !== null && typeof v === 'object' && isPlainMap(v)) {
    const out = newGoMap();
    for (const k of Object.keys(v)) mapSet(out, k, deepCopy(v[k]));
    const t = (v as { [GO_TYPE]?: unknown })[GO_TYPE];
    if (t) tagGoType(out, t as string);
    return out;
  }
  return v;
}

/** reflect.DeepEqual over the value model (types must match: int vs float64 differ). */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object') return Number.isNaN(a) && Number.isNaN(b) ? false : a === b;
  if (a instanceof GoInt || b instanceof GoInt) {
    return a instanceof GoInt && b instanceof GoInt && a.kind === b.kind && a.value === b.value;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (a instanceof GoBytes && b instanceof GoBytes) return Buffer.from(a.bytes).equals(Buffer.from(b.bytes));
  if (a instanceof GoTime && b instanceof GoTime) return a.epochMs === b.epochMs && a.nanos === b.nanos;
  if (a instanceof GoMap && b instanceof GoMap) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a.entries) if (!b.entries.has(k) || !deepEqual(v, b.entries.get(k))) return false;
    return true;
  }
  if (a instanceof GoStruct || b instanceof GoStruct || a instanceof GoPtr || b instanceof GoPtr) {
    if (a.constructor !== b.constructor) return false;
    const ka = Object.keys(a);
    return ka.every((k) => deepEqual((a as unknown as GoMapObject)[k], (b as unknown as GoMapObject)[k]));
  }
  const ma = a as GoMapObject;
  const mb = b as GoMapObject;
  const ka = Object.keys(ma);
  if (ka.length !== Object.keys(mb).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(mb, k) && deepEqual(ma[k], mb[k]));
}

/** Int conversion helper for JS numbers used as Go ints. */
export function int(n: number | bigint): bigint {
  return typeof n === 'bigint' ? n : BigInt(n);
}

export { parseGoInt };
