import { z } from 'zod';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

/** An IANA time zone the platform's Intl knows ("America/New_York"). */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');

const Clock = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * Open from `open` to `close`, wall-clock times in the campus's zone. A `close` at or before
 * `open` runs past midnight into the next day ("08:00"-"02:00"); "24:00" is midnight at the end of the day.
 */
export const Interval = z
  .object({
    open: z.string().regex(Clock, 'a time is HH:MM, 00:00 to 23:59'),
    close: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a closing time is HH:MM, up to 24:00'),
  })
  .strict()
  .refine((i) => i.open !== i.close, 'opening and closing times are the same');
export type Interval = z.infer<typeof Interval>;

/** Start and end of an interval in minutes from the start of its day (end may pass 1440). */
export function intervalMinutes(interval: Interval): { start: number; end: number } {
  const start = minutesOf(interval.open);
  let end = interval.close === '24:00' ? 1440 : minutesOf(interval.close);
  if (end <= start) end += 1440;
  return { start, end };
}

/** A day's intervals, in order, not overlapping. */
const DayHours = z
  .array(Interval)
  .max(6)
  .superRefine((list, ctx) => {
    const spans = list.map(intervalMinutes);
    for (let i = 1; i < spans.length; i++) {
      const prev = spans[i - 1];
      const cur = spans[i];
      if (prev && cur && cur.start < prev.end) ctx.addIssue({ code: 'custom', path: [i], message: 'intervals must be in order and must not overlap' });
    }
  });

/** The regular week: each day's opening intervals; an empty day is closed. */
export const WeeklyHours = z
  .object({ sun: DayHours, mon: DayHours, tue: DayHours, wed: DayHours, thu: DayHours, fri: DayHours, sat: DayHours })
  .strict();
export type WeeklyHours = z.infer<typeof WeeklyHours>;

/** A dated exception (a holiday, a short day): replaces that date's regular hours. Empty hours: closed. */
export const HoursException = z
  .object({
    date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date is YYYY-MM-DD'),
    hours: DayHours,
    note: z.string().trim().max(120).default(''),
  })
  .strict();
export type HoursException = z.infer<typeof HoursException>;

/** Regular weekly hours (null: not known) and dated exceptions, one per date. */
export const Schedule = z
  .object({
    weekly: WeeklyHours.nullable(),
    exceptions: z.array(HoursException).max(400),
  })
  .strict()
  .superRefine((schedule, ctx) => {
    const seen = new Set<string>();
    schedule.exceptions.forEach((e, index) => {
      if (seen.has(e.date)) ctx.addIssue({ code: 'custom', path: ['exceptions', index, 'date'], message: `two exceptions for ${e.date}` });
      seen.add(e.date);
    });
  });
export type Schedule = z.infer<typeof Schedule>;

export const emptySchedule: Schedule = { weekly: null, exceptions: [] };
