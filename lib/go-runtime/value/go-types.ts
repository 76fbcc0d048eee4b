/**
 * Go type descriptors: enough of Go's type system to convert function arguments the way
 * text/template does, to produce zero values, and to name types in `%T` and error messages.
 */
import {
  GO_TYPE,
  goTypeTag,
  GoBytes,
  GoChan,
  GoComplex,
  GoInt,
  GoMap,
  GoNil,
  GoPtr,
  GoStruct,
  GoTime,
  type GoStructClass,
  type GoValue,
  type IntKind,
} from './values';

export type BasicKind = IntKind | 'bool' | 'string' | 'float32' | 'float64' | 'complex128';

/** A Go type. `name` is the declared name for named types (e.g. `template.T`, `time.Duration`). */
export type GoType =
  | { readonly kind: 'any' }
  | { readonly kind: 'value' } // reflect.Value: builtins that receive raw values
  | { readonly kind: 'interface'; readonly name: string }
  | { readonly kind: BasicKind; readonly name?: string }
  | { readonly kind: 'slice'; readonly elem: GoType; readonly name?: string }
  | { readonly kind: 'array'; readonly elem: GoType; readonly len: number }
  | { readonly kind: 'map'; readonly key: GoType; readonly elem: GoType; readonly name?: string }
  | { readonly kind: 'ptr'; readonly elem: GoType }
  | { readonly kind: 'struct'; readonly name: string; readonly cls?: GoStructClass }
  | { readonly kind: 'func'; readonly sig: GoSignature }
  | { readonly kind: 'chan'; readonly elem: GoType }
  | { readonly kind: 'unsafe.Pointer' };

/** A function signature. When `variadic`, the last param is the element type of `...T`. */
export interface GoSignature {
  readonly params: readonly GoType[];
  readonly variadic: boolean;
  readonly results: readonly GoType[];
}

export const ANY: GoType = { kind: 'any' };
export const VALUE: GoType = { kind: 'value' };
export const ERROR_TYPE: GoType = { kind: 'interface', name: 'error' };
export const T_INT: GoType = { kind: 'int' };
export const T_STRING: GoType = { kind: 'string' };
export const T_FLOAT64: GoType = { kind: 'float64' };
export const T_BOOL: GoType = { kind: 'bool' };
export const SLICE_ANY: GoType = { kind: 'slice', elem: ANY };
export const MAP_STRING_ANY: GoType = { kind: 'map', key: T_STRING, elem: ANY };
/** The default signature of untyped JS functions: `func(...interface {}) interface {}`. */
export const DEFAULT_SIG: GoSignature = { params: [ANY], variadic: true, results: [ANY] };

const BASIC = new Set<string>([
  'bool',
  'string',
  'float32',
  'float64',
  'complex128',
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'uintptr',
]);
const ALIASES: Record<string, string> = { byte: 'uint8', rune: 'int32' };

const structRegistry = new Map<string, GoStructClass>();

/** Makes a struct class known by its `goTypeName` so type texts like `*pkg.T` resolve to it. */
export function registerStruct(cls: GoStructClass): void {
  structRegistry.set(cls.goTypeName, cls);
}

const parseCache = new Map<string, GoType>();

/** Parses Go type text: `int`, `[]string`, `map[string]interface {}`, `*pkg.T`, `func(int, ...string) string`. */
export function parseGoType(text: string): GoType {
  const cached = parseCache.get(text);
  if (cached) return cached;
  const p = new TypeTextParser(text);
  const t = p.parseType();
  p.expectEnd();
  parseCache.set(text, t);
  return t;
}

/** Resolves a type given as text or descriptor. */
export function toGoType(t: GoType | string): GoType {
  return typeof t === 'string' ? parseGoType(t) : t;
}

class TypeTextParser {
  private pos = 0;
  constructor(private readonly s: string) {}

  expectEnd(): void {
    this.skip();
    if (this.pos !== this.s.length) throw new Error(`bad Go type text ${JSON.stringify(this.s)} at ${this.pos}`);
  }
  private skip(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }
  private eat(tok: string): boolean {
    this.skip();
    if (this.s.startsWith(tok, this.pos)) {
      this.pos += tok.length;
      return true;
    }
    return false;
  }
  private ident(): string {
    this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(this.s.slice(this.pos));
    if (!m) throw new Error(`bad Go type text ${JSON.stringify(this.s)} at ${this.pos}`);
    this.pos += m[0].length;
    return m[0];
  }

