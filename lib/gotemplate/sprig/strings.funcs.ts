/**
 * Sprig string functions (strings.go, goutils, xstrings behaviour). Go strings are byte
 * sequences: trunc/substr/len-like operations count UTF-8 bytes as Go does.
 */
import { goFunc, secureRandomInt, sprintf, tagGoType, type GoValue } from '@marina/go-runtime';
import { GoFuncError } from '../errors';
import { listElems, strval, stringSlice } from './sprig-conv';

const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

/** s[from:to] on UTF-8 bytes, with Go's slice-bounds panic message. */
export function byteSlice(s: string, from: number, to?: number): string {
  const len = isAscii(s) ? s.length : Buffer.byteLength(s, 'utf8');
  const end = to ?? len;
  if (from < 0 || end > len || from > end) {
    const detail = end > len ? `[:${end}] with length ${len}` : from > end ? `[${from}:${end}]` : `[${from}:]`;
    throw new GoFuncError(`runtime error: slice bounds out of range ${detail}`);
  }
  if (isAscii(s)) return s.slice(from, end);
  return Buffer.from(s, 'utf8').subarray(from, end).toString('utf8');
}

function byteLen(s: string): number {
  return isAscii(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

function trunc(c: bigint, s: string): string {
  const n = Number(c);
  const len = byteLen(s);
  if (n < 0 && len + n > 0) return byteSlice(s, len + n);
  if (n >= 0 && len > n) return byteSlice(s, 0, n);
  return s;
}

function substr(start: bigint, end: bigint, s: string): string {
  const a = Number(start);
  const b = Number(end);
  if (a < 0) return byteSlice(s, 0, b);
  if (b < 0 || b > byteLen(s)) return byteSlice(s, a);
  return byteSlice(s, a, b);
}

/** goutils.AbbreviateFull (on UTF-8 bytes, as Go slices strings). */
function abbreviateFull(str: string, offset: number, maxWidth: number): string {
  if (str === '') return '';
  if (maxWidth < 4) throw new GoFuncError('stringutils illegal argument: Minimum abbreviation width is 4');
  const len = byteLen(str);
  if (len <= maxWidth) return str;
  let off = Math.min(offset, len);
  if (len - off < maxWidth - 3) off = len - (maxWidth - 3);
  if (off <= 4) return byteSlice(str, 0, maxWidth - 3) + '...';
  if (maxWidth < 7) throw new GoFuncError('stringutils illegal argument: Minimum abbreviation width with offset is 7');
  if (off + maxWidth - 3 < len) return '...' + abbreviateFull(byteSlice(str, off), 0, maxWidth - 3);
  return '...' + byteSlice(str, len - (maxWidth - 3));
}

/** strings.Title's separator rule. */
function isSeparator(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (c <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return /\s/u.test(ch);
}

export function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isSeparator(prev) ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

const isSpace = (ch: string): boolean => /\s/u.test(ch) && ch !== '\ufeff';

function untitle(s: string): string {
  let out = '';
  let boundary = true;
  for (const ch of s) {
    out += boundary ? ch.toLowerCase() : ch;
    boundary = isSpace(ch);
  }
  return out;
}

function initials(s: string): string {
  let out = '';
  let boundary = true;
  for (const ch of s) {
    if (isSpace(ch)) boundary = true;
    else if (boundary) {
      out += ch;
      boundary = false;
    }
  }
  return out;
}

function swapcase(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (ch === upper && ch !== lower) out += lower;
    else if (ch === lower && ch !== upper) out += upper;
    else out += ch;
  }
  return out;
}

/** goutils.WrapCustom. */
export function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  const nl = newLine === '' ? '\n' : newLine;
  const width = wrapLength < 1 ? 1 : wrapLength;
  const len = str.length;
  let offset = 0;
  let out = '';
  while (len - offset > width) {
    if (str[offset] === ' ') {
      offset++;
      continue;
    }
    const end = width + offset + 1;
    const spaceAt = str.slice(offset, end).lastIndexOf(' ') + offset;
    if (spaceAt >= offset) {
      out += str.slice(offset, spaceAt) + nl;
      offset = spaceAt + 1;
    } else if (wrapLongWords) {
      out += str.slice(offset, width + offset) + nl;
      offset += width;
    } else {
      const e = width + offset;
      const idx = str.slice(e).indexOf(' ');
      if (idx === -1) {
        out += str.slice(offset);
        offset = len;
      } else {
        out += str.slice(offset, idx + e) + nl;
        offset = idx + e + 1;
      }
    }
  }
  return out + str.slice(offset);
}

const isConnector = (c: string): boolean => c === '_' || c === '-' || /\s/u.test(c);

/** xstrings.ToCamelCase: words separated by '_', '-' or space; leading connectors are kept. */
function camelcase(s: string): string {
  if (s === '') return '';
  const chars = [...s];
  let i = 0;
  let out = '';
  while (i < chars.length && isConnector(chars[i])) out += chars[i++];
  if (i >= chars.length) return out;
  let r0 = chars[i++].toUpperCase();
  while (i < chars.length) {
    const r1 = r0;
    r0 = chars[i++];
    if (isConnector(r1) && isConnector(r0)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) r0 = r0.toUpperCase();
    else out += r1;
  }
  return out + r0;
}

/** xstrings-style snake/kebab case: split words at case changes and connectors, lower-case, join. */
function toLowerWords(s: string, connector: string): string {
  const words: string[] = [];
  let cur = '';
  const chars = [...s];
  const flush = (): void => {
    if (cur) words.push(cur);
    cur = '';
  };
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === ' ' || ch === '_' || ch === '-' || ch === '.') {
      flush();
      continue;
    }
    const isUpper = ch !== ch.toLowerCase();
    const prev = chars[i - 1] ?? '';
    const next = chars[i + 1] ?? '';
    const prevLower = prev !== '' && prev === prev.toLowerCase() && prev !== prev.toUpperCase();
    const prevUpper = prev !== '' && prev !== prev.toLowerCase();
    const nextLower = next !== '' && next === next.toLowerCase() && next !== next.toUpperCase();
    if (isUpper && cur && (prevLower || (prevUpper && nextLower) || /\d/.test(prev))) flush();
    cur += ch;
  }
  flush();
  return words.map((w) => w.toLowerCase()).join(connector);
}

