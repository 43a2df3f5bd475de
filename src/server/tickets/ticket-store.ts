import { DeliveryChannel, DeliveryState, type Ticket, type TicketDelivery, type TicketDetails, type TicketFilter, type TicketLine, TicketStatus } from '../../shared/tickets/schemas';
import type { Operator } from '../../shared/session/schemas';
import { ticketMatches } from '../../shared/tickets/selectors';

/** A word search looks at this many of the newest tickets (of the campus and status asked for). */
const SEARCH_SPAN = 5_000;
import type { Db } from '../platform/db';

interface TicketRow {
  id: string;
  encounter_id: string;
  chat_id: string | null;
  campus: string;
  patron_name: string;
  email: string;
  no_email: 0 | 1;
  question: string;
  transcript: string;
  status: string;
  created_by: string | null;
  creator_name: string | null;
  creator_campus: string | null;
  created_at: number;
  updated_at: number;
  closed_by: string | null;
  closer_name: string | null;
  closer_campus: string | null;
  closed_at: number | null;
  close_note: string;
  client_id: string | null;
}

export interface OutboxRow {
  ticket_id: string;
  channel: string;
  target: string;
  state: string;
  attempts: number;
  next_at: number | null;
  last_error: string;
  sent_at: number | null;
  result: string;
}

const TICKET_SELECT = `SELECT t.*, c.name AS creator_name, c.campus AS creator_campus, x.name AS closer_name, x.campus AS closer_campus
  FROM tickets t LEFT JOIN operators c ON c.id = t.created_by LEFT JOIN operators x ON x.id = t.closed_by`;

const operatorOf = (id: string | null, name: string | null, campus: string | null): Operator | null =>
  id !== null && name !== null && campus !== null ? { id, name, campus } : null;

export const toDelivery = (row: OutboxRow): TicketDelivery => ({
  channel: DeliveryChannel.parse(row.channel),
  state: DeliveryState.parse(row.state),
  attempts: row.attempts,
  lastError: row.last_error.slice(0, 500),
  nextAt: row.state === 'pending' ? row.next_at : null,
  sentAt: row.sent_at,
  url: row.channel === 'libanswers' ? row.result.slice(0, 500) : '',
});

export interface NewTicket {
  id: string;
  encounterId: string;
  chatId: string | null;
  campus: string;
  patronName: string;
  email: string;
  noEmail: boolean;
  question: string;
  transcript: TicketLine[];
  createdBy: string | null;
  at: number;
  clientId: string | null;
}

