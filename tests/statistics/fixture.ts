/**
 * Rows written straight into a running test server's SQLite file, in the real schema, for
 * statistics a person can count by hand. Times are New York wall-clock times, turned into instants
 * with @date-fns/tz (DST included), so a fixture reads like the desk's day.
 */
import { randomUUID } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import Database from 'better-sqlite3';

/** The instant of a New York wall-clock time: `ny(2026, 11, 3, 23, 30)` is 23:30 on 3 November 2026. */
export const ny = (year: number, month: number, day: number, hour: number, minute = 0, second = 0): number =>
  new TZDate(year, month - 1, day, hour, minute, second, 'America/New_York').getTime();

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export interface FixtureChat {
  campus: string;
  createdAt: number;
  /** The first claim: when (ms after the start) and by whom. */
  firstClaim?: { after: number; by: string };
  /** Who holds it now or held it last (default: the first claimer). */
  holder?: string | null;
  /** Ended this long after the start, for this reason. */
  end?: { after: number; reason: 'operator' | 'patron_left' | 'ticket' | 'expired' | 'policy' };
  /** The ticket offer reached this long after the start. */
  ticketOfferAfter?: number;
  /** Put back in a queue: the campus it started in (the chat's campus is then the queue's). */
  startCampus?: string;
}

/** A writable connection to the server's file and the inserts the fixtures use. */
export class Fixture {
  readonly db: Database.Database;

  constructor(dbPath: string) {
    this.db = new Database(dbPath, { fileMustExist: true });
  }

  chat(chat: FixtureChat): string {
    const id = `chat-${randomUUID()}`;
    const claimedAt = chat.firstClaim ? chat.createdAt + chat.firstClaim.after : null;
    const holder = chat.holder === undefined ? (chat.firstClaim?.by ?? null) : chat.holder;
    const state = chat.end ? 'ended' : holder !== null ? 'claimed' : 'waiting';
    this.db
      .prepare(
        `INSERT INTO chats (id, encounter_id, campus, patron_name, question, name_is_question, state, created_at, claimed_by, claimed_at,
           ended_at, end_reason, ticket_offered_at, patron_token_hash, start_client_id, first_claimed_at, first_claimed_by, first_ticket_offer_at, start_campus)
         VALUES (@id, @encounter, @campus, 'Pat', 'A question', 0, @state, @createdAt, @holder, @claimedAt, @endedAt, @endReason, @offer, 'hash', @startId,
           @claimedAt, @firstBy, @offer, @startCampus)`,
      )
      .run({
        id,
        encounter: `E-${id.slice(5, 17)}`,
        campus: chat.campus,
        state,
        createdAt: chat.createdAt,
        holder,
        claimedAt,
        endedAt: chat.end ? chat.createdAt + chat.end.after : null,
        endReason: chat.end?.reason ?? null,
        offer: chat.ticketOfferAfter === undefined ? null : chat.createdAt + chat.ticketOfferAfter,
        startId: `start-${id}`,
        firstBy: chat.firstClaim?.by ?? null,
        startCampus: chat.startCampus ?? null,
      });
    return id;
  }

  transfer(chatId: string, fromId: string, toId: string, at: number, state: 'pending' | 'accepted' | 'declined' | 'expired' | 'cancelled'): void {
    this.db
      .prepare(
        `INSERT INTO transfers (id, chat_id, from_id, to_id, note, created_at, expires_at, state, closed_at) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?)`,
      )
      .run(`tr-${randomUUID()}`, chatId, fromId, toId, at, at + MINUTE, state, state === 'pending' ? null : at + 10 * SECOND);
  }

  requeue(chatId: string, byId: string, fromCampus: string, toCampus: string, at: number): void {
    this.db.prepare('INSERT INTO chat_requeues (chat_id, by_id, from_campus, to_campus, at) VALUES (?, ?, ?, ?, ?)').run(chatId, byId, fromCampus, toCampus, at);
  }

  ticket(ticket: { campus: string; at: number; by: string | null; chatId?: string; deliveries?: { channel: 'email' | 'libanswers'; state: 'pending' | 'sent' | 'failed' }[] }): void {
    const id = `tk-${randomUUID()}`;
    this.db
      .prepare(
        `INSERT INTO tickets (id, encounter_id, chat_id, campus, patron_name, email, no_email, question, transcript, status, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'Pat', 'pat@example.edu', 0, 'A question', '[]', 'open', ?, ?, ?)`,
      )
      .run(id, `T-${id.slice(3, 15)}`, ticket.chatId ?? null, ticket.campus, ticket.by, ticket.at, ticket.at);
    for (const delivery of ticket.deliveries ?? []) {
      this.db.prepare(`INSERT INTO ticket_outbox (ticket_id, channel, target, state) VALUES (?, ?, 'somewhere', ?)`).run(id, delivery.channel, delivery.state);
    }
  }

  rating(chatId: string, campus: string, operatorId: string, rating: number, at: number): void {
    this.db.prepare(`INSERT INTO chat_feedback (chat_id, campus, operator_id, rating, comment, at) VALUES (?, ?, ?, ?, '', ?)`).run(chatId, campus, operatorId, rating, at);
  }

  close(): void {
    this.db.close();
  }
}
