import { z } from 'zod';
import { Ticket, TicketDetails } from '../../../shared/tickets/schemas';
import { CommandError } from '../backend-link/outbox';
import type { CallHandlers } from '../capability';
import type { Session } from '../session/session';

const SearchReply = z.object({ tickets: z.array(Ticket).max(500) });

/**
 * Tickets in the core: making one from a chat, the ask-for-email message, status and closing
 * (commands to the backend), and the reads a ticket list needs beyond the desk (older closed
 * tickets, a ticket's transcript) over the backend's HTTP API, checked against the schemas.
 */
export function ticketCalls(session: Session): CallHandlers<'ticket.create' | 'ticket.askEmail' | 'ticket.status' | 'ticket.close' | 'ticket.retry' | 'tickets.search' | 'tickets.get'> {
  return {
    'ticket.create': async ({ chatId, email, noEmail, question, despiteOnline }) => {
      await session.command({ kind: 'ticket.create', chatId, email, noEmail, question, despiteOnline });
      return {};
    },
    'ticket.askEmail': async ({ chatId }) => {
      await session.command({ kind: 'ticket.ask_email', chatId });
      return {};
    },
    'ticket.status': async ({ ticketId, status }) => {
      await session.command({ kind: 'ticket.status', ticketId, status });
      return {};
    },
    'ticket.close': async ({ ticketId, note }) => {
      await session.command({ kind: 'ticket.close', ticketId, note });
      return {};
    },
    'ticket.retry': async ({ ticketId }) => {
      await session.command({ kind: 'ticket.retry', ticketId });
      return {};
    },
    'tickets.search': async (filter) => {
      const query = new URLSearchParams({ status: filter.status, text: filter.text, limit: String(filter.limit) });
      if (filter.campus) query.set('campus', filter.campus);
      const reply = SearchReply.safeParse(await session.backendGet(`/api/tickets?${query.toString()}`));
      if (!reply.success) throw new CommandError('internal', 'the backend sent a ticket list that does not fit the schema');
      return reply.data;
    },
    'tickets.get': async ({ ticketId }) => {
      const reply = TicketDetails.safeParse(await session.backendGet(`/api/ticket?id=${encodeURIComponent(ticketId)}`));
      if (!reply.success) throw new CommandError('internal', 'the backend sent a ticket that does not fit the schema');
      return reply.data;
    },
  };
}
