import { type ClosedTransferState, type TransferOffer, TransferState } from '../../shared/transfers/schemas';
import type { Db } from '../platform/db';

interface OfferRow {
  id: string;
  chat_id: string;
  from_id: string;
  from_name: string;
  from_campus: string;
  to_id: string;
  to_name: string;
  to_campus: string;
  note: string;
  created_at: number;
  expires_at: number;
  state: string;
  closed_at: number | null;
  reason: string;
}

const OFFER_SELECT = `SELECT t.*, f.name AS from_name, f.campus AS from_campus, o.name AS to_name, o.campus AS to_campus
  FROM transfers t JOIN operators f ON f.id = t.from_id JOIN operators o ON o.id = t.to_id`;

const toOffer = (row: OfferRow): TransferOffer => ({
  id: row.id,
  chatId: row.chat_id,
  from: { id: row.from_id, name: row.from_name, campus: row.from_campus },
  to: { id: row.to_id, name: row.to_name, campus: row.to_campus },
  note: row.note,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  state: TransferState.parse(row.state),
  closedAt: row.closed_at,
  reason: row.reason,
});

/**
 * Every SQL statement about transfer offers, and the two writes that move a chat: the hand-over
 * to the addressee and the return to a queue. Each is ONE conditional update, so of two accepts
 * of an offer, or an accept racing the sender's end, exactly one changes anything.
 */
export class TransferStore {
  private readonly insert;
  private readonly byId;
  private readonly openOfChat;
  private readonly open;
  private readonly close;
  private readonly handOverStmt;
  private readonly requeueStmt;
  private readonly recordRequeue;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO transfers (id, chat_id, from_id, to_id, note, created_at, expires_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')`,
    );
    this.byId = db.prepare<[string], OfferRow>(`${OFFER_SELECT} WHERE t.id = ?`);
    this.openOfChat = db.prepare<[string], OfferRow>(`${OFFER_SELECT} WHERE t.chat_id = ? AND t.state = 'pending'`);
    this.open = db.prepare<[], OfferRow>(`${OFFER_SELECT} WHERE t.state = 'pending' ORDER BY t.created_at`);
    this.close = db.prepare(`UPDATE transfers SET state = ?, closed_at = ?, reason = ? WHERE id = ? AND state = 'pending'`);
    // The chat moves only if, at this instant, the sender still holds it and the offer is still
    // open, addressed to this librarian and within its time.
    this.handOverStmt = db.prepare(
      `UPDATE chats SET claimed_by = @to, claimed_at = @at
       WHERE id = @chat AND state = 'claimed' AND claimed_by = @from
         AND EXISTS (SELECT 1 FROM transfers WHERE id = @offer AND chat_id = @chat AND state = 'pending' AND to_id = @to AND from_id = @from AND expires_at > @at)`,
    );
    // The chat keeps the campus it started in (its statistics count there) before it moves.
    this.requeueStmt = db.prepare(
      `UPDATE chats SET state = 'waiting', start_campus = COALESCE(start_campus, campus), campus = @campus, claimed_by = NULL, claimed_at = NULL,
         queued_at = @at, ticket_offered_at = NULL
       WHERE id = @chat AND state = 'claimed' AND claimed_by = @by`,
    );
    // Each requeue is recorded for the statistics (a transfer to a queue), on the same condition, before the chat moves.
    this.recordRequeue = db.prepare(
      `INSERT INTO chat_requeues (chat_id, by_id, from_campus, to_campus, at)
       SELECT id, @by, campus, @campus, @at FROM chats WHERE id = @chat AND state = 'claimed' AND claimed_by = @by`,
    );
  }

  add(offer: Pick<TransferOffer, 'id' | 'chatId' | 'note' | 'createdAt' | 'expiresAt'> & { fromId: string; toId: string }): TransferOffer {
    this.insert.run(offer.id, offer.chatId, offer.fromId, offer.toId, offer.note, offer.createdAt, offer.expiresAt);
    const row = this.byId.get(offer.id);
    if (!row) throw new Error(`transfer ${offer.id} vanished after insert`);
    return toOffer(row);
  }

  get(id: string): TransferOffer | null {
    const row = this.byId.get(id);
    return row ? toOffer(row) : null;
  }

  openOffer(chatId: string): TransferOffer | null {
    const row = this.openOfChat.get(chatId);
    return row ? toOffer(row) : null;
  }

  openOffers(): TransferOffer[] {
    return this.open.all().map(toOffer);
  }

  /** True only for the caller whose update found the offer still open. */
  closeOffer(id: string, state: ClosedTransferState, at: number, reason = ''): boolean {
    return this.close.run(state, at, reason, id).changes === 1;
  }

  /** True when the chat moved to the addressee (see the statement's conditions). */
  handOver(offer: Pick<TransferOffer, 'id' | 'chatId'>, fromId: string, toId: string, at: number): boolean {
    return this.handOverStmt.run({ to: toId, at, chat: offer.chatId, from: fromId, offer: offer.id }).changes === 1;
  }

  /** True when the chat, still held by `byId`, went back to `campus`'s queue. */
  requeue(chatId: string, byId: string, campus: string, at: number): boolean {
    // Both run inside the command's transaction: the record and the move happen together or not at all.
    if (this.recordRequeue.run({ campus, at, chat: chatId, by: byId }).changes !== 1) return false;
    return this.requeueStmt.run({ campus, at, chat: chatId, by: byId }).changes === 1;
  }
}
