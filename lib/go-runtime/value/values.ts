/**
 * The value model shared by the template engine, Sprig and the Helm/VM package layers.
 *
 * Go value                         → JS value
 * ------------------------------------------------------------------
 * missing (invalid reflect.Value)  → `undefined`  (prints `<no value>`)
 * nil interface / untyped nil      → `null`       (prints `<nil>` inside print/printf)
 * bool / string                    → `boolean` / `string`
 * int                              → `bigint`  (64-bit, wraps like Go where Go wraps)
 * int8…int64, uint…uintptr         → {@link GoInt} (a bigint plus its kind)
 * float64                          → `number`
 * []interface{}                    → JS array (other slice/array types: tag with {@link tagGoType})
 * map[string]interface{}           → plain JS object (iterated by sorted key; other string-keyed
 *                                     map types: tag with {@link tagGoType})
 * maps with non-string keys        → {@link GoMap}
 * []byte                           → {@link GoBytes}
 * time.Time                        → {@link GoTime}
 * pointers to non-struct values,
 *   typed nil pointers             → {@link GoPtr}
 * structs (with fields + methods)  → subclasses of {@link GoStruct}
 * funcs                            → JS functions (optionally with a signature, see {@link goFunc})
 *
 * Methods on non-struct values (e.g. Helm's `chartutil.Values.YAML`, `Files.Get`,
 * `VersionSet.Has`) are attached with {@link defineGoMethods}.
 */
import type { GoType } from './go-types';

/** Marker for values typed as Go functions; parameters are converted by the engine before the call. */
export type GoFunction = (...args: never[]) => unknown;

/** Any value the engine can hold. */
export type GoValue =
  | undefined
  | null
  | boolean
  | string
  | bigint
  | number
  | GoValue[]
  | GoMapObject
  | GoInt
  | GoComplex
  | GoBytes
  | GoTime
  | GoPtr
  | GoNil
  | GoChan
  | GoMap
  | GoStruct
  | GoFunction;

/** `map[string]interface{}`: a plain object. Keys `__proto__`/`constructor` are ordinary keys here. */
export interface GoMapObject {
  [key: string]: GoValue;
}

/** Symbol holding a Go type descriptor on an array, object or function (non-enumerable). */
export const GO_TYPE: unique symbol = Symbol.for('marina.templates.goType');
/** Symbol holding a method table on any object (non-enumerable). */
export const GO_METHODS: unique symbol = Symbol.for('marina.templates.goMethods');
/** Symbol marking a function that receives the {@link ExecContextLike} as its first argument. */
export const GO_CONTEXT_FUNC: unique symbol = Symbol.for('marina.templates.contextFunc');
/** Symbol for the capacity of a tagged slice (`make([]T, len, cap)`); reads past len yield zero values. */
export const GO_CAP: unique symbol = Symbol.for('marina.templates.cap');

export type IntKind =
  'int' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'uintptr';

const INT_BITS: Record<IntKind, number> = {
  int: 64,
  int8: 8,
  int16: 16,
  int32: 32,
  int64: 64,
  uint: 64,
  uint8: 8,
  uint16: 16,
  uint32: 32,
  uint64: 64,
  uintptr: 64,
};

/** Whether an integer kind is unsigned. */
export function isUnsignedKind(kind: IntKind): boolean {
  return kind.startsWith('u');
}

/** Wraps a bigint to the width of `kind`, as a Go conversion would. */
export function wrapInt(value: bigint, kind: IntKind): bigint {
  const bits = INT_BITS[kind];
  return isUnsignedKind(kind) ? BigInt.asUintN(bits, value) : BigInt.asIntN(bits, value);
}

/** A sized or unsigned Go integer. Plain `int` is a bare `bigint`. The value is always in range. */
export class GoInt {
  readonly value: bigint;
  constructor(
    value: bigint,
    readonly kind: IntKind,
    readonly typeName?: string,
  ) {
    this.value = wrapInt(value, kind);
  }
  toString(): string {
    return this.value.toString();
  }
}

/** Go `complex128`. */
export class GoComplex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

/** Go `[]byte`. */
export class GoBytes {
  constructor(readonly bytes: Uint8Array) {}
  static fromString(s: string): GoBytes {
    return new GoBytes(Buffer.from(s, 'utf8'));
  }
  toString(): string {
    return Buffer.from(this.bytes).toString('utf8');
  }
}

/** A time zone: a name and a function from UTC epoch milliseconds to the offset east of UTC in seconds. */
export interface GoLocation {
  readonly name: string;
  offsetAt(epochMs: number): { offsetSeconds: number; abbreviation: string };
}

