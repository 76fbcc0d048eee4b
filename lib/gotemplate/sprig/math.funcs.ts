/**
 * Sprig numeric functions: int64 arithmetic through cast.ToInt64, float functions through
 * shopspring/decimal (exact decimal arithmetic on the shortest representation of each float),
 * seq/until/untilStep, conversions (atoi, int, int64, float64, toDecimal), randInt.
 */
import { formatFloat, goFunc, secureRandomInt, sprint, tagGoType, type GoValue } from '@marina/go-runtime';
import { GoFuncError } from '../errors';
import { toFloat64, toInt64 } from './sprig-conv';

/** A decimal number coef × 10^exp. */
interface Dec {
  coef: bigint;
  exp: number;
}

/** decimal.NewFromFloat: the shortest decimal that round-trips to `f`. */
function decFromFloat(f: number): Dec {
  if (!Number.isFinite(f)) throw new GoFuncError(`Cannot create a Decimal from ${formatFloat(f, 'g', -1)}`);
  const s = formatFloat(f, 'e', -1); // d.ddde±x
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s)!;
  const digits = m[2] + (m[3] ?? '');
  const coef = BigInt(m[1] + digits);
  return { coef, exp: Number(m[4]) - (digits.length - 1) };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * 10n ** BigInt(a.exp - exp), b.coef * 10n ** BigInt(b.exp - exp), exp];
}

const decAdd = (a: Dec, b: Dec): Dec => {
  const [x, y, exp] = align(a, b);
  return { coef: x + y, exp };
};
const decSub = (a: Dec, b: Dec): Dec => {
  const [x, y, exp] = align(a, b);
  return { coef: x - y, exp };
};
const decMul = (a: Dec, b: Dec): Dec => ({ coef: a.coef * b.coef, exp: a.exp + b.exp });

/** decimal.Div: quotient rounded to 16 decimal places, half away from zero. */
function decDiv(a: Dec, b: Dec): Dec {
  if (b.coef === 0n) throw new GoFuncError('decimal division by 0');
  const prec = 16;
  // a/b = a.coef/b.coef × 10^(a.exp-b.exp); scale numerator so the result has `prec` fractional digits.
  const shift = prec + a.exp - b.exp;
  let num = a.coef;
  let den = b.coef;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  const neg = num < 0n !== den < 0n;
  if (num < 0n) num = -num;
  if (den < 0n) den = -den;
  let q = num / den;
  const r = num % den;
  if (r * 2n >= den) q += 1n;
  return { coef: neg ? -q : q, exp: -prec };
}

function decToFloat(d: Dec): number {
  return Number(`${d.coef}e${d.exp}`);
}

function execDecimal(a: GoValue, rest: GoValue[], op: (x: Dec, y: Dec) => Dec): number {
  let acc = decFromFloat(toFloat64(a));
  for (const x of rest) acc = op(acc, decFromFloat(toFloat64(x)));
  return decToFloat(acc);
}

/** Sprig's untilStep. */
export function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const v: bigint[] = [];
  if (stop < start) {
    if (step >= 0n) return v;
    for (let i = start; i > stop; i += step) v.push(i);
    return v;
  }
  if (step <= 0n) return v;
  for (let i = start; i < stop; i += step) v.push(i);
  return v;
}

const intSlice = (xs: bigint[]): GoValue[] => tagGoType([...xs], '[]int');

function seq(...params: bigint[]): string {
  let inc = 1n;
  let r: bigint[];
  switch (params.length) {
    case 1: {
      const end = params[0];
      if (end < 1n) inc = -1n;
      r = untilStep(1n, end + inc, inc);
      break;
    }
    case 2: {
      const [start, end] = params;
      const step = end < start ? -1n : 1n;
      r = untilStep(start, end + step, step);
      break;
    }
    case 3: {
      const [start, step, end] = params;
      if (end < start) {
        inc = -1n;
        if (step > 0n) return '';
      }
      r = untilStep(start, end + inc, step);
      break;
    }
    default:
      return '';
  }
  return r.join(' ');
}

const i64 = (v: GoValue): bigint => toInt64(v);
const wrap64 = (v: bigint): bigint => BigInt.asIntN(64, v);

function goDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new GoFuncError('runtime error: integer divide by zero');
  return wrap64(a / b);
}

function goMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new GoFuncError('runtime error: integer divide by zero');
  return a % b;
}

