/**
 * Go's time layouts (reference time `Mon Jan 2 15:04:05 MST 2006`) for {@link GoTime}:
 * formatting, parsing, and time zones (UTC, Local, IANA names through Intl).
 */
import { GoInt, GoTime, defineGoMethods, type GoLocation } from '../value/values';

export const UTC: GoLocation = { name: 'UTC', offsetAt: () => ({ offsetSeconds: 0, abbreviation: 'UTC' }) };

const zoneCache = new Map<string, GoLocation>();

/** Loads a location by IANA name ("UTC", "Local", "America/New_York"); undefined if unknown. */
export function loadLocation(name: string): GoLocation | undefined {
  if (name === '' || name === 'UTC') return UTC;
  const key = name === 'Local' ? `Local:${process.env.TZ ?? ''}` : name;
  const cached = zoneCache.get(key);
  if (cached) return cached;
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name === 'Local' ? undefined : name,
      timeZoneName: 'longOffset',
      year: 'numeric',
    });
  } catch {
    return undefined;
  }
  const shortFmt = new Intl.DateTimeFormat('en-US', {
    timeZone: name === 'Local' ? undefined : name,
    timeZoneName: 'short',
  });
  const loc: GoLocation = {
    name,
    offsetAt(epochMs: number) {
      const part = fmt.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
      const m = /GMT([+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?/.exec(part);
      const offsetSeconds = m
        ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0))
        : 0;
      let abbreviation =
        shortFmt.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
      if (/^GMT[+-]/.test(abbreviation) || (abbreviation === 'GMT' && offsetSeconds !== 0))
        abbreviation = offsetAbbrev(offsetSeconds);
      if (abbreviation === 'GMT' && name === 'UTC') abbreviation = 'UTC';
      return { offsetSeconds, abbreviation };
    },
  };
  zoneCache.set(key, loc);
  return loc;
}

/** Go names zones without an abbreviation like "+03" or "-0330". */
function offsetAbbrev(sec: number): string {
  const sign = sec < 0 ? '-' : '+';
  const a = Math.abs(sec);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  return sign + String(h).padStart(2, '0') + (m ? String(m).padStart(2, '0') : '');
}

/** A fixed-offset zone (Go's time.FixedZone). */
export function fixedZone(name: string, offsetSeconds: number): GoLocation {
  return { name, offsetAt: () => ({ offsetSeconds, abbreviation: name }) };
}

export function localLocation(): GoLocation {
  return loadLocation('Local') ?? UTC;
}

/** Current time in the local zone. */
export function now(): GoTime {
  const ns = process.hrtime.bigint() % 1000000n;
  return new GoTime(Date.now(), Number(ns), localLocation());
}

/** Same instant in another location. */
export function inLocation(t: GoTime, loc: GoLocation): GoTime {
  return new GoTime(t.epochMs, t.nanos, loc);
}

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  weekday: number;
  yday: number;
  nanos: number;
  offset: number;
  abbrev: string;
}

function civil(t: GoTime): Civil {
  const { offsetSeconds, abbreviation } = t.location.offsetAt(t.epochMs);
  const d = new Date(t.epochMs + offsetSeconds * 1000);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    min: d.getUTCMinutes(),
    sec: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    yday: Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - start) / 86400000) + 1,
    nanos: t.nanosecond(),
    offset: offsetSeconds,
    abbrev: abbreviation,
  };
}

const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Layout tokens, longest first where prefixes overlap. */
const TOKENS = [
  'January',
  'Monday',
  'Jan',
  'Mon',
  'MST',
  'Z07:00:00',
  '-07:00:00',
  'Z070000',
  '-070000',
  'Z07:00',
  '-07:00',
  'Z0700',
  '-0700',
  'Z07',
  '-07',
  '2006',
  '002',
  '__2',
  '_2',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '15',
  'PM',
  'pm',
  '1',
  '2',
  '3',
  '4',
  '5',
];

/** Splits a layout into literal text and tokens. */
function tokenize(layout: string): string[] {
  const out: string[] = [];
  let lit = '';
  let i = 0;
  outer: while (i < layout.length) {
    // fractional seconds: [.,] followed by 0s or 9s, not followed by a digit
    if ((layout[i] === '.' || layout[i] === ',') && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
      const ch = layout[i + 1];
      let j = i + 1;
      while (j < layout.length && layout[j] === ch) j++;
      if (!(layout[j] >= '0' && layout[j] <= '9')) {
        if (lit) {
          out.push(lit);
          lit = '';
        }
        out.push('\u0001' + layout.slice(i, j));
        i = j;
        continue;
      }
    }
    for (const tok of TOKENS) {
      if (layout.startsWith(tok, i)) {
        // "Jan"/"Mon" must not be followed by a lower-case letter (e.g. "Month")
        if ((tok === 'Jan' || tok === 'Mon') && /[a-z]/.test(layout[i + 3] ?? '')) continue;
        if (lit) {
          out.push(lit);
          lit = '';
        }
        out.push('\u0000' + tok);
        i += tok.length;
        continue outer;
      }
    }
    lit += layout[i];
    i++;
  }
  if (lit) out.push(lit);
  return out;
}

