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
import { noteCommands, noteEvents } from '../notes/events';
import { emptyNotesView, NotesView } from '../notes/schemas';
import { presenceCommands, presenceEvents } from '../presence/events';
import { OperatorPresence } from '../presence/schemas';
import { Timestamp } from '../protocol/common';
import { ticketCommands, ticketEvents } from '../tickets/events';
import { Ticket } from '../tickets/schemas';
import { transferCommands, transferEvents } from '../transfers/events';
import { TransferOffer } from '../transfers/schemas';

/** What changes the desk. Sent by the backend, reduced identically in main and renderer. */
export const DeskEvent = z.discriminatedUnion('type', [
  ...chatEvents,
  ...presenceEvents,
  ...campusEvents,
  ...faqEvents,
  ...templateEvents,
  ...interviewEvents,
  ...incidentEvents,
  ...noteEvents,
  ...transferEvents,
  ...ticketEvents,
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
  /** This librarian's notes (the snapshot is built per librarian: notes go only to their readers). */
  notes: NotesView.default(emptyNotesView),
  /** Transfer offers still open. */
  transfers: z.array(TransferOffer).default([]),
  /** Tickets not yet closed, and the latest closed ones. */
  tickets: z.array(Ticket).default([]),
  serverTime: Timestamp,
});
export type DeskSnapshot = z.infer<typeof DeskSnapshot>;

/** Operator commands. Each travels in a `cmd` frame with a client id and gets an ack or an error. */
export const Command = z.discriminatedUnion('kind', [
  ...chatCommands,
  ...presenceCommands,
  ...campusCommands,
  ...templateCommands,
  ...interviewCommands,
  ...incidentCommands,
  ...noteCommands,
  ...transferCommands,
  ...ticketCommands,
]);
export type Command = z.infer<typeof Command>;
export type CommandKind = Command['kind'];
