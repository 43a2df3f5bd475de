import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DayVolume } from '../../shared/statistics/schemas';

const HEIGHT = 220;
const DAY_S = 86_400;
/** Ticks a day apart at the least: the figures are per day, never per hour. */
const DAY_TICKS = [1, 2, 7, 14, 30.5, 91, 182.5, 365].map((days) => days * DAY_S);
const tickLabel = (seconds: number) => new Date(seconds * 1000).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });

/** The three lines, told apart by colour and by dash (for whoever does not see the colour). */
const SERIES = [
  { key: 'started', label: 'Started', stroke: '#1f5fbf', dash: undefined },
  { key: 'claimed', label: 'Claimed', stroke: '#15803d', dash: [8, 4] },
  { key: 'unanswered', label: 'Unanswered', stroke: '#c0262d', dash: [2, 3] },
] as const;

/** A New York calendar day as uPlot's x: seconds at that day's UTC midnight, drawn in UTC so no zone moves it. */
const dayX = (day: string) => {
  const [year, month, date] = day.split('-').map(Number);
  return Date.UTC(year ?? 2000, (month ?? 1) - 1, date ?? 1) / 1000;
};

/**
 * Volume by day over the range, drawn by uPlot on a canvas. The numbers are in the table beside
 * it; here the chart is one image with a name that says what it shows.
 */
export function DayChart({ days }: { days: readonly DayVolume[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const data: uPlot.AlignedData = [days.map((d) => dayX(d.day)), ...SERIES.map((s) => days.map((d) => d[s.key]))];
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height: HEIGHT,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      legend: { show: false },
      cursor: { show: false },
      scales: {
        // One day alone still gets a width (half a day either side).
        x: { time: true, range: (_u, min, max) => (min === max ? [min - DAY_S / 2, max + DAY_S / 2] : [min, max]) },
        y: { range: (_u, _min, max) => [0, Math.max(4, max)] },
      },
      series: [{}, ...SERIES.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, dash: s.dash ? [...s.dash] : undefined, points: { show: days.length <= 31 } }))],
      axes: [
        { stroke: '#3b4252', incrs: DAY_TICKS, values: (_u, ticks) => ticks.map(tickLabel) },
        { stroke: '#3b4252', size: 44 },
      ],
    };
    const plot = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [days]);
  const total = days.reduce((sum, d) => sum + d.started, 0);
  return (
    <figure className="day-chart">
      <div ref={box} className="day-chart-canvas" role="img" aria-label={`Chats by day: ${total} started over ${days.length} days; the numbers are in the table beside it`} data-testid="stats-day-chart" />
      <figcaption className="chart-key">
        {SERIES.map((s) => (
          <span key={s.key} className={`key key-${s.key}`}>
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
