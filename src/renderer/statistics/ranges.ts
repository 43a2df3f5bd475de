import { STATISTICS_TIME_ZONE } from '../../shared/statistics/schemas';

/** The ranges a head of service asks for most, and their own dates. */
export type RangePreset = 'week' | 'month' | 'term' | 'year' | 'custom';

export const RANGE_PRESETS: readonly { id: RangePreset; label: string }[] = [
  { id: 'week', label: 'Last 7 days' },
  { id: 'month', label: 'This month' },
  { id: 'term', label: 'This term' },
  { id: 'year', label: 'Last 12 months' },
  { id: 'custom', label: 'Custom dates' },
];

export interface DayRange {
  from: string;
  to: string;
}

/** A college year's terms by the month they start: spring (January to May), summer (June to August), fall (September to December). */
const TERMS = [
  { name: 'Fall', firstMonth: 9 },
  { name: 'Summer', firstMonth: 6 },
  { name: 'Spring', firstMonth: 1 },
] as const;

const pad = (n: number) => String(n).padStart(2, '0');
const dayText = (date: Date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
/** A calendar day as a UTC midnight, for day arithmetic that no clock change can shift. */
const utcDay = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day));

/** Today's date where the figures are counted (New York), whatever this computer's zone. */
export function todayInStatisticsZone(now: number): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: STATISTICS_TIME_ZONE, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** The term today falls in: its name and first day. */
export function currentTerm(now: number): { name: string; from: string } {
  const today = todayInStatisticsZone(now);
  // Spring starts in January, so every month finds its term.
  const term = TERMS.find((t) => today.month >= t.firstMonth) ?? TERMS[2];
  return { name: term.name, from: dayText(utcDay(today.year, term.firstMonth, 1)) };
}

/** A preset's days, both included, ending today (New York). */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, now: number): DayRange {
  const { year, month, day } = todayInStatisticsZone(now);
  const to = dayText(utcDay(year, month, day));
  switch (preset) {
    case 'week':
      return { from: dayText(utcDay(year, month, day - 6)), to };
    case 'month':
      return { from: dayText(utcDay(year, month, 1)), to };
    case 'term':
      return { from: currentTerm(now).from, to };
    case 'year': {
      // The day after this date a year ago (29 February a year ago is the 28th): twelve months, today included.
      const sameDayLastYear = Math.min(day, utcDay(year - 1, month + 1, 0).getUTCDate());
      return { from: dayText(utcDay(year - 1, month, sameDayLastYear + 1)), to };
    }
  }
}

/** A day as people read it: "Mon 7 Dec 2026". */
export function dayLabel(day: string, withYear = true): string {
  const [year, month, date] = day.split('-').map(Number);
  return utcDay(year ?? 2000, month ?? 1, date ?? 1).toLocaleDateString('en-US', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
  });
}
