/**
 * Go's encoding/json for the template value model: `json.Marshal` (sorted map keys, HTML-safe
 * escaping, Go float text, `[]byte` as base64, structs by their JSON field names) and
 * `json.Unmarshal` into `interface{}` (every number a float64).
 *
 * Marshalling goes through {@link JsonTree}, which keeps numbers as their JSON text so that the
 * YAML encoder (sigs.k8s.io/yaml re-reads this JSON with yaml.v2) can type them like Go does.
 */
import { compareStrings, findMethod, GoBytes, GoInt, GoMap, GoPtr, GoStruct, GoTime, isPlainMap, mapSet, newGoMap, typeNameOf, type GoMapObject, type GoValue } from '@marina/go-runtime';
import { formatJsonFloat } from '../yaml/go-float-format';

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

/** Thrown where json.Marshal returns an error (unsupported value or type). */
export class JsonMarshalError extends Error {
  readonly code = 'JSON_MARSHAL';
  override readonly name = 'JsonMarshalError';
}

/** Struct classes may describe their JSON form: [Go field, json name, omitempty]. */
export interface JsonStructClass {
  readonly goJsonFields?: ReadonlyArray<readonly [string, string, boolean]>;
}

const MAX_DEPTH = 10_000;

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
      try {
        return new JsonNumber(formatJsonFloat(v));
      } catch (err) {
        throw new JsonMarshalError((err as Error).message);
      }
    case 'function':
      throw new JsonMarshalError('json: unsupported type: func()');
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
  if (v instanceof GoInt) return new JsonNumber(v.value.toString());
  if (v instanceof GoBytes) return Buffer.from(v.bytes).toString('base64');
  if (v instanceof GoTime) return formatRfc3339Nano(v);
  if (v instanceof GoPtr) return v.cell ? toJsonTree(v.cell.value, depth + 1) : null;
  if (v instanceof GoMap) {
    const members = [...v.entries].map(([k, val]) => [String(k), toJsonTree(val, depth + 1)] as const);
    members.sort((a, b) => compareStrings(a[0], b[0]));
    return new JsonObject(members);
  }
  if (v instanceof GoStruct) return structTree(v, depth);
  throw new JsonMarshalError(`json: unsupported type: ${(v as object).constructor?.name ?? 'object'}`);
}

function structTree(s: GoStruct, depth: number): JsonTree {
  // A json.Marshaler (*semver.Version marshals as its string): its JSON text, as a scalar.
  const marshaler = findMethod(s, 'MarshalJSON');
  if (marshaler) {
    const text = String((marshaler.method.fn as (this: unknown) => unknown).call(s));
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'number') return new JsonNumber(text.trim());
    if (parsed === null || typeof parsed === 'string' || typeof parsed === 'boolean') return parsed;
    throw new JsonMarshalError(`json: MarshalJSON of ${typeNameOf(s)} returned a composite value, which is not supported`);
  }
  const cls = s.constructor as unknown as JsonStructClass;
  const rec = s as unknown as Record<string, GoValue>;
  const fields = cls.goJsonFields ?? Object.keys(s).filter((k) => /^[A-Z]/.test(k)).map((k) => [k, k, false] as const);
  const members: Array<readonly [string, JsonTree]> = [];
  for (const [field, name, omitEmpty] of fields) {
    const value = rec[field];
    if (omitEmpty && isEmptyValue(value)) continue;
    members.push([name, toJsonTree(value, depth + 1)]);
  }
  return new JsonObject(members);
}

/** encoding/json's `isEmptyValue` for omitempty. */
function isEmptyValue(v: GoValue): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0 || v === 0n) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainMap(v)) return Object.keys(v).length === 0;
  if (v instanceof GoInt) return v.value === 0n;
  if (v instanceof GoPtr) return v.cell === null;
  if (v instanceof GoMap) return v.size === 0;
  return false;
}

