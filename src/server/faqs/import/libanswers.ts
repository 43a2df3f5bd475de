import { z } from 'zod';
import { checkSite, type LibAnswersCredentials, libAnswersRequest, LibAnswersToken } from '../../libanswers/client';
import { DeskbellServerError } from '../../platform/errors';
import { LibAnswersFaq } from './normalize';

export type { LibAnswersCredentials } from '../../libanswers/client';

export interface LibAnswersSource {
  /** The LibAnswers site, e.g. https://yourlibrary.libanswers.com */
  baseUrl: string;
  /** Only this LibAnswers group's FAQs (a campus's group). */
  groupId?: number;
  credentials: LibAnswersCredentials;
  /** FAQs asked for per page; the API may send fewer (it caps pages, at 20 on some sites). */
  pageSize?: number;
  /** A guard against a source that never runs out of pages. */
  maxPages?: number;
  timeoutMs?: number;
}

const Page = z.union([z.object({ faqs: z.array(z.unknown()) }).loose(), z.array(z.unknown())]);

const fail = (message: string, cause?: unknown): DeskbellServerError => new DeskbellServerError('invalid_input', `LibAnswers: ${message}`, { cause });

/**
 * Every FAQ of a LibAnswers site (or one group of it): a client-credentials token from
 * POST /api/1.1/oauth/token, then GET /api/1.1/faqs page by page until a page comes back empty.
 * A page shorter than asked for is not the end: the API caps page sizes.
 */
export async function fetchLibAnswersFaqs(source: LibAnswersSource): Promise<LibAnswersFaq[]> {
  const base = checkSite(source.baseUrl);
  const timeoutMs = source.timeoutMs ?? 30_000;
  const pageSize = source.pageSize ?? 100;
  const maxPages = source.maxPages ?? 2_000;
  const token = await new LibAnswersToken(base, () => source.credentials, timeoutMs).get();
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };

  const faqs: LibAnswersFaq[] = [];
  const seen = new Set<string>();
  for (let page = 1; ; page++) {
    if (page > maxPages) throw fail(`more than ${maxPages} pages of FAQs: stopped`);
    const url = new URL('/api/1.1/faqs', base);
    url.searchParams.set('page', String(page));
    url.searchParams.set('limit', String(pageSize));
    if (source.groupId !== undefined) url.searchParams.set('group_id', String(source.groupId));
    const reply = Page.safeParse(await libAnswersRequest(url.href, { headers }, timeoutMs, `FAQ page ${page}`));
    if (!reply.success) throw fail(`FAQ page ${page}: the reply has no "faqs" list`);
    const items = Array.isArray(reply.data) ? reply.data : reply.data.faqs;
    if (items.length === 0) break;
    let fresh = 0;
    for (const [i, item] of items.entries()) {
      const parsed = LibAnswersFaq.safeParse(item);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw fail(`FAQ page ${page}, item ${i}: ${issue?.path.join('.') || 'faq'}: ${issue?.message ?? 'invalid'}`);
      }
      const id = String(parsed.data.faqid);
      if (seen.has(id)) continue;
      seen.add(id);
      fresh++;
      faqs.push(parsed.data);
    }
    // A site that ignores `page` sends the same FAQs again: that is the end, not a loop.
    if (fresh === 0) break;
  }
  return faqs;
}
