import type { DeskState } from '../desk/state';
import type { Ticket, TicketStatus } from './schemas';

export interface TicketQuery {
  campus: string | null;
  status: TicketStatus | 'all';
  text: string;
}

/** Whether a ticket matches every word typed (name, email, question, encounter id). */
export function ticketMatches(ticket: Pick<Ticket, 'patronName' | 'email' | 'question' | 'encounterId'>, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = `${ticket.patronName} ${ticket.email} ${ticket.question} ${ticket.encounterId}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** The desk's tickets for a list: newest first. */
export function ticketsOnDesk(state: Pick<DeskState, 'tickets'>, query: TicketQuery): Ticket[] {
  return Object.values(state.tickets)
    .filter((t) => (query.campus === null || t.campus === query.campus) && (query.status === 'all' || t.status === query.status) && ticketMatches(t, query.text))
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** Open tickets per campus, for the list's campus picker. */
export function openTicketCounts(state: Pick<DeskState, 'tickets'>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of Object.values(state.tickets)) if (t.status === 'open') counts[t.campus] = (counts[t.campus] ?? 0) + 1;
  return counts;
}

/** The summary of a ticket's deliveries for a badge: pending while any is, failed if any failed, else sent. */
export function deliverySummary(ticket: Pick<Ticket, 'deliveries'>): 'none' | 'pending' | 'sent' | 'failed' {
  if (ticket.deliveries.length === 0) return 'none';
  if (ticket.deliveries.some((d) => d.state === 'failed')) return 'failed';
  if (ticket.deliveries.some((d) => d.state === 'pending')) return 'pending';
  return 'sent';
}
