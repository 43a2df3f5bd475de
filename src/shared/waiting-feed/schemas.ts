import { z } from 'zod';
import { CampusId, ChatId, Timestamp } from '../protocol/common';

/** The longest list the waiting feed returns: the oldest chats, which ring loudest. */
export const MAX_WAITING_FEED = 200;

/**
 * GET /api/waiting: the chats nobody has claimed, for a desk where nobody is signed in, so it
 * can keep ringing between shifts. Only what ringing needs: no patron name, question or text.
 */
export const WaitingFeed = z.object({
  serverTime: Timestamp,
  waiting: z.array(z.object({ id: ChatId, campus: CampusId, createdAt: Timestamp }).strict()).max(MAX_WAITING_FEED),
});
export type WaitingFeed = z.infer<typeof WaitingFeed>;

/** What a desk where nobody is signed in shows on the sign-in page. */
export const WaitingWhileSignedOutPush = z.object({
  type: z.literal('signedOutWaiting'),
  /** Chats waiting now (0 also when the desk is not watching). */
  waiting: z.number().int().nonnegative(),
  /** The desk is watching the queue and rings for it. */
  watching: z.boolean(),
});
