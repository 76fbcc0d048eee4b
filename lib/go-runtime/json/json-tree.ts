/**
 * encoding/json's view of a value: {@link toJsonTree} turns any value of the model into the tree
 * json.Marshal would serialise (sorted map keys, `[]byte` as base64, time.Time as RFC 3339,
 * structs by their JSON field names or exported fields, json.Marshaler results), keeping numbers
 * as their JSON text so that a YAML encoder (sigs.k8s.io/yaml re-reads this JSON with yaml.v2) can
 * type them like Go does. go-json.ts writes a tree as text.
 */
import { findMethod, intValue } from '../value/go-reflect';
import { typeNameOf } from '../value/go-types';
import { formatGoTime } from '../time/go-time.format';
import {
  GoBytes,
  GoComplex,
  GoInt,
  GoMap,
  GoNil,
  GoPtr,
  GoStruct,
  GoTime,
  compareStrings,
  isPlainMap,
  type GoMapObject,
  type GoValue,
} from '../value/values';

/** A JSON number kept as its text. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** JSON value with ordered object members and textual numbers. */
export type JsonTree = null | boolean | string | JsonNumber | JsonTree[] | JsonObject;

/** A JSON object whose members are already in Go's output order (sorted keys). */
export class JsonObject {
  constructor(readonly members: ReadonlyArray<readonly [string, JsonTree]>) {}
}

/** Thrown where json.Marshal returns an error (unsupported value or type); the message is Go's. */
export class JsonMarshalError extends Error {
  readonly code = 'JSON_MARSHAL_ERROR';
  override readonly name = 'JsonMarshalError';
}

/** Struct classes may describe their JSON form: [Go field, json name, omitempty]. */
export interface JsonStructClass {
  readonly goJsonFields?: ReadonlyArray<readonly [string, string, boolean]>;
}

const MAX_DEPTH = 10_000;

/** Go's float text in JSON: 'f' form, 'e' below 1e-6 and from 1e21 (JavaScript's `String(x)` but -0). */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f))
    throw new JsonMarshalError(`json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  if (Object.is(f, -0)) return '-0';
  return String(f);
}

/** Converts a value to the tree json.Marshal would serialise. Throws {@link JsonMarshalError}. */
export function toJsonTree(v: GoValue, depth = 0): JsonTree {
  if (depth > MAX_DEPTH) throw new JsonMarshalError('json: unsupported value: encountered a cycle');
  if (v === undefined || v === null) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'bigint':
      return new JsonNumber(v.toString());
    case 'number':
      return new JsonNumber(jsonFloat(v));
    case 'function':
      throw new JsonMarshalError(`json: unsupported type: ${typeNameOf(v)}`);
  }
  if (Array.isArray(v)) return v.map((item) => toJsonTree(item, depth + 1));
  if (isPlainMap(v)) return objectTree(v, depth);
  return classTree(v, depth);
}

function objectTree(m: GoMapObject, depth: number): JsonObject {
  const keys = Object.keys(m).sort(compareStrings);
  return new JsonObject(keys.map((k) => [k, toJsonTree(m[k], depth + 1)] as const));
}

function classTree(v: object, depth: number): JsonTree {
  if (v instanceof GoNil) return null;
  if (v instanceof GoInt) return new JsonNumber(v.value.toString());
  if (v instanceof GoBytes) return Buffer.from(v.bytes).toString('base64');
  if (v instanceof GoTime) return formatGoTime(v, '2006-01-02T15:04:05.999999999Z07:00');
  if (v instanceof GoPtr) return v.cell ? toJsonTree(v.cell.value, depth + 1) : null;
  if (v instanceof GoMap) {
    const members = [...v.entries].map(([k, val]) => [mapKeyText(k), toJsonTree(val, depth + 1)] as const);
    members.sort((a, b) => compareStrings(a[0], b[0]));
    return new JsonObject(members);
  }
  if (v instanceof GoStruct) return structTree(v, depth);
  if (v instanceof GoComplex) throw new JsonMarshalError('json: unsupported type: complex128');
  throw new JsonMarshalError(`json: unsupported type: ${typeNameOf(v as GoValue)}`);
}

/** Map keys as encoding/json writes them: strings as they are, integers in decimal. */
function mapKeyText(k: GoValue): string {
  const i = intValue(k);
  return i !== undefined ? i.toString() : String(k);
}

function structTree(s: GoStruct, depth: number): JsonTree {
  // A json.Marshaler (*semver.Version marshals as its string): the tree of the JSON it returns.
  const marshaler = findMethod(s, 'MarshalJSON');
  if (marshaler) return parseJsonTree(String((marshaler.method.fn as (this: unknown) => unknown).call(s)));
  const cls = s.constructor as unknown as JsonStructClass;
  const rec = s as unknown as Record<string, GoValue>;
  const fields =
    cls.goJsonFields ??
    Object.keys(s)
      .filter(isExported)
      .map((k) => [k, k, false] as const);
  const members: Array<readonly [string, JsonTree]> = [];
  for (const [field, name, omitEmpty] of fields) {
    const value = rec[field];
    if (omitEmpty && isEmptyValue(value)) continue;
    members.push([name, toJsonTree(value, depth + 1)]);
  }
  return new JsonObject(members);
}

/** Go's exported identifiers start with an upper-case letter (the Unicode class only for non-ASCII). */
function isExported(name: string): boolean {
  const c = name.charCodeAt(0);
  return c < 0x80 ? c >= 0x41 && c <= 0x5a : /^\p{Lu}/u.test(name);
}

/** encoding/json's `isEmptyValue` for omitempty. */
function isEmptyValue(v: GoValue): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0 || v === 0n) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainMap(v)) return Object.keys(v).length === 0;
  if (v instanceof GoInt) return v.value === 0n;
  if (v instanceof GoPtr) return v.cell === null;
  if (v instanceof GoMap) return v.size === 0;
  return v instanceof GoNil;
}

/** The tree of a JSON text (a json.Marshaler's output), numbers kept as written. */
function parseJsonTree(text: string): JsonTree {
  const convert = (value: unknown, source: string | undefined): JsonTree => {
    if (typeof value === 'number') return new JsonNumber(source ?? String(value));
    if (value === null || typeof value !== 'object') return value as JsonTree;
    if (Array.isArray(value)) return value as JsonTree[];
    return new JsonObject(Object.keys(value).map((k) => [k, (value as Record<string, JsonTree>)[k]] as const));
  };
  try {
    return JSON.parse(text, (_key: string, value: unknown, context?: { source?: string }) =>
      convert(value, context?.source),
    ) as JsonTree;
  } catch (err) {
    throw new JsonMarshalError(`json: error calling MarshalJSON: ${(err as Error).message}`);
  }
}
