import { CronScheduleError, parseCronSchedule } from './cron-schedule';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('cron schedules', () => {
  it.each([
    ['* * * * *', '2026-03-04T05:06:30Z', '2026-03-04T05:07:00.000Z'],
    ['*/15 * * * *', '2026-03-04T05:06:00Z', '2026-03-04T05:15:00.000Z'],
    ['0 0 * * *', '2026-03-04T05:06:00Z', '2026-03-05T00:00:00.000Z'],
    ['@hourly', '2026-03-04T05:00:00Z', '2026-03-04T06:00:00.000Z'],
    ['30 2 1 JAN-MAR *', '2026-03-04T05:06:00Z', '2027-01-01T02:30:00.000Z'],
    ['0 9 * * MON-FRI', '2026-03-06T10:00:00Z', '2026-03-09T09:00:00.000Z'],
    ['0 0 13 * 5', '2026-03-01T00:00:00Z', '2026-03-06T00:00:00.000Z'],
    ['0 0 29 2 *', '2026-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['5,10-12/2 * * * 7', '2026-03-08T00:10:00Z', '2026-03-08T00:12:00.000Z'],
  ])('%s after %s is %s', (schedule, after, expected) => {
    expect(iso(parseCronSchedule(schedule).next(at(after)))).toBe(expected);
  });

  it('rejects malformed schedules', () => {
    expect(() => parseCronSchedule('* * * *')).toThrow(CronScheduleError);
    expect(() => parseCronSchedule('61 * * * *')).toThrow(/out of range/);
    expect(() => parseCronSchedule('*/0 * * * *')).toThrow(/invalid step/);
    expect(() => parseCronSchedule('0 0 * FOO *')).toThrow(/invalid value/);
  });

  it('returns undefined for schedules that never fire', () => {
    expect(parseCronSchedule('0 0 31 2 *').next(at('2026-01-01T00:00:00Z'))).toBeUndefined();
  });
});
