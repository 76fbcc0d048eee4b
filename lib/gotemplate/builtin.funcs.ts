/**
 * text/template's predefined functions: and or not len index slice print printf println
 * html js urlquery eq ne lt le gt ge call. Functions declared with `reflect.Value` parameters
 * receive raw values (`undefined` = missing). `and`, `or` and `call` are special-cased by the executor.
 */
import { GoFuncError } from './errors';
import {
  capOf,
  GO_TYPE,
  GoBytes,
  GoInt,
  GoMap,
  GoNil,
  GoPtr,
  indirect,
  indirectInterface,
  intValue,
  isPlainMap,
  kindOf,
  lengthOf,
  mapGet,
  mapHas,
  sliceElemZero,
  sprint,
  sprintf,
  sprintln,
  tagGoType,
  toGoType,
  truthValue,
  typeNameOf,
  typeOfValue,
  typeString,
  zeroValue,
  type GoMapKey,
  type GoType,
  type GoValue,
} from '@marina/go-runtime';
import { eq, ge, gt, le, lt, ne } from './builtin-compare.funcs';
import { evalArgs, htmlEscape, jsEscape, queryEscape } from './builtin-escape.funcs';

type Raw = GoValue;

/** truth(arg) used by not/and/or. */
export function truth(v: Raw): boolean {
  return truthValue(indirectInterface(v));
}

function not(arg: Raw): boolean {
  return !truth(arg);
}

function length(item: Raw): bigint {
  const { value, isNil } = indirect(item);
  if (value === undefined) throw new GoFuncError('reflect: call of reflect.Value.Type on zero Value');
  if (isNil) throw new GoFuncError('len of nil pointer');
  const n = lengthOf(value);
  if (n === undefined) throw new GoFuncError(`len of type ${typeNameOf(value)}`);
  return BigInt(n);
}

function indexArg(index: Raw, cap: number): number {
  const v = indirectInterface(index);
  const x = intValue(v);
  if (x === undefined) {
    if (v === undefined) throw new GoFuncError('cannot index slice/array with nil');
    throw new GoFuncError(`cannot index slice/array with type ${typeNameOf(v)}`);
  }
  if (x < 0n || x > BigInt(cap)) throw new GoFuncError(`index out of range: ${x}`);
  return Number(x);
}

/** Converts a map key for lookup (Go's prepareArg). */
function mapKey(index: Raw, keyType: GoType): GoMapKey {
  const v = indirectInterface(index);
  if (v === undefined) {
    if (keyType.kind === 'any' || keyType.kind === 'interface') return '';
    throw new GoFuncError(`value is nil; should be of type ${typeNameOfType(keyType)}`);
  }
  const iv = intValue(v);
  const intLike = /^u?int/.test(keyType.kind);
  if (keyType.kind === 'any' || keyType.kind === 'interface') {
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    if (iv !== undefined) return iv;
    throw new GoFuncError(`value has type ${typeNameOf(v)}; should be ${typeNameOfType(keyType)}`);
  }
  if (keyType.kind === 'string' && typeof v === 'string') return v;
  if (intLike && iv !== undefined) return iv;
  if (keyType.kind === 'float64' && typeof v === 'number') return v;
  if (keyType.kind === 'bool' && typeof v === 'boolean') return v;
  throw new GoFuncError(`value has type ${typeNameOf(v)}; should be ${typeNameOfType(keyType)}`);
}

function typeNameOfType(t: GoType): string {
  return typeString(t);
}

function mapElemZero(m: Raw): GoValue {
  const t = typeOfValue(m);
  return t && t.kind === 'map' ? zeroValue(t.elem) : null;
}

function index(item: Raw, ...indexes: Raw[]): Raw {
  let cur = indirectInterface(item);
  if (cur === undefined) throw new GoFuncError('index of untyped nil');
  for (const idx of indexes) {
    const ind = indirect(cur);
    if (ind.isNil) throw new GoFuncError('index of nil pointer');
    cur = ind.value;
    if (cur instanceof GoNil && (cur.type.kind === 'map' || cur.type.kind === 'slice')) {
      if (cur.type.kind === 'slice') {
        indexArg(idx, 0);
        throw new GoFuncError('reflect: slice index out of range');
      }
      mapKey(idx, cur.type.key);
      cur = zeroValue(cur.type.elem);
      continue;
    }
    if (typeof cur === 'string') {
      const bytes = Buffer.from(cur, 'utf8');
      const x = indexArg(idx, bytes.length);
      if (x >= bytes.length) throw new GoFuncError('reflect: string index out of range');
      cur = new GoInt(BigInt(bytes[x]), 'uint8');
    } else if (Array.isArray(cur)) {
      const x = indexArg(idx, cur.length);
      if (x >= cur.length) throw new GoFuncError('reflect: slice index out of range');
      cur = cur[x];
    } else if (cur instanceof GoBytes) {
      const x = indexArg(idx, cur.bytes.length);
      if (x >= cur.bytes.length) throw new GoFuncError('reflect: slice index out of range');
      cur = new GoInt(BigInt(cur.bytes[x]), 'uint8');
    } else if (cur instanceof GoMap) {
      const kt = cur.type.kind === 'map' ? cur.type.key : toGoType('interface {}');
      const k = mapKey(idx, kt);
      cur = cur.entries.has(k) ? cur.entries.get(k) : mapElemZero(cur);
    } else if (isPlainMap(cur) || (cur !== null && typeof cur === 'object' && kindOf(cur) === 'map')) {
      const k = mapKey(idx, toGoType('string'));
      const m = cur as Record<string, GoValue>;
      cur = mapHas(m, k as string) ? mapGet(m, k as string) : mapElemZero(cur);
    } else {
      throw new GoFuncError(`can't index item of type ${typeNameOf(cur)}`);
    }
  }
  return cur;
}

