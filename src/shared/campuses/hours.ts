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

// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- getUTCDay() is 0-6, and WEEKDAYS has seven days
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

/**
 * Where the library stands at `at`: open (until when: back-to-back intervals across midnight
 * are one stretch), or closed (and when it opens next), or not known. An open stretch with no
 * closing in sight has `closesAt: null` and says why: open through the whole look-ahead
 * ("around the clock"), or open up to a day whose hours are not known.
 */
export type OpenState =
  | { kind: 'unknown' }
  | { kind: 'open'; closesAt: number }
  | { kind: 'open'; closesAt: null; beyond: 'around-the-clock' | 'not-known' }
  | { kind: 'closed'; opensAt: number | null };

export function openState(schedule: Schedule, zone: string, at: number): OpenState {
  const today = localDateAt(zone, at);
  const spans: Span[] = [];
  // Where what is known ends: the start of the first unknown day from today on, or the end of the look-ahead.
  const lookaheadEnd = instant(zone, addDays(today, LOOKAHEAD_DAYS + 1), 0);
  let knownUntil = lookaheadEnd;
  let todayKnown = true;
  for (let offset = -1; offset <= LOOKAHEAD_DAYS; offset++) {
    const date = addDays(today, offset);
    const day = spansOn(schedule, zone, date);
    if (day) {
      spans.push(...day);
      continue;
    }
    // An unknown yesterday only hides its overnight hours; today and later, nothing past it can be said.
    if (offset < 0) continue;
    todayKnown = offset > 0;
    knownUntil = instant(zone, date, 0);
    break;
  }
  spans.sort((a, b) => a.start - b.start);
  const current = spans.find((s) => s.start <= at && at < s.end);
  // Not knowing today means not knowing, unless yesterday's overnight hours cover this moment.
  if (!todayKnown && !current) return { kind: 'unknown' };
  if (current) {
    let closesAt = current.end;
    // Follow intervals that start exactly where this one ends (24:00 then 00:00).
    for (;;) {
      const next = spans.find((s) => s.start <= closesAt && s.end > closesAt);
      if (!next) break;
      closesAt = next.end;
    }
    // Open through the whole look-ahead: no closing worth quoting.
    if (knownUntil === lookaheadEnd && closesAt >= lookaheadEnd) return { kind: 'open', closesAt: null, beyond: 'around-the-clock' };
    // Open until midnight before a day whose hours are not known: it may well go on.
    if (closesAt === knownUntil) return { kind: 'open', closesAt: null, beyond: 'not-known' };
    return { kind: 'open', closesAt };
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

/** Whole calendar days from the date of `from` to the date of `to`, in `zone`. */
function daysBetween(zone: string, from: number, to: number): number {
  const a = localDateAt(zone, from);
  const b = localDateAt(zone, to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** Closing times up to this hour of the next morning still belong to "tonight". */
const TONIGHT_UNTIL_HOUR = 5;

/**
 * When a stretch that is open at `at` closes, in words: "9:00 PM today", "2:00 AM tonight",
 * "midnight tonight", "5:00 PM tomorrow", "5:00 PM on Wednesday", counted in calendar days in
 * the campus's zone.
 */
export function closingLabel(zone: string, at: number, closesAt: number): string {
  const wall = TZDate.tz(zone, closesAt);
  const hour = wall.getHours();
  if (hour === 0 && wall.getMinutes() === 0) {
    // Midnight ends the day before it: Tuesday's midnight is "tomorrow night" seen from Monday.
    const nights = daysBetween(zone, at, closesAt - 1);
    if (nights === 0) return 'midnight tonight';
    if (nights === 1) return 'midnight tomorrow night';
    return `midnight on ${weekdayLabel(zone, closesAt - 1)} night`;
  }
  const clock = clockLabel(zone, closesAt);
  const days = daysBetween(zone, at, closesAt);
  if (days === 0) return `${clock} today`;
  if (days === 1 && hour < TONIGHT_UNTIL_HOUR) return `${clock} tonight`;
  if (days === 1) return `${clock} tomorrow`;
  return `${clock} on ${days < 7 ? weekdayLabel(zone, closesAt) : dateLabel(zone, closesAt)}`;
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
  switch (state.kind) {
    case 'unknown':
      return { state, text: `I don't have today's hours for the ${name} in front of me; let me check and get right back to you.` };
    case 'open':
      if (state.closesAt !== null) return { state, text: `The ${name} closes at ${closingLabel(zone, at, state.closesAt)}${note}.` };
      if (state.beyond === 'around-the-clock') return { state, text: `The ${name} is open around the clock this week${note}.` };
      return { state, text: `The ${name} is open now${note}, but I don't have its closing time in front of me; let me check and get right back to you.` };
    case 'closed': {
      const next = state.opensAt === null ? '' : ` It opens again ${whenNext(zone, at, state.opensAt)}.`;
      if (today.intervals.length === 0) return { state, text: `The ${name} is closed today${note}.${next}` };
      if (state.opensAt !== null && daysBetween(zone, at, state.opensAt) === 0) {
        return { state, text: `Today${note} the ${name} is open ${intervalsLabel(today.intervals)}; it opens ${whenNext(zone, at, state.opensAt)}.` };
      }
      return { state, text: `The ${name} has closed for today${note}.${next}` };
    }
  }
}

function whenNext(zone: string, at: number, opensAt: number): string {
  const days = daysBetween(zone, at, opensAt);
  const day = days === 0 ? 'later today' : days === 1 ? 'tomorrow' : `on ${dateLabel(zone, opensAt)}`;
  return `${day} at ${clockLabel(zone, opensAt)}`;
}

/**
 * Where a library stands now, as a neutral status line for a public page (not a librarian's
 * reply): "Open now, closes at 9:00 PM today", "Closed now, opens tomorrow at 8:00 AM",
 * "Today's hours: not known".
 */
export function hoursStatus(campus: { timeZone: string; schedule: Schedule }, at: number): string {
  const zone = campus.timeZone;
  const state = openState(campus.schedule, zone, at);
  switch (state.kind) {
    case 'unknown':
      return "Today's hours: not known";
    case 'open':
      if (state.closesAt !== null) return `Open now, closes at ${closingLabel(zone, at, state.closesAt)}`;
      return state.beyond === 'around-the-clock' ? 'Open now, around the clock this week' : 'Open now; closing time not known';
    case 'closed':
      return state.opensAt === null ? 'Closed now' : `Closed now, opens ${whenNext(zone, at, state.opensAt)}`;
  }
}