function shuffle(s: string): string {
  const chars = [...s];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = secureRandomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/** goutils CryptoRandom*: `count` characters drawn uniformly from `set`. */
export function randomFrom(count: bigint, set: string): string {
  const n = Number(count);
  if (n < 0) throw new GoFuncError(`Requested random string length ${n} is less than 0.`);
  let out = '';
  for (let i = 0; i < n; i++) out += set[secureRandomInt(set.length)];
  return out;
}

let asciiSet = '';
for (let c = 32; c <= 126; c++) asciiSet += String.fromCharCode(c);

/** Go's strings.Split (sep "" splits into UTF-8 characters). */
export function goSplit(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const chars = [...s];
    if (n > 0 && chars.length > n) return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
    return chars;
  }
  const parts = s.split(sep);
  if (n > 0 && parts.length > n) return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
  return parts;
}

/** Sprig's strslice: []string from any list (nil elements dropped) or a single value. */
export function strslice(v: GoValue): string[] {
  const elems = listElems(v);
  if (elems) return elems.filter((x) => x !== null && x !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

function splitMap(parts: string[]): GoValue {
  const m: Record<string, GoValue> = Object.create(null);
  parts.forEach((p, i) => {
    m[`_${i}`] = p;
  });
  return tagGoType(m, 'map[string]string');
}

const trimSpace = (s: string): string => s.replace(/^[\t\n\v\f\r \u0085\u00a0]+|[\t\n\v\f\r \u0085\u00a0]+$/g, '');

function goTrim(s: string, cutset: string): string {
  const set = new Set([...cutset]);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a])) a++;
  while (b > a && set.has(chars[b - 1])) b--;
  return chars.slice(a, b).join('');
}

