import { z } from 'zod';
import { ChatId, Text, Timestamp } from '../protocol/common';
import { Operator } from '../session/schemas';
import { PersonName } from '../protocol/common';
import { Chat, ChatMessage, EndReason, PatronEmail, PatronPhone } from './schemas';

/** What changes a chat on every desk. */
export const chatEvents = [
  z.object({ type: z.literal('chat.created'), chat: Chat }),
  z.object({ type: z.literal('chat.claimed'), chatId: ChatId, by: Operator, at: Timestamp }),
  z.object({ type: z.literal('chat.message'), message: ChatMessage }),
  z.object({ type: z.literal('chat.ticket_offered'), chatId: ChatId, at: Timestamp }),
  z.object({ type: z.literal('chat.ended'), chatId: ChatId, at: Timestamp, reason: EndReason }),
  /** The librarian recorded the name the patron gave, and any email or phone they shared. */
  z.object({ type: z.literal('chat.patron'), chatId: ChatId, givenName: PersonName.nullable(), email: PatronEmail, phone: PatronPhone }),
  /** The patron's page closed or lost its connection (connected: false), or came back. */
  z.object({ type: z.literal('chat.patron_link'), chatId: ChatId, connected: z.boolean(), at: Timestamp }),
] as const;
export type ChatEvent = z.infer<(typeof chatEvents)[number]>;

/**
 * A chat's transcript as fetched from the backend (the desk snapshot carries chat summaries
 * only): merged into what the desk holds, by seq. Applied locally, never sent by the stream.
 */
export const ChatHistory = z.object({ type: z.literal('chat.history'), chatId: ChatId, messages: z.array(ChatMessage).max(2000) });
export type ChatHistory = z.infer<typeof ChatHistory>;

/** What an operator may do to a chat; each gets an ack or a typed error. */
export const chatCommands = [
  z.object({ kind: z.literal('claim'), chatId: ChatId }),
  z.object({ kind: z.literal('send'), chatId: ChatId, text: Text }),
  /** `policy`: ended under the acceptable-use policy (recorded as the end reason). */
  z.object({ kind: z.literal('end'), chatId: ChatId, policy: z.boolean().optional() }),
  /** The name the patron gave (null: not given yet), their email and phone, as the librarian records them. */
  z.object({ kind: z.literal('patron.set'), chatId: ChatId, givenName: PersonName.nullable(), email: PatronEmail, phone: PatronPhone }),
] as const;
export type ChatCommand = z.infer<(typeof chatCommands)[number]>;
