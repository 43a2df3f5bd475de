import type { Db } from '../platform/db';

/** What the statistics read of one chat (migration 9's covering index holds every column). */
export interface ChatFacts {
  created_at: number;
  /** The campus the chat started in (a requeue may have moved it since). */
  campus: string;
  first_claimed_at: number | null;
  first_claimed_by: string | null;
  /** Who holds it now, or held it last. */
  claimed_by: string | null;
  ended_at: number | null;
  end_reason: string | null;
  first_ticket_offer_at: number | null;
}

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
      chats: db.prepare<Window, ChatFacts>(
        `SELECT created_at, ${START_CAMPUS} AS campus, first_claimed_at, first_claimed_by, claimed_by, ended_at, end_reason, first_ticket_offer_at
         FROM chats INDEXED BY chats_statistics
         WHERE created_at >= @lo AND created_at < @hi AND (@campus IS NULL OR ${START_CAMPUS} = @campus)
           AND (@me IS NULL OR first_claimed_by = @me OR claimed_by = @me)`,
      ),
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

  chats(window: Window): ChatFacts[] {
    return this.statements.chats.all(window);
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
