import { DateTime } from 'luxon';
import { WEEKDAYS, type ScheduleConfig } from './config.ts';

/** one opening window as instants (ms since the epoch) */
interface Span {
  from: number;
  to: number;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** the opening windows of the local day that holds `day`, as instants (a holiday has none) */
function windowsOn(s: ScheduleConfig, day: DateTime): Span[] {
  if (s.holidays.includes(day.toISODate() ?? '')) return [];
  const windows = s.week[WEEKDAYS[day.weekday - 1]!] ?? [];
  const midnight = day.startOf('day');
  return windows.map((w) => ({
    from: midnight.plus({ minutes: minutes(w.slice(0, 5)) }).toMillis(),
    to: midnight.plus({ minutes: minutes(w.slice(6)) }).toMillis(),
  }));
}

/** the windows from the day before `at` to two weeks after, merged where they touch (23:00-24:00 then 00:00-02:00) */
function spans(s: ScheduleConfig, at: number): Span[] {
  const start = DateTime.fromMillis(at, { zone: s.timezone }).startOf('day').minus({ days: 1 });
  const all = Array.from({ length: 16 }, (_, i) => windowsOn(s, start.plus({ days: i }))).flat();
  all.sort((a, b) => a.from - b.from);
  const merged: Span[] = [];
  for (const w of all) {
    const last = merged.at(-1);
    if (last && w.from <= last.to) last.to = Math.max(last.to, w.to);
    else merged.push({ ...w });
  }
  return merged;
}

export interface HoursNow {
  open: boolean;
  /** the next opening or closing, ms since the epoch (undefined: none in the next two weeks) */
  nextChange: number | undefined;
  /** the next opening, when closed */
  nextOpening: number | undefined;
}

/** open or closed at `at`, and when that changes */
export function hoursAt(s: ScheduleConfig, at: number): HoursNow {
  const all = spans(s, at);
  const current = all.find((w) => w.from <= at && at < w.to);
  if (current) return { open: true, nextChange: current.to, nextOpening: undefined };
  const next = all.find((w) => w.from > at)?.from;
  return { open: false, nextChange: next, nextOpening: next };
}
