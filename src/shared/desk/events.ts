/**
 * The capability registry of the wire: every desk event and operator command, composed from
 * the capabilities that own them. A new capability adds its lists here, and nowhere else.
 */
import { z } from 'zod';
import { campusCommands, campusEvents } from '../campuses/events';
import { Campus, ChatService, emptyChatService } from '../campuses/schemas';
import { chatCommands, chatEvents } from '../chats/events';
import { faqEvents } from '../faqs/events';
import { incidentCommands, incidentEvents } from '../incidents/events';
import { interviewCommands, interviewEvents } from '../interview/events';
import { templateCommands, templateEvents } from '../templates/events';
import { TemplateEntry } from '../templates/schemas';
import { FaqRev } from '../faqs/schemas';
import { Chat } from '../chats/schemas';
import { presenceCommands, presenceEvents } from '../presence/events';
import { OperatorPresence } from '../presence/schemas';
import { Timestamp } from '../protocol/common';

/** What changes the desk. Sent by the backend, reduced identically in main and renderer. */
export const DeskEvent = z.discriminatedUnion('type', [
  ...chatEvents,
  ...presenceEvents,
  ...campusEvents,
  ...faqEvents,
  ...templateEvents,
  ...interviewEvents,
  ...incidentEvents,
]);
export type DeskEvent = z.infer<typeof DeskEvent>;
export type DeskEventType = DeskEvent['type'];

/**
 * The whole desk at one moment: sent when an operator's stream starts. Chats are summaries
 * (no transcript lines): a client loads a chat's lines when it opens or claims it.
 */
export const DeskSnapshot = z.object({
  campuses: z.array(Campus),
  /** Defaults keep a snapshot from a backend without the directory or FAQs readable. */
  chatService: ChatService.default(emptyChatService),
  /** The backend's FAQ revision: a desk whose cache is behind fetches the changes. */
  faqRev: FaqRev.default(0),
  /** Message templates, every scope (institution and campuses). */
  templates: z.array(TemplateEntry).default([]),
  chats: z.array(Chat),
  operators: z.array(OperatorPresence),
  serverTime: Timestamp,
});
export type DeskSnapshot = z.infer<typeof DeskSnapshot>;

/** Operator commands. Each travels in a `cmd` frame with a client id and gets an ack or an error. */
export const Command = z.discriminatedUnion('kind', [...chatCommands, ...presenceCommands, ...campusCommands, ...templateCommands, ...interviewCommands, ...incidentCommands]);
export type Command = z.infer<typeof Command>;
export type CommandKind = Command['kind'];
