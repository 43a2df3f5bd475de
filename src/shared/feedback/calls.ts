import { z } from 'zod';
import { ChatId, Timestamp } from '../protocol/common';
import { ChatFeedback, FeedbackSummary } from './schemas';

export const feedbackCalls = {
  /** The patron's rating of a chat, for the librarian who held it or an administrator of its campus (the backend checks). */
  'feedback.ofChat': { args: z.object({ chatId: ChatId }).strict(), result: z.object({ feedback: ChatFeedback.nullable() }).strict() },
  /** Counts and the average for the administrator's own campus, over a range (null: open-ended). */
  'feedback.summary': { args: z.object({ from: Timestamp.nullable(), to: Timestamp.nullable() }).strict(), result: FeedbackSummary },
} as const;
