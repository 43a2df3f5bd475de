import type { TicketDetails } from '../../../shared/tickets/schemas';
import type { OutgoingMail } from '../../email/mailer';
import { ticketBody } from './ticket-text';

export interface TicketMail {
  /** The campus's ticket address. */
  to: string;
  ticket: Omit<TicketDetails, 'campusContact'>;
  campusName: string;
}

/**
 * A ticket as mailed to its campus's ticket address (through the server's one Mailer). The
 * Message-ID is the ticket's own, so a resend after an uncertain failure can be recognised as
 * the same message; a reply goes to the patron.
 */
export function ticketMail({ to, ticket, campusName }: TicketMail): OutgoingMail {
  return {
    to,
    ...(ticket.email ? { replyTo: ticket.email } : {}),
    subject: `Ticket ${ticket.encounterId}: ${ticket.patronName || 'a patron'} (${campusName})`,
    text: ticketBody(ticket, campusName),
    messageId: `<${ticket.id}.${ticket.encounterId}@deskbell.invalid>`,
    headers: { 'X-Deskbell-Ticket': ticket.encounterId },
  };
}
