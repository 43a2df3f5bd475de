import { type ChatFeedback, type FeedbackSummary, SUMMARY_COMMENTS } from '../../shared/feedback/schemas';
import type { Db } from '../platform/db';

interface FeedbackRow {
  chat_id: string;
  rating: number;
  comment: string;
  at: number;
}

export interface NewFeedback {
  chatId: string;
  campus: string;
  /** Who held the chat when it ended: the librarian the rating is about. */
  operatorId: string;
  rating: number;
  comment: string;
  at: number;
}

const toFeedback = (row: FeedbackRow): ChatFeedback => ({ chatId: row.chat_id, rating: row.rating, comment: row.comment, at: row.at });

/**
 * Patron feedback, in the capability's own table (`chat_feedback`, one row per chat: a chat is
 * rated once). Every SQL statement about it is here; the summaries read the (campus, at) index.
 */
export class FeedbackStore {
  private readonly statements;

  constructor(db: Db) {
    // An open end of the range (null) means all time on that side.
    const range = 'campus = @campus AND (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to)';
    this.statements = {
      add: db.prepare<NewFeedback>('INSERT OR IGNORE INTO chat_feedback (chat_id, campus, operator_id, rating, comment, at) VALUES (@chatId, @campus, @operatorId, @rating, @comment, @at)'),
      ofChat: db.prepare<[string], FeedbackRow>('SELECT chat_id, rating, comment, at FROM chat_feedback WHERE chat_id = ?'),
      counts: db.prepare<{ campus: string; from: number | null; to: number | null }, { rating: number; n: number }>(`SELECT rating, COUNT(*) AS n FROM chat_feedback WHERE ${range} GROUP BY rating`),
      comments: db.prepare<{ campus: string; from: number | null; to: number | null; limit: number }, FeedbackRow & { encounter_id: string }>(
        `SELECT f.chat_id, f.rating, f.comment, f.at, c.encounter_id FROM chat_feedback f JOIN chats c ON c.id = f.chat_id
         WHERE f.campus = @campus AND (@from IS NULL OR f.at >= @from) AND (@to IS NULL OR f.at < @to) AND f.comment != ''
         ORDER BY f.at DESC LIMIT @limit`,
      ),
    };
  }

  /** Store a chat's rating; false when the chat was rated already (nothing changes). */
  add(feedback: NewFeedback): boolean {
    return this.statements.add.run(feedback).changes === 1;
  }

  ofChat(chatId: string): ChatFeedback | null {
    const row = this.statements.ofChat.get(chatId);
    return row ? toFeedback(row) : null;
  }

  summary(campus: string, from: number | null, to: number | null): FeedbackSummary {
    const byRating = [0, 0, 0, 0, 0];
    for (const { rating, n } of this.statements.counts.all({ campus, from, to })) byRating[rating - 1] = n;
    const count = byRating.reduce((a, b) => a + b, 0);
    const total = byRating.reduce((sum, n, i) => sum + n * (i + 1), 0);
    const comments = this.statements.comments.all({ campus, from, to, limit: SUMMARY_COMMENTS }).map((r) => ({ encounterId: r.encounter_id, rating: r.rating, comment: r.comment, at: r.at }));
    return { campus, from, to, count, byRating, average: count === 0 ? null : Math.round((total / count) * 100) / 100, comments };
  }
}
