/**
 * time.Time's methods callable from templates ({{ now.Unix }}, {{ (now).Format "2006" }}, …),
 * registered on {@link GoTime} when this module loads (the library's entry loads it).
 */
import { GoInt, GoTime, defineGoMethods, type GoLocation } from '../value/values';
import { inLocation, localLocation, UTC } from './go-location';
import { civil, formatGoTime, type Civil } from './go-time.format';

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
