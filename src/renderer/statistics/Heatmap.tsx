import type { ChatStatistics } from '../../shared/statistics/schemas';
import type { CellClass } from './FiguresTable';
import { FiguresTable } from './FiguresTable';
import { hourOfWeekTable } from './tables';

/** Levels of colour, from none to the busiest hour of the week. */
const LEVELS = 5;

/**
 * Chats (or unanswered chats) by weekday and hour: a table IS the heatmap's accessible form, each
 * cell coloured by how busy that hour is against the busiest, with its number in it.
 */
export function Heatmap({ stats, which }: { stats: ChatStatistics; which: 'chats' | 'unanswered' }) {
  const grid = stats.hourOfWeek[which];
  const busiest = Math.max(0, ...grid.flat());
  const cellClass: CellClass = (row, column) => {
    // The last column is the day's total: not part of the map.
    const n = grid[row]?.[column];
    if (n === undefined) return 'heat-total';
    return `heat-${n === 0 || busiest === 0 ? 0 : Math.max(1, Math.ceil((n / busiest) * LEVELS))}`;
  };
  return (
    <div className={`heatmap heatmap-${which}`}>
      <FiguresTable table={hourOfWeekTable(stats, which)} stats={stats} cellClass={cellClass} />
    </div>
  );
}