  parseType(): GoType {
    if (this.eat('*')) return { kind: 'ptr', elem: this.parseType() };
    if (this.eat('[]')) return { kind: 'slice', elem: this.parseType() };
    if (this.eat('[')) {
      const m = /^\d+/.exec(this.s.slice(this.pos));
      if (!m) throw new Error(`bad array type in ${this.s}`);
      this.pos += m[0].length;
      if (!this.eat(']')) throw new Error(`bad array type in ${this.s}`);
      return { kind: 'array', elem: this.parseType(), len: Number(m[0]) };
    }
    if (this.eat('map[')) {
      const key = this.parseType();
      if (!this.eat(']')) throw new Error(`bad map type in ${this.s}`);
      return { kind: 'map', key, elem: this.parseType() };
    }
    if (this.eat('func(')) return { kind: 'func', sig: this.parseSignatureRest() };
    if (this.eat('chan ')) return { kind: 'chan', elem: this.parseType() };
    if (this.eat('interface {}') || this.eat('interface{}')) return ANY;
    const name = this.ident();
    return namedType(name);
  }

  /** After `func(`: parameter list, `)`, optional results. */
  private parseSignatureRest(): GoSignature {
    const params: GoType[] = [];
    let variadic = false;
    this.skip();
    if (!this.eat(')')) {
      for (;;) {
        if (this.eat('...')) variadic = true;
        params.push(this.parseParam());
        if (this.eat(')')) break;
        if (!this.eat(',')) throw new Error(`bad func type ${this.s}`);
        if (variadic) throw new Error(`variadic parameter must be last in ${this.s}`);
      }
    }
    const results: GoType[] = [];
    this.skip();
    if (this.pos < this.s.length && this.s[this.pos] !== ',' && this.s[this.pos] !== ')') {
      if (this.eat('(')) {
        for (;;) {
          results.push(this.parseType());
          if (this.eat(')')) break;
          if (!this.eat(',')) throw new Error(`bad result list ${this.s}`);
        }
      } else {
        results.push(this.parseType());
      }
    }
    return { params, variadic, results };
  }

  /** A parameter: `T` or `name T` (names are ignored). */
  private parseParam(): GoType {
    const save = this.pos;
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s+(?=[*\[A-Za-z.]|\.\.\.)/.exec(this.s.slice(this.pos));
    if (m && !BASIC.has(m[1]) && m[1] !== 'map' && m[1] !== 'func' && m[1] !== 'chan' && m[1] !== 'interface') {
      this.pos += m[0].length;
      this.eat('...');
      try {
        return this.parseType();
      } catch {
        this.pos = save;
      }
    }
    return this.parseType();
  }
}

function namedType(name: string): GoType {
  const n = ALIASES[name] ?? name;
  if (BASIC.has(n)) return { kind: n as BasicKind };
  if (n === 'any') return ANY;
  if (n === 'error') return ERROR_TYPE;
  if (n === 'reflect.Value') return VALUE;
  if (n === 'unsafe.Pointer') return { kind: 'unsafe.Pointer' };
  if (n === 'fmt.Stringer') return { kind: 'interface', name: n };
  const cls = structRegistry.get(n);
  if (cls) return { kind: 'struct', name: n, cls };
  if (n === 'time.Time') return { kind: 'struct', name: n };
  if (n === 'time.Duration') return { kind: 'int64', name: n };
  // Unknown named types are treated as interfaces (e.g. template.I): any value may be assigned.
  return { kind: 'interface', name: n };
}

/** Go's spelling of a type, as `%T` and reflect print it. */
export function typeString(t: GoType): string {
  switch (t.kind) {
    case 'any':
      return 'interface {}';
    case 'value':
      return 'reflect.Value';
    case 'interface':
      return t.name;
    case 'slice':
      return t.name ?? `[]${typeString(t.elem)}`;
    case 'array':
      return `[${t.len}]${typeString(t.elem)}`;
    case 'map':
      return t.name ?? `map[${typeString(t.key)}]${typeString(t.elem)}`;
    case 'ptr':
      return `*${typeString(t.elem)}`;
    case 'struct':
      return t.name;
    case 'func':
      return sigString(t.sig);
    case 'chan':
      return `chan ${typeString(t.elem)}`;
    case 'unsafe.Pointer':
      return 'unsafe.Pointer';
    default:
      return t.name ?? t.kind;
  }
}

function sigString(sig: GoSignature): string {
  const ps = sig.params.map((p, i) =>
    sig.variadic && i === sig.params.length - 1 ? `...${typeString(p)}` : typeString(p),
  );
  const rs = sig.results.map(typeString);
  const res = rs.length === 0 ? '' : rs.length === 1 ? ` ${rs[0]}` : ` (${rs.join(', ')})`;
  return `func(${ps.join(', ')})${res}`;
}

/** The dynamic Go type of a value; `undefined` for missing values and untyped nil. */
export function typeOfValue(v: GoValue): GoType | undefined {
  switch (typeof v) {
    case 'undefined':
      return undefined;
    case 'boolean':
      return T_BOOL;
    case 'string':
      return T_STRING;
    case 'bigint':
      return T_INT;
    case 'number':
      return T_FLOAT64;
    case 'function': {
      const tagged = (v as { [GO_TYPE]?: GoType | string })[GO_TYPE];
      return tagged ? toGoType(tagged) : { kind: 'func', sig: DEFAULT_SIG };
    }
    default:
      break;
  }
  if (v === null) return undefined;
  const tagged = goTypeTag(v as object);
  if (tagged) return toGoType(tagged);
  if (Array.isArray(v)) return SLICE_ANY;
  if (v instanceof GoInt) return v.typeName ? { kind: v.kind, name: v.typeName } : { kind: v.kind };
  if (v instanceof GoComplex) return { kind: 'complex128' };
  if (v instanceof GoChan) return { kind: 'chan', elem: v.elemType };
  if (v instanceof GoPtr || v instanceof GoNil) return v.type;
  if (v instanceof GoMap) return v.type;
  if (v instanceof GoBytes) return { kind: 'slice', elem: { kind: 'uint8' } };
  if (v instanceof GoTime) return { kind: 'struct', name: 'time.Time' };
  if (v instanceof GoStruct) {
    const cls = v.constructor as GoStructClass;
    const st: GoType = { kind: 'struct', name: cls.goTypeName, cls };
    return v.goIsPointer() ? { kind: 'ptr', elem: st } : st;
  }
  return MAP_STRING_ANY;
}

/** `%T` of a value (`<nil>` for nil and missing values). */
export function typeNameOf(v: GoValue): string {
  const t = typeOfValue(v);
  return t ? typeString(t) : '<nil>';
}

/** Whether a value of this type may be nil (Go's canBeNil; reflect.Value counts as nil-able). */
export function canBeNil(t: GoType): boolean {
  switch (t.kind) {
    case 'any':
    case 'value':
    case 'interface':
    case 'slice':
    case 'map':
    case 'ptr':
    case 'func':
    case 'chan':
    case 'unsafe.Pointer':
      return true;
    default:
      return false;
  }
}

/** The zero value of a type. */
export function zeroValue(t: GoType): GoValue {
  switch (t.kind) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'int':
      return t.name ? new GoInt(0n, 'int', t.name) : 0n;
    case 'float32':
    case 'float64':
      return 0;
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'uint':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
    case 'uintptr':
      return new GoInt(0n, t.kind, t.name);
    case 'ptr':
      return new GoPtr(t, null);
    case 'array': {
      const arr: GoValue[] = [];
      for (let i = 0; i < t.len; i++) arr.push(zeroValue(t.elem));
      return arr;
    }
    default:
      return null;
  }
}

