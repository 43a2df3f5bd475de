/**
 * CSV for a spreadsheet: RFC 4180 quoting (a field holding a comma, a quote or a line break is
 * quoted, its quotes doubled; lines end with CRLF), and every text cell that a spreadsheet could
 * read as a formula neutralised, as OWASP's "CSV Injection" advises: a cell starting with `=`,
 * `+`, `-`, `@`, a tab or a carriage return gets a single quote in front, so it opens as text.
 * Numbers are written as numbers: a finite number cannot carry a formula, and a figure must stay
 * a figure for the sums a head of service does with it.
 */

/** A cell: text (neutralised), a figure, or nothing (an empty field). */
export type CsvCell = string | number | null;

/** A table as it is exported: the header row, then the rows, each as long as the header. */
export interface CsvTable {
  header: readonly string[];
  rows: readonly (readonly CsvCell[])[];
}

/** What a spreadsheet may take as the start of a formula (OWASP, CSV Injection). */
export const FORMULA_STARTS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

/** The text as a spreadsheet will show it: a single quote in front when it could start a formula. */
export function neutraliseText(text: string): string {
  return FORMULA_STARTS.some((start) => text.startsWith(start)) ? `'${text}` : text;
}

/** One field, neutralised, then quoted when RFC 4180 asks for it. */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : neutraliseText(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole table, each line (the last too) ended with CRLF. */
export function toCsv(table: CsvTable): string {
  return [table.header, ...table.rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
