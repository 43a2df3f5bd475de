import { z } from 'zod';
import { ChatId, Empty, MAX_TEXT_CHARS, Text } from '../protocol/common';
import { OptionalPatronEmail, Ticket, TicketDetails, TicketFilter } from './schemas';

const TicketId = z.string().min(1).max(64);

export const ticketCalls = {
  'ticket.create': {
    args: z
      .object({ chatId: ChatId, email: OptionalPatronEmail, noEmail: z.boolean(), question: Text, despiteOnline: z.boolean().default(false) })
      .strict()
      .refine((c) => c.email !== '' || c.noEmail, { message: "give the patron's email, or record that there is none", path: ['email'] }),
    result: Empty,
  },
  'ticket.askEmail': { args: z.object({ chatId: ChatId }).strict(), result: Empty },
  'ticket.status': { args: z.object({ ticketId: TicketId, status: z.enum(['open', 'answered']) }).strict(), result: Empty },
  'ticket.close': { args: z.object({ ticketId: TicketId, note: z.string().trim().max(MAX_TEXT_CHARS).default('') }).strict(), result: Empty },
  'ticket.retry': { args: z.object({ ticketId: TicketId }).strict(), result: Empty },
  /** Tickets from the backend by campus, status and words (closed ones are not all on the desk). */
  'tickets.search': { args: TicketFilter, result: z.object({ tickets: z.array(Ticket) }) },
  /** One ticket with its transcript. */
  'tickets.get': { args: z.object({ ticketId: TicketId }).strict(), result: TicketDetails },
} as const;
