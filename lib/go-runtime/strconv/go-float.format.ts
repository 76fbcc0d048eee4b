/**
 * strconv.FormatFloat: formats 'e', 'E', 'f', 'g', 'G', 'b', 'x', 'X' with either the shortest
 * round-tripping digits (prec < 0; for bitSize 32 the shortest digits that round-trip through
 * float32) or exactly rounded digits (round half to even on the exact binary value, as Go does).
 * The one float formatter of the project: fmt's %v/%g/%e/%f, Sprig, YAML and JSON encoders use it.
 */

interface Digits {
  /** decimal digits without leading zeros ("" for zero) */
  d: string;
  /** position of the decimal point relative to the digits (value = 0.d × 10^dp) */
  dp: number;
}

/** Shortest digits that round-trip (JS and Go both produce the shortest uniquely identifying form). */
function shortestDigits(v: number): Digits {
  if (v === 0) return { d: '', dp: 0 };
  const [mant, exp] = v.toExponential().split('e');
  const d = mant.replace('.', '').replace(/0+$/, '');
  return { d, dp: Number(exp) + 1 };
}

/** Shortest digits that round-trip through float32 (`v` is rounded to float32 first). */
function shortestDigits32(v: number): Digits {
  const target = Math.fround(v);
  if (target === 0) return { d: '', dp: 0 };
  for (let p = 1; p <= 9; p++) {
    const s = target.toPrecision(p);
    if (Math.fround(Number(s)) === target) return shortestDigits(Number(s));
  }
  return shortestDigits(Number(target.toPrecision(9)));
}

/** The exact decimal expansion of a finite positive double. */
function exactDigits(v: number): Digits {
  if (v === 0) return { d: '', dp: 0 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (bexp === 0) {
    e2 = -1074;
  } else {
    mant |= 1n << 52n;
    e2 = bexp - 1075;
  }
  let digits: string;
  let dp: number;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    dp = digits.length;
  } else {
    const scaled = mant * 5n ** BigInt(-e2);
    digits = scaled.toString();
    dp = digits.length + e2;
  }
  const trimmed = digits.replace(/0+$/, '');
  const lead = trimmed.length - trimmed.replace(/^0+/, '').length;
  return { d: trimmed.slice(lead), dp: dp - lead };
}

/** Rounds exact digits to `nd` significant digits, half to even. */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0) return { d: '', dp: x.dp };
  if (nd >= x.d.length) return x;
  const next = x.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (nd + 1 < x.d.length)
    up = true; // more non-zero digits follow (digits are trimmed)
  else up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  let d = x.d.slice(0, nd);
  let dp = x.dp;
  if (up) {
    const arr = d.split('');
    let i = arr.length - 1;
    while (i >= 0 && arr[i] === '9') {
      arr[i] = '0';
      i--;
    }
    if (i < 0) {
      arr.unshift('1');
      dp++;
    } else {
      arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1);
    }
    d = arr.join('');
  }
  d = d.replace(/0+$/, '');
  if (d === '') dp = x.dp; // rounded to zero
  return { d, dp };
}

function digitAt(x: Digits, i: number): string {
  return i < x.d.length ? x.d[i] : '0';
}

function fmtE(neg: boolean, x: Digits, prec: number, e: string): string {
  let s = neg ? '-' : '';
  s += digitAt(x, 0);
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(x, i);
  }
  let exp = x.d === '' ? 0 : x.dp - 1;
  s += e;
  if (exp < 0) {
    s += '-';
    exp = -exp;
  } else {
    s += '+';
  }
  return s + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  let s = neg ? '-' : '';
  if (x.dp > 0) {
    for (let i = 0; i < x.dp; i++) s += digitAt(x, i);
  } else {
    s += '0';
  }
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = x.dp + i - 1;
      s += j < 0 ? '0' : digitAt(x, j);
    }
  }
  return s;
}

/** `strconv.FormatFloat(v, fmt, prec, bitSize)`. */
export function formatFloat(v: number, fmt: string, prec: number, bitSize: 32 | 64 = 64): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  if (fmt === 'b') return formatBinary(neg, a);
  if (fmt === 'x' || fmt === 'X') return formatHex(neg, a, prec, fmt);
  const shortest = prec < 0;
  let x: Digits;
  if (shortest) {
    x = bitSize === 32 ? shortestDigits32(a) : shortestDigits(a);
  } else {
    const exact = exactDigits(bitSize === 32 ? Math.fround(a) : a);
    switch (fmt) {
      case 'e':
      case 'E':
        x = roundDigits(exact, prec + 1);
        break;
      case 'f':
        x = roundDigits(exact, exact.dp + prec);
        break;
      default:
        x = roundDigits(exact, prec === 0 ? 1 : prec);
        break;
    }
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, x, shortest ? Math.max(x.d.length - 1, 0) : prec, fmt);
    case 'f':
      return fmtF(neg, x, shortest ? Math.max(x.d.length - x.dp, 0) : prec);
    case 'g':
    case 'G': {
      let p = shortest ? x.d.length : prec === 0 ? 1 : prec;
      let eprec = p;
      if (eprec > x.d.length && x.d.length >= x.dp) eprec = x.d.length;
      if (shortest) eprec = 6;
      const exp = x.dp - 1;
      if (x.d !== '' && (exp < -4 || exp >= eprec)) {
        if (p > x.d.length) p = x.d.length;
        return fmtE(neg, x, Math.max(p - 1, 0), fmt === 'g' ? 'e' : 'E');
      }
      if (p > x.dp) p = x.d.length;
      return fmtF(neg, x, Math.max(p - x.dp, 0));
    }
    default:
      return `%${fmt}`;
  }
}

function formatBinary(neg: boolean, a: number): string {
  if (a === 0) return `${neg ? '-' : ''}0p-1074`;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, a);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = bexp === 0 ? -1074 : bexp - 1075;
  if (bexp !== 0) mant |= 1n << 52n;
  return `${neg ? '-' : ''}${mant}p${e >= 0 ? '+' : ''}${e}`;
}

function formatHex(neg: boolean, a: number, prec: number, fmt: string): string {
  // %x: -0x1.23abcp+20 ; mantissa normalised to 1.xxx
  let s = neg ? '-' : '';
  if (a === 0) {
    s += '0x0';
    if (prec > 0) s += '.' + '0'.repeat(prec);
    s += 'p+00';
    return fmt === 'X' ? s.toUpperCase() : s;
  }
  let exp = Math.floor(Math.log2(a));
  let m = a / Math.pow(2, exp);
  while (m >= 2) {
    m /= 2;
    exp++;
  }
  while (m < 1) {
    m *= 2;
    exp--;
  }
  let hex = '';
  let frac = m - 1;
  const maxDigits = prec < 0 ? 13 : prec;
  for (let i = 0; i < maxDigits; i++) {
    frac *= 16;
    const d = Math.floor(frac);
    hex += d.toString(16);
    frac -= d;
  }
  if (prec >= 0 && frac >= 0.5) {
    // round up the hex digits
    const n = BigInt('0x1' + (hex || '0')) + 1n;
    const str = n.toString(16);
    if (str.length > hex.length + 1 && hex.length > 0) {
      exp++;
      hex = str.slice(2);
    } else {
      hex = str.slice(1);
    }
  }
  if (prec < 0) hex = hex.replace(/0+$/, '');
  s += '0x1' + (hex ? '.' + hex : '');
  s += 'p' + (exp >= 0 ? '+' : '-') + String(Math.abs(exp)).padStart(2, '0');
  return fmt === 'X' ? s.toUpperCase() : s;
}
