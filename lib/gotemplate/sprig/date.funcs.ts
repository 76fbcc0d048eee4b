/**
 * Sprig date functions (date.go): date, dateInZone, htmlDate(InZone), dateModify, ago,
 * duration, durationRound, now, toDate, unixEpoch. Dates are {@link GoTime}; ints are Unix seconds.
 */
import { GoFuncError } from '../errors';
import {
  formatDuration,
  formatGoTime,
  goFunc,
  GoInt,
  GoPtr,
  GoTime,
  inLocation,
  loadLocation,
  localLocation,
  now,
  parseGoTime,
  UTC,
  type GoValue,
} from '@marina/go-runtime';

const NS_PER_MS = 1000000n;

function timeOf(v: GoValue, allowInt32 = true): GoTime {
  if (v instanceof GoTime) return v;
  if (v instanceof GoPtr && v.cell && v.cell.value instanceof GoTime) return v.cell.value;
  const secs =
    typeof v === 'bigint'
      ? v
      : v instanceof GoInt && (v.kind === 'int64' || (allowInt32 && v.kind === 'int32'))
        ? v.value
        : undefined;
  if (secs !== undefined) return new GoTime(Number(secs) * 1000, 0, localLocation());
  return now();
}

function dateInZone(fmt: string, date: GoValue, zone: string): string {
  const loc = loadLocation(zone) ?? UTC;
  return formatGoTime(inLocation(timeOf(date), loc), fmt);
}

/** Nanoseconds since the epoch. */
function unixNanos(t: GoTime): bigint {
  return BigInt(t.epochMs) * NS_PER_MS + BigInt(t.nanos);
}

function fromNanos(ns: bigint, t: GoTime): GoTime {
  const ms = ns / NS_PER_MS;
  let rem = ns % NS_PER_MS;
  let msN = Number(ms);
  if (rem < 0n) {
    rem += NS_PER_MS;
    msN -= 1;
  }
  return new GoTime(msN, Number(rem), t.location);
}

// µs (micro sign) and μs (Greek mu) are written as escapes so the compiled code stays ASCII (V8
// then decodes the CLI bundle as one-byte text, see tsconfig.build.json's removeComments).
const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  '\u00b5s': 1000n,
  '\u03bcs': 1000n,
  ms: 1000000n,
  s: 1000000000n,
  m: 60000000000n,
  h: 3600000000000n,
};

/** time.ParseDuration. */
export function parseDuration(s: string): bigint {
  const orig = s;
  let rest = s;
  let neg = false;
  if (rest[0] === '-' || rest[0] === '+') {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw new GoFuncError(`time: invalid duration ${JSON.stringify(orig)}`);
  let total = 0n;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?([a-z\u00b5\u03bc]+)/.exec(rest);
    if (!m || (m[1] === '' && (m[2] ?? '') === ''))
      throw new GoFuncError(`time: invalid duration ${JSON.stringify(orig)}`);
    const unit = UNITS[m[3]];
    if (unit === undefined)
      throw new GoFuncError(`time: unknown unit ${JSON.stringify(m[3])} in duration ${JSON.stringify(orig)}`);
    const whole = BigInt(m[1] || '0') * unit;
    let frac = 0n;
    if (m[2]) frac = (BigInt(m[2]) * unit) / 10n ** BigInt(m[2].length);
    total += whole + frac;
    rest = rest.slice(m[0].length);
  }
  return neg ? -total : total;
}

function roundToSecond(d: bigint): bigint {
  const s = 1000000000n;
  let r = d % s;
  if (r < 0n) r = -r;
  const base = d - (d % s);
  if (r + r < s) return base;
  return d < 0n ? base - s : base + s;
}

function durationRound(v: GoValue): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch {
      d = 0n;
    }
  } else if (v instanceof GoInt && v.kind === 'int64') {
    d = v.value;
  } else if (v instanceof GoTime) {
    d = unixNanos(now()) - unixNanos(v);
  }
  const u = d < 0n ? -d : d;
  const hour = 3600000000000n;
  const steps: [bigint, string][] = [
    [hour * 24n * 365n, 'y'],
    [hour * 24n * 30n, 'mo'],
    [hour * 24n, 'd'],
    [hour, 'h'],
    [60000000000n, 'm'],
    [1000000000n, 's'],
  ];
  for (const [size, unit] of steps) if (u > size) return `${u / size}${unit}`;
  return '0s';
}

export const dateFuncs = {
  ago: goFunc('func(interface {}) string', (v: GoValue) => {
    const t = timeOf(v, false);
    return formatDuration(roundToSecond(unixNanos(now()) - unixNanos(t)));
  }),
  date: goFunc('func(string, interface {}) string', (fmt: string, d: GoValue) => dateInZone(fmt, d, 'Local')),
  date_in_zone: goFunc('func(string, interface {}, string) string', dateInZone),
  dateInZone: goFunc('func(string, interface {}, string) string', dateInZone),
  date_modify: goFunc('func(string, time.Time) time.Time', (fmt: string, t: GoTime) => {
    try {
      return fromNanos(unixNanos(t) + parseDuration(fmt), t);
    } catch {
      return t;
    }
  }),
  dateModify: goFunc('func(string, time.Time) time.Time', (fmt: string, t: GoTime) => {
    try {
      return fromNanos(unixNanos(t) + parseDuration(fmt), t);
    } catch {
      return t;
    }
  }),
  must_date_modify: goFunc('func(string, time.Time) (time.Time, error)', (fmt: string, t: GoTime) =>
    fromNanos(unixNanos(t) + parseDuration(fmt), t),
  ),
  mustDateModify: goFunc('func(string, time.Time) (time.Time, error)', (fmt: string, t: GoTime) =>
    fromNanos(unixNanos(t) + parseDuration(fmt), t),
  ),
  duration: goFunc('func(interface {}) string', (v: GoValue) => {
    let n = 0n;
    if (typeof v === 'string') n = /^[+-]?\d+$/.test(v) ? BigInt(v) : 0n;
    else if (v instanceof GoInt && v.kind === 'int64') n = v.value;
    return formatDuration(BigInt.asIntN(64, n * 1000000000n));
  }),
  durationRound: goFunc('func(interface {}) string', durationRound),
  htmlDate: goFunc('func(interface {}) string', (d: GoValue) => dateInZone('2006-01-02', d, 'Local')),
  htmlDateInZone: goFunc('func(interface {}, string) string', (d: GoValue, z: string) =>
    dateInZone('2006-01-02', d, z),
  ),
  now: goFunc('func() time.Time', now),
  toDate: goFunc('func(string, string) time.Time', (fmt: string, s: string) => {
    try {
      return parseGoTime(fmt, s, localLocation());
    } catch {
      return new GoTime(-62135596800000, 0, UTC);
    }
  }),
  mustToDate: goFunc('func(string, string) (time.Time, error)', (fmt: string, s: string) => {
    try {
      return parseGoTime(fmt, s, localLocation());
    } catch (e) {
      throw new GoFuncError((e as Error).message);
    }
  }),
  unixEpoch: goFunc('func(time.Time) string', (t: GoTime) => String(t.unixSeconds())),
};
