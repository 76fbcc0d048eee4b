/** Go's `time.ParseInLocation` with reference-time layouts (`Mon Jan 2 15:04:05 MST 2006`). */
import { GoTime, type GoLocation } from '../value/values';
import { fixedZone, UTC } from './go-location';
import { LONG_DAYS, LONG_MONTHS, tokenize } from './go-time.format';

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
