/**
 * Implicit typing of plain YAML scalars exactly as gopkg.in/yaml.v2 (the YAML library under
 * sigs.k8s.io/yaml, which Helm uses) resolves them: YAML 1.1 booleans (`yes`, `on`, `y` …),
 * `~`/`null`, Go `strconv.ParseInt(s, 0, 64)` integers (so `0777` is octal, `0x1F` hex, `0b101`
 * binary, underscores ignored), floats matching yaml.v2's float pattern, and timestamps (which
 * yaml.v2 keeps as strings when decoding into `interface{}`).
 */
import type { GoValue } from '@marina/go-runtime';

/** A resolved plain scalar. Integers keep their decimal text so 64-bit values survive. */
export type ResolvedScalar =
  | { readonly tag: 'null' }
  | { readonly tag: 'bool'; readonly value: boolean }
  | { readonly tag: 'int'; readonly value: bigint; readonly unsigned: boolean }
  | { readonly tag: 'bigint'; readonly value: bigint }
  | { readonly tag: 'float'; readonly value: number }
  | { readonly tag: 'timestamp'; readonly text: string }
  | { readonly tag: 'str'; readonly text: string }
  | { readonly tag: 'merge' };

/**
 * The value sigs.k8s.io/yaml's JSON step gives a resolved scalar: null, a bool, a float64 number
 * (ints too), the text for strings and timestamps, `<<` for a merge key used as a value. JSON cannot
 * hold a non-finite float: callers reject those first (each with its own way of failing).
 */
export function jsonScalar(r: ResolvedScalar): GoValue {
  switch (r.tag) {
    case 'null':
      return null;
    case 'bool':
      return r.value;
    case 'int':
    case 'bigint':
      return Number(r.value);
    case 'float':
      return r.value;
    case 'timestamp':
    case 'str':
      return r.text;
    case 'merge':
      return '<<';
  }
}

const NULL: ResolvedScalar = { tag: 'null' };
const MAP: ReadonlyMap<string, ResolvedScalar> = buildMap();

