import { z } from 'zod';
import { CampusId, ChatId, Empty, MAX_TEXT_CHARS } from '../protocol/common';

const OfferId = z.string().min(1).max(64);

export const transferCalls = {
  'transfer.offer': { args: z.object({ chatId: ChatId, to: z.string().min(1).max(64), note: z.string().trim().max(MAX_TEXT_CHARS).default('') }).strict(), result: Empty },
  'transfer.accept': { args: z.object({ offerId: OfferId }).strict(), result: Empty },
  'transfer.decline': { args: z.object({ offerId: OfferId, reason: z.string().trim().max(500).default('') }).strict(), result: Empty },
  'transfer.cancel': { args: z.object({ offerId: OfferId }).strict(), result: Empty },
  /** `note`: for whoever takes the chat from that queue, as an offer's note is for its addressee. */
  'transfer.queue': { args: z.object({ chatId: ChatId, campus: CampusId, note: z.string().trim().max(MAX_TEXT_CHARS).default('') }).strict(), result: Empty },
} as const;
