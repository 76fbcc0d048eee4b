/**
 * Reflection over the value model: kinds, methods, struct fields, map iteration in Go order,
 * truthiness. Shared by the executor, the builtins, fmt and Sprig.
 */
import {
  GO_CAP,
  GO_TYPE,
  goMethodsTag,
  isUntaggedMap,
  GoBytes,
  GoChan,
  GoComplex,
  GoInt,
  GoMap,
  GoNil,
  GoPtr,
  GoStruct,
  GoTime,
  compareStrings,
  isUnsignedKind,
  type GoMapKey,
  type GoMethod,
  type GoMethodTable,
  type GoStructClass,
  type GoValue,
} from './values';
import { toGoType, typeOfValue, zeroValue, type GoType } from './go-types';

export type Kind =
  | 'invalid'
  | 'nil'
  | 'bool'
  | 'int'
  | 'uint'
  | 'float'
  | 'complex'
  | 'string'
  | 'slice'
  | 'array'
  | 'map'
  | 'struct'
  | 'ptr'
  | 'func'
  | 'chan'
  | 'unsafe.Pointer';

/** Coarse kind of a value (`nil` is an untyped nil interface). */
export function kindOf(v: GoValue): Kind {
  switch (typeof v) {
    case 'undefined':
      return 'invalid';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'function':
      return 'func';
    default:
      break;
  }
  if (v === null) return 'nil';
  if (Array.isArray(v)) {
    const t = (v as { [GO_TYPE]?: GoType | string })[GO_TYPE];
    return t && toGoType(t).kind === 'array' ? 'array' : 'slice';
  }
  if (v instanceof GoInt) return isUnsignedKind(v.kind) ? 'uint' : 'int';
  if (v instanceof GoComplex) return 'complex';
  if (v instanceof GoChan) return 'chan';
  if (v instanceof GoStruct) return 'struct';
  if (v instanceof GoPtr) {
    const k = v.type.kind;
    return k === 'chan' ? 'chan' : k === 'unsafe.Pointer' ? 'unsafe.Pointer' : k === 'func' ? 'func' : 'ptr';
  }
  if (v instanceof GoMap) return 'map';
  if (v instanceof GoNil) {
    const k = v.type.kind;
    return k === 'map' || k === 'slice' || k === 'func' || k === 'chan' ? k : 'nil';
  }
  if (v instanceof GoBytes) return 'slice';
  if (v instanceof GoTime) return 'struct';
  return 'map';
}

/** Pointer-ish values that can be nil. */
export function isNilValue(v: GoValue): boolean {
  return v === null || v instanceof GoNil || (v instanceof GoPtr && v.isNil);
}

/** text/template's indirectInterface: a nil interface (null, or a GoNil of interface type) becomes the missing value. */
export function indirectInterface(v: GoValue): GoValue {
  return v === null || (v instanceof GoNil && (v.type.kind === 'interface' || v.type.kind === 'any')) ? undefined : v;
}

/** Follows pointers (GoPtr cells). Returns the final value and whether a nil pointer was hit. */
export function indirect(v: GoValue): { value: GoValue; isNil: boolean } {
  let cur = v;
  while (cur instanceof GoPtr && cur.type.kind === 'ptr') {
    if (cur.cell === null) return { value: cur, isNil: true };
    cur = cur.cell.value;
  }
  if (cur === null || (cur instanceof GoNil && (cur.type.kind === 'interface' || cur.type.kind === 'any'))) {
    return { value: cur, isNil: true };
  }
  return { value: cur, isNil: false };
}

/** A bound method ready to call. */
export interface BoundMethod {
  readonly name: string;
  readonly receiver: GoValue;
  readonly method: GoMethod;
}

/** Finds an exported method `name` on a value (GO_METHODS tables or GoStruct prototype methods). */
export function findMethod(v: GoValue, name: string): BoundMethod | undefined {
  if (v === null || v === undefined || typeof v !== 'object') return undefined;
  if (v instanceof GoPtr) {
    if (v.type.kind === 'ptr' && v.type.elem.kind === 'struct' && v.type.elem.cls) {
      return structMethod(
        v.type.elem.cls.prototype as unknown as Record<string, unknown>,
        v.type.elem.cls,
        name,
        null,
        v,
      );
    }
    if (v.cell) return findMethod(v.cell.value, name);
    return undefined;
  }
  const table = goMethodsTag(v as object);
  if (table && Object.prototype.hasOwnProperty.call(table, name)) {
    return { name, receiver: v, method: table[name] };
  }
  if (v instanceof GoStruct) {
    return structMethod(v as unknown as Record<string, unknown>, v.constructor as GoStructClass, name, v, v);
  }
  return undefined;
}

