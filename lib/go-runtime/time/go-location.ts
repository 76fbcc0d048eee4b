/** Go's time zones for {@link GoTime}: UTC, Local and IANA names (through Intl), fixed zones, `time.Now`. */
import { GoTime, type GoLocation } from '../value/values';

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
