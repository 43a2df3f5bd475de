import { z } from 'zod';
import { CampusId, Empty } from '../protocol/common';
import { FaqCacheStatus, FaqHit } from './schemas';

export const faqCalls = {
  /**
   * Search as you type. Any text is a valid query (quotes, operators, emoji, pasted pages):
   * it is read as words, never as query syntax. `campus` null searches every campus.
   */
  'faqs.search': {
    args: z.object({ query: z.string().max(100_000), campus: CampusId.nullable(), limit: z.number().int().min(1).max(50).default(20) }).strict(),
    result: z.object({ hits: z.array(FaqHit), status: FaqCacheStatus }),
  },
  'faqs.status': { args: Empty, result: FaqCacheStatus },
  /** Fetch what changed on the backend now, instead of waiting for its next change event. */
  'faqs.sync': { args: Empty, result: FaqCacheStatus },
} as const;

export const FaqsPush = z.object({ type: z.literal('faqs'), status: FaqCacheStatus });
