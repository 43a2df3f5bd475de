import { z } from 'zod';
import { CampusId, ChatId, Seq, Timestamp } from '../protocol/common';
import { Operator } from '../session/schemas';

export const MessageFrom = z.enum(['patron', 'operator', 'system']);
export type MessageFrom = z.infer<typeof MessageFrom>;

/**
 * Who may read a transcript line: `patron` lines are the conversation (both sides see them),
 * `operators` lines are internal notes that never reach a patron (the server filters them).
 */
export const MessageVisibility = z.enum(['patron', 'operators']);
export type MessageVisibility = z.infer<typeof MessageVisibility>;

export const ChatMessage = z.object({
  id: z.string().min(1).max(64),
  chatId: ChatId,
  /** Position in the chat's transcript, 1-based; replays are deduplicated on it. */
  seq: Seq,
  from: MessageFrom,
  visibility: MessageVisibility,
  authorName: z.string().max(200),
  text: z.string().max(8000),
  at: Timestamp,
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatState = z.enum(['waiting', 'claimed', 'ended']);
export type ChatState = z.infer<typeof ChatState>;
export const EndReason = z.enum(['operator', 'patron_left', 'ticket', 'expired']);
export type EndReason = z.infer<typeof EndReason>;

export const Chat = z.object({
  id: ChatId,
  /** The human-quotable id of the encounter, for transcripts and incident reports. */
  encounterId: z.string().min(1).max(40),
  campus: CampusId,
  patronName: z.string().max(200),
  question: z.string().max(8000),
  /** The patron typed their question into the name box: ask for their name. */
  nameIsQuestion: z.boolean(),
  state: ChatState,
  createdAt: Timestamp,
  claimedBy: Operator.nullable(),
  claimedAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
  endReason: EndReason.nullable(),
  ticketOfferedAt: Timestamp.nullable(),
  /**
   * When a librarian put the chat back in a queue (a transfer to a campus queue): it waits, and
   * rings, from then on. Null while it has never been requeued (it waits since `createdAt`).
   */
  queuedAt: Timestamp.nullable().default(null),
  messages: z.array(ChatMessage),
});
export type Chat = z.infer<typeof Chat>;
