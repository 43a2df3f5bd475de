import type { TicketDetails } from '../../../shared/tickets/schemas';

const ZONE = 'America/New_York';
const when = (at: number): string =>
  new Intl.DateTimeFormat('en-US', { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(at);

/** The ticket as plain text, for an email body or LibAnswers' details: who, what, and the transcript. */
export function ticketBody(ticket: Omit<TicketDetails, 'campusContact'>, campusName: string): string {
  const lines = [
    `Encounter: ${ticket.encounterId}`,
    `Campus: ${campusName}`,
    `Patron: ${ticket.patronName || '(no name given)'}`,
    `Email: ${ticket.email || '(none given)'}`,
    `Made: ${when(ticket.createdAt)} by ${ticket.createdBy ? `${ticket.createdBy.name} (librarian)` : 'the patron, from the chat page'}`,
    '',
    'Question:',
    ticket.question,
  ];
  if (ticket.transcript.length > 0) {
    lines.push('', 'Transcript:');
    for (const line of ticket.transcript) lines.push(`[${when(line.at)}] ${line.authorName}: ${line.text}`);
  }
  return lines.join('\n');
}
