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
  GoComplex,
  GoInt,
  GoMap,
  GoNil,
  GoPtr,
  GoStruct,
  GoTime,
  indirect,
  intValue,
  isGoPrintable,
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

type Raw = GoValue;

/** Go's indirectInterface: nil interfaces become missing. */
export function indirectInterface(v: Raw): Raw {
  return v === null || (v instanceof GoNil && (v.type.kind === 'interface' || v.type.kind === 'any')) ? undefined : v;
}

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

// ---- comparison ------------------------------------------------------------------------------
type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'complex' | 'string' | 'invalid';

function basicKind(v: Raw): BasicKind {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    default:
      break;
  }
  if (v instanceof GoInt) return v.kind.startsWith('u') ? 'uint' : 'int';
  if (v instanceof GoComplex) return 'complex';
  return 'invalid';
}

const errBadComparisonType = 'invalid type for comparison';
const errBadComparison = 'incompatible types for comparison';

function isNilRaw(v: Raw): boolean {
  return v === undefined || v === null || v instanceof GoNil || (v instanceof GoPtr && v.isNil);
}

function comparable(v: Raw): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v) || typeof v === 'function' || v instanceof GoMap || v instanceof GoBytes || isPlainMap(v))
    return false;
  return true;
}

function sameCompositeKind(a: Raw, b: Raw): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'invalid' || kb === 'invalid' || ka === 'nil' || kb === 'nil') return true;
  return ka === kb;
}

function valuesEqual(a: Raw, b: Raw): boolean {
  if (a instanceof GoTime && b instanceof GoTime)
    return a.epochMs === b.epochMs && a.nanos === b.nanos && a.location === b.location;
  if (a instanceof GoStruct && b instanceof GoStruct && !a.goIsPointer() && !b.goIsPointer()) {
    if (a.constructor !== b.constructor) return false;
    const ka = Object.keys(a);
    return ka.every((k) => {
      const x = (a as unknown as Record<string, GoValue>)[k];
      const y = (b as unknown as Record<string, GoValue>)[k];
      return basicKind(x) !== 'invalid' ? basicEqual(x, y) : valuesEqual(x, y);
    });
  }
  if (a instanceof GoPtr && b instanceof GoPtr) return a.cell === b.cell;
  return a === b;
}

function basicEqual(a: Raw, b: Raw): boolean {
  const ia = intValue(a);
  const ib = intValue(b);
  if (ia !== undefined && ib !== undefined) return ia === ib;
  return a === b;
}

function eq(arg1: Raw, ...arg2: Raw[]): boolean {
  const a1 = indirectInterface(arg1);
  if (arg2.length === 0) throw new GoFuncError('missing argument for comparison');
  const k1 = basicKind(a1);
  for (const raw of arg2) {
    const a = indirectInterface(raw);
    const k2 = basicKind(a);
    let t = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') t = intValue(a1)! >= 0n && intValue(a1) === intValue(a);
      else if (k1 === 'uint' && k2 === 'int') t = intValue(a)! >= 0n && intValue(a1) === intValue(a);
      else if (a1 !== undefined && a !== undefined) throw new GoFuncError(errBadComparison);
    } else {
      switch (k1) {
        case 'bool':
        case 'float':
        case 'string':
          t = a1 === a;
          break;
        case 'complex':
          t = (a1 as GoComplex).re === (a as GoComplex).re && (a1 as GoComplex).im === (a as GoComplex).im;
          break;
        case 'int':
        case 'uint':
          t = intValue(a1) === intValue(a);
          break;
        default:
          if (!sameCompositeKind(a1, a)) {
            throw new GoFuncError(
              `non-comparable types ${fmtForError(a1)}: ${typeNameOf(a1)}, ${typeNameOf(a)}: ${fmtForError(a)}`,
            );
          }
          if (isNilRaw(a1) || isNilRaw(a)) {
            t = isNilRaw(a1) === isNilRaw(a);
          } else {
            if (!comparable(a)) throw new GoFuncError(`non-comparable type ${fmtForError(a)}: ${typeNameOf(a)}`);
            t = valuesEqual(a1, a);
          }
      }
    }
    if (t) return true;
  }
  return false;
}

function fmtForError(v: Raw): string {
  return v === undefined ? '<invalid reflect.Value>' : sprint([v]);
}

function ne(a: Raw, b: Raw): boolean {
  return !eq(a, b);
}

function lt(arg1: Raw, arg2: Raw): boolean {
  const a = indirectInterface(arg1);
  const k1 = basicKind(a);
  if (k1 === 'invalid') throw new GoFuncError(errBadComparisonType);
  const b = indirectInterface(arg2);
  const k2 = basicKind(b);
  if (k2 === 'invalid') throw new GoFuncError(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return intValue(a)! < 0n || intValue(a)! < intValue(b)!;
    if (k1 === 'uint' && k2 === 'int') return intValue(b)! >= 0n && intValue(a)! < intValue(b)!;
    throw new GoFuncError(errBadComparison);
  }
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new GoFuncError(errBadComparisonType);
    case 'int':
    case 'uint':
      return intValue(a)! < intValue(b)!;
    case 'float':
      return (a as number) < (b as number);
    default:
      return (a as string) < (b as string);
  }
}

const le = (a: Raw, b: Raw): boolean => lt(a, b) || eq(a, b);
const gt = (a: Raw, b: Raw): boolean => !le(a, b);
const ge = (a: Raw, b: Raw): boolean => !lt(a, b);

// ---- escaping ------------------------------------------------------------------------------------
/** Go's evalArgs for html/js/urlquery: a single string is used as-is, otherwise fmt.Sprint. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map(printableArg));
}

/** printableValue for evalArgs: nil interfaces print as `<no value>`, pointers are followed. */
function printableArg(v: GoValue): GoValue {
  if (v === null || v === undefined) return '<no value>';
  if (v instanceof GoPtr && v.cell) return v.cell.value;
  return v;
}

/** template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[&'<>"\0]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case "'":
        return '&#39;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&#34;';
      default:
        return '\uFFFD';
    }
  });
}

/** template.JSEscapeString. */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
      default:
        break;
    }
    if (cp < 0x20) out += '\\u00' + cp.toString(16).toUpperCase().padStart(2, '0');
    else if (cp < 0x80 || isGoPrintable(cp)) out += ch;
    else out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** A builtin: Go signature text plus implementation. */
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

export { eq as goEq, lt as goLt };