/** Go `time.Time`: an instant with nanosecond precision and a location. */
export class GoTime {
  /** @param epochMs milliseconds since the Unix epoch (integer); @param nanos extra nanoseconds 0..999999 */
  constructor(
    readonly epochMs: number,
    readonly nanos: number,
    readonly location: GoLocation,
  ) {}
  /** Seconds since the epoch (floor). */
  unixSeconds(): number {
    return Math.floor(this.epochMs / 1000);
  }
  /** Nanoseconds within the second, 0..999999999. */
  nanosecond(): number {
    return (((this.epochMs % 1000) + 1000) % 1000) * 1e6 + this.nanos;
  }
}

/** A reference cell a {@link GoPtr} points at. */
export interface GoCell {
  value: GoValue;
}

/** A pointer to a non-struct value, or a typed nil pointer of any pointer type. */
export class GoPtr {
  /** @param type the pointer's type (kind 'ptr'); @param cell the pointee, or null for a nil pointer */
  constructor(
    readonly type: GoType,
    readonly cell: GoCell | null,
  ) {}
  get isNil(): boolean {
    return this.cell === null;
  }
}

/**
 * A typed nil of a nillable non-pointer type: nil map, nil slice, nil func, nil chan, or a nil
 * interface of a named interface type (e.g. a nil `error`). Untyped nil is `null`; nil pointers are
 * {@link GoPtr} with no cell.
 */
export class GoNil {
  /** @param type the static type (kind 'map' | 'slice' | 'func' | 'chan' | 'interface') */
  constructor(readonly type: GoType) {}
}

/**
 * A Go channel, modelled as its pending values plus whether it is closed. Ranging over it receives
 * until it is empty (a closed channel ends the range; an open one ends when drained).
 */
export class GoChan {
  constructor(
    readonly elemType: GoType,
    readonly buffer: GoValue[] = [],
    public closed = true,
  ) {}
  /** Receives one value; `ok` is false when nothing more will arrive. */
  recv(): { value: GoValue; ok: boolean } {
    if (this.buffer.length > 0) return { value: this.buffer.shift(), ok: true };
    return { value: undefined, ok: false };
  }
}

/** Key of a {@link GoMap}: strings, ints (bigint), bools, floats. */
export type GoMapKey = string | bigint | number | boolean;

/** A map whose key type is not string, or whose element type needs to be known (zero values). */
export class GoMap {
  readonly entries = new Map<GoMapKey, GoValue>();
  /** @param type the map type (kind 'map') */
  constructor(
    readonly type: GoType,
    init?: Iterable<[GoMapKey, GoValue]>,
  ) {
    if (init) for (const [k, v] of init) this.entries.set(k, v);
  }
  get size(): number {
    return this.entries.size;
  }
}

/** Table of methods callable from templates as `.Name arg…`. */
export interface GoMethodTable {
  [name: string]: GoMethod;
}

/** A method: the implementation is called with `this` bound to the receiver. */
export interface GoMethod {
  /** Go signature such as `func(int, string) string`; omitted = `func(...interface {}) interface {}`. */
  readonly sig?: string;
  readonly fn: (this: never, ...args: never[]) => unknown;
}

/**
 * Base class for Go structs. Own enumerable properties are the fields, in declaration order
 * (names starting with a lower-case letter are unexported: printed, but not accessible from
 * templates). Prototype methods whose name starts with an upper-case letter are Go methods.
 * Subclasses may declare static `goTypeName` (e.g. `chart.Metadata`), `goFieldTypes`
 * (field → Go type, used for nil fields and messages) and `goMethodSigs` (method → Go signature).
 */
export abstract class GoStruct {
  static goTypeName = 'struct';
  static goFieldTypes: Record<string, string> = {};
  static goMethodSigs: Record<string, string> = {};
  /** When false the value is a struct value (`T`), otherwise a pointer to it (`*T`). */
  goIsPointer(): boolean {
    return true;
  }
}

/** Constructor type of a {@link GoStruct} subclass. */
export type GoStructClass = (abstract new (...args: never[]) => GoStruct) & {
  goTypeName: string;
  goFieldTypes: Record<string, string>;
  goMethodSigs: Record<string, string>;
};

/*
 * Plain objects that carry tags (a Go type or methods) are also recorded here, so "is this an
 * untagged map?" is answered by its prototype plus a WeakSet probe (no identity hash → no entry),
 * never by reading an absent symbol: across the thousands of differently shaped value maps a
 * chart builds that read is a megamorphic property miss, the executor's hottest cost before this.
 */
const TAGGED_MAPS = new WeakSet<object>();

