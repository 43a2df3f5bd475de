import { z } from 'zod';
import { ChatId, ClientId, PROTOCOL_VERSION } from '../protocol/common';
import { FeedbackComment, Rating } from './schemas';

/**
 * A patron rates their chat once it has ended: from the end-of-chat page, on a connection of its
 * own (the chat's socket is closed by then), so the frame names the chat with its resume token.
 */
export const feedbackPatronClientFrames = [
  z.object({
    type: z.literal('rate'),
    v: z.literal(PROTOCOL_VERSION),
    id: ClientId,
    chat: z.object({ chatId: ChatId, token: z.string().min(16).max(200) }).strict(),
    rating: Rating,
    comment: FeedbackComment.default(''),
  }),
] as const;
export type FeedbackPatronClientFrame = z.infer<(typeof feedbackPatronClientFrames)[number]>;

export const feedbackPatronServerFrames = [z.object({ type: z.literal('rated'), id: ClientId })] as const;
