import { z } from 'zod';
import { Chat } from '../chats/schemas';
import { CampusId, ChatId, MAX_TEXT_CHARS, Timestamp } from '../protocol/common';
import { Operator } from '../session/schemas';
import { TransferOffer, TransferState } from './schemas';

const OfferNote = z.string().trim().max(MAX_TEXT_CHARS).default('');

export const transferEvents = [
  z.object({ type: z.literal('transfer.offered'), offer: TransferOffer }),
  z.object({
    type: z.literal('transfer.closed'),
    offerId: z.string().min(1).max(64),
    state: TransferState.exclude(['pending']),
    at: Timestamp,
    reason: z.string().max(500),
  }),
  /** The addressee accepted: the chat is theirs now (one conditional update on the backend). */
  z.object({ type: z.literal('chat.transferred'), chatId: ChatId, offerId: z.string().min(1).max(64), from: Operator, to: Operator, at: Timestamp }),
  /** The chat went to a campus queue: waiting again, in that campus, since `chat.queuedAt` (a summary: no lines). */
  z.object({ type: z.literal('chat.requeued'), chat: Chat, by: Operator }),
] as const;
export type TransferEvent = z.infer<(typeof transferEvents)[number]>;

export const transferCommands = [
  /** Offer a chat the sender holds to another librarian who is online. */
  z.object({ kind: z.literal('transfer.offer'), chatId: ChatId, to: z.string().min(1).max(64), note: OfferNote }),
  /** Only the addressee may accept or decline. */
  z.object({ kind: z.literal('transfer.accept'), offerId: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('transfer.decline'), offerId: z.string().min(1).max(64), reason: z.string().trim().max(500).default('') }),
  /** The sender withdraws an offer still open. */
  z.object({ kind: z.literal('transfer.cancel'), offerId: z.string().min(1).max(64) }),
  /**
   * Put a held chat in a campus's queue: it waits again and rings that campus first. A note
   * becomes an internal line of the chat, read by whoever takes it from the queue.
   */
  z.object({ kind: z.literal('transfer.queue'), chatId: ChatId, campus: CampusId, note: OfferNote }),
] as const;
export type TransferCommand = z.infer<(typeof transferCommands)[number]>;
