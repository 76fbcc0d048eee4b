/**
 * Go's time layouts (reference time `Mon Jan 2 15:04:05 MST 2006`) for {@link GoTime}: formatting
 * and Duration.String. Zones are in go-location.ts, parsing in go-time.parse.ts, the template-visible
 * methods in go-time.methods.ts.
 */
import type { GoTime } from '../value/values';

export interface Civil {
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

export function civil(t: GoTime): Civil {
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

export const LONG_MONTHS = [
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
export const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

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
export function tokenize(layout: string): string[] {
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
