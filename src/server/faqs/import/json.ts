import { z } from 'zod';
import type { Faq } from '../../../shared/faqs/schemas';
import { DeskbellServerError } from '../../platform/errors';
import { fromLibAnswers, LibAnswersFaq, normalizeAll, type RawFaq } from './normalize';
import { isRecord, messageOf } from '../../../shared/narrow';

/**
 * A campus's FAQs from JSON: either LibAnswers' shape (`{faqs: [{faqid, question, answer,
 * url: {public}, topics: [{name}], updated}]}`, as the API and its export give it) or a plain
 * list of `{id, question, answer, topics: [..], permalink, updated}`, bare or under `faqs`; without
 * an id, one is made from the question (normalize.ts).
 */
export function parseFaqJson(campus: string, text: string): Faq[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DeskbellServerError('invalid_input', `JSON is malformed: ${messageOf(error)}`, { cause: error });
  }
  const list = Array.isArray(data) ? data : isRecord(data) && Array.isArray(data.faqs) ? data.faqs : null;
  if (!list) throw new DeskbellServerError('invalid_input', 'JSON must be a list of FAQs, or an object with a "faqs" list');
  return normalizeAll(
    campus,
    list.map((item, i) => ({ where: `faqs[${i}]`, raw: rawOf(item, `faqs[${i}]`) })),
  );
}

const Plain = z.object({ id: z.unknown(), question: z.unknown(), answer: z.unknown(), topics: z.unknown(), permalink: z.unknown(), updated: z.unknown() }).partial();

function rawOf(item: unknown, where: string): RawFaq {
  if (!item || typeof item !== 'object' || Array.isArray(item)) throw new DeskbellServerError('invalid_input', `${where}: an FAQ must be an object`);
  if ('faqid' in item) {
    const parsed = LibAnswersFaq.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DeskbellServerError('invalid_input', `${where}: ${issue?.path.join('.') || 'faq'}: ${issue?.message ?? 'invalid'}`);
    }
    return fromLibAnswers(parsed.data);
  }
  const plain = Plain.parse(item);
  return { id: plain.id, question: plain.question, answer: plain.answer ?? '', topics: plain.topics ?? [], permalink: plain.permalink ?? '', updated: plain.updated ?? '' };
}