const pad = (n: number, w: number, c = '0'): string => String(n).padStart(w, c);

/** time.Time.Format(layout). */
export function formatGoTime(t: GoTime, layout: string): string {
  const c = civil(t);
  let s = '';
  for (const tokPart of tokenize(layout)) {
    if (tokPart[0] === '\u0001') {
      const part = tokPart.slice(1);
      const digits = part.length - 1;
      const frac = pad(c.nanos, 9).slice(0, digits);
      if (part[1] === '9') {
        const trimmed = frac.replace(/0+$/, '');
        if (trimmed) s += part[0] + trimmed;
      } else {
        s += part[0] + frac;
      }
      continue;
    }
    const part = tokPart;
    if (part[0] !== '\u0000') {
      s += part;
      continue;
    }
    s += formatToken(part.slice(1), c);
  }
  return s;
}

function formatToken(tok: string, c: Civil): string {
  switch (tok) {
    case 'January':
      return LONG_MONTHS[c.month - 1];
    case 'Jan':
      return LONG_MONTHS[c.month - 1].slice(0, 3);
    case 'Monday':
      return LONG_DAYS[c.weekday];
    case 'Mon':
      return LONG_DAYS[c.weekday].slice(0, 3);
    case 'MST':
      return c.abbrev;
    case '2006':
      return pad(c.year, 4);
    case '06':
      return pad(c.year % 100, 2);
    case '01':
      return pad(c.month, 2);
    case '1':
      return String(c.month);
    case '02':
      return pad(c.day, 2);
    case '_2':
      return pad(c.day, 2, ' ');
    case '2':
      return String(c.day);
    case '002':
      return pad(c.yday, 3);
    case '__2':
      return pad(c.yday, 3, ' ');
    case '15':
      return pad(c.hour, 2);
    case '03':
      return pad(c.hour % 12 === 0 ? 12 : c.hour % 12, 2);
    case '3':
      return String(c.hour % 12 === 0 ? 12 : c.hour % 12);
    case '04':
      return pad(c.min, 2);
    case '4':
      return String(c.min);
    case '05':
      return pad(c.sec, 2);
    case '5':
      return String(c.sec);
    case 'PM':
      return c.hour >= 12 ? 'PM' : 'AM';
    case 'pm':
      return c.hour >= 12 ? 'pm' : 'am';
    default:
      return formatZone(tok, c.offset);
  }
}

