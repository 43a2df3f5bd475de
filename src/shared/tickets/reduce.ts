import type { DeskSnapshot } from '../desk/events';
import type { DeskState, EventReducers } from '../desk/state';
import type { TicketEvent } from './events';
import type { Ticket } from './schemas';

/** Closed tickets kept on the desk; older ones are searched on the backend. */
export const MAX_CLOSED_TICKETS_KEPT = 50;

export type TicketsSlice = Readonly<Record<string, Ticket>>;

export const ticketsFromSnapshot = (snapshot: DeskSnapshot): Pick<DeskState, 'tickets'> => ({
  tickets: Object.fromEntries(snapshot.tickets.map((t) => [t.id, t])),
});

function pruneClosed(tickets: Record<string, Ticket>): Record<string, Ticket> {
  const closed = Object.values(tickets).filter((t) => t.status === 'closed');
  if (closed.length <= MAX_CLOSED_TICKETS_KEPT) return tickets;
  closed.sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0));
  const next = { ...tickets };
  for (const ticket of closed.slice(0, closed.length - MAX_CLOSED_TICKETS_KEPT)) delete next[ticket.id];
  return next;
}

/** A newer summary replaces an older one; a replay or an older one changes nothing. */
function withTicket(state: DeskState, ticket: Ticket): DeskState {
  const held = state.tickets[ticket.id];
  if (held && (held.updatedAt > ticket.updatedAt || JSON.stringify(held) === JSON.stringify(ticket))) return state;
  return { ...state, tickets: pruneClosed({ ...state.tickets, [ticket.id]: ticket }) };
}

export const ticketReducers: EventReducers<TicketEvent> = {
  'ticket.created': (state, { ticket }) => withTicket(state, ticket),
  'ticket.updated': (state, { ticket }) => withTicket(state, ticket),
};