function structMethod(
  obj: Record<string, unknown>,
  cls: GoStructClass,
  name: string,
  self: GoStruct | null,
  receiver: GoValue,
): BoundMethod | undefined {
  const c = name.charCodeAt(0);
  if (!(c >= 65 && c <= 90)) return undefined;
  if (self && Object.prototype.hasOwnProperty.call(self, name)) return undefined; // a field
  const fn = (obj as Record<string, unknown>)[name];
  if (typeof fn !== 'function') return undefined;
  const sig = cls.goMethodSigs?.[name];
  return { name, receiver: self ?? receiver, method: { sig, fn: fn as GoMethod['fn'] } };
}

/** Calls a bound method with already converted arguments. */
export function callMethod(m: BoundMethod, args: GoValue[]): unknown {
  const recv = m.receiver instanceof GoPtr && m.receiver.isNil ? null : m.receiver;
  return (m.method.fn as (...a: GoValue[]) => unknown).apply(recv as never, args);
}

/** Fields of a struct in declaration order, including unexported ones (for printing). */
export function structFields(s: GoStruct): [string, GoValue][] {
  return Object.keys(s).map((k) => [k, (s as unknown as Record<string, GoValue>)[k]]);
}

/** Whether the struct (or its class) declares a field called `name`. */
export function structHasField(cls: GoStructClass, instance: GoStruct | null, name: string): boolean {
  if (instance) return Object.prototype.hasOwnProperty.call(instance, name);
  return Object.prototype.hasOwnProperty.call(cls.goFieldTypes ?? {}, name);
}

/** Map entries sorted the way Go's fmt and range sort them. */
export function sortedMapEntries(m: GoValue): [GoValue, GoValue][] {
  if (m instanceof GoNil) return [];
  if (m instanceof GoMap) {
    const keys = [...m.entries.keys()].sort(compareMapKeys);
    return keys.map((k) => [mapKeyToValue(m, k), m.entries.get(k)]);
  }
  const obj = m as Record<string, GoValue>;
  return Object.keys(obj)
    .sort(compareStrings)
    .map((k) => [k, obj[k]]);
}

function mapKeyToValue(m: GoMap, k: GoMapKey): GoValue {
  const kt = m.type.kind === 'map' ? m.type.key : undefined;
  if (typeof k === 'bigint' && kt && kt.kind !== 'int' && kt.kind !== 'any' && kt.kind !== 'interface') {
    return new GoInt(k, kt.kind as never);
  }
  return k;
}

function compareMapKeys(a: GoMapKey, b: GoMapKey): number {
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (ta === 'string') return compareStrings(a as string, b as string);
  if (ta === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Number of elements for len(): arrays, slices, maps, strings (bytes). Undefined if not applicable. */
export function lengthOf(v: GoValue): number | undefined {
  if (typeof v === 'string') return utf8Length(v);
  if (Array.isArray(v)) return v.length;
  if (v instanceof GoBytes) return v.bytes.length;
  if (v instanceof GoMap) return v.size;
  if (v instanceof GoNil) return v.type.kind === 'map' || v.type.kind === 'slice' ? 0 : undefined;
  if (v !== null && typeof v === 'object' && kindOf(v) === 'map') return Object.keys(v).length;
  return undefined;
}

/** Capacity of a slice (GO_CAP tag or its length). */
export function capOf(v: GoValue[]): number {
  return (v as { [GO_CAP]?: number })[GO_CAP] ?? v.length;
}

/** Zero value of a slice's element type (used when slicing beyond len up to cap). */
export function sliceElemZero(v: GoValue[]): GoValue {
  const t = typeOfValue(v);
  return t && (t.kind === 'slice' || t.kind === 'array') ? zeroValue(t.elem) : null;
}

/** UTF-8 byte length of a string. */
export function utf8Length(s: string): number {
  // fast path: ASCII
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s, 'utf8');
  return s.length;
}

/** Go's truth (isTrue). `ok` is false for values that have no truth value. */
export function isTrue(v: GoValue): { truth: boolean; ok: boolean } {
  return { truth: truthValue(v), ok: true };
}

/** The truth of `v` as {@link isTrue} reports it (every value has one), without allocating. */
export function truthValue(v: GoValue): boolean {
  switch (typeof v) {
    case 'undefined':
      return false;
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'function':
      return true;
    default:
      break;
  }
  if (v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isUntaggedMap(v)) return hasOwnKey(v);
  if (v instanceof GoInt) return v.value !== 0n;
  if (v instanceof GoComplex) return v.re !== 0 || v.im !== 0;
  if (v instanceof GoChan) return true;
  if (v instanceof GoPtr) return !v.isNil;
  if (v instanceof GoNil) return false;
  if (v instanceof GoMap) return v.size > 0;
  if (v instanceof GoBytes) return v.bytes.length > 0;
  if (v instanceof GoStruct || v instanceof GoTime) return true;
  return hasOwnKey(v);
}

/** Object.keys(v).length > 0 without building the array. */
function hasOwnKey(v: object): boolean {
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) return true;
  return false;
}

/** Integer value of an int-kind value (bigint or GoInt), else undefined. */
export function intValue(v: GoValue): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (v instanceof GoInt) return v.value;
  return undefined;
}
