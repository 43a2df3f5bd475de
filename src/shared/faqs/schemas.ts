import { z } from 'zod';
import { CampusId, Timestamp } from '../protocol/common';

/** An FAQ's id within its campus, as its source gives it ("la-1234", a CSV row id). */
export const FaqId = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'an FAQ id is 1-100 letters, digits, . _ : -');
export const FaqRev = z.number().int().nonnegative();

export const MAX_QUESTION_CHARS = 1_000;
export const MAX_ANSWER_CHARS = 20_000;

/** Private-use marks that highlight a match inside search results; stripped from stored text so no FAQ can fake one. */
const MARKS = /[\u0001\u0002]/g;
const CleanText = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(MARKS, '').trim())
    .pipe(z.string().max(max));

/** An FAQ as the backend stores it and the desk caches it. */
export const Faq = z.object({
  campus: CampusId,
  id: FaqId,
  question: CleanText(MAX_QUESTION_CHARS).pipe(z.string().min(1, 'question is empty')),
  answer: CleanText(MAX_ANSWER_CHARS),
  topics: z.array(CleanText(100).pipe(z.string().min(1))).max(30),
  /** The FAQ's public page, sent to patrons as a labelled link; empty when the source has none. */
  permalink: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]),
  /** When the source last changed it (ms). */
  updated: Timestamp,
});
export type Faq = z.infer<typeof Faq>;
export type FaqInput = z.input<typeof Faq>;

/** One change since a revision: the FAQ as it now is, or a tombstone for one that was deleted. */
export const FaqChange = z.discriminatedUnion('deleted', [
  Faq.extend({ deleted: z.literal(false), rev: FaqRev }),
  z.object({ deleted: z.literal(true), campus: CampusId, id: FaqId, rev: FaqRev }),
]);
export type FaqChange = z.infer<typeof FaqChange>;

/**
 * Most changes the backend sends in one page, whatever `limit` asks: an FAQ may hold 20,000
 * characters, so 500 keeps a page to a few MB at worst. A desk follows `more` page by page.
 */
export const FAQ_CHANGES_MAX_PAGE = 500;

/** GET /api/faqs/changes?since=REV&limit=N: the changes after `since`, oldest first, at most min(N, FAQ_CHANGES_MAX_PAGE). */
export const FaqChangesPage = z.object({
  changes: z.array(FaqChange),
  /** Where the next page starts (the last change's revision, or `since` when there were none). */
  next: FaqRev,
  /** More changes wait after `next`. */
  more: z.boolean(),
});
export type FaqChangesPage = z.infer<typeof FaqChangesPage>;

/** A run of text in a search result; `hit` marks what matched the query. */
export const TextRun = z.object({ text: z.string(), hit: z.boolean() });
export type TextRun = z.infer<typeof TextRun>;

export const FaqHit = z.object({
  campus: CampusId,
  id: FaqId,
  question: z.array(TextRun),
  snippet: z.array(TextRun),
  topics: z.array(z.string()),
  permalink: z.string(),
  /** The whole answer, for inserting into a reply. */
  answer: z.string(),
});
export type FaqHit = z.infer<typeof FaqHit>;

/** The librarian's local FAQ cache as the FAQ panel shows it. */
export const FaqCacheStatus = z.object({
  /** A cache is open (someone is signed in). */
  open: z.boolean(),
  count: z.number().int().nonnegative(),
  /** The backend revision the cache has caught up to. */
  rev: FaqRev,
  syncing: z.boolean(),
  lastSyncAt: Timestamp.nullable(),
  error: z.string().nullable(),
});
export type FaqCacheStatus = z.infer<typeof FaqCacheStatus>;
