/**
 * encoding/json for the value model, the one implementation of the project: `json.Marshal` /
 * `json.MarshalIndent` (with or without HTML escaping, as `SetEscapeHTML` chooses) over the tree of
 * json-tree.ts, and `json.Unmarshal` into `interface{}` (json-unmarshal.ts).
 */
import type { GoValue } from '../value/values';
import { JsonNumber, toJsonTree, type JsonTree } from './json-tree';

export interface MarshalOptions {
  /** Escape `<`, `>` and `&` as \u003c… (json.Marshal does; an Encoder with SetEscapeHTML(false) does not). */
  escapeHTML: boolean;
  /** Indentation unit for MarshalIndent ("" = compact). */
  indent: string;
}

const COMPACT: MarshalOptions = { escapeHTML: true, indent: '' };

/** json.Marshal (default options) or json.MarshalIndent. Throws JsonMarshalError. */
export function marshalJSON(v: GoValue, opts: MarshalOptions = COMPACT): string {
  return jsonTreeText(toJsonTree(v), opts);
}

/** Serialises a tree like json.Marshal / MarshalIndent. */
export function jsonTreeText(t: JsonTree, opts: MarshalOptions = COMPACT, prefix = ''): string {
  if (t === null) return 'null';
  if (typeof t === 'boolean') return t ? 'true' : 'false';
  if (typeof t === 'string') return jsonQuote(t, opts.escapeHTML);
  if (t instanceof JsonNumber) return t.text;
  const inner = prefix + opts.indent;
  if (Array.isArray(t))
    return list(
      t.map((item) => jsonTreeText(item, opts, inner)),
      '[',
      ']',
      opts,
      prefix,
    );
  const sep = opts.indent ? ': ' : ':';
  return list(
    t.members.map(([k, item]) => jsonQuote(k, opts.escapeHTML) + sep + jsonTreeText(item, opts, inner)),
    '{',
    '}',
    opts,
    prefix,
  );
}

function list(items: string[], open: string, close: string, opts: MarshalOptions, prefix: string): string {
  if (items.length === 0) return open + close;
  if (!opts.indent) return open + items.join(',') + close;
  const inner = prefix + opts.indent;
  return `${open}\n${inner}${items.join(`,\n${inner}`)}\n${prefix}${close}`;
}

const HEX = '0123456789abcdef';
const SHORT_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x22, '\\"'],
  [0x5c, '\\\\'],
  [0x08, '\\b'],
  [0x0c, '\\f'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
]);

/** Go's JSON string quoting: control characters, U+2028/U+2029 and lone surrogates always; `<>&` with escapeHTML. */
export function jsonQuote(s: string, escapeHTML = true): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (
      c < 0x20 ||
      c === 0x22 ||
      c === 0x5c ||
      c === 0x2028 ||
      c === 0x2029 ||
      (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26))
    ) {
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
