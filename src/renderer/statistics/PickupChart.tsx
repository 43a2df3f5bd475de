import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChatStatistics } from '../../shared/statistics/schemas';
import { goalLabel, share } from './format';
import type { CampusNames } from './tables';

const ROW_PX = 24;
const LABEL_CHARS = 22;

/** A campus as the chart's axis has room for it: "Naugatuck Valley", "Central CSU" (the table has the whole name). */
function shortName(name: string): string {
  const short = name
    .replace(/,.*$/, '')
    .replace(/ (Campus )?Library$/, '')
    .replace(/ Connecticut State University$/, ' CSU');
  return short.length > LABEL_CHARS ? `${short.slice(0, LABEL_CHARS - 1)}…` : short;
}
const GOAL_COLOUR = '#1f5fbf';
const MINUTE_COLOUR = '#9db9e6';

/**
 * Per campus, the share claimed within the goal (dark, narrow) over the share claimed within a
 * minute (light, wide): one horizontal bar a campus, drawn by uPlot. The numbers are in the
 * pickup table beside it; here the chart is one named image.
 */
export function PickupChart({ stats, names }: { stats: ChatStatistics; names: CampusNames }) {
  const box = useRef<HTMLDivElement>(null);
  const rows = stats.campuses;
  const goal = goalLabel(stats.goalMs);
  useEffect(() => {
    const element = box.current;
    if (!element || rows.length === 0) return;
    const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);
    const labels = rows.map((r) => shortName(names(r.campus)));
    // The rows, and the percentage axis under them.
    const height = rows.length * ROW_PX + 56;
    const options: uPlot.Options = {
      width: Math.max(240, element.clientWidth),
      height,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        // Campuses top to bottom, in the table's order.
        x: { time: false, ori: 1, dir: -1, range: () => [-0.5, rows.length - 0.5] },
        y: { ori: 0, range: () => [0, 100] },
      },
      series: [
        {},
        { label: 'Within 60 s', fill: MINUTE_COLOUR, stroke: MINUTE_COLOUR, width: 0, points: { show: false }, paths: uPlot.paths.bars?.({ size: [0.8, 18] }) },
        { label: `Within ${goal}`, fill: GOAL_COLOUR, stroke: GOAL_COLOUR, width: 0, points: { show: false }, paths: uPlot.paths.bars?.({ size: [0.45, 10] }) },
      ],
      axes: [
        { side: 3, stroke: '#3b4252', size: 150, gap: 4, grid: { show: false }, splits: () => rows.map((_, i) => i), values: (_u, ticks) => ticks.map((i) => labels[i] ?? '') },
        { side: 2, stroke: '#3b4252', splits: () => [0, 25, 50, 75, 100], values: (_u, ticks) => ticks.map((v) => `${v}%`) },
      ],
    };
    const data: uPlot.AlignedData = [rows.map((_, i) => i), rows.map((r) => percent(r.withinMinuteShare)), rows.map((r) => percent(r.withinGoalShare))];
    const plot = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(240, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [rows, names, goal]);
  if (rows.length === 0) return null;
  return (
    <figure className="pickup-chart">
      <div
        ref={box}
        role="img"
        aria-label={`Share of chats claimed within ${goal} and within 60 s, by campus; ${share(stats.all.withinGoalShare).text} within ${goal} in all; the numbers are in the table`}
        data-testid="stats-pickup-chart"
      />
      <figcaption className="chart-key">
        <span className="key key-goal">Within {goal}</span>
        <span className="key key-minute">Within 60 s</span>
      </figcaption>
    </figure>
  );
}
