/**
 * Argument conversion as text/template does it (evalArg / validateType / idealConstant):
 * constants take the parameter's type, values must be assignable to it, and failures
 * produce Go's messages ("wrong type for value; expected int; got string").
 */
import {
  ANY,
  assignable,
  canBeNil,
  DEFAULT_SIG,
  GO_TYPE,
  GoBytes,
  GoComplex,
  GoInt,
  GoMap,
  GoPtr,
  GoStruct,
  GoTime,
  goTypeTag,
  isInterfaceType,
  isPlainMap,
  toGoType,
  typeNameOf,
  typeOfValue,
  typeString,
  zeroValue,
  type GoSignature,
  type GoType,
  type GoValue,
  type IntKind,
} from '@marina/go-runtime';
import { NodeType, type BoolNode, type NumberNode, type StringNode } from './parse-tree.nodes';

/** A conversion failure; the executor reports it at the current node. */
export class ConvError extends Error {}

const INT_KINDS = new Set(['int', 'int8', 'int16', 'int32', 'int64']);
const UINT_KINDS = new Set(['uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);

/** Go's validateType: makes `value` acceptable for a parameter of type `t`. */
export function validateType(value: GoValue, t: GoType): GoValue {
  if (t.kind === 'value') return value;
  if (value === undefined) {
    if (canBeNil(t)) return zeroValue(t);
    throw new ConvError(`invalid value; expected ${typeString(t)}`);
  }
  if (t.kind === 'any') return value;
  if (value === null) {
    if (canBeNil(t)) return t.kind === 'ptr' ? zeroValue(t) : null;
    throw new ConvError(`wrong type for value; expected ${typeString(t)}; got interface {}`);
  }
  if (fastAssignable(value, t)) return value;
  const vt = typeOfValue(value);
  if (vt && assignable(vt, t)) return value;
  if (value instanceof GoPtr && value.type.kind === 'ptr' && assignable(value.type.elem, t)) {
    if (value.cell === null) throw new ConvError(`dereference of nil pointer of type ${typeString(t)}`);
    return value.cell.value;
  }
  if (value instanceof GoStruct && vt) {
    const st = vt.kind === 'ptr' ? vt.elem : vt;
    if (
      (t.kind === 'struct' && st.kind === 'struct' && st.name === t.name) ||
      (t.kind === 'ptr' && t.elem.kind === 'struct' && st.kind === 'struct' && t.elem.name === st.name)
    ) {
      return value;
    }
  }
  throw new ConvError(`wrong type for value; expected ${typeString(t)}; got ${typeNameOf(value)}`);
}

/** Cheap structural checks for the common cases (JS arrays/objects are accepted for slice/map types). */
function fastAssignable(v: GoValue, t: GoType): boolean {
  const named = (t as { name?: string }).name;
  switch (typeof v) {
    case 'string':
      return t.kind === 'string' && !named;
    case 'bigint':
      return t.kind === 'int' && !named;
    case 'number':
      return t.kind === 'float64' && !named;
    case 'boolean':
      return t.kind === 'bool' && !named;
    case 'function':
      return t.kind === 'func';
    default:
      break;
  }
  if (v instanceof GoInt) return t.kind === v.kind && (named ?? '') === (v.typeName ?? '');
  if (v instanceof GoComplex) return t.kind === 'complex128' && !named;
  if (Array.isArray(v)) {
    if (t.kind !== 'slice' && t.kind !== 'array') return false;
    const tagged = (v as { [GO_TYPE]?: GoType | string })[GO_TYPE];
    return !tagged || assignable(toGoType(tagged), t) || (t.kind === 'slice' && t.elem.kind === 'any');
  }
  if (isPlainMap(v)) {
    const tagged = goTypeTag(v);
    return t.kind === 'map' && t.key.kind === 'string' && (!tagged || assignable(toGoType(tagged), t));
  }
  if (v instanceof GoBytes) return t.kind === 'slice' && t.elem.kind === 'uint8';
  if (v instanceof GoTime) return t.kind === 'struct' && t.name === 'time.Time';
  if (v instanceof GoMap) return t.kind === 'map' && typeString(v.type) === typeString(t);
  return false;
}

/** Converts a constant node for a parameter of type `t` (Go's evalBool/evalInteger/…). */
export function constantFor(node: NumberNode | StringNode | BoolNode, t: GoType): GoValue {
  const k = t.kind;
  if (k === 'bool') {
    if (node.type === NodeType.Bool) return node.value;
    throw new ConvError(`expected bool; found ${node.toString()}`);
  }
  if (k === 'string') {
    if (node.type === NodeType.String) return node.text;
    throw new ConvError(`expected string; found ${node.toString()}`);
  }
  if (k === 'float64' || k === 'float32') {
    if (node.type === NodeType.Number && node.isFloat) return node.float64;
    throw new ConvError(`expected float; found ${node.toString()}`);
  }
  if (INT_KINDS.has(k)) {
    if (node.type === NodeType.Number && node.isInt) {
      const named = (t as { name?: string }).name;
      return k === 'int' && !named ? node.int64 : new GoInt(node.int64, k as IntKind, named);
    }
    throw new ConvError(`expected integer; found ${node.toString()}`);
  }
  if (UINT_KINDS.has(k)) {
    if (node.type === NodeType.Number && node.isUint)
      return new GoInt(node.uint64, k as IntKind, (t as { name?: string }).name);
    throw new ConvError(`expected unsigned integer; found ${node.toString()}`);
  }
  if (k === 'complex128') {
    if (node.type === NodeType.Number && node.isComplex)
      return new GoComplex(node.isFloat ? node.float64 : node.complexRe, node.complexIm);
    throw new ConvError(`expected complex; found ${node.toString()}`);
  }
  if (k === 'any' || k === 'value') return idealValue(node);
  throw new ConvError(`can't handle ${node.toString()} for arg of type ${typeString(t)}`);
}

/** The value of a constant with no type context (Go's evalEmptyInterface for constants). */
export function idealValue(node: NumberNode | StringNode | BoolNode): GoValue {
  if (node.type === NodeType.Bool) return node.value;
  if (node.type === NodeType.String) return node.text;
  return idealConstant(node);
}

/** Go's idealConstant: `3` is int, `3.0`/`1e3` float64, `'a'` int, 0x… int. */
export function idealConstant(n: NumberNode): GoValue {
  if (n.isComplex) return new GoComplex(n.isFloat ? n.float64 : n.complexRe, n.complexIm);
  const isHexInt =
    n.text.length > 2 && n.text[0] === '0' && (n.text[1] === 'x' || n.text[1] === 'X') && !/[pP]/.test(n.text);
  const isRune = n.text[0] === "'";
  if (n.isFloat && !isHexInt && !isRune && /[.eEpP]/.test(n.text)) return n.float64;
  if (n.isInt) return n.int64;
  if (n.isUint) throw new ConvError(`${n.text} overflows int`);
  return undefined;
}

/** Signature of a callable value: declared via GO_TYPE, or the default variadic interface{} form. */
const sigCache = new WeakMap<object, GoSignature>();

export function signatureOf(fn: object): GoSignature {
  const hit = sigCache.get(fn);
  if (hit) return hit;
  const tagged = (fn as { [GO_TYPE]?: GoType | string })[GO_TYPE];
  let sig = DEFAULT_SIG;
  if (tagged) {
    const t = toGoType(tagged);
    if (t.kind === 'func') sig = t.sig;
  }
  sigCache.set(fn, sig);
  return sig;
}

/** Parses a method signature text or returns the default. */
export function methodSignature(sig: string | undefined): GoSignature {
  if (!sig) return DEFAULT_SIG;
  const t = toGoType(sig);
  return t.kind === 'func' ? t.sig : DEFAULT_SIG;
}

/** Go's goodFunc: 1 result, or 2 with the second being error. Returns an error message or null. */
const resultsOK = new WeakSet<GoSignature>();

export function checkResults(name: string, sig: GoSignature): string | null {
  if (resultsOK.has(sig)) return null;
  const n = sig.results.length;
  if (
    n === 1 ||
    (n === 2 && sig.results[1].kind === 'interface' && (sig.results[1] as { name: string }).name === 'error')
  ) {
    resultsOK.add(sig);
    return null;
  }
  if (
    n === 1 ||
    (n === 2 && sig.results[1].kind === 'interface' && (sig.results[1] as { name: string }).name === 'error')
  )
    return null;
  if (n === 2)
    return `invalid function signature for ${name}: second return value should be error; is ${typeString(sig.results[1])}`;
  return `function ${name} has ${n} return values; should be 1 or 2`;
}

/** Coerces a JS result to the declared Go result type (JS numbers for int results etc.). */
export function coerceResult(v: unknown, t: GoType | undefined): GoValue {
  if (!t || isInterfaceType(t)) return v as GoValue;
  switch (t.kind) {
    case 'int':
      if (typeof v === 'number') return BigInt(Math.trunc(v));
      return v as GoValue;
    case 'int64':
    case 'int32':
    case 'int16':
    case 'int8':
    case 'uint':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
    case 'uintptr':
      if (typeof v === 'number') return new GoInt(BigInt(Math.trunc(v)), t.kind, t.name);
      if (typeof v === 'bigint') return new GoInt(v, t.kind, t.name);
      return v as GoValue;
    case 'float64':
    case 'float32':
      if (typeof v === 'bigint') return Number(v);
      return v as GoValue;
    case 'string':
      return typeof v === 'string' ? v : (v as GoValue);
    default:
      return v as GoValue;
  }
}

export { ANY };
