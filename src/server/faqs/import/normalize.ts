import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Faq } from '../../../shared/faqs/schemas';
import { DeskbellServerError } from '../../platform/errors';
import { htmlToChatText } from './html-text';

/** One FAQ as a source gives it, before it is checked. */
export interface RawFaq {
  id: unknown;
  question: unknown;
  answer: unknown;
  topics: unknown;
  permalink: unknown;
  updated: unknown;
}

/** Source times: ms or s since 1970, ISO 8601, or LibAnswers' "YYYY-MM-DD HH:MM:SS" (read as UTC); empty is 0. */
export function parseUpdated(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value < 1e11 ? value * 1000 : value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{1,15}$/.test(text)) return parseUpdated(Number(text));
  const sqlish = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2})?)$/.exec(text);
  const ms = Date.parse(sqlish ? `${sqlish[1]}T${sqlish[2]}Z` : text);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

function topicsOf(value: unknown): unknown {
  if (typeof value === 'string') return value.split(/[;|]/).map((t) => t.trim()).filter(Boolean);
  if (Array.isArray(value)) return value.map((t) => (t && typeof t === 'object' && 'name' in t ? t.name : t));
  return value ?? [];
}

const text = (value: unknown): unknown => (typeof value === 'number' ? String(value) : value);

/** A source may leave `id` out (an empty CSV cell, a missing JSON field). */
const hasNoId = (id: unknown): boolean => id === undefined || id === null || (typeof id === 'string' && id.trim() === '');

/**
 * The id of an FAQ its source gave none: from the question (case, spacing and Unicode forms
 * ignored), so importing the same file again names the same FAQs and changes nothing. The
 * second FAQ with the same question in one file is `-2`, and so on, in file order.
 */
export function questionId(question: string, occurrence = 1): string {
  const key = question.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  const base = `q-${createHash('sha256').update(key).digest('hex').slice(0, 20)}`;
  return occurrence > 1 ? `${base}-${occurrence}` : base;
}

/**
 * Check one raw FAQ and turn it into the stored shape. HTML answers become chat text with
 * labelled links. Throws a typed error naming `where` ("row 4", "faqs[2]"). Without an id, the
 * FAQ gets `idFor(question)`.
 */
export function normalizeFaq(campus: string, raw: RawFaq, where: string, idFor: (question: string) => string = questionId): Faq {
  const updated = parseUpdated(raw.updated);
  if (updated === null) throw new DeskbellServerError('invalid_input', `${where}: updated: not a date or time: ${JSON.stringify(String(raw.updated)).slice(0, 60)}`);
  const permalink = typeof raw.permalink === 'string' ? raw.permalink.trim() : (raw.permalink ?? '');
  const answer = typeof raw.answer === 'string' ? htmlToChatText(raw.answer, typeof permalink === 'string' && permalink !== '' ? permalink : null) : (raw.answer ?? '');
  const question = typeof raw.question === 'string' ? htmlToChatText(raw.question, null).replace(/\s+/g, ' ') : raw.question;
  // A missing question is reported as such (below), not as a missing id.
  const id = hasNoId(raw.id) ? idFor(typeof question === 'string' ? question : '') : text(raw.id);
  const parsed = Faq.safeParse({ campus, id, question, answer, topics: topicsOf(raw.topics), permalink, updated });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DeskbellServerError('invalid_input', `${where}: ${issue?.path.join('.') || 'faq'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** A whole list: every item valid and every id once, or a typed error and nothing. */
export function normalizeAll(campus: string, items: readonly { raw: RawFaq; where: string }[]): Faq[] {
  const seen = new Set<string>();
  /** How often each derived id was handed out, so a repeated question gets its own. */
  const derived = new Map<string, number>();
  const idFor = (question: string): string => {
    const base = questionId(question);
    const occurrence = (derived.get(base) ?? 0) + 1;
    derived.set(base, occurrence);
    return questionId(question, occurrence);
  };
  return items.map(({ raw, where }) => {
    const faq = normalizeFaq(campus, raw, where, idFor);
    if (seen.has(faq.id)) throw new DeskbellServerError('invalid_input', `${where}: id "${faq.id}" appears twice`);
    seen.add(faq.id);
    return faq;
  });
}

/** An FAQ as the LibAnswers API (and its JSON export) gives it. */
export const LibAnswersFaq = z
  .object({
    faqid: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]),
    question: z.string(),
    answer: z.string().nullish(),
    details: z.string().nullish(),
    url: z.object({ public: z.string().nullish(), admin: z.string().nullish() }).loose().nullish(),
    topics: z.array(z.object({ name: z.string() }).loose()).nullish(),
    updated: z.union([z.string(), z.number()]).nullish(),
  })
  .loose();
export type LibAnswersFaq = z.infer<typeof LibAnswersFaq>;

export const fromLibAnswers = (item: LibAnswersFaq): RawFaq => ({
  id: String(item.faqid),
  question: item.question,
  answer: item.answer ?? item.details ?? '',
  topics: item.topics ?? [],
  permalink: item.url?.public ?? '',
  updated: item.updated ?? '',
});