/** Whether a type is an interface type (any value can be stored in it). */
export function isInterfaceType(t: GoType): boolean {
  return t.kind === 'any' || t.kind === 'interface';
}

/** Go's AssignableTo for the types this engine models. */
export function assignable(from: GoType, to: GoType): boolean {
  if (to.kind === 'any') return true;
  if (to.kind === 'interface') return implementsInterface(from, to.name);
  if (from.kind !== to.kind) return false;
  switch (to.kind) {
    // Go: identical types, or identical underlying types when at least one of them is unnamed
    // (a chartutil.Values is assignable to a map[string]interface {} parameter).
    case 'slice':
      return from.kind === 'slice' && compatibleNames(from.name, to.name) && sameType(from.elem, to.elem);
    case 'array':
      return from.kind === 'array' && from.len === to.len && sameType(from.elem, to.elem);
    case 'map':
      return (
        from.kind === 'map' &&
        compatibleNames(from.name, to.name) &&
        sameType(from.key, to.key) &&
        sameType(from.elem, to.elem)
      );
    case 'ptr':
      return from.kind === 'ptr' && sameType(from.elem, to.elem);
    case 'struct':
      return from.kind === 'struct' && from.name === to.name;
    case 'func':
      return true;
    case 'chan':
      return from.kind === 'chan' && sameType(from.elem, to.elem);
    default:
      return ((from as { name?: string }).name ?? '') === ((to as { name?: string }).name ?? '');
  }
}

/** Names that allow assignment between composite types of identical underlying type. */
function compatibleNames(from: string | undefined, to: string | undefined): boolean {
  return from === undefined || to === undefined || from === to;
}

/** Structural type identity. */
export function sameType(a: GoType, b: GoType): boolean {
  return typeString(a) === typeString(b);
}

function implementsInterface(from: GoType, name: string): boolean {
  if (name === 'error') return hasMethodType(from, 'Error');
  if (name === 'fmt.Stringer') return hasMethodType(from, 'String');
  return true; // unknown interfaces: accept (fixtures only)
}

function hasMethodType(t: GoType, method: string): boolean {
  const st = t.kind === 'ptr' ? t.elem : t;
  if (st.kind === 'struct' && st.cls)
    return typeof (st.cls.prototype as unknown as Record<string, unknown>)[method] === 'function';
  return (
    t.kind === 'interface' &&
    (t.name === 'error' ? method === 'Error' : t.name === 'fmt.Stringer' && method === 'String')
  );
}
