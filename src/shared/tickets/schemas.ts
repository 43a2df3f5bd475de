import { z } from 'zod';
import { MessageFrom } from '../chats/schemas';
import { CampusId, ChatId, MAX_TEXT_CHARS, Timestamp } from '../protocol/common';
import { Operator } from '../session/schemas';

/** A patron's email: trimmed, one address, bounded. */
export const PatronEmail = z.string().trim().max(254).pipe(z.email('that is not an email address'));
/** An email, or '' when the patron gave none. */
export const OptionalPatronEmail = z.union([z.literal(''), PatronEmail]);

export const TicketStatus = z.enum(['open', 'answered', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** Where a ticket is sent beyond the backend: the campus's ticket address, and its LibAnswers queue. */
export const DeliveryChannel = z.enum(['email', 'libanswers']);
export type DeliveryChannel = z.infer<typeof DeliveryChannel>;
export const DeliveryState = z.enum(['pending', 'sent', 'failed']);
export type DeliveryState = z.infer<typeof DeliveryState>;

/** One channel's delivery of a ticket, as the outbox reports it. */
export const TicketDelivery = z.object({
  channel: DeliveryChannel,
  state: DeliveryState,
  attempts: z.number().int().nonnegative(),
  /** The last failure, for the librarian: what went wrong, never a credential. */
  lastError: z.string().max(500),
  /** When the next attempt is due (pending only). */
  nextAt: Timestamp.nullable(),
  sentAt: Timestamp.nullable(),
  /** LibAnswers: the ticket's address there. */
  url: z.string().max(500),
});
export type TicketDelivery = z.infer<typeof TicketDelivery>;

/** A ticket in a campus's queue: the last resort when no librarian of that campus can take the chat. */
export const Ticket = z.object({
  id: z.string().min(1).max(64),
  /** The encounter's id (the chat's, or a new one for a ticket left without a chat). */
  encounterId: z.string().min(1).max(40),
  chatId: ChatId.nullable(),
  campus: CampusId,
  patronName: z.string().max(200),
  /** '' when the patron gave none (`noEmail` says a librarian recorded that). */
  email: OptionalPatronEmail,
  question: z.string().max(8000),
  status: TicketStatus,
  /** The librarian who made it; null when the patron left it from the chat page. */
  createdBy: Operator.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  closedBy: Operator.nullable(),
  closedAt: Timestamp.nullable(),
  closeNote: z.string().max(MAX_TEXT_CHARS),
  deliveries: z.array(TicketDelivery).max(4),
});
export type Ticket = z.infer<typeof Ticket>;

/** A transcript line as a ticket keeps it: the conversation only (internal notes never leave the desk). */
export const TicketLine = z.object({ from: MessageFrom, authorName: z.string().max(200), text: z.string().max(8000), at: Timestamp });
export type TicketLine = z.infer<typeof TicketLine>;

/** A ticket with its transcript and where a librarian of its campus can be emailed. */
export const TicketDetails = Ticket.extend({
  transcript: z.array(TicketLine).max(2000),
  /** The campus's ticket address (or its director's), for a mailto draft; '' when none is known. */
  campusContact: z.union([z.literal(''), z.email()]),
});
export type TicketDetails = z.infer<typeof TicketDetails>;

export const TicketFilter = z
  .object({
    campus: CampusId.optional(),
    status: z.union([TicketStatus, z.literal('all')]).default('all'),
    /** Words in the name, email, question or encounter id. */
    text: z.string().trim().max(200).default(''),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type TicketFilter = z.infer<typeof TicketFilter>;
