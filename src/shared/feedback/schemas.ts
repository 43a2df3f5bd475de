import { z } from 'zod';
import { CampusId, ChatId, Timestamp } from '../protocol/common';

/** A patron's rating of a chat: 1 (poor) to 5 (excellent). */
export const Rating = z.number().int().min(1).max(5);
export type Rating = z.infer<typeof Rating>;

export const FEEDBACK_COMMENT_MAX = 1000;
/** What the patron adds in words, if anything; shown only ever as text. */
export const FeedbackComment = z.string().trim().max(FEEDBACK_COMMENT_MAX);

/** A chat's feedback, as the librarian who held it (or an administrator of its campus) reads it. */
export const ChatFeedback = z
  .object({
    chatId: ChatId,
    rating: Rating,
    comment: z.string().max(FEEDBACK_COMMENT_MAX),
    at: Timestamp,
  })
  .strict();
export type ChatFeedback = z.infer<typeof ChatFeedback>;

/** The most recent comments a summary lists. */
export const SUMMARY_COMMENTS = 20;

/** A campus's ratings over a range of dates: counts and the average, never who rated. */
export const FeedbackSummary = z
  .object({
    campus: CampusId,
    from: Timestamp.nullable(),
    to: Timestamp.nullable(),
    /** Chats rated, and how many of each rating (index 0 is 1 star). */
    count: z.number().int().nonnegative(),
    byRating: z.array(z.number().int().nonnegative()).length(5),
    /** Mean rating to two places, or null when nothing was rated. */
    average: z.number().min(1).max(5).nullable(),
    comments: z
      .array(z.object({ encounterId: z.string().max(40), rating: Rating, comment: z.string().max(FEEDBACK_COMMENT_MAX), at: Timestamp }).strict())
      .max(SUMMARY_COMMENTS),
  })
  .strict();
export type FeedbackSummary = z.infer<typeof FeedbackSummary>;
