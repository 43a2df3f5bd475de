import { z } from 'zod';
import { ChatId, MAX_TEXT_CHARS, Timestamp } from '../protocol/common';
import { Operator } from '../session/schemas';

export const TransferState = z.enum(['pending', 'accepted', 'declined', 'expired', 'cancelled']);
export type TransferState = z.infer<typeof TransferState>;
export type ClosedTransferState = Exclude<TransferState, 'pending'>;

/**
 * One librarian offering a chat they hold to another. The chat stays with the sender until the
 * addressee accepts, within the time the backend allows (`expiresAt`).
 */
export const TransferOffer = z.object({
  id: z.string().min(1).max(64),
  chatId: ChatId,
  from: Operator,
  to: Operator,
  /** What the sender tells the addressee with the offer ("nursing student, needs CINAHL"). */
  note: z.string().max(MAX_TEXT_CHARS),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  state: TransferState,
  closedAt: Timestamp.nullable(),
  /** Why the addressee declined, when they said. */
  reason: z.string().max(500),
});
export type TransferOffer = z.infer<typeof TransferOffer>;