function isBareProto(p: unknown): boolean {
  return p === Object.prototype || p === null;
}

function noteTagged(value: object): void {
  if (typeof value === 'object' && isBareProto(Object.getPrototypeOf(value))) TAGGED_MAPS.add(value);
}

/** Attaches a Go type (descriptor or Go type text such as `map[string]int`) to an array, object or function. */
export function tagGoType<T extends object>(value: T, type: GoType | string): T {
  Object.defineProperty(value, GO_TYPE, { value: type, enumerable: false, configurable: true, writable: true });
  noteTagged(value);
  return value;
}

/** Attaches methods callable from templates to an object, array or class prototype. */
export function defineGoMethods<T extends object>(value: T, methods: GoMethodTable): T {
  const own = Object.prototype.hasOwnProperty.call(value, GO_METHODS)
    ? (value as { [GO_METHODS]?: GoMethodTable })[GO_METHODS]
    : undefined;
  const merged = { ...(own ?? {}), ...methods };
  Object.defineProperty(value, GO_METHODS, { value: merged, enumerable: false, configurable: true, writable: true });
  noteTagged(value);
  return value;
}

/** True for a plain map that carries no Go type or methods (decided without reading a symbol). */
export function isUntaggedMap(v: unknown): v is GoMapObject {
  return v !== null && typeof v === 'object' && isBareProto(Object.getPrototypeOf(v)) && !TAGGED_MAPS.has(v);
}

/** The Go type attached with {@link tagGoType}, if any. */
export function goTypeTag(v: object): GoType | string | undefined {
  if (isUntaggedMap(v)) return undefined;
  return (v as { [GO_TYPE]?: GoType | string })[GO_TYPE];
}

/** The methods attached with {@link defineGoMethods}, if any. */
export function goMethodsTag(v: object): GoMethodTable | undefined {
  if (isUntaggedMap(v)) return undefined;
  return (v as { [GO_METHODS]?: GoMethodTable })[GO_METHODS];
}

/**
 * Declares a Go signature for a template function, e.g. `goFunc('func(int, string) string', trunc)`.
 * Without a signature a function is `func(...interface {}) interface {}` and receives values as-is
 * (missing values arrive as `null`).
 */
export function goFunc<F extends GoFunction>(sig: string, fn: F): F {
  return tagGoType(fn, sig);
}

/** The execution context passed to functions made with {@link contextFunc}. */
export interface ExecContextLike {
  /** Name of the template being executed. */
  readonly templateName: string;
}

/**
 * Marks a function as needing the execution context (first argument). Used by Helm's `include`
 * and `tpl`, which call back into the engine.
 */
export function contextFunc<F extends GoFunction>(fn: F, sig?: string): F {
  Object.defineProperty(fn, GO_CONTEXT_FUNC, { value: true, enumerable: false });
  if (sig) tagGoType(fn, sig);
  return fn;
}

/** A JS object that is a string-keyed Go map: a plain object, tagged or not (not a class instance or array). */
export function isPlainMap(v: unknown): v is GoMapObject {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Creates an empty `map[string]interface{}`. It is an ordinary object (fast property access), so
 * write keys with {@link mapSet} (which stores `__proto__` as a key) and read them with
 * {@link mapGet}/{@link mapHas}, which never consult the prototype.
 */
export function newGoMap(): GoMapObject {
  return {} as GoMapObject;
}

/** Own-property read on a plain map that never consults the prototype chain. */
export function mapGet(m: GoMapObject, key: string): GoValue {
  return Object.prototype.hasOwnProperty.call(m, key) ? m[key] : undefined;
}

/** Own-property check on a plain map. */
export function mapHas(m: GoMapObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, key);
}

/** Sets a key on a plain map; `__proto__` is defined as an own property, never as the prototype. */
export function mapSet(m: GoMapObject, key: string, value: GoValue): void {
  if (key === '__proto__') {
    Object.defineProperty(m, key, { value, enumerable: true, configurable: true, writable: true });
  } else {
    m[key] = value;
  }
}

/** Sorted keys of a plain map (Go iterates maps in sorted key order in templates and fmt). */
export function sortedKeys(m: GoMapObject): string[] {
  return Object.keys(m).sort(compareStrings);
}

/** Go's string ordering (byte-wise on UTF-8, which equals code-point order). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      const sa = ca >= 0xd800 && ca <= 0xdfff;
      const sb = cb >= 0xd800 && cb <= 0xdfff;
      if (sa !== sb) return sa ? 1 : -1; // surrogates encode code points above U+FFFF
      return ca < cb ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : 1;
}