/** Serialises a tree like json.Marshal (compact). */
export function jsonTreeText(t: JsonTree): string {
  if (t === null) return 'null';
  if (typeof t === 'boolean') return t ? 'true' : 'false';
  if (typeof t === 'string') return quoteJsonString(t);
  if (t instanceof JsonNumber) return t.text;
  if (Array.isArray(t)) return '[' + t.map(jsonTreeText).join(',') + ']';
  return '{' + t.members.map(([k, v]) => quoteJsonString(k) + ':' + jsonTreeText(v)).join(',') + '}';
}

/** `json.Marshal(v)` as text. Throws {@link JsonMarshalError}. */
export function goJsonMarshal(v: GoValue): string {
  return jsonTreeText(toJsonTree(v));
}

const HEX = '0123456789abcdef';
const SHORT_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x22, '\\"'], [0x5c, '\\\\'], [0x08, '\\b'], [0x0c, '\\f'], [0x0a, '\\n'], [0x0d, '\\r'], [0x09, '\\t'],
]);

/** Go's JSON string quoting with HTML escaping (`<`, `>`, `&`, U+2028, U+2029). */
export function quoteJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      rep = SHORT_ESCAPES.get(c) ?? '\\u' + hex4(c);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      rep = '\\ufffd';
    }
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

function hex4(c: number): string {
  return HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
}

/** RFC 3339 with nanoseconds, as time.Time.MarshalJSON writes it. */
export function formatRfc3339Nano(t: GoTime): string {
  const { offsetSeconds } = t.location.offsetAt(t.epochMs);
  const local = new Date(t.epochMs + offsetSeconds * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  let s = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const nanos = t.nanosecond();
  if (nanos) s += '.' + String(nanos).padStart(9, '0').replace(/0+$/, '');
  if (offsetSeconds === 0) return s + 'Z';
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  return `${s}${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}`;
}

/** Thrown by {@link goJsonUnmarshal} on malformed JSON. */
export class JsonSyntaxError extends Error {
  readonly code = 'INVALID_JSON';
  override readonly name = 'JsonSyntaxError';
}

/** `json.Unmarshal` into `interface{}`: objects become null-prototype maps, numbers float64. */
export function goJsonUnmarshal(text: string): GoValue {
  let parsed: unknown;
  let overflow: string | null = null;
  try {
    // A number beyond float64 (1e400): Go's decoder stores nil, decodes the rest and then returns
    // the first such error. The reviver's third argument carries the number's source text.
    parsed = JSON.parse(text, (_key: string, value: unknown, context?: { source?: string }) => {
      if (typeof value !== 'number' || Number.isFinite(value)) return value;
      overflow ??= `json: cannot unmarshal number ${context?.source ?? String(value)} into Go value of type float64`;
      return null;
    });
  } catch (err) {
    throw new JsonSyntaxError(goJsonSyntaxMessage(text, err as Error));
  }
  const value = fromParsed(parsed);
  if (overflow !== null) throw new JsonOverflowError(overflow, value);
  return value;
}

/** A number beyond float64: the message is Go's, `partial` is what Go's decoder filled in (nil in its place). */
export class JsonOverflowError extends Error {
  readonly code = 'JSON_NUMBER_OVERFLOW';
  override readonly name = 'JsonOverflowError';
  constructor(message: string, readonly partial: GoValue) {
    super(message);
  }
}

function fromParsed(v: unknown): GoValue {
  if (Array.isArray(v)) return v.map(fromParsed);
  if (v !== null && typeof v === 'object') {
    const out = newGoMap();
    for (const [k, val] of Object.entries(v)) mapSet(out, k, fromParsed(val));
    return out;
  }
  return v as GoValue;
}

function goJsonSyntaxMessage(text: string, err: Error): string {
  if (text.trim() === '') return 'unexpected end of JSON input';
  const m = /position (\d+)/.exec(err.message);
  if (m) {
    const ch = text[Number(m[1])];
    if (ch === undefined) return 'unexpected end of JSON input';
    return `invalid character '${ch}' looking for beginning of value`;
  }
  return /end of (JSON )?input/i.test(err.message) ? 'unexpected end of JSON input' : 'invalid JSON';
}
