import type { Db } from '../platform/db';

/**
 * What the statistics read of one chat, as a row of values (no object per row: a year is 100,000
 * of them): when it started, its pickup (start to first claim) and length (first claim to end) in
 * ms, the campus it started in, who claimed it first and who held it last, and FLAGS.
 */
export type ChatFacts = [createdAt: number, pickupMs: number | null, lengthMs: number | null, campus: string, firstClaimedBy: string | null, heldBy: string | null, flags: number];
/** In ChatFacts' flags: the chat reached the ticket offer; the patron went away (closed it, or never came back). */
export const REACHED_TICKET_OFFER = 1;
export const PATRON_GONE = 2;

/** A window of time, and whose figures: a campus (null: every campus), a librarian (null: everyone). */
export interface Window {
  lo: number;
  hi: number;
  campus: string | null;
  me: string | null;
}

/** The campus a chat started in, as SQL. */
const START_CAMPUS = 'COALESCE(start_campus, campus)';
/** A transfer or requeue counts for a campus when its chat started there. */
const CHAT_OF_CAMPUS = `(@campus IS NULL OR EXISTS (SELECT 1 FROM chats c WHERE c.id = chat_id AND COALESCE(c.start_campus, c.campus) = @campus))`;

/**
 * Every statement the statistics run: reads only, each over a window of time through an index
 * that starts with its time column (migration 9), so one window costs what it holds.
 */
export class StatisticsStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      // Every chat a day started: the campus and librarian filters are applied on the way in (./compute.ts), so a settled day is read once for any of them.
      chats: db
        .prepare<{ lo: number; hi: number }, ChatFacts>(
          `SELECT created_at, first_claimed_at - created_at, ended_at - first_claimed_at, ${START_CAMPUS}, first_claimed_by, claimed_by,
             (first_ticket_offer_at IS NOT NULL) * ${REACHED_TICKET_OFFER} + (COALESCE(end_reason, '') IN ('patron_left', 'expired')) * ${PATRON_GONE}
           FROM chats INDEXED BY chats_statistics WHERE created_at >= @lo AND created_at < @hi`,
        )
        .raw(),
      anyOpen: db
        .prepare<{ lo: number; hi: number }, number>(`SELECT EXISTS (SELECT 1 FROM chats WHERE state IN ('waiting', 'claimed') AND created_at >= @lo AND created_at < @hi)`)
        .pluck(),
      transfers: db.prepare<Window, { from_id: string; state: string; n: number }>(
        `SELECT from_id, state, COUNT(*) AS n FROM transfers
         WHERE created_at >= @lo AND created_at < @hi AND (@me IS NULL OR from_id = @me) AND ${CHAT_OF_CAMPUS}
         GROUP BY from_id, state`,
      ),
      requeues: db.prepare<Window, { by_id: string; n: number }>(
        `SELECT by_id, COUNT(*) AS n FROM chat_requeues
         WHERE at >= @lo AND at < @hi AND (@me IS NULL OR by_id = @me) AND ${CHAT_OF_CAMPUS}
         GROUP BY by_id`,
      ),
      tickets: db.prepare<Window, { campus: string; by_patron: number; n: number }>(
        `SELECT campus, created_by IS NULL AS by_patron, COUNT(*) AS n FROM tickets
         WHERE created_at >= @lo AND created_at < @hi AND (@campus IS NULL OR campus = @campus) AND (@me IS NULL OR created_by = @me)
         GROUP BY campus, by_patron`,
      ),
      deliveries: db.prepare<Window, { channel: string | null; state: string | null; n: number }>(
        `SELECT o.channel, o.state, COUNT(*) AS n FROM tickets t LEFT JOIN ticket_outbox o ON o.ticket_id = t.id
         WHERE t.created_at >= @lo AND t.created_at < @hi AND (@campus IS NULL OR t.campus = @campus) AND (@me IS NULL OR t.created_by = @me)
         GROUP BY o.channel, o.state`,
      ),
      ratings: db.prepare<Window, { rating: number; n: number }>(
        `SELECT rating, COUNT(*) AS n FROM chat_feedback
         WHERE at >= @lo AND at < @hi AND (@campus IS NULL OR campus = @campus) AND (@me IS NULL OR operator_id = @me)
         GROUP BY rating`,
      ),
      operators: db.prepare<[], { id: string; name: string; campus: string }>('SELECT id, name, campus FROM operators'),
    };
  }

  chats(day: { lo: number; hi: number }): ChatFacts[] {
    return this.statements.chats.all(day);
  }

  /** Whether any chat started in the window is still open (waiting or claimed). */
  anyOpen(day: { lo: number; hi: number }): boolean {
    return this.statements.anyOpen.get(day) === 1;
  }

  transfers(window: Window): { from_id: string; state: string; n: number }[] {
    return this.statements.transfers.all(window);
  }

  requeues(window: Window): { by_id: string; n: number }[] {
    return this.statements.requeues.all(window);
  }

  tickets(window: Window): { campus: string; by_patron: number; n: number }[] {
    return this.statements.tickets.all(window);
  }

  /** Per channel and state; a ticket with no outbox row comes back once with both null. */
  deliveries(window: Window): { channel: string | null; state: string | null; n: number }[] {
    return this.statements.deliveries.all(window);
  }

  ratings(window: Window): { rating: number; n: number }[] {
    return this.statements.ratings.all(window);
  }

  operators(): { id: string; name: string; campus: string }[] {
    return this.statements.operators.all();
  }
}
