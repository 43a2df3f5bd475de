import { useEffect, useRef, useState } from 'react';
import { toCsv } from '../../shared/statistics/csv';
import type { ChatStatistics } from '../../shared/statistics/schemas';
import { saveTextFile } from '../platform/save-file';
import type { FigureCell } from './format';
import { csvFileName, csvOf, type FigureRow, type FigureTable } from './tables';

/** Excel reads a CSV as UTF-8 only when it starts with a byte-order mark (names with accents). */
const UTF8_BOM = '\uFEFF';

/** Whether the element scrolls: then the keyboard must be able to reach it to scroll it. */
function useScrolls<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, scrolls };
}

export function downloadCsv(table: FigureTable, stats: ChatStatistics): void {
  saveTextFile(csvFileName(table, stats), UTF8_BOM + toCsv(csvOf(table)), 'text/csv;charset=utf-8');
}

/** The class a heatmap gives a cell (its colour by intensity); none for a plain table. */
export type CellClass = (row: number, column: number, cell: FigureCell) => string | undefined;

function Row({ row, index, columns, cellClass }: { row: FigureRow; index: number; columns: FigureTable['columns']; cellClass?: CellClass }) {
  const [head, ...cells] = row.cells;
  return (
    <tr data-row={row.key}>
      <th scope="row">{head?.text}</th>
      {cells.map((cell, c) => (
        <td key={c} className={columns[c + 1]?.words ? 'words' : cellClass?.(index, c, cell)}>
          {cell.text}
        </td>
      ))}
    </tr>
  );
}

/**
 * A table of figures with its CSV download: the numbers a chart shows, for screen readers and for
 * copying. The table scrolls inside its own box (reachable by keyboard when it does), never the panel.
 */
export function FiguresTable({ table, stats, cellClass, tall = false }: { table: FigureTable; stats: ChatStatistics; cellClass?: CellClass; tall?: boolean }) {
  const { ref, scrolls } = useScrolls<HTMLDivElement>();
  const captionId = `stats-caption-${table.id}`;
  return (
    <div className="figures" data-testid={`stats-table-${table.id}`}>
      <div
        ref={ref}
        className={`figures-scroll ${tall ? 'tall' : ''}`}
        {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-labelledby': captionId } : {})}
      >
        <table className={`figures-table ${cellClass ? 'heat' : ''}`}>
          <caption id={captionId}>{table.caption}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column.label} scope="col">
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, index) => (
              <Row key={row.key} row={row} index={index} columns={table.columns} cellClass={cellClass} />
            ))}
          </tbody>
          {table.total && (
            <tfoot>
              <Row row={table.total} index={-1} columns={table.columns} />
            </tfoot>
          )}
        </table>
      </div>
      <button type="button" className="small" data-testid={`stats-csv-${table.id}`} onClick={() => downloadCsv(table, stats)}>
        Download CSV<span className="visually-hidden">: {table.caption}</span>
      </button>
    </div>
  );
}
