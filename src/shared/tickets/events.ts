import { z } from 'zod';
import { ChatId, MAX_TEXT_CHARS, Text } from '../protocol/common';
import { OptionalPatronEmail, Ticket } from './schemas';

export const ticketEvents = [
  z.object({ type: z.literal('ticket.created'), ticket: Ticket }),
  /** Status, close note or a delivery changed: the whole summary again. */
  z.object({ type: z.literal('ticket.updated'), ticket: Ticket }),
] as const;
export type TicketEvent = z.infer<(typeof ticketEvents)[number]>;

const TicketId = z.string().min(1).max(64);

export const ticketCommands = [
  /**
   * Make a ticket from a chat the librarian holds; the chat ends with the patron told. Refused
   * with `operators_online` while librarians of the chat's campus are online, unless
   * `despiteOnline` (the last-resort guard, on the backend too).
   */
  z
    .object({
      kind: z.literal('ticket.create'),
      chatId: ChatId,
      email: OptionalPatronEmail,
      /** The librarian recorded that the patron has no email (or would not give one). */
      noEmail: z.boolean(),
      question: Text,
      despiteOnline: z.boolean().default(false),
    })
    .refine((c) => c.email !== '' || c.noEmail, { message: 'give the patron\'s email, or record that there is none', path: ['email'] }),
  /** The one-click "could you give me your email?" message, worded by the template. */
  z.object({ kind: z.literal('ticket.ask_email'), chatId: ChatId }),
  z.object({ kind: z.literal('ticket.status'), ticketId: TicketId, status: z.enum(['open', 'answered']) }),
  z.object({ kind: z.literal('ticket.close'), ticketId: TicketId, note: z.string().trim().max(MAX_TEXT_CHARS).default('') }),
  /** Try the failed deliveries again now. */
  z.object({ kind: z.literal('ticket.retry'), ticketId: TicketId }),
] as const;
export type TicketCommand = z.infer<(typeof ticketCommands)[number]>;
