import type { TicketDetails } from '../../../shared/tickets/schemas';

const ZONE = 'America/New_York';
const when = (at: number): string =>
  new Intl.DateTimeFormat('en-US', { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(at);

/**
 * A name or an address kept on its one line. Names are checked on the way in (shared
 * `nameText`); this covers what was stored before they were: a control, separator or direction
 * character becomes a space, so no value forges a line of the body.
 */
const oneLine = (value: string): string => value.replace(/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu, ' ');

/** Every line break a mail reader might honour. */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

/**
 * Free text (the question, what someone said in the chat) with each of its lines indented under
 * the line that introduces it, so nothing a patron typed can pass for a field or a transcript line of ours.
 */
const indented = (text: string, indent: string): string => text.split(LINE_BREAK).map(oneLine).join(`\n${indent}`);

/** The ticket as plain text, for an email body or LibAnswers' details: who, what, and the transcript. */
export function ticketBody(ticket: Omit<TicketDetails, 'campusContact'>, campusName: string): string {
  const lines = [
    `Encounter: ${ticket.encounterId}`,
    `Campus: ${oneLine(campusName)}`,
    `Patron: ${oneLine(ticket.patronName) || '(no name given)'}`,
    `Email: ${oneLine(ticket.email) || '(none given)'}`,
    `Made: ${when(ticket.createdAt)} by ${ticket.createdBy ? `${oneLine(ticket.createdBy.name)} (librarian)` : 'the patron, from the chat page'}`,
    '',
    'Question:',
    `  ${indented(ticket.question, '  ')}`,
  ];
  if (ticket.transcript.length > 0) {
    lines.push('', 'Transcript:');
    for (const line of ticket.transcript) lines.push(`[${when(line.at)}] ${oneLine(line.authorName)}: ${indented(line.text, '    ')}`);
  }
  return lines.join('\n');
}
