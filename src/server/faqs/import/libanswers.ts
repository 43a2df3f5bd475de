import { z } from 'zod';
import { checkSite, type LibAnswersCredentials, LibAnswersError, LIBANSWERS_MAX_RESPONSE_BYTES, libAnswersRequest, LibAnswersToken } from '../../libanswers/client';
import { DeskbellServerError } from '../../platform/errors';
import { LibAnswersFaq } from './normalize';
import { isRecord } from '../../../shared/narrow';

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
  /** The largest reply read from the site (default LIBANSWERS_MAX_RESPONSE_BYTES); a larger one fails the import. */
  maxResponseBytes?: number;
  /** The clock the token's expiry is kept by. */
  now?: () => number;
}

const Page = z.union([z.object({ faqs: z.array(z.unknown()) }).loose(), z.array(z.unknown())]);
/** Where a reply may state how many FAQs there are in all (names seen in LibApps replies). */
const TOTAL_KEYS = ['total', 'total_count', 'totalCount', 'total_results', 'totalResults'] as const;
const Count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,9}$/).transform(Number)]);

/** The total count a page states, if it states one. */
function statedTotal(page: z.infer<typeof Page>): number | null {
  const fields: unknown = page;
  if (!isRecord(fields)) return null;
  for (const key of TOTAL_KEYS) {
    const count = Count.safeParse(fields[key]);
    if (count.success) return count.data;
  }
  return null;
}

const fail = (message: string, cause?: unknown): DeskbellServerError => new DeskbellServerError('invalid_input', `LibAnswers: ${message}`, { cause });
/** Less than the whole list: importing it would delete what was not sent, so nothing is imported. */
const incomplete = (message: string): DeskbellServerError => new DeskbellServerError('incomplete_source', `LibAnswers: ${message}; nothing was imported`);

/**
 * Every FAQ of a LibAnswers site (or one group of it): a client-credentials token from
 * POST /api/1.1/oauth/token, then GET /api/1.1/faqs page by page until a page comes back empty
 * (or the total the site states has arrived). The token is asked for before every page, so one
 * that nears its expiry during a long import is renewed first, and a page the site refuses (a
 * token revoked or expired early) is asked for once more with a new one. A page shorter than asked for is not the end: the
 * API caps page sizes. What is returned is taken as the WHOLE list (what it lacks gets deleted),
 * so anything that suggests a partial list is refused: a page that repeats FAQs already read
 * (a site that ignores `page`, or a list that changed while it was read), or fewer FAQs than
 * the site says it holds.
 */
export async function fetchLibAnswersFaqs(source: LibAnswersSource): Promise<LibAnswersFaq[]> {
  const base = checkSite(source.baseUrl);
  const limits = { timeoutMs: source.timeoutMs ?? 30_000, maxResponseBytes: source.maxResponseBytes ?? LIBANSWERS_MAX_RESPONSE_BYTES };
  const pageSize = source.pageSize ?? 100;
  const maxPages = source.maxPages ?? 2_000;
  const token = new LibAnswersToken(base, () => source.credentials, limits, source.now);
  const get = async (url: string, what: string): Promise<unknown> =>
    libAnswersRequest(url, { headers: { authorization: `Bearer ${await token.get()}`, accept: 'application/json' } }, limits, what);
  const getPage = async (url: string, what: string): Promise<unknown> => {
    try {
      return await get(url, what);
    } catch (error) {
      if (!(error instanceof LibAnswersError && error.refused)) throw error;
      token.invalidate();
      return get(url, what);
    }
  };

  const faqs: LibAnswersFaq[] = [];
  const seenOnPage = new Map<string, number>();
  let total: number | null = null;
  for (let page = 1; total === null || faqs.length < total; page++) {
    if (page > maxPages) throw fail(`more than ${maxPages} pages of FAQs: stopped`);
    const url = new URL('/api/1.1/faqs', base);
    url.searchParams.set('page', String(page));
    url.searchParams.set('limit', String(pageSize));
    if (source.groupId !== undefined) url.searchParams.set('group_id', String(source.groupId));
    const reply = Page.safeParse(await getPage(url.href, `FAQ page ${page}`));
    if (!reply.success) throw fail(`FAQ page ${page}: the reply has no "faqs" list`);
    total ??= statedTotal(reply.data);
    const items = Array.isArray(reply.data) ? reply.data : reply.data.faqs;
    if (items.length === 0) break;
    for (const [i, item] of items.entries()) {
      const parsed = LibAnswersFaq.safeParse(item);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw fail(`FAQ page ${page}, item ${i}: ${issue?.path.join('.') || 'faq'}: ${issue?.message ?? 'invalid'}`);
      }
      const id = String(parsed.data.faqid);
      const earlier = seenOnPage.get(id);
      if (earlier !== undefined) {
        throw incomplete(`FAQ page ${page} repeats FAQ ${id} from page ${earlier} (the site may ignore "page", or the list changed while it was read)`);
      }
      seenOnPage.set(id, page);
      faqs.push(parsed.data);
    }
  }
  if (total !== null && faqs.length < total) throw incomplete(`the site says it holds ${total} FAQs but sent ${faqs.length}`);
  return faqs;
}
