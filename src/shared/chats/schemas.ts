import { z } from 'zod';
import { chatFieldShapes } from '../chat-fields';
import { CampusId, ChatId, MAX_NAME_CHARS, Seq, Timestamp } from '../protocol/common';
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
/** `policy`: ended by the librarian under the acceptable-use policy (an abusive chat). */
export const EndReason = z.enum(['operator', 'patron_left', 'ticket', 'expired', 'policy']);
export type EndReason = z.infer<typeof EndReason>;

/** What the chats capability itself keeps of a chat (table `chats`). */
export const ChatCore = z.object({
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
  /** The name the patron gave in the chat, set by the librarian (the name box may have held the question). */
  givenName: z.string().max(MAX_NAME_CHARS).nullable().default(null),
  /** What the patron told the librarian, for a follow-up, a ticket or a call in a crisis; empty when not known. */
  patronEmail: z.string().max(254).default(''),
  patronPhone: z.string().max(40).default(''),
  /** The patron's page is connected (false: closed or lost its connection, and may come back). */
  patronConnected: z.boolean().default(true),
});
export type ChatCore = z.infer<typeof ChatCore>;

/** A chat as every desk sees it: the core, and the fields other capabilities own (shared/chat-fields.ts). */
export const Chat = ChatCore.extend(chatFieldShapes);
export type Chat = z.infer<typeof Chat>;
/** The registered fields' values for one chat. */
export type ChatFieldValues = Omit<Chat, keyof ChatCore>;

/** An email as the librarian records it for a patron: empty, or one plausible address. */
export const PatronEmail = z.union([z.literal(''), z.email('that is not an email address').max(254)]);
/** A phone number as written ("860-555-0100", "(860) 555 0100 x12"): empty, or digits with the usual separators. */
export const PatronPhone = z.union([z.literal(''), z.string().trim().regex(/^\+?[0-9(][0-9 ().-]{5,28}[0-9](\s*(x|ext\.?)\s*[0-9]{1,6})?$/i, 'that is not a phone number')]);
