/**
 * Opening hours in a campus's own time zone: which intervals apply on a date (a dated
 * exception wins over the weekly schedule), whether the library is open at an instant, and the
 * answer to "what time does the library close today?". Wall-clock times become instants with
 * @date-fns/tz, so daylight-saving days and intervals that run past midnight come out right.
 */
import { TZDate } from '@date-fns/tz';
import { type Interval, intervalMinutes, type Schedule, WEEKDAYS, type Weekday } from './hours-schemas';

/** A calendar date in some zone. */
export interface LocalDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');
export const isoDate = (d: LocalDate): string => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/** The date `days` after `d` (negative: before), by the calendar. */
export function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export const weekdayOf = (d: LocalDate): Weekday => WEEKDAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()] as Weekday;

/** The calendar date at instant `at` in `zone`. */
export function localDateAt(zone: string, at: number): LocalDate {
  const t = TZDate.tz(zone, at);
  return { year: t.getFullYear(), month: t.getMonth() + 1, day: t.getDate() };
}

/** The instant of a wall-clock time on a date in `zone`; minutes may pass 1440 (the next day). */
function instant(zone: string, date: LocalDate, minutes: number): number {
  const day = addDays(date, Math.floor(minutes / 1440));
  const within = minutes % 1440;
  return new TZDate(day.year, day.month - 1, day.day, Math.floor(within / 60), within % 60, zone).getTime();
}

/** What a date's hours are: from an exception, the weekly schedule, or not known. */
export interface DayHours {
  known: boolean;
  intervals: readonly Interval[];
  /** The exception's note ("Thanksgiving"), when an exception applies. */
  note: string;
  fromException: boolean;
}

export function hoursOn(schedule: Schedule, date: LocalDate): DayHours {
  const iso = isoDate(date);
  const exception = schedule.exceptions.find((e) => e.date === iso);
  if (exception) return { known: true, intervals: exception.hours, note: exception.note, fromException: true };
  if (!schedule.weekly) return { known: false, intervals: [], note: '', fromException: false };
  return { known: true, intervals: schedule.weekly[weekdayOf(date)], note: '', fromException: false };
}

interface Span {
  start: number;
  end: number;
}

/** The instants a date's intervals cover (null when the date's hours are not known). */
function spansOn(schedule: Schedule, zone: string, date: LocalDate): Span[] | null {
  const hours = hoursOn(schedule, date);
  if (!hours.known) return null;
  return hours.intervals.map((interval) => {
    const { start, end } = intervalMinutes(interval);
    return { start: instant(zone, date, start), end: instant(zone, date, end) };
  });
}

/** How far ahead an answer looks for the next opening or the real closing time. */
const LOOKAHEAD_DAYS = 8;
const AROUND_THE_CLOCK_MS = 48 * 3_600_000;

/**
 * Where the library stands at `at`: open (until when: back-to-back intervals across midnight
 * are one stretch), or closed (and when it opens next), or not known.
 */
export type OpenState =
  | { kind: 'unknown' }
  | { kind: 'open'; closesAt: number | null }
  | { kind: 'closed'; opensAt: number | null };

export function openState(schedule: Schedule, zone: string, at: number): OpenState {
  const today = localDateAt(zone, at);
  const days: (Span[] | null)[] = [];
  for (let offset = -1; offset <= LOOKAHEAD_DAYS; offset++) days.push(spansOn(schedule, zone, addDays(today, offset)));
  // Not knowing yesterday only matters for its overnight hours; not knowing today means not knowing.
  if (days[1] === null) {
    const overnight = (days[0] ?? []).find((s) => s.start <= at && at < s.end);
    if (!overnight) return { kind: 'unknown' };
  }
  const spans: Span[] = [];
  for (const day of days) {
    if (day === null) break; // nothing can be said past a day that is not known
    spans.push(...day);
  }
  spans.sort((a, b) => a.start - b.start);
  const current = spans.find((s) => s.start <= at && at < s.end);
  if (current) {
    let closesAt = current.end;
    // Follow intervals that start exactly where this one ends (24:00 then 00:00).
    for (;;) {
      const next = spans.find((s) => s.start <= closesAt && s.end > closesAt);
      if (!next) break;
      closesAt = next.end;
    }
    // Open for two days straight and more: a 24-hour service, not a closing time worth quoting.
    return { kind: 'open', closesAt: closesAt - at > AROUND_THE_CLOCK_MS ? null : closesAt };
  }
  const next = spans.find((s) => s.start > at);
  return { kind: 'closed', opensAt: next ? next.start : null };
}

