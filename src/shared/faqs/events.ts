import { z } from 'zod';
import { FaqRev } from './schemas';

/**
 * The backend's FAQs moved to a new revision (an import ran). Desks fetch the changes by
 * delta over HTTP; the event only says there is something to fetch.
 */
export const faqEvents = [z.object({ type: z.literal('faqs.changed'), rev: FaqRev })] as const;
export type FaqEvent = z.infer<(typeof faqEvents)[number]>;
