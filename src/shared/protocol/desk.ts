import { z } from 'zod';
import { CampusId, ChatId, PersonName, Seq, Text, Timestamp } from './common';

const OptionalUrl = z.union([z.literal(''), z.url({ protocol: /^https?$/ })]);
const OptionalEmail = z.union([z.literal(''), z.email()]);
const OptionalText = z.string().trim().max(200);

/** A campus library. Unknown facts stay empty strings rather than guesses. */
export const Campus = z.object({
  id: CampusId,
  name: z.string().trim().min(1).max(120),
  kind: z.enum(['community-college', 'university', 'state-library', 'system-office']),
  website: OptionalUrl,
  faqUrl: OptionalUrl,
  hours: OptionalText,
  hoursUrl: OptionalUrl,
  phone: OptionalText,
  publicSafetyPhone: OptionalText,
  counselingUrl: OptionalUrl,
  directorName: OptionalText,
  directorEmail: OptionalEmail,
});
export type Campus = z.infer<typeof Campus>;

export const Operator = z.object({
  id: z.string().min(1).max(64),
  name: PersonName,
  campus: CampusId,
});
export type Operator = z.infer<typeof Operator>;

export const Presence = z.enum(['online', 'away', 'offline']);
export type Presence = z.infer<typeof Presence>;

export const OperatorPresence = Operator.extend({ presence: Presence, since: Timestamp });
export type OperatorPresence = z.infer<typeof OperatorPresence>;

export const MessageFrom = z.enum(['patron', 'operator', 'system']);
export const ChatMessage = z.object({
  id: z.string().min(1).max(64),
  chatId: ChatId,
  /** Position in the chat's transcript, 1-based; replays are deduplicated on it. */
  seq: Seq,
  from: MessageFrom,
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
  messages: z.array(ChatMessage),
});
export type Chat = z.infer<typeof Chat>;

export const DeskSnapshot = z.object({
  campuses: z.array(Campus),
  chats: z.array(Chat),
  operators: z.array(OperatorPresence),
  serverTime: Timestamp,
});
export type DeskSnapshot = z.infer<typeof DeskSnapshot>;

/** What changes the desk. Sent by the backend, reduced identically in main and renderer. */
export const DeskEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('chat.created'), chat: Chat }),
  z.object({ type: z.literal('chat.claimed'), chatId: ChatId, by: Operator, at: Timestamp }),
  z.object({ type: z.literal('chat.message'), message: ChatMessage }),
  z.object({ type: z.literal('chat.ticket_offered'), chatId: ChatId, at: Timestamp }),
  z.object({ type: z.literal('chat.ended'), chatId: ChatId, at: Timestamp, reason: EndReason }),
  z.object({ type: z.literal('operator.presence'), operator: OperatorPresence }),
]);
export type DeskEvent = z.infer<typeof DeskEvent>;

export { Text as MessageText };