function round(a: GoValue, p: bigint, ...rOpt: number[]): number {
  const roundOn = rOpt.length > 0 ? rOpt[0] : 0.5;
  const val = toFloat64(a);
  const pow = Math.pow(10, Number(p));
  const digit = pow * val;
  const frac = digit - Math.trunc(digit);
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

export const mathFuncs = {
  atoi: goFunc('func(string) int', (s: string) => {
    const m = /^[+-]?\d+$/.exec(s);
    return m ? BigInt.asIntN(64, BigInt(s)) : 0n;
  }),
  int64: goFunc('func(interface {}) int64', (v: GoValue) => toInt64(v)),
  int: goFunc('func(interface {}) int', (v: GoValue) => toInt64(v)),
  float64: goFunc('func(interface {}) float64', (v: GoValue) => toFloat64(v)),
  toDecimal: goFunc('func(interface {}) int64', (v: GoValue) => {
    const s = sprint([v]);
    return /^[+-]?[0-7]+$/.test(s)
      ? BigInt.asIntN(64, BigInt('0o' + s.replace(/^[+-]/, '')) * (s.startsWith('-') ? -1n : 1n))
      : 0n;
  }),
  seq: goFunc('func(...int) string', seq),
  until: goFunc('func(int) []int', (n: bigint) => intSlice(untilStep(0n, n, n < 0n ? -1n : 1n))),
  untilStep: goFunc('func(int, int, int) []int', (a: bigint, b: bigint, c: bigint) => intSlice(untilStep(a, b, c))),
  add1: goFunc('func(interface {}) int64', (v: GoValue) => wrap64(i64(v) + 1n)),
  add: goFunc('func(...interface {}) int64', (...xs: GoValue[]) => xs.reduce<bigint>((s, x) => wrap64(s + i64(x)), 0n)),
  sub: goFunc('func(interface {}, interface {}) int64', (a: GoValue, b: GoValue) => wrap64(i64(a) - i64(b))),
  div: goFunc('func(interface {}, interface {}) int64', (a: GoValue, b: GoValue) => goDiv(i64(a), i64(b))),
  mod: goFunc('func(interface {}, interface {}) int64', (a: GoValue, b: GoValue) => goMod(i64(a), i64(b))),
  mul: goFunc('func(interface {}, ...interface {}) int64', (a: GoValue, ...xs: GoValue[]) =>
    xs.reduce<bigint>((s, x) => wrap64(s * i64(x)), i64(a)),
  ),
  randInt: goFunc('func(int, int) int', (min: bigint, max: bigint) => {
    if (max - min <= 0n) throw new GoFuncError('invalid argument to Intn');
    return min + BigInt(secureRandomInt(Number(max - min)));
  }),
  add1f: goFunc('func(interface {}) float64', (v: GoValue) => execDecimal(v, [1n], decAdd)),
  addf: goFunc('func(...interface {}) float64', (...xs: GoValue[]) => execDecimal(0, xs, decAdd)),
  subf: goFunc('func(interface {}, ...interface {}) float64', (a: GoValue, ...xs: GoValue[]) =>
    execDecimal(a, xs, decSub),
  ),
  divf: goFunc('func(interface {}, ...interface {}) float64', (a: GoValue, ...xs: GoValue[]) =>
    execDecimal(a, xs, decDiv),
  ),
  mulf: goFunc('func(interface {}, ...interface {}) float64', (a: GoValue, ...xs: GoValue[]) =>
    execDecimal(a, xs, decMul),
  ),
  biggest: goFunc('func(interface {}, ...interface {}) int64', (a: GoValue, ...xs: GoValue[]) =>
    xs.reduce<bigint>((m, x) => (i64(x) > m ? i64(x) : m), i64(a)),
  ),
  max: goFunc('func(interface {}, ...interface {}) int64', (a: GoValue, ...xs: GoValue[]) =>
    xs.reduce<bigint>((m, x) => (i64(x) > m ? i64(x) : m), i64(a)),
  ),
  min: goFunc('func(interface {}, ...interface {}) int64', (a: GoValue, ...xs: GoValue[]) =>
    xs.reduce<bigint>((m, x) => (i64(x) < m ? i64(x) : m), i64(a)),
  ),
  maxf: goFunc('func(interface {}, ...interface {}) float64', (a: GoValue, ...xs: GoValue[]) =>
    xs.reduce<number>((m, x) => Math.max(m, toFloat64(x)), toFloat64(a)),
  ),
  minf: goFunc('func(interface {}, ...interface {}) float64', (a: GoValue, ...xs: GoValue[]) =>
    xs.reduce<number>((m, x) => Math.min(m, toFloat64(x)), toFloat64(a)),
  ),
  ceil: goFunc('func(interface {}) float64', (v: GoValue) => Math.ceil(toFloat64(v))),
  floor: goFunc('func(interface {}) float64', (v: GoValue) => Math.floor(toFloat64(v))),
  round: goFunc('func(interface {}, int, ...float64) float64', round),
};
