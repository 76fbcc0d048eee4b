/**
 * Go float formatting. `formatFloatG` is `strconv.FormatFloat(x, 'g', -1, bits)`: the shortest
 * decimal that round-trips at the given precision, in exponent form when the decimal exponent is
 * < -4 or >= 6, with at least two exponent digits (`1e+06`, `1.5e-05`); infinities and NaN print
 * as `+Inf`, `-Inf`, `NaN`.
 */

/** Shortest round-trip digits and decimal exponent of a finite, non-zero |x|. */
function shortestDigits(x: number, bits: 32 | 64): { digits: string; exp: number } {
  const abs = Math.abs(x);
  if (bits === 64) {
    const [mant, e] = abs.toExponential().split('e');
    return { digits: mant.replace('.', ''), exp: Number(e) };
  }
  const target = Math.fround(abs);
  for (let p = 1; p <= 9; p++) {
    const s = target.toPrecision(p);
    if (Math.fround(Number(s)) === target) {
      const [mant, e] = Number(s).toExponential().split('e');
      return { digits: mant.replace('.', '').replace(/0+$/, '') || '0', exp: Number(e) };
    }
  }
  const [mant, e] = target.toExponential(8).split('e');
  return { digits: mant.replace('.', '').replace(/0+$/, ''), exp: Number(e) };
}

/** `strconv.FormatFloat(x, 'g', -1, bits)`. */
export function formatFloatG(x: number, bits: 32 | 64 = 64): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  if (x === 0) return neg ? '-0' : '0';
  const { digits, exp } = shortestDigits(x, bits);
  const eprec = 6; // Go uses precision 6 for the %e/%f decision when formatting the shortest form
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= eprec) return sign + formatE(digits, exp);
  return sign + formatF(digits, exp);
}

function formatE(digits: string, exp: number): string {
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp);
  return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : String(e)}`;
}

function formatF(digits: string, exp: number): string {
  const point = exp + 1; // digits before the decimal point
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Go's encoding/json float text: 'f' format unless |x| < 1e-6 or >= 1e21, then 'e' with the
 * exponent's leading zero removed. Equal to JavaScript's `String(x)` except for negative zero.
 * Throws for NaN and infinities, like json.Marshal.
 */
export function formatJsonFloat(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`json: unsupported value: ${formatFloatG(x)}`);
  if (Object.is(x, -0)) return '-0';
  return String(x);
}