function slice(item: Raw, ...indexes: Raw[]): Raw {
  let v = indirectInterface(item);
  if (v === undefined) throw new GoFuncError('slice of untyped nil');
  if (v instanceof GoPtr && v.cell && Array.isArray(v.cell.value)) v = v.cell.value;
  if (indexes.length > 3) throw new GoFuncError(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  let len: number;
  if (typeof v === 'string') {
    if (indexes.length === 3) throw new GoFuncError('cannot 3-index slice a string');
    len = cap = Buffer.byteLength(v, 'utf8');
  } else if (Array.isArray(v)) {
    len = v.length;
    cap = capOf(v);
  } else if (v instanceof GoBytes) {
    len = cap = v.bytes.length;
  } else {
    throw new GoFuncError(`can't slice item of type ${typeNameOf(v)}`);
  }
  const idx = [0, len, cap];
  indexes.forEach((ix, i) => {
    idx[i] = indexArg(ix, cap);
  });
  if (idx[0] > idx[1]) throw new GoFuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new GoFuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof v === 'string') {
    if (/^[\x00-\x7f]*$/.test(v)) return v.slice(idx[0], idx[1]);
    return Buffer.from(v, 'utf8').subarray(idx[0], idx[1]).toString('utf8');
  }
  if (v instanceof GoBytes) return new GoBytes(v.bytes.subarray(idx[0], idx[1]));
  const arr = v as GoValue[];
  const out: GoValue[] = [];
  const zero = sliceElemZero(arr);
  for (let i = idx[0]; i < idx[1]; i++) out.push(i < arr.length ? arr[i] : zero);
  const t = (arr as { [GO_TYPE]?: GoType | string })[GO_TYPE];
  if (t) {
    const gt = toGoType(t);
    tagGoType(out, gt.kind === 'array' ? { kind: 'slice', elem: gt.elem } : gt);
  }
  return out;
}

export interface Builtin {
  readonly sig: string;
  readonly fn: (...args: GoValue[]) => GoValue;
}

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['and', { sig: 'func(reflect.Value, ...reflect.Value) reflect.Value', fn: () => undefined }],
  ['or', { sig: 'func(reflect.Value, ...reflect.Value) reflect.Value', fn: () => undefined }],
  ['call', { sig: 'func(reflect.Value, ...reflect.Value) (reflect.Value, error)', fn: () => undefined }],
  ['not', { sig: 'func(reflect.Value) bool', fn: (a) => not(a) }],
  ['len', { sig: 'func(reflect.Value) (int, error)', fn: (a) => length(a) }],
  ['index', { sig: 'func(reflect.Value, ...reflect.Value) (reflect.Value, error)', fn: (a, ...r) => index(a, ...r) }],
  ['slice', { sig: 'func(reflect.Value, ...reflect.Value) (reflect.Value, error)', fn: (a, ...r) => slice(a, ...r) }],
  ['print', { sig: 'func(...interface {}) string', fn: (...a) => sprint(a) }],
  ['printf', { sig: 'func(string, ...interface {}) string', fn: (f, ...a) => sprintf(f as string, a) }],
  ['println', { sig: 'func(...interface {}) string', fn: (...a) => sprintln(a) }],
  ['html', { sig: 'func(...interface {}) string', fn: (...a) => htmlEscape(evalArgs(a)) }],
  ['js', { sig: 'func(...interface {}) string', fn: (...a) => jsEscape(evalArgs(a)) }],
  ['urlquery', { sig: 'func(...interface {}) string', fn: (...a) => queryEscape(evalArgs(a)) }],
  ['eq', { sig: 'func(reflect.Value, ...reflect.Value) (bool, error)', fn: (a, ...r) => eq(a, ...r) }],
  ['ne', { sig: 'func(reflect.Value, reflect.Value) (bool, error)', fn: (a, b) => ne(a, b) }],
  ['lt', { sig: 'func(reflect.Value, reflect.Value) (bool, error)', fn: (a, b) => lt(a, b) }],
  ['le', { sig: 'func(reflect.Value, reflect.Value) (bool, error)', fn: (a, b) => le(a, b) }],
  ['gt', { sig: 'func(reflect.Value, reflect.Value) (bool, error)', fn: (a, b) => gt(a, b) }],
  ['ge', { sig: 'func(reflect.Value, reflect.Value) (bool, error)', fn: (a, b) => ge(a, b) }],
]);
