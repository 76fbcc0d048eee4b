/**
 * Go literal parsing as strconv does it: integers with base prefixes and `_` separators
 * (ParseInt/ParseUint with base 0), floats including hex floats (ParseFloat), and quoted
 * strings / rune constants (Unquote / UnquoteChar).
 */

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);
const MAX_UINT64 = (1n << 64n) - 1n;

/** Go's rule for `_` in number literals (strconv.underscoreOK). */
export function underscoreOK(text: string): boolean {
  let s = text;
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    const lc = c.toLowerCase();
    if ((c >= '0' && c <= '9') || (hex && lc >= 'a' && lc <= 'f')) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** Parses an unsigned integer literal with base prefix detection; null when invalid or > uint64. */
function parseUnsignedMagnitude(s: string): bigint | null {
  if (s.length === 0) return null;
  let base = 10;
  let body = s;
  if (s[0] === '0' && s.length > 1) {
    const p = s[1].toLowerCase();
    if (p === 'x') {
      base = 16;
      body = s.slice(2);
    } else if (p === 'b') {
      base = 2;
      body = s.slice(2);
    } else if (p === 'o') {
      base = 8;
      body = s.slice(2);
    } else {
      base = 8;
      body = s.slice(1);
    }
  }
  let underscores = false;
  let value = 0n;
  let digits = 0;
  const b = BigInt(base);
  for (const c of body) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return null;
    value = value * b + BigInt(d);
    digits++;
  }
  if (digits === 0) return null;
  if (underscores && !underscoreOK(s)) return null;
  if (value > MAX_UINT64) return null;
  return value;
}

/** strconv.ParseUint(text, 0, 64). */
export function parseGoUint(text: string): bigint | null {
  if (text === '0') return 0n;
  if (text.startsWith('+') || text.startsWith('-')) return null;
  return parseUnsignedMagnitude(text);
}

/** strconv.ParseInt(text, 0, 64). */
export function parseGoInt(text: string): bigint | null {
  let s = text;
  let neg = false;
  if (s.startsWith('+')) s = s.slice(1);
  else if (s.startsWith('-')) {
    s = s.slice(1);
    neg = true;
  }
  const mag = s === '0' ? 0n : parseUnsignedMagnitude(s);
  if (mag === null) return null;
  const v = neg ? -mag : mag;
  if (v > MAX_INT64 || v < MIN_INT64) return null;
  return v;
}

/** strconv.ParseFloat(text, 64); null when the syntax is invalid. Out-of-range values give ±Inf (Go errors). */
export function parseGoFloat(text: string): number | null {
  let s = text;
  let sign = 1;
  if (s.startsWith('+')) s = s.slice(1);
  else if (s.startsWith('-')) {
    s = s.slice(1);
    sign = -1;
  }
  const lower = s.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return sign * Infinity;
  if (lower === 'nan') return NaN;
  if (s.includes('_') && !underscoreOK(text)) return null;
  const clean = s.replace(/_/g, '');
  if (/^0[xX]/.test(clean)) return parseHexFloat(clean.slice(2), sign);
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) return null;
  const v = Number(clean);
  if (!Number.isFinite(v)) return null; // Go: value out of range
  return sign * v;
}

function parseHexFloat(s: string, sign: number): number | null {
  const m = /^([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(s);
  if (!m) return null;
  const intPart = m[1] ?? '';
  const frac = m[2] ?? '';
  if (intPart === '' && frac === '') return null;
  if (m[3] === undefined && (frac !== '' || s.includes('.'))) return null; // hex mantissa needs p exponent
  let mant = 0;
  for (const c of intPart) mant = mant * 16 + parseInt(c, 16);
  let scale = 1;
  for (const c of frac) {
    scale /= 16;
    mant += parseInt(c, 16) * scale;
  }
  const exp = m[3] === undefined ? 0 : Number(m[3]);
  const v = mant * Math.pow(2, exp);
  if (!Number.isFinite(v)) return null;
  return sign * v;
}

/** Result of decoding one (possibly escaped) character. */
interface CharStep {
  /** code point, or a raw byte value when `isByte` */
  value: number;
  isByte: boolean;
  rest: string;
}

/** strconv.UnquoteChar: decodes the first character or escape of `s` inside a literal quoted by `quote`. */
export function unquoteChar(s: string, quote: string): CharStep | null {
  if (s.length === 0) return null;
  const c = s[0];
  if (c === quote && (quote === "'" || quote === '"')) return null;
  if (c !== '\\') {
    const cp = s.codePointAt(0)!;
    return { value: cp, isByte: false, rest: s.slice(cp > 0xffff ? 2 : 1) };
  }
  if (s.length <= 1) return null;
  const e = s[1];
  const rest = s.slice(2);
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
  if (e in simple) return { value: simple[e], isByte: false, rest };
  if (e === "'" || e === '"') {
    if (e !== quote) return null;
    return { value: e.charCodeAt(0), isByte: false, rest };
  }
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    const hex = rest.slice(0, n);
    if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) return null;
    const v = parseInt(hex, 16);
    if (e === 'x') return { value: v, isByte: quote !== "'", rest: rest.slice(n) };
    if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return null;
    return { value: v, isByte: false, rest: rest.slice(n) };
  }
  if (e >= '0' && e <= '7') {
    const oct = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(oct)) return null;
    const v = parseInt(oct, 8);
    if (v > 255) return null;
    return { value: v, isByte: quote !== "'", rest: s.slice(4) };
  }
  return null;
}

/** strconv.Unquote for "…", `…` and '…' literals; null on invalid syntax. */
export function unquoteGo(lit: string): string | null {
  if (lit.length < 2) return null;
  const q = lit[0];
  if (q !== lit[lit.length - 1]) return null;
  const body = lit.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) return null;
    return body.replace(/\r/g, '');
  }
  if (q !== '"' && q !== "'") return null;
  if (body.includes('\n')) return null;
  if (q === "'") {
    const step = unquoteChar(body, q);
    if (!step || step.rest !== '') return null;
    return String.fromCodePoint(step.value);
  }
  if (!body.includes('\\') && !body.includes('"')) return body;
  let out = '';
  let rest = body;
  let bytes: number[] = [];
  const flushBytes = (): void => {
    if (bytes.length) {
      out += Buffer.from(bytes).toString('utf8');
      bytes = [];
    }
  };
  while (rest.length > 0) {
    const step = unquoteChar(rest, q);
    if (!step) return null;
    if (step.isByte) {
      bytes.push(step.value);
    } else {
      flushBytes();
      out += String.fromCodePoint(step.value);
    }
    rest = step.rest;
  }
  flushBytes();
  return out;
}