function buildMap(): Map<string, ResolvedScalar> {
  const m = new Map<string, ResolvedScalar>();
  const add = (value: ResolvedScalar, words: string[]) => words.forEach((w) => m.set(w, value));
  add({ tag: 'bool', value: true }, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
  add({ tag: 'bool', value: false }, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
  add(NULL, ['', '~', 'null', 'Null', 'NULL']);
  add({ tag: 'float', value: NaN }, ['.nan', '.NaN', '.NAN']);
  add({ tag: 'float', value: Infinity }, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
  add({ tag: 'float', value: -Infinity }, ['-.inf', '-.Inf', '-.INF']);
  m.set('<<', { tag: 'merge' });
  return m;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** Resolves a plain (unquoted, untagged) scalar the way yaml.v2 does. */
export function resolvePlain(text: string): ResolvedScalar {
  const hint = text === '' ? 'N' : hintOf(text.charCodeAt(0));
  if (hint === '') return { tag: 'str', text };
  const known = MAP.get(text);
  if (known) return known;
  if (hint === '.') {
    const f = goParseFloat(text);
    return f === undefined ? { tag: 'str', text } : { tag: 'float', value: f };
  }
  if (hint === 'D' || hint === 'S') return resolveNumberLike(text);
  return { tag: 'str', text };
}

function hintOf(c: number): string {
  if (c === 0x2b || c === 0x2d) return 'S';
  if (c >= 0x30 && c <= 0x39) return 'D';
  if (c === 0x2e) return '.';
  // y Y n N t T f F o O ~
  if ('yYnNtTfFoO~'.includes(String.fromCharCode(c))) return 'M';
  return '';
}

function resolveNumberLike(text: string): ResolvedScalar {
  if (isTimestamp(text)) return { tag: 'timestamp', text };
  const plain = text.replace(/_/g, '');
  const asInt = goParseInt(plain, 0);
  if (asInt !== undefined && asInt >= INT64_MIN && asInt <= INT64_MAX)
    return { tag: 'int', value: asInt, unsigned: false };
  if (asInt !== undefined && asInt >= 0n && asInt <= UINT64_MAX && !/^[-+]/.test(plain)) {
    return { tag: 'int', value: asInt, unsigned: true };
  }
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = goParseFloat(plain);
    if (f !== undefined) return { tag: 'float', value: f };
  }
  const binary = resolveBinary(plain);
  if (binary) return binary;
  return { tag: 'str', text };
}

function resolveBinary(plain: string): ResolvedScalar | undefined {
  let digits: string;
  let negative = false;
  if (plain.startsWith('0b')) digits = plain.slice(2);
  else if (plain.startsWith('-0b')) {
    digits = plain.slice(3);
    negative = true;
  } else return undefined;
  if (!/^[01]+$/.test(digits)) return undefined;
  const v = BigInt('0b' + digits) * (negative ? -1n : 1n);
  if (v >= INT64_MIN && v <= INT64_MAX) return { tag: 'int', value: v, unsigned: false };
  if (!negative && v <= UINT64_MAX) return { tag: 'int', value: v, unsigned: true };
  return undefined;
}

/**
 * Go's `strconv.ParseInt(s, base, 64)` syntax check and value, without the range check (the caller
 * decides between int64 and uint64). Base 0 accepts `0x`, `0o`, `0b` and leading-`0` octal
 * (underscores are not accepted; yaml.v2 strips them before calling).
 */
export function goParseInt(s: string, base: 0 | 10): bigint | undefined {
  let i = 0;
  let negative = false;
  if (s[0] === '+' || s[0] === '-') {
    negative = s[0] === '-';
    i = 1;
  }
  let body = s.slice(i);
  if (body === '') return undefined;
  let radix = 10;
  if (base === 0 && body[0] === '0' && body.length > 1) {
    const p = body[1].toLowerCase();
    if (p === 'x') [radix, body] = [16, body.slice(2)];
    else if (p === 'o') [radix, body] = [8, body.slice(2)];
    else if (p === 'b') [radix, body] = [2, body.slice(2)];
    else [radix, body] = [8, body.slice(1)];
  }
  const digitPattern =
    radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : radix === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!body || !digitPattern.test(body)) return undefined;
  const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : '';
  const v = BigInt(prefix + body);
  return negative ? -v : v;
}

/** Go's `strconv.ParseFloat(s, 64)` for the decimal forms yaml.v2 can reach; undefined when Go would fail. */
export function goParseFloat(s: string): number | undefined {
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  if (/^[-+]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  if (/^[-+]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][-+]?\d+$/.test(s)) return parseHexFloat(s);
  return undefined;
}

function parseHexFloat(s: string): number {
  const m = /^([-+]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([-+]?\d+)$/.exec(s);
  if (!m) return NaN;
  const mantissa = parseInt((m[2] || '0') + m[3], 16);
  const exp = parseInt(m[4], 10) - 4 * m[3].length;
  const v = mantissa * Math.pow(2, exp);
  return m[1] === '-' ? -v : v;
}

/** yaml.v2's timestamp check: `YYYY-` prefix and one of its accepted layouts. */
export function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  // 2006-1-2, 2006-1-2 15:4:5.999999999, 2006-1-2T15:4:5.999999999Z07:00 (T or t)
  const date = '\\d{4}-\\d{1,2}-\\d{1,2}';
  const time = '\\d{1,2}:\\d{1,2}:\\d{1,2}(\\.\\d+)?';
  const patterns = [
    new RegExp(`^${date}$`),
    new RegExp(`^${date} ${time}$`),
    new RegExp(`^${date}[Tt]${time}(Z|[-+]\\d{2}:\\d{2})$`),
  ];
  if (!patterns.some((p) => p.test(s))) return false;
  return validDateParts(s);
}

function validDateParts(s: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ Tt](\d{1,2}):(\d{1,2}):(\d{1,2}))?/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > days) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59)) return false;
  return true;
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** yaml.v2 quotes base-60 looking strings (`1:20`) when marshalling, for other parsers' sake. */
export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0];
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

/** Whether yaml.v2 would write the string `s` as a plain scalar without changing its type. */
export function plainKeepsString(s: string): boolean {
  return resolvePlain(s).tag === 'str' && !isBase60Float(s);
}
