import type { CsvCell } from '../../shared/statistics/csv';

/** One cell of a figures table: what the screen shows, and the figures its column puts in the CSV. */
export interface FigureCell {
  text: string;
  values: CsvCell[];
}

/** Shown for a figure that has no value (a median of no chats, a share of nothing). */
export const NO_VALUE = '–';

export const count = (n: number): FigureCell => ({ text: n.toLocaleString('en-US'), values: [n] });

const seconds = (ms: number) => Math.round(ms / 100) / 10;
/** A no-break space: a figure and its unit stay on one line when a cell wraps. */
const NBSP = '\u00a0';

/** A duration: "19.4 s" under a minute, "2 min 05 s" past it, "1 h 05 min" past an hour; the CSV has seconds, one decimal. */
export function duration(ms: number | null): FigureCell {
  if (ms === null) return { text: NO_VALUE, values: [null] };
  const s = seconds(ms);
  if (s < 60) return { text: `${s.toFixed(1)}${NBSP}s`, values: [s] };
  const whole = Math.round(s);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const text = hours > 0 ? `${hours}${NBSP}h ${String(minutes).padStart(2, '0')}${NBSP}min` : `${minutes}${NBSP}min ${String(whole % 60).padStart(2, '0')}${NBSP}s`;
  return { text, values: [s] };
}

const percent = (part: number) => Math.round(part * 1000) / 10;
const percentText = (part: number | null) => (part === null ? NO_VALUE : `${percent(part).toFixed(1)}%`);

/** A share as a percentage with one decimal (the CSV has the same percentage). */
export const share = (part: number | null): FigureCell => ({ text: percentText(part), values: [part === null ? null : percent(part)] });

/** A share with its count: "40.0% (12)"; the CSV has both, in two columns. */
export function shareOf(n: number, part: number | null): FigureCell {
  return { text: part === null ? count(n).text : `${percentText(part)} (${count(n).text})`, values: [part === null ? null : percent(part), n] };
}

export const text = (value: string): FigureCell => ({ text: value, values: [value] });

/** The goal as the answer states it: "20 s". */
export const goalLabel = (goalMs: number): string => `${seconds(goalMs)} s`;
