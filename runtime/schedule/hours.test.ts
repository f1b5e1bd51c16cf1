import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { scheduleConfigSchema, type ScheduleConfig } from './config.ts';
import { hoursAt } from './hours.ts';

const schedule = scheduleConfigSchema.parse({
  timezone: 'Europe/Paris',
  week: { tue: ['10:00-12:30', '14:00-18:00'], sat: ['22:00-24:00'], sun: ['00:00-02:00'] },
  holidays: ['2026-12-29'],
}) as ScheduleConfig;

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Paris' }).toMillis();
const local = (ms: number | undefined) =>
  ms && DateTime.fromMillis(ms, { zone: 'Europe/Paris' }).toFormat('ccc yyyy-MM-dd HH:mm');

it('several windows a day, in the exhibit timezone', () => {
  expect(hoursAt(schedule, at('2026-12-01T09:59'))).toMatchObject({ open: false });
  expect(local(hoursAt(schedule, at('2026-12-01T09:59')).nextOpening)).toBe('Tue 2026-12-01 10:00');
  expect(hoursAt(schedule, at('2026-12-01T10:00')).open).toBe(true);
  expect(local(hoursAt(schedule, at('2026-12-01T11:00')).nextChange)).toBe('Tue 2026-12-01 12:30');
  expect(hoursAt(schedule, at('2026-12-01T13:00')).open).toBe(false);
  expect(local(hoursAt(schedule, at('2026-12-01T13:00')).nextChange)).toBe('Tue 2026-12-01 14:00');
  expect(local(hoursAt(schedule, at('2026-12-01T18:00')).nextOpening)).toBe('Sat 2026-12-05 22:00');
});

it('a window to midnight joins the next day’s from midnight: one opening', () => {
  const h = hoursAt(schedule, at('2026-12-05T23:00'));
  expect(h.open).toBe(true);
  expect(local(h.nextChange)).toBe('Sun 2026-12-06 02:00');
});

it('a holiday is closed all day; the timezone, not the machine’s, decides the day', () => {
  expect(hoursAt(schedule, at('2026-12-29T11:00')).open).toBe(false);
  expect(local(hoursAt(schedule, at('2026-12-28T20:00')).nextOpening)).toBe('Sat 2027-01-02 22:00');
  // 09:30 UTC on a Tuesday is 10:30 in Paris: open
  expect(hoursAt(schedule, Date.parse('2026-12-01T09:30:00Z')).open).toBe(true);
});

it('refuses a window that does not close after it opens, and an unknown timezone', () => {
  expect(scheduleConfigSchema.safeParse({ timezone: 'Europe/Paris', week: { mon: ['18:00-10:00'] } }).success).toBe(
    false,
  );
  expect(scheduleConfigSchema.safeParse({ timezone: 'Mars/Olympus', week: {} }).success).toBe(false);
});
