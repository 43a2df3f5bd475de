/**
 * Hours as an administrator types them: a day is "9:00-17:00", "9-12, 13:00-21:30", "closed",
 * or empty (not known); an exception is one line "2026-11-26 closed Thanksgiving" or
 * "2026-12-24 09:00-13:00 Christmas Eve". Parsing gives the schedule's own shapes, or a reason.
 */
import { HoursException, type Interval, WeeklyHours, type Schedule, type Weekday } from './hours-schemas';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const pad = (n: number): string => String(n).padStart(2, '0');

function clock(text: string): string | null {
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
  return `${pad(hours)}:${pad(minutes)}`;
}

/** One day's intervals from text; null value for an empty (unknown) day. */
export function parseDay(text: string): Parsed<Interval[] | null> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (/^closed$/i.test(trimmed)) return { ok: true, value: [] };
  const intervals: Interval[] = [];
  for (const part of trimmed.split(',')) {
    const [from, to, extra] = part.split(/\s*[-–—]\s*|\s+to\s+/i);
    const open = from === undefined ? null : clock(from);
    const close = to === undefined ? null : clock(to);
    if (extra !== undefined || open === null || close === null || open === '24:00') {
      return { ok: false, error: `"${part.trim()}" is not a time range like 9:00-17:00` };
    }
    intervals.push({ open, close });
  }
  return { ok: true, value: intervals };
}

export function formatDay(intervals: readonly Interval[] | null): string {
  if (intervals === null) return '';
  if (intervals.length === 0) return 'closed';
  return intervals.map((i) => `${i.open}-${i.close}`).join(', ');
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
  return Object.fromEntries(DAYS.map((d) => [d, weekly ? formatDay(weekly[d]) : ''])) as Record<Weekday, string>;
}

/** Exceptions from lines of text; blank lines are skipped. */
export function parseExceptions(text: string): Parsed<HoursException[]> {
  const list: HoursException[] = [];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const [index, line] of lines.entries()) {
    const match = /^(\d{4}-\d{2}-\d{2})\s+(closed|[\d:apm.\s,–—-]+?(?:\s*(?:-|–|—|to)\s*[\d:apm.]+)(?:\s*,\s*[\d:apm.]+\s*(?:-|–|—|to)\s*[\d:apm.]+)*)(?:\s+(.*))?$/i.exec(line);
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
