/** Thrown for schedules the standard five-field cron syntax does not allow. */
export class CronScheduleError extends Error {
  readonly code = 'INVALID_SCHEDULE';
}

const descriptors: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  values: Set<number>;
  /** The field was `*` or `?` (matters for the day-of-month / day-of-week OR rule). */
  any: boolean;
}

function parseValue(text: string, min: number, names?: string[]): number {
  const named = names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + min : Number(text);
  if (!Number.isInteger(n)) throw new CronScheduleError(`invalid value "${text}"`);
  return n;
}

function parseField(text: string, min: number, max: number, names?: string[]): Field {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronScheduleError(`invalid step in "${part}"`);
    let lo = min;
    let hi = max;
    if (range !== '*' && range !== '?') {
      const [a, b] = range.split('-');
      lo = parseValue(a, min, names);
      hi = b === undefined ? (stepText === undefined ? lo : max) : parseValue(b, min, names);
    }
    if (lo < min || hi > max || lo > hi) throw new CronScheduleError(`value out of range in "${part}" (${min}-${max})`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, any: text === '*' || text === '?' };
}

/** A parsed standard cron schedule (minute hour day-of-month month day-of-week), evaluated in UTC. */
export interface CronSchedule {
  /** The first matching minute strictly after `after` (ms epoch), or undefined within five years. */
  next(after: number): number | undefined;
}

export function parseCronSchedule(schedule: string): CronSchedule {
  const expanded = descriptors[schedule.trim()] ?? schedule.trim();
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5)
    throw new CronScheduleError(`expected exactly 5 fields, found ${parts.length}: "${schedule}"`);
  const minute = parseField(parts[0], 0, 59);
  const hour = parseField(parts[1], 0, 23);
  const dom = parseField(parts[2], 1, 31);
  const month = parseField(parts[3], 1, 12, monthNames);
  const dowRaw = parseField(parts[4].replace(/\b7\b/g, '0'), 0, 6, dayNames);
  const dayMatches = (d: Date): boolean => {
    const inDom = dom.values.has(d.getUTCDate());
    const inDow = dowRaw.values.has(d.getUTCDay());
    if (dom.any || dowRaw.any) return (dom.any || inDom) && (dowRaw.any || inDow);
    return inDom || inDow;
  };
  return {
    next(after: number): number | undefined {
      const d = new Date(Math.floor(after / 60_000) * 60_000 + 60_000);
      const limit = after + 5 * 366 * 86_400_000;
      while (d.getTime() <= limit) {
        if (!month.values.has(d.getUTCMonth() + 1)) {
          d.setUTCMonth(d.getUTCMonth() + 1, 1);
          d.setUTCHours(0, 0, 0, 0);
        } else if (!dayMatches(d)) {
          d.setUTCDate(d.getUTCDate() + 1);
          d.setUTCHours(0, 0, 0, 0);
        } else if (!hour.values.has(d.getUTCHours())) {
          d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
        } else if (!minute.values.has(d.getUTCMinutes())) {
          d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
        } else return d.getTime();
      }
      return undefined;
    },
  };
}