function formatZone(tok: string, offset: number): string {
  if (tok[0] === 'Z' && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const hh = pad(Math.floor(a / 3600), 2);
  const mm = pad(Math.floor((a % 3600) / 60), 2);
  const ss = pad(a % 60, 2);
  switch (tok.replace('Z', '-')) {
    case '-07':
      return sign + hh;
    case '-0700':
      return sign + hh + mm;
    case '-07:00':
      return sign + hh + ':' + mm;
    case '-070000':
      return sign + hh + mm + ss;
    case '-07:00:00':
      return sign + hh + ':' + mm + ':' + ss;
    default:
      return tok;
  }
}

/** Error from {@link parseGoTime}, worded like Go's time.ParseError. */
export class TimeParseError extends Error {
  readonly code = 'TIME_PARSE_ERROR';
}

/** time.ParseInLocation(layout, value, loc). */
export function parseGoTime(layout: string, value: string, loc: GoLocation): GoTime {
  let year = 1,
    month = 1,
    day = 1,
    hour = 0,
    min = 0,
    sec = 0,
    nanos = 0;
  let pm: boolean | undefined;
  let offset: number | undefined;
  let rest = value;
  const fail = (): never => {
    throw new TimeParseError(
      `parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(layout)}`,
    );
  };
  const num = (min: number, max: number): number => {
    const m = new RegExp(`^\\d{${min},${max}}`).exec(rest);
    if (!m) fail();
    rest = rest.slice(m![0].length);
    return Number(m![0]);
  };
  const word = (list: string[], len?: number): number => {
    const idx = list.findIndex((w) => rest.toLowerCase().startsWith((len ? w.slice(0, len) : w).toLowerCase()));
    if (idx < 0) fail();
    rest = rest.slice(len ?? list[idx].length);
    return idx;
  };
  for (const part of tokenize(layout)) {
    if (part[0] === '\u0001') {
      const m = /^[.,](\d+)/.exec(rest);
      if (m) {
        nanos = Number(m[1].slice(0, 9).padEnd(9, '0'));
        rest = rest.slice(m[0].length);
      } else if (part[2] === '0') fail();
      continue;
    }
    if (part[0] !== '\u0000') {
      if (!rest.startsWith(part)) fail();
      rest = rest.slice(part.length);
      continue;
    }
    const tok = part.slice(1);
    switch (tok) {
      case 'January':
        month = word(LONG_MONTHS) + 1;
        break;
      case 'Jan':
        month = word(LONG_MONTHS, 3) + 1;
        break;
      case 'Monday':
        word(LONG_DAYS);
        break;
      case 'Mon':
        word(LONG_DAYS, 3);
        break;
      case '2006':
        year = num(4, 4);
        break;
      case '06': {
        const y = num(2, 2);
        year = y >= 69 ? 1900 + y : 2000 + y;
        break;
      }
      case '01':
        month = num(2, 2);
        break;
      case '1':
        month = num(1, 2);
        break;
      case '02':
        day = num(2, 2);
        break;
      case '_2':
        if (rest[0] === ' ') rest = rest.slice(1);
        day = num(1, 2);
        break;
      case '2':
        day = num(1, 2);
        break;
      case '002':
      case '__2':
        num(1, 3);
        break;
      case '15':
        hour = num(1, 2);
        break;
      case '03':
      case '3':
        hour = num(tok === '03' ? 2 : 1, 2);
        break;
      case '04':
      case '4':
        min = num(tok === '04' ? 2 : 1, 2);
        break;
      case '05':
      case '5': {
        sec = num(tok === '05' ? 2 : 1, 2);
        const m = /^[.,](\d+)/.exec(rest);
        if (m) {
          nanos = Number(m[1].slice(0, 9).padEnd(9, '0'));
          rest = rest.slice(m[0].length);
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const m = /^(AM|PM)/i.exec(rest);
        if (!m) fail();
        pm = m![1].toUpperCase() === 'PM';
        rest = rest.slice(2);
        break;
      }
      case 'MST': {
        const m = /^[A-Z]{3,5}|^[+-]\d{2,4}/.exec(rest);
        if (!m) fail();
        if (m![0] === 'UTC' || m![0] === 'GMT') offset = offset ?? 0;
        rest = rest.slice(m![0].length);
        break;
      }
      default: {
        if (tok[0] === 'Z' && rest[0] === 'Z') {
          rest = rest.slice(1);
          offset = 0;
          break;
        }
        const m = /^([+-])(\d{2}):?(\d{2})?:?(\d{2})?/.exec(rest);
        if (!m) fail();
        offset = (m![1] === '-' ? -1 : 1) * (Number(m![2]) * 3600 + Number(m![3] ?? 0) * 60 + Number(m![4] ?? 0));
        rest = rest.slice(m![0].length);
      }
    }
  }
  if (rest !== '')
    throw new TimeParseError(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(rest)}`);
  if (pm !== undefined) {
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  if (month < 1 || month > 12) throw new TimeParseError(`parsing time ${JSON.stringify(value)}: month out of range`);
  if (day < 1 || day > 31) throw new TimeParseError(`parsing time ${JSON.stringify(value)}: day out of range`);
  const wallMs = Date.UTC(year, month - 1, day, hour, min, sec);
  const fixedYear = year < 100 ? new Date(wallMs).setUTCFullYear(year) : wallMs;
  if (offset !== undefined) {
    const epoch = fixedYear - offset * 1000;
    const zoneLoc =
      offset === 0 && loc === UTC ? UTC : offset === loc.offsetAt(epoch).offsetSeconds ? loc : fixedZone('', offset);
    return new GoTime(epoch, nanos % 1e6, zoneLoc);
  }
  // wall clock in loc: iterate to find the offset
  let epoch = fixedYear - loc.offsetAt(fixedYear).offsetSeconds * 1000;
  epoch = fixedYear - loc.offsetAt(epoch).offsetSeconds * 1000;
  return new GoTime(epoch + Math.floor(nanos / 1e6), nanos % 1e6, loc);
}

/** Go's Duration.String(): "1h2m3.5s", "0s", "1.5µs". */
export function formatDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1000000000n) {
    let unit: string;
    let div: bigint;
    if (u < 1000n) return (neg ? '-' : '') + u + 'ns';
    // '\u00b5s' is µs, escaped so the compiled code stays ASCII.
    if (u < 1000000n) {
      unit = '\u00b5s';
      div = 1000n;
    } else {
      unit = 'ms';
      div = 1000000n;
    }
    out = fracString(u, div) + unit;
  } else {
    const h = u / 3600000000000n;
    u -= h * 3600000000000n;
    const m = u / 60000000000n;
    u -= m * 60000000000n;
    out = fracString(u, 1000000000n) + 's';
    if (h > 0n) out = `${h}h${m}m${out}`;
    else if (m > 0n) out = `${m}m${out}`;
  }
  return (neg ? '-' : '') + out;
}

function fracString(v: bigint, div: bigint): string {
  const whole = v / div;
  const frac = v % div;
  if (frac === 0n) return whole.toString();
  const digits = div.toString().length - 1;
  return `${whole}.${frac.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

// ---- time.Time methods callable from templates ({{ now.Unix }}, {{ (now).Format "2006" }}, …) ----

const civilOf = (t: GoTime): Civil => civil(t);
const nanosOf = (t: GoTime): bigint => BigInt(t.epochMs) * 1000000n + BigInt(t.nanos);
const fromNs = (ns: bigint, loc: GoLocation): GoTime => {
  let ms = ns / 1000000n;
  let rem = ns % 1000000n;
  if (rem < 0n) {
    rem += 1000000n;
    ms -= 1n;
  }
  return new GoTime(Number(ms), Number(rem), loc);
};

defineGoMethods(GoTime.prototype, {
  Unix: {
    sig: 'func() int64',
    fn(this: GoTime) {
      return BigInt(this.unixSeconds());
    },
  },
  UnixMilli: {
    sig: 'func() int64',
    fn(this: GoTime) {
      return BigInt(this.epochMs);
    },
  },
  UnixNano: {
    sig: 'func() int64',
    fn(this: GoTime) {
      return nanosOf(this);
    },
  },
  Format: {
    sig: 'func(string) string',
    fn(this: GoTime, layout: string) {
      return formatGoTime(this, layout);
    },
  },
  String: {
    sig: 'func() string',
    fn(this: GoTime) {
      return formatGoTime(this, '2006-01-02 15:04:05.999999999 -0700 MST');
    },
  },
  Year: {
    sig: 'func() int',
    fn(this: GoTime) {
      return BigInt(civilOf(this).year);
    },
  },
  Day: {
    sig: 'func() int',
    fn(this: GoTime) {
      return BigInt(civilOf(this).day);
    },
  },
  YearDay: {
    sig: 'func() int',
    fn(this: GoTime) {
      return BigInt(civilOf(this).yday);
    },
  },
  Hour: {
    sig: 'func() int',
    fn(this: GoTime) {
      return BigInt(civilOf(this).hour);
    },
  },
  Minute: {
    sig: 'func() int',
    fn(this: GoTime) {
      return BigInt(civilOf(this).min);
    },
  },
  Second: {
    sig: 'func() int',
    fn(this: GoTime) {
      return BigInt(civilOf(this).sec);
    },
  },
  Nanosecond: {
    sig: 'func() int',
    fn(this: GoTime) {
      return BigInt(this.nanosecond());
    },
  },
  IsZero: {
    sig: 'func() bool',
    fn(this: GoTime) {
      return this.epochMs === -62135596800000 && this.nanos === 0;
    },
  },
  UTC: {
    sig: 'func() time.Time',
    fn(this: GoTime) {
      return inLocation(this, UTC);
    },
  },
  Local: {
    sig: 'func() time.Time',
    fn(this: GoTime) {
      return inLocation(this, localLocation());
    },
  },
  Add: {
    sig: 'func(time.Duration) time.Time',
    fn(this: GoTime, d: GoInt) {
      return fromNs(nanosOf(this) + d.value, this.location);
    },
  },
  Sub: {
    sig: 'func(time.Time) time.Duration',
    fn(this: GoTime, o: GoTime) {
      return new GoInt(nanosOf(this) - nanosOf(o), 'int64', 'time.Duration');
    },
  },
  Before: {
    sig: 'func(time.Time) bool',
    fn(this: GoTime, o: GoTime) {
      return nanosOf(this) < nanosOf(o);
    },
  },
  After: {
    sig: 'func(time.Time) bool',
    fn(this: GoTime, o: GoTime) {
      return nanosOf(this) > nanosOf(o);
    },
  },
  Equal: {
    sig: 'func(time.Time) bool',
    fn(this: GoTime, o: GoTime) {
      return nanosOf(this) === nanosOf(o);
    },
  },
});