/** "9:00 PM" in the campus's zone. */
export function clockLabel(zone: string, at: number): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(at);
}

/** "Tuesday" in the campus's zone. */
export function weekdayLabel(zone: string, at: number): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'long' }).format(at);
}

/** "Tuesday, March 4" in the campus's zone. */
export function dateLabel(zone: string, at: number): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'long', month: 'long', day: 'numeric' }).format(at);
}

/** A day's hours as text: "9:00 AM-5:00 PM, 6:00 PM-9:00 PM", or "closed". */
export function intervalsLabel(intervals: readonly Interval[]): string {
  if (intervals.length === 0) return 'closed';
  const clock = (hhmm: string): string => {
    const [h = 0, m = 0] = hhmm.split(':').map(Number);
    if (h === 24 || (h === 0 && m === 0)) return 'midnight';
    const suffix = h < 12 ? 'AM' : 'PM';
    return `${((h + 11) % 12) + 1}:${pad(m)} ${suffix}`;
  };
  return intervals.map((i) => `${clock(i.open)}–${clock(i.close)}`).join(', ');
}

export interface ClosingAnswer {
  /** What the librarian can send, after editing if they like. */
  text: string;
  state: OpenState;
}

/**
 * "What time does the library close today?", answered for one campus at `at` as a message
 * the librarian may edit before sending. Unknown hours say so rather than guess.
 */
export function closingTimeAnswer(campus: { name: string; timeZone: string; schedule: Schedule }, at: number): ClosingAnswer {
  const zone = campus.timeZone;
  const name = campus.name;
  const state = openState(campus.schedule, zone, at);
  const today = hoursOn(campus.schedule, localDateAt(zone, at));
  const note = today.fromException && today.note ? ` (${today.note})` : '';
  const sameDay = (a: number, b: number): boolean => isoDate(localDateAt(zone, a)) === isoDate(localDateAt(zone, b));
  const whenNext = (opensAt: number): string => {
    const tomorrow = addDays(localDateAt(zone, at), 1);
    const day = sameDay(opensAt, at) ? 'later today' : isoDate(localDateAt(zone, opensAt)) === isoDate(tomorrow) ? 'tomorrow' : `on ${dateLabel(zone, opensAt)}`;
    return `${day} at ${clockLabel(zone, opensAt)}`;
  };
  switch (state.kind) {
    case 'unknown':
      return { state, text: `I don't have today's hours for the ${name} in front of me; let me check and get right back to you.` };
    case 'open': {
      if (state.closesAt === null) return { state, text: `The ${name} is open around the clock this week${note}.` };
      const tonight = sameDay(state.closesAt, at) ? 'today' : 'tonight';
      return { state, text: `The ${name} closes at ${clockLabel(zone, state.closesAt)} ${tonight}${note}.` };
    }
    case 'closed': {
      if (today.intervals.length === 0) {
        const next = state.opensAt === null ? '' : ` It opens again ${whenNext(state.opensAt)}.`;
        return { state, text: `The ${name} is closed today${note}.${next}` };
      }
      if (state.opensAt !== null && sameDay(state.opensAt, at)) {
        return { state, text: `Today${note} the ${name} is open ${intervalsLabel(today.intervals)}; it opens ${whenNext(state.opensAt)}.` };
      }
      const next = state.opensAt === null ? '' : ` It opens again ${whenNext(state.opensAt)}.`;
      return { state, text: `The ${name} has closed for today${note}.${next}` };
    }
  }
}
