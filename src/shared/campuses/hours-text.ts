/**
 * Hours as an administrator types them: a day is "9:00-17:00", "9-12, 13:00-21:30", "closed",
 * or empty (not known); an exception is one line "2026-11-26 closed Thanksgiving" or
 * "2026-12-24 09:00-13:00 Christmas Eve". Parsing gives the schedule's own shapes, or a reason.
 */
import { HoursException, type Interval, intervalMinutes, WeeklyHours, type Schedule, type Weekday } from './hours-schemas';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const pad = (n: number): string => String(n).padStart(2, '0');

interface Clock {
  hours: number;
  minutes: number;
  /** Written with am/pm: the hour means what it says. */
  meridiem: boolean;
}

function clock(text: string): Clock | null {
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(text.trim());
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  const meridiem = match[3]?.toLowerCase().replace(/\./g, '');
  if (meridiem) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes !== 0)) return null;
  return { hours, minutes, meridiem: meridiem !== undefined };
}

const hhmm = (c: Clock): string => `${pad(c.hours)}:${pad(c.minutes)}`;
const minutesOf = (c: Clock): number => c.hours * 60 + c.minutes;

/**
 * "9-5" means nine to five, not nine in the morning to five the next morning: when neither end
 * says am or pm and the range would run past midnight, an end that becomes later the same day
 * with 12 hours added is read that way. What stays past midnight is unambiguous: an evening
 * start in 24-hour time ("20:00-02:00"), a close at midnight ("12-0:00"), or am/pm ("10pm-2am").
 */
function interval(open: Clock, close: Clock): Interval {
  const crosses = close.hours !== 24 && minutesOf(close) <= minutesOf(open) && !(close.hours === 0 && close.minutes === 0);
  if (crosses && !open.meridiem && !close.meridiem && close.hours < 12 && minutesOf(close) + 720 > minutesOf(open)) {
    return { open: hhmm(open), close: hhmm({ ...close, hours: close.hours + 12 }) };
  }
  return { open: hhmm(open), close: hhmm(close) };
}

/** One day's intervals from text; null value for an empty (unknown) day. */
export function parseDay(text: string): Parsed<Interval[] | null> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (/^closed$/i.test(trimmed)) return { ok: true, value: [] };
  const intervals: Interval[] = [];
  let previousEnd = -1;
  for (const part of trimmed.split(',')) {
    const [from, to, extra] = part.split(/\s*[-–—]\s*|\s+to\s+/i);
    let open = from === undefined ? null : clock(from);
    let close = to === undefined ? null : clock(to);
    if (extra !== undefined || open === null || close === null || open.hours === 24) {
      return { ok: false, error: `"${part.trim()}" is not a time range like 9:00-17:00` };
    }
    // "9-12, 1-5": a later range that would start before the previous one ends is the afternoon's.
    if (!open.meridiem && !close.meridiem && open.hours < 12 && minutesOf(open) < previousEnd && minutesOf(open) + 720 >= previousEnd) {
      open = { ...open, hours: open.hours + 12 };
      if (close.hours < 12 && minutesOf(close) > 0) close = { ...close, hours: close.hours + 12 };
    }
    const next = interval(open, close);
    intervals.push(next);
    previousEnd = intervalMinutes(next).end;
  }
  return { ok: true, value: intervals };
}

/** "10:00 pm": how an interval past midnight is written back, so that reading it again keeps it overnight. */
function twelveHour(time: string): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return `${((h + 11) % 12) + 1}:${pad(m)} ${h < 12 ? 'am' : 'pm'}`;
}

export function formatDay(intervals: readonly Interval[] | null): string {
  if (intervals === null) return '';
  if (intervals.length === 0) return 'closed';
  return intervals
    .map((i) => {
      const start = Number(i.open.slice(0, 2)) * 60 + Number(i.open.slice(3));
      const end = i.close === '24:00' || i.close === '00:00' ? 1440 : Number(i.close.slice(0, 2)) * 60 + Number(i.close.slice(3));
      // Past midnight: written with am/pm, since "10:00-02:00" would be read back as ten to two in the afternoon.
      return end <= start ? `${twelveHour(i.open)}-${twelveHour(i.close)}` : `${i.open}-${i.close}`;
    })
    .join(', ');
}

const DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The week from seven day texts: all empty means not known; otherwise every day must be given. */
export function parseWeek(days: Readonly<Record<Weekday, string>>): Parsed<WeeklyHours | null> {
  const parsed: Partial<Record<Weekday, Interval[] | null>> = {};
  for (const day of DAYS) {
    const result = parseDay(days[day]);
    if (!result.ok) return { ok: false, error: `${day}: ${result.error}` };
    parsed[day] = result.value;
  }
  const given = DAYS.filter((d) => parsed[d] !== null);
  if (given.length === 0) return { ok: true, value: null };
  const missing = DAYS.filter((d) => parsed[d] === null);
  if (missing.length > 0) return { ok: false, error: `give hours (or "closed") for every day; missing: ${missing.join(', ')}` };
  const week = WeeklyHours.safeParse(parsed);
  if (!week.success) return { ok: false, error: week.error.issues[0]?.message ?? 'invalid hours' };
  return { ok: true, value: week.data };
}

export function formatWeek(weekly: WeeklyHours | null): Record<Weekday, string> {
  const day = (d: Weekday): string => (weekly ? formatDay(weekly[d]) : '');
  return { mon: day('mon'), tue: day('tue'), wed: day('wed'), thu: day('thu'), fri: day('fri'), sat: day('sat'), sun: day('sun') };
}

const TIME = String.raw`\d{1,2}(?::\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?`;
const RANGE = String.raw`${TIME}(?:\s*[-–—]\s*|\s+to\s+)${TIME}`;
/** "2026-12-24 9am - 1 pm Christmas Eve": the date, "closed" or ranges (am/pm may be spaced), then a note. */
const EXCEPTION_LINE = new RegExp(String.raw`^(\d{4}-\d{2}-\d{2})\s+(closed|${RANGE}(?:\s*,\s*${RANGE})*)(?:\s+(.*))?$`, 'i');

/** Exceptions from lines of text; blank lines are skipped. */
export function parseExceptions(text: string): Parsed<HoursException[]> {
  const list: HoursException[] = [];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const [index, line] of lines.entries()) {
    const match = EXCEPTION_LINE.exec(line);
    if (!match) return { ok: false, error: `line ${index + 1}: write "YYYY-MM-DD closed note" or "YYYY-MM-DD 9:00-13:00 note"` };
    const day = parseDay(match[2] ?? '');
    if (!day.ok) return { ok: false, error: `line ${index + 1}: ${day.error}` };
    const exception = HoursException.safeParse({ date: match[1], hours: day.value ?? [], note: match[3] ?? '' });
    if (!exception.success) return { ok: false, error: `line ${index + 1}: ${exception.error.issues[0]?.message ?? 'invalid'}` };
    list.push(exception.data);
  }
  return { ok: true, value: list };
}

export function formatExceptions(schedule: Schedule): string {
  return schedule.exceptions.map((e) => `${e.date} ${formatDay(e.hours)}${e.note ? ` ${e.note}` : ''}`).join('\n');
}
