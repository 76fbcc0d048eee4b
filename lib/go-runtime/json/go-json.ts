/**
 * encoding/json for the value model: Marshal (sorted map keys, HTML escaping optional,
 * Go's float formatting, []byte as base64, structs by exported field) and Unmarshal into
 * map[string]interface{} / []interface{} / float64 / string / bool / nil.
 */
import { findMethod, intValue, sortedMapEntries, structFields } from '../value/go-reflect';
import { formatGoTime } from '../time/go-time.format';
import { typeNameOf } from '../value/go-types';
import { GoBytes, GoComplex, GoInt, GoMap, GoNil, GoPtr, GoStruct, GoTime, isPlainMap, type GoValue } from '../value/values';

/** A value json.Marshal cannot encode (functions, channels, NaN/Inf). */
export class JsonMarshalError extends Error {
  readonly code = 'JSON_MARSHAL_ERROR';
}

export interface MarshalOptions {
  escapeHTML: boolean;
  /** Indentation unit for MarshalIndent ("" = compact). */
  indent: string;
}

const HEX = '0123456789abcdef';

/** Go's JSON string encoding. */
export function jsonQuote(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c < 0x7f && !(escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26))) {
      out += s[i];
      continue;
    }
    switch (c) {
      case 0x22: out += '\\"'; continue;
      case 0x5c: out += '\\\\'; continue;
      case 0x0a: out += '\\n'; continue;
      case 0x0d: out += '\\r'; continue;
      case 0x09: out += '\\t'; continue;
      case 0x08: out += '\\b'; continue;
      case 0x0c: out += '\\f'; continue;
      default: break;
    }
    if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26) {
      out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
    } else if (c === 0x2028 || c === 0x2029) {
      out += '\\u202' + HEX[c & 15];
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i] + s[i + 1];
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += '\\ufffd';
    } else {
      out += s[i];
    }
  }
  return out + '"';
}

/** Go's float encoding in JSON (ES6 number formatting). */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new JsonMarshalError(`json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  if (Object.is(f, -0)) return '-0';
  return String(f);
}

/** json.Marshal / json.MarshalIndent. */
export function marshalJSON(v: GoValue, opts: MarshalOptions = { escapeHTML: true, indent: '' }): string {
  return encode(v, opts, '');
}

function encode(v: GoValue, o: MarshalOptions, prefix: string): string {
  switch (typeof v) {
    case 'undefined': return 'null';
    case 'boolean': return v ? 'true' : 'false';
    case 'string': return jsonQuote(v, o.escapeHTML);
    case 'bigint': return v.toString();
    case 'number': return jsonFloat(v);
    case 'function': throw new JsonMarshalError(`json: unsupported type: ${typeNameOf(v)}`);
    default: break;
  }
  if (v === null || v instanceof GoNil) return 'null';
  if (v instanceof GoInt) return v.value.toString();
  if (v instanceof GoComplex) throw new JsonMarshalError('json: unsupported type: complex128');
  if (v instanceof GoBytes) return '"' + Buffer.from(v.bytes).toString('base64') + '"';
  if (v instanceof GoTime) return jsonQuote(formatGoTime(v, '2006-01-02T15:04:05.999999999Z07:00'), o.escapeHTML);
  if (v instanceof GoPtr) {
    if (!v.cell) return 'null';
    return encode(v.cell.value, o, prefix);
  }
  if (Array.isArray(v)) return encodeList(v.map((x) => (p: string) => encode(x, o, p)), o, prefix, '[', ']');
  if (v instanceof GoStruct) {
    const m = findMethod(v, 'MarshalJSON');
    if (m) return String((m.method.fn as (this: unknown) => unknown).call(v));
    const fields = structFields(v).filter(([k]) => /^\p{Lu}/u.test(k));
    return encodeObject(fields, o, prefix);
  }
  if (v instanceof GoMap || isPlainMap(v) || typeof v === 'object') {
    const entries = sortedMapEntries(v).map(([k, x]): [string, GoValue] => {
      const iv = intValue(k);
      return [iv !== undefined ? iv.toString() : String(k), x];
    });
    if (v instanceof GoMap) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return encodeObject(entries, o, prefix);
  }
  throw new JsonMarshalError(`json: unsupported type: ${typeNameOf(v)}`);
}

function encodeObject(entries: [string, GoValue][], o: MarshalOptions, prefix: string): string {
  return encodeList(entries.map(([k, x]) => (p: string) => jsonQuote(k, o.escapeHTML) + (o.indent ? ': ' : ':') + encode(x, o, p)), o, prefix, '{', '}');
}

function encodeList(items: ((prefix: string) => string)[], o: MarshalOptions, prefix: string, open: string, close: string): string {
  if (items.length === 0) return open + close;
  if (!o.indent) return open + items.map((f) => f('')).join(',') + close;
  const inner = prefix + o.indent;
  return open + '\n' + items.map((f) => inner + f(inner)).join(',\n') + '\n' + prefix + close;
}

/** Error from {@link unmarshalJSON}, worded like Go's. */
export class JsonSyntaxError extends Error {
  readonly code = 'JSON_SYNTAX_ERROR';
}

/** json.Unmarshal into interface{}: objects → plain maps, numbers → float64. */
export function unmarshalJSON(text: string): GoValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new JsonSyntaxError(goJsonErrorMessage(text, e));
  }
  return parsed as GoValue;
}

function goJsonErrorMessage(text: string, e: unknown): string {
  if (text.trim() === '') return 'unexpected end of JSON input';
  const m = /position (\d+)/.exec((e as Error).message);
  if (m) {
    const ch = text[Number(m[1])];
    if (ch === undefined) return 'unexpected end of JSON input';
    return `invalid character '${ch}' looking for beginning of value`;
  }
  return /Unexpected end/.test((e as Error).message) ? 'unexpected end of JSON input' : (e as Error).message;
}
