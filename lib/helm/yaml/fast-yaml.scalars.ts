/**
 * Scalar and one-line pieces of the fast YAML reader: plain scalars (typed like yaml.v2), quoted
 * scalars, keys, comments and one-line flow collections. Anything unusual throws {@link Bail}.
 */
import { mapSet, newGoMap, type GoValue } from '@marina/go-runtime';
import { jsonScalar, resolvePlain, type ResolvedScalar } from './go-yaml-resolve';

/** Thrown to make the fast reader give up on a document. */
export class Bail extends Error {}

export const bail = (): never => {
  throw new Bail();
};

const INDICATOR_START = new Set(['&', '*', '!', '|', '>', '%', '@', '`', '?', ',', ']', '}', '#']);

export function plainValue(text: string): GoValue {
  if (
    INDICATOR_START.has(text[0]) ||
    text.startsWith('- ') ||
    text === '-' ||
    text.includes(': ') ||
    text.endsWith(':')
  )
    bail();
  if (text.startsWith('---') || text.startsWith('...')) bail();
  return scalarOf(resolvePlain(text));
}

/** The fast reader leaves merge keys and non-finite floats to the full parser (its errors are helm's). */
function scalarOf(r: ResolvedScalar): GoValue {
  if (r.tag === 'merge' || (r.tag === 'float' && !Number.isFinite(r.value))) return bail();
  return jsonScalar(r);
}

/** Removes a trailing ` # comment` outside quotes and trailing spaces. */
export function stripComment(s: string): string {
  if (!s.includes('#')) return s.trimEnd(); // most lines: no comment to look for
  let quote = '';
  for (let k = 0; k < s.length; k++) {
    const c = s[k];
    if (quote) {
      if (c === '\\' && quote === '"') k++;
      else if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && opensQuote(s, k)) quote = c;
    else if (c === '#' && (k === 0 || s[k - 1] === ' ')) return s.slice(0, k).trimEnd();
  }
  return s.trimEnd();
}

/** A quote opens a quoted scalar only where a scalar can start. */
function opensQuote(s: string, k: number): boolean {
  if (k === 0) return true;
  const before = s.slice(Math.max(0, k - 2), k);
  return before.endsWith('[') || before.endsWith('{') || before === ': ' || before === '- ' || before === ', ';
}

/** Index of the ':' that ends an implicit key on this line, or -1. */
export function findMappingColon(s: string): number {
  if (s[0] === '"' || s[0] === "'") {
    const [, len] = s[0] === '"' ? readDouble(s) : readSingle(s);
    return s[len] === ':' && (len + 1 === s.length || s[len + 1] === ' ') ? len : -1;
  }
  if (s[0] === '[' || s[0] === '{') return -1;
  for (let k = s.indexOf(':'); k >= 0; k = s.indexOf(':', k + 1)) {
    if (k + 1 === s.length || s.charCodeAt(k + 1) === 0x20) return k;
  }
  return -1;
}

export function readKey(raw: string): string {
  const k = raw.trimEnd();
  if (k === '') bail();
  if (k[0] === '"' || k[0] === "'") {
    const [v, len] = k[0] === '"' ? readDouble(k) : readSingle(k);
    if (len !== k.length) bail();
    return v;
  }
  if (INDICATOR_START.has(k[0]) || k[0] === '-' || k[0] === '[' || k[0] === '{' || k.includes(' #')) bail();
  const r = resolvePlain(k);
  if (r.tag === 'str') return r.text;
  if (r.tag === 'bool') return r.value ? 'true' : 'false';
  if (r.tag === 'int') return r.value.toString();
  return bail(); // null, float and other keys: leave the conversion rules to the full reader
}

const DQ_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

export function readDouble(s: string): [string, number] {
  let out = '';
  for (let k = 1; k < s.length; k++) {
    const c = s[k];
    if (c === '"') return [out, k + 1];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++k];
    if (e in DQ_ESCAPES) out += DQ_ESCAPES[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = s.slice(k + 1, k + 1 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) bail();
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) bail();
      out += String.fromCodePoint(cp);
      k += n;
    } else bail();
  }
  return bail();
}

export function readSingle(s: string): [string, number] {
  let out = '';
  for (let k = 1; k < s.length; k++) {
    if (s[k] !== "'") {
      out += s[k];
      continue;
    }
    if (s[k + 1] === "'") {
      out += "'";
      k++;
    } else return [out, k + 1];
  }
  return bail();
}

/** A one-line flow collection starting at `pos`; returns the value and the end offset. */
export function readFlow(s: string, pos: number): [GoValue, number] {
  const open = s[pos];
  const close = open === '[' ? ']' : '}';
  const list: GoValue[] = [];
  const map = newGoMap();
  let k = skipSpaces(s, pos + 1);
  if (s[k] === close) return [open === '[' ? list : map, k + 1];
  for (;;) {
    let item: GoValue;
    [item, k] = readFlowItem(s, k, open === '{');
    if (open === '{') {
      k = skipSpaces(s, k);
      if (s[k] !== ':') bail();
      let value: GoValue;
      [value, k] = readFlowItem(s, skipSpaces(s, k + 1), false);
      if (typeof item !== 'string') bail();
      mapSet(map, item as string, value);
    } else list.push(item);
    k = skipSpaces(s, k);
    if (s[k] === ',') {
      k = skipSpaces(s, k + 1);
      if (s[k] === close) return [open === '[' ? list : map, k + 1];
      continue;
    }
    if (s[k] === close) return [open === '[' ? list : map, k + 1];
    return bail();
  }
}

function readFlowItem(s: string, k: number, isKey: boolean): [GoValue, number] {
  const c = s[k];
  if (c === '[' || c === '{') {
    if (isKey) bail();
    return readFlow(s, k);
  }
  if (c === '"' || c === "'") {
    const [v, len] = c === '"' ? readDouble(s.slice(k)) : readSingle(s.slice(k));
    return [v, k + len];
  }
  let end = k;
  while (
    end < s.length &&
    !',[]{}'.includes(s[end]) &&
    !(s[end] === ':' && (s[end + 1] === ' ' || ',[]{}'.includes(s[end + 1] ?? ',')))
  )
    end++;
  const text = s.slice(k, end).trim();
  if (text === '' || text.includes(' #') || INDICATOR_START.has(text[0]) || text.startsWith('- ')) bail();
  if (isKey) return [readKey(text), end];
  return [scalarOf(resolvePlain(text)), end];
}

function skipSpaces(s: string, k: number): number {
  while (s[k] === ' ') k++;
  return k;
}