export const stringFuncs = {
  hello: goFunc('func() string', () => 'Hello!'),
  abbrev: goFunc('func(int, string) string', (w: bigint, s: string) => (w < 4n ? s : abbreviateFull(s, 0, Number(w)))),
  abbrevboth: goFunc('func(int, int, string) string', (l: bigint, r: bigint, s: string) =>
    r < 4n || (l > 0n && r < 7n) ? s : abbreviateFull(s, Number(l), Number(r)),
  ),
  trunc: goFunc('func(int, string) string', trunc),
  trim: goFunc('func(string) string', trimSpace),
  upper: goFunc('func(string) string', (s: string) => s.toUpperCase()),
  lower: goFunc('func(string) string', (s: string) => s.toLowerCase()),
  title: goFunc('func(string) string', title),
  untitle: goFunc('func(string) string', untitle),
  substr: goFunc('func(int, int, string) string', substr),
  repeat: goFunc('func(int, string) string', (n: bigint, s: string) => {
    if (n < 0n) throw new GoFuncError('strings: negative Repeat count');
    return s.repeat(Number(n));
  }),
  trimall: goFunc('func(string, string) string', (a: string, b: string) => goTrim(b, a)),
  trimAll: goFunc('func(string, string) string', (a: string, b: string) => goTrim(b, a)),
  trimSuffix: goFunc('func(string, string) string', (a: string, b: string) =>
    a !== '' && b.endsWith(a) ? b.slice(0, b.length - a.length) : b,
  ),
  trimPrefix: goFunc('func(string, string) string', (a: string, b: string) =>
    b.startsWith(a) ? b.slice(a.length) : b,
  ),
  nospace: goFunc('func(string) string', (s: string) => [...s].filter((c) => !isSpace(c)).join('')),
  initials: goFunc('func(string) string', initials),
  randAlphaNum: goFunc('func(int) string', (n: bigint) => randomFrom(n, ALPHA + DIGITS)),
  randAlpha: goFunc('func(int) string', (n: bigint) => randomFrom(n, ALPHA)),
  randAscii: goFunc('func(int) string', (n: bigint) => randomFrom(n, asciiSet)),
  randNumeric: goFunc('func(int) string', (n: bigint) => randomFrom(n, DIGITS)),
  swapcase: goFunc('func(string) string', swapcase),
  shuffle: goFunc('func(string) string', shuffle),
  snakecase: goFunc('func(string) string', (s: string) => toLowerWords(s, '_')),
  camelcase: goFunc('func(string) string', camelcase),
  kebabcase: goFunc('func(string) string', (s: string) => toLowerWords(s, '-')),
  wrap: goFunc('func(int, string) string', (l: bigint, s: string) => wrapCustom(s, Number(l), '', false)),
  wrapWith: goFunc('func(int, string, string) string', (l: bigint, sep: string, s: string) =>
    wrapCustom(s, Number(l), sep, true),
  ),
  contains: goFunc('func(string, string) bool', (sub: string, s: string) => s.includes(sub)),
  hasPrefix: goFunc('func(string, string) bool', (p: string, s: string) => s.startsWith(p)),
  hasSuffix: goFunc('func(string, string) bool', (p: string, s: string) => s.endsWith(p)),
  quote: goFunc('func(...interface {}) string', (...xs: GoValue[]) =>
    xs
      .filter((x) => x !== null && x !== undefined)
      .map((x) => sprintf('%q', [strval(x)]))
      .join(' '),
  ),
  squote: goFunc('func(...interface {}) string', (...xs: GoValue[]) =>
    xs
      .filter((x) => x !== null && x !== undefined)
      .map((x) => `'${strval(x)}'`)
      .join(' '),
  ),
  cat: goFunc('func(...interface {}) string', (...xs: GoValue[]) => {
    const v = xs.filter((x) => x !== null && x !== undefined);
    return sprintf(v.map(() => '%v').join(' '), v);
  }),
  indent: goFunc('func(int, string) string', (n: bigint, s: string) => {
    if (n < 0n) throw new GoFuncError('strings: negative Repeat count');
    const pad = ' '.repeat(Number(n));
    return pad + s.split('\n').join('\n' + pad);
  }),
  nindent: goFunc('func(int, string) string', (n: bigint, s: string) => {
    if (n < 0n) throw new GoFuncError('strings: negative Repeat count');
    const pad = ' '.repeat(Number(n));
    return '\n' + pad + s.split('\n').join('\n' + pad);
  }),
  replace: goFunc('func(string, string, string) string', (o: string, n: string, s: string) =>
    o === '' ? goSplit(s, '').reduce((acc, c) => acc + c + n, n) : s.split(o).join(n),
  ),
  plural: goFunc('func(string, string, int) string', (one: string, many: string, n: bigint) => (n === 1n ? one : many)),
  toString: goFunc('func(interface {}) string', strval),
  split: goFunc('func(string, string) map[string]string', (sep: string, s: string) => splitMap(goSplit(s, sep))),
  splitList: goFunc('func(string, string) []string', (sep: string, s: string) => stringSlice(goSplit(s, sep))),
  splitn: goFunc('func(string, int, string) map[string]string', (sep: string, n: bigint, s: string) =>
    splitMap(goSplit(s, sep, Number(n))),
  ),
  toStrings: goFunc('func(interface {}) []string', (v: GoValue) => stringSlice(strslice(v))),
  join: goFunc('func(string, interface {}) string', (sep: string, v: GoValue) => strslice(v).join(sep)),
  sortAlpha: goFunc('func(interface {}) []string', (v: GoValue) => {
    if (listElems(v) === undefined) return stringSlice([strval(v)]);
    return stringSlice(strslice(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }),
};