/** Every SQL statement about tickets and their outbox; callers own the transactions. */
export class TicketStore {
  private readonly insert;
  private readonly byId;
  private readonly byChat;
  private readonly byClientId;
  private readonly byEncounter;
  private readonly notClosed;
  private readonly recentClosed;
  private readonly setStatus;
  private readonly closeStmt;
  private readonly deliveriesOf;
  private readonly enqueue;
  private readonly retryFailed;
  private readonly search;
  private readonly touchStmt;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO tickets (id, encounter_id, chat_id, campus, patron_name, email, no_email, question, transcript, status, created_by, created_at, updated_at, client_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
    );
    this.byId = db.prepare<[string], TicketRow>(`${TICKET_SELECT} WHERE t.id = ?`);
    this.byChat = db.prepare<[string], TicketRow>(`${TICKET_SELECT} WHERE t.chat_id = ?`);
    this.byClientId = db.prepare<[string], TicketRow>(`${TICKET_SELECT} WHERE t.client_id = ?`);
    this.byEncounter = db.prepare<[string, string], { n: number }>(
      'SELECT (SELECT COUNT(*) FROM tickets WHERE encounter_id = ?) + (SELECT COUNT(*) FROM chats WHERE encounter_id = ?) AS n',
    );
    this.notClosed = db.prepare<[number], TicketRow>(`${TICKET_SELECT} WHERE t.status <> 'closed' ORDER BY t.created_at DESC LIMIT ?`);
    this.recentClosed = db.prepare<[number], TicketRow>(`${TICKET_SELECT} WHERE t.status = 'closed' ORDER BY t.closed_at DESC LIMIT ?`);
    this.setStatus = db.prepare(`UPDATE tickets SET status = ?, updated_at = ? WHERE id = ? AND status <> 'closed'`);
    this.closeStmt = db.prepare(
      `UPDATE tickets SET status = 'closed', closed_by = ?, closed_at = ?, close_note = ?, updated_at = ? WHERE id = ? AND status <> 'closed'`,
    );
    this.deliveriesOf = db.prepare<[string], OutboxRow>('SELECT * FROM ticket_outbox WHERE ticket_id = ? ORDER BY channel');
    // One row per ticket and channel: a ticket is enqueued for each channel exactly once.
    this.enqueue = db.prepare(
      `INSERT OR IGNORE INTO ticket_outbox (ticket_id, channel, target, state, attempts, next_at) VALUES (?, ?, ?, 'pending', 0, ?)`,
    );
    this.retryFailed = db.prepare(
      `UPDATE ticket_outbox SET state = 'pending', attempts = 0, next_at = ?, last_error = '' WHERE ticket_id = ? AND state = 'failed'`,
    );
    this.search = db.prepare<{ campus: string | null; status: string | null; limit: number }, TicketRow>(
      `${TICKET_SELECT}
       WHERE (@campus IS NULL OR t.campus = @campus) AND (@status IS NULL OR t.status = @status)
       ORDER BY t.created_at DESC LIMIT @limit`,
    );
    this.touchStmt = db.prepare('UPDATE tickets SET updated_at = MAX(updated_at, ?) WHERE id = ?');
  }

  private toTicket(row: TicketRow): Ticket {
    return {
      id: row.id,
      encounterId: row.encounter_id,
      chatId: row.chat_id,
      campus: row.campus,
      patronName: row.patron_name,
      email: row.email,
      question: row.question,
      status: TicketStatus.parse(row.status),
      createdBy: operatorOf(row.created_by, row.creator_name, row.creator_campus),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      closedBy: operatorOf(row.closed_by, row.closer_name, row.closer_campus),
      closedAt: row.closed_at,
      closeNote: row.close_note,
      deliveries: this.deliveriesOf.all(row.id).map(toDelivery),
    };
  }

  encounterIdTaken(encounterId: string): boolean {
    return (this.byEncounter.get(encounterId, encounterId)?.n ?? 0) > 0;
  }

  add(ticket: NewTicket): void {
    this.insert.run(
      ticket.id,
      ticket.encounterId,
      ticket.chatId,
      ticket.campus,
      ticket.patronName,
      ticket.email,
      ticket.noEmail ? 1 : 0,
      ticket.question,
      JSON.stringify(ticket.transcript),
      ticket.createdBy,
      ticket.at,
      ticket.at,
      ticket.clientId,
    );
  }

  get(id: string): Ticket | null {
    const row = this.byId.get(id);
    return row ? this.toTicket(row) : null;
  }

  details(id: string): Omit<TicketDetails, 'campusContact'> | null {
    const row = this.byId.get(id);
    if (!row) return null;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- this store wrote it: the JSON of the ticket's TicketLine[]
    return { ...this.toTicket(row), transcript: JSON.parse(row.transcript) as TicketLine[] };
  }

  ofChat(chatId: string): Ticket | null {
    const row = this.byChat.get(chatId);
    return row ? this.toTicket(row) : null;
  }

  byClient(clientId: string): Ticket | null {
    const row = this.byClientId.get(clientId);
    return row ? this.toTicket(row) : null;
  }

  /** The desk's tickets: every one not closed (newest first, bounded) and the latest closed. */
  forDesk(limit: number, closed: number): Ticket[] {
    return [...this.notClosed.all(limit), ...this.recentClosed.all(closed)].map((row) => this.toTicket(row));
  }

  /** Newest first; words match as the desk's filter matches them (every word, anywhere), among the latest SEARCH_SPAN. */
  find(filter: TicketFilter): Ticket[] {
    const rows = this.search.all({ campus: filter.campus ?? null, status: filter.status === 'all' ? null : filter.status, limit: filter.text ? SEARCH_SPAN : filter.limit });
    const found: Ticket[] = [];
    for (const row of rows) {
      if (found.length >= filter.limit) break;
      const summary = { patronName: row.patron_name, email: row.email, question: row.question, encounterId: row.encounter_id };
      if (ticketMatches(summary, filter.text)) found.push(this.toTicket(row));
    }
    return found;
  }

  updateStatus(id: string, status: 'open' | 'answered', at: number): boolean {
    return this.setStatus.run(status, at, id).changes === 1;
  }

  close(id: string, by: string, note: string, at: number): boolean {
    return this.closeStmt.run(by, at, note, at, id).changes === 1;
  }

  enqueueDelivery(ticketId: string, channel: DeliveryChannel, target: string, at: number): void {
    this.enqueue.run(ticketId, channel, target, at);
  }

  retry(ticketId: string, at: number): number {
    return this.retryFailed.run(at, ticketId).changes;
  }

  /** A delivery changed: the summary is newer (desks replace older summaries only). */
  touch(id: string, at: number): void {
    this.touchStmt.run(at, id);
  }
}
