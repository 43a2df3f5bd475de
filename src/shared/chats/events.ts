import { z } from 'zod';
import { ChatId, Text, Timestamp } from '../protocol/common';
import { Operator } from '../session/schemas';
import { Chat, ChatMessage, EndReason } from './schemas';

/** What changes a chat on every desk. */
export const chatEvents = [
  z.object({ type: z.literal('chat.created'), chat: Chat }),
  z.object({ type: z.literal('chat.claimed'), chatId: ChatId, by: Operator, at: Timestamp }),
  z.object({ type: z.literal('chat.message'), message: ChatMessage }),
  z.object({ type: z.literal('chat.ticket_offered'), chatId: ChatId, at: Timestamp }),
  z.object({ type: z.literal('chat.ended'), chatId: ChatId, at: Timestamp, reason: EndReason }),
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
  z.object({ kind: z.literal('end'), chatId: ChatId }),
] as const;
export type ChatCommand = z.infer<(typeof chatCommands)[number]>;
