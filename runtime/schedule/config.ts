import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { IANAZone } from 'luxon';
import { z } from 'zod';

const WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const window = z
  .string()
  .regex(WINDOW, 'an opening window is "HH:MM-HH:MM", e.g. "10:00-18:00"')
  .refine((w) => w.slice(0, 5) < w.slice(6), 'a window closes after it opens (up to 24:00)');
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** `schedule:` in the exhibit config: opening hours; outside them the kiosk is dark and the model unloaded. */
export const scheduleConfigSchema = z
  .strictObject({
    /** the exhibit's timezone (IANA), e.g. Europe/Paris */
    timezone: z.string().refine((tz) => IANAZone.isValidZone(tz), 'not a timezone name (IANA), e.g. "Europe/Paris"'),
    /** per weekday, the opening windows ("10:00-12:30", "14:00-18:00"); a day left out is closed */
    week: z.partialRecord(z.enum(WEEKDAYS), z.array(window)),
    /** dates closed all day, in the exhibit's timezone: "2026-12-25" */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is "YYYY-MM-DD"')).default([]),
    /** the model is loaded and run this long before opening */
    warmUpMinutes: z.number().nonnegative().default(5),
    /**
     * what the displays show while closed (and warming up): a PNG or JPEG, relative to where Nacre runs, fitted
     * to each display with black bars; without it they are black. Decoded at start (runtime/schedule/picture.ts).
     */
    closedImage: z
      .string()
      .regex(/\.(png|jpe?g)$/i, 'a PNG or JPEG file (.png, .jpg, .jpeg)')
      .refine((f) => existsSync(f), { error: (i) => `file not found (looked for ${resolve(String(i.input))})` })
      .optional(),
  })
  .optional();

export type ScheduleConfig = NonNullable<z.output<typeof scheduleConfigSchema>>;
