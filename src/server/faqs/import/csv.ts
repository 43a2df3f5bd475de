import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Faq } from '../../../shared/faqs/schemas';
import { DeskbellServerError } from '../../platform/errors';
import { normalizeAll, type RawFaq } from './normalize';
import { mapValues, messageOf } from '../../../shared/narrow';

/** Header names each field may have (case and spacing ignored); LibAnswers' export names come second. */
/** What csv-parse gives without column names: rows of cells. */
const CsvRows = z.array(z.array(z.string()));

const COLUMNS: Record<keyof RawFaq, string[]> = {
  id: ['id', 'faqid', 'faq id'],
  question: ['question', 'title'],
  answer: ['answer', 'details'],
  topics: ['topics', 'topic'],
  permalink: ['permalink', 'url', 'link', 'public url'],
  updated: ['updated', 'last updated', 'updated at', 'updated_at'],
};

const squash = (name: string): string => name.trim().toLowerCase().replace(/[\s_]+/g, ' ');

/**
 * A campus's FAQs from CSV: a header row, then one FAQ a row. A `question` column is required;
 * without an `id` column (or with an empty cell) the id is made from the question
 * (normalize.ts). Topics are separated by ";" or "|". Any bad row refuses the whole file.
 */
export function parseFaqCsv(campus: string, text: string): Faq[] {
  let rows: string[][];
  try {
    rows = CsvRows.parse(parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: false }));
  } catch (error) {
    throw new DeskbellServerError('invalid_input', `CSV is malformed: ${messageOf(error)}`, { cause: error });
  }
  const [header, ...body] = rows;
  if (!header) throw new DeskbellServerError('invalid_input', 'CSV is empty: it needs a header row (id, question, answer, topics, permalink, updated)');
  const names = header.map(squash);
  const index = mapValues(COLUMNS, (aliases) => names.findIndex((name) => aliases.includes(name)));
  if (index.question < 0) throw new DeskbellServerError('invalid_input', `CSV has no "question" column; its columns are: ${header.join(', ').slice(0, 200)}`);
  const cell = (row: string[], field: keyof RawFaq): string | undefined => (index[field] >= 0 ? row[index[field]] : undefined);
  return normalizeAll(
    campus,
    body.map((row, i) => ({
      where: `CSV row ${i + 2}`,
      raw: { id: cell(row, 'id'), question: cell(row, 'question'), answer: cell(row, 'answer') ?? '', topics: cell(row, 'topics') ?? '', permalink: cell(row, 'permalink') ?? '', updated: cell(row, 'updated') ?? '' },
    })),
  );
}
