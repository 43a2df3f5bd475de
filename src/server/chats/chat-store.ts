import { type ChatCore, type ChatMessage, ChatState, EndReason, MessageFrom, MessageVisibility } from '../../shared/chats/schemas';
import type { Db } from '../platform/db';

/** A chat as stored, with the claimer's name joined in. */
export interface ChatRow {
  id: string;
  encounter_id: string;
  campus: string;
  patron_name: string;
  question: string;
  name_is_question: 0 | 1;
  state: string;
  created_at: number;
  claimed_by: string | null;
  claimed_at: number | null;
  ended_at: number | null;
  end_reason: string | null;
  ticket_offered_at: number | null;
  /** Set when a librarian put the chat back in a queue: it waits from then on. */
  queued_at: number | null;
  patron_token_hash: string;
  start_client_id: string;
  given_name: string | null;
  patron_email: string;
  patron_phone: string;
  transcript_rev: number | null;
  claimer_name: string | null;
  claimer_campus: string | null;
}

interface MessageRow {
  id: string;
  chat_id: string;
  seq: number;
  /** The line's place among what the patron sees (null for an internal note): a patron's numbers have no gaps. */
  patron_seq: number | null;
  from_kind: string;
  visibility: string;
  author_name: string;
  text: string;
  at: number;
}

export interface NewChat {
  id: string;
  encounterId: string;
  campus: string;
  patronName: string;
  question: string;
  nameIsQuestion: boolean;
  createdAt: number;
  patronTokenHash: string;
  startClientId: string;
}

export interface NewMessage {
  id: string;
  chatId: string;
  from: ChatMessage['from'];
  visibility: ChatMessage['visibility'];
  authorId: string | null;
  authorName: string;
  text: string;
  at: number;
  clientId: string | null;
}

/**
 * A chat with its claimer's name. Fields other capabilities own (the interview, incident reports) are theirs to
 * read, from their own tables (./fields.ts).
 */
const CHAT_SELECT = `SELECT c.*, o.name AS claimer_name, o.campus AS claimer_campus FROM chats c LEFT JOIN operators o ON o.id = c.claimed_by`;

/** A line as `allMessagesOfChats` reads it, in its SELECT's order. */
type MessageTuple = [id: string, chatId: string, seq: number, fromKind: string, visibility: string, authorName: string, text: string, at: number];

/**
 * The enumerations live in the zod schemas, not in SQL CHECK lists (a new value needs no table
 * rebuild), so a value read back is checked here: a row no schema knows fails loudly, not quietly.
 */
const fromTuple = ([id, chatId, seq, fromKind, visibility, authorName, text, at]: MessageTuple): ChatMessage => ({
  id,
  chatId,
  seq,
  from: MessageFrom.parse(fromKind),
  visibility: MessageVisibility.parse(visibility),
  authorName,
  text,
  at,
});
const toMessage = (row: MessageRow): ChatMessage => fromTuple([row.id, row.chat_id, row.seq, row.from_kind, row.visibility, row.author_name, row.text, row.at]);

/**
 * A line as the patron's page gets it: numbered among the patron-visible lines only, so the
 * numbers a patron sees (lines, acks, the resume cursor) say nothing of the internal notes
 * between them; their own lines carry the client id they were sent with.
 */
export interface PatronLine {
  message: ChatMessage & { visibility: 'patron' };
  clientId: string | null;
}

const toPatronLine = (row: MessageRow & { client_id: string | null }): PatronLine | null =>
  row.visibility === 'patron' && row.patron_seq !== null
    ? { message: { ...toMessage(row), seq: row.patron_seq, visibility: 'patron' }, clientId: row.client_id }
    : null;

/**
 * What the chats capability keeps of a stored chat; `patronConnected` is the backend's live
 * knowledge of the patron's page. Chats.summary adds the registered fields.
 */
export function toChatCore(row: ChatRow, messages: ChatMessage[], patronConnected: boolean): ChatCore {
  return {
    id: row.id,
    encounterId: row.encounter_id,
    campus: row.campus,
    patronName: row.patron_name,
    question: row.question,
    nameIsQuestion: row.name_is_question === 1,
    state: ChatState.parse(row.state),
    createdAt: row.created_at,
    claimedBy:
      row.claimed_by !== null && row.claimer_name !== null && row.claimer_campus !== null
        ? { id: row.claimed_by, name: row.claimer_name, campus: row.claimer_campus }
        : null,
    claimedAt: row.claimed_at,
    endedAt: row.ended_at,
    endReason: row.end_reason === null ? null : EndReason.parse(row.end_reason),
    ticketOfferedAt: row.ticket_offered_at,
    queuedAt: row.queued_at,
    messages,
    givenName: row.given_name,
    patronEmail: row.patron_email,
    patronPhone: row.patron_phone,
    patronConnected: row.state === 'ended' ? false : patronConnected,
  };
}

/** Every SQL statement about chats and transcripts; callers own the transactions. */
export class ChatStore {
  private readonly byId;
  private readonly byStartClientId;
  private readonly byEncounterId;
  private readonly open;
  private readonly recentEnded;
  private readonly openIds;
  private readonly recentEndedIds;
  private readonly countOpen;
  private readonly insertChat;
  private readonly claimWaiting;
  private readonly endOpen;
  private readonly offerTicketIfWaiting;
  private readonly setTokenHash;
  private readonly insertMessage;
  private readonly messageById;
  private readonly messageByClientId;
  private readonly patronLinesAfterSeq;
  private readonly patronLineById;
  private readonly lastMessagesOf;
  private readonly countMessages;
  private readonly setPatronInfo;
  private readonly bumpRev;
  private readonly changedAfterRev;
  private readonly allMessagesOf;
  private readonly allMessagesOfMany;
  private readonly countMessagesOfMany;

  constructor(db: Db) {
    this.byId = db.prepare<[string], ChatRow>(`${CHAT_SELECT} WHERE c.id = ?`);
    this.byStartClientId = db.prepare<[string], ChatRow>(`${CHAT_SELECT} WHERE c.start_client_id = ?`);
    this.byEncounterId = db.prepare<[string], { id: string }>('SELECT id FROM chats WHERE encounter_id = ?');
    this.open = db.prepare<[], ChatRow>(`${CHAT_SELECT} WHERE c.state IN ('waiting', 'claimed') ORDER BY c.created_at, c.id`);
    this.recentEnded = db.prepare<[number], ChatRow>(
      `${CHAT_SELECT} WHERE c.state = 'ended' ORDER BY c.ended_at DESC, c.id LIMIT ?`,
    );
    this.openIds = db.prepare<[], string>(`SELECT c.id FROM chats c WHERE c.state IN ('waiting', 'claimed') ORDER BY c.created_at, c.id`);
    this.recentEndedIds = db.prepare<[number], string>(`SELECT c.id FROM chats c WHERE c.state = 'ended' ORDER BY c.ended_at DESC, c.id LIMIT ?`);
    this.countOpen = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM chats WHERE state IN ('waiting', 'claimed')`);
    this.insertChat = db.prepare(
      `INSERT INTO chats (id, encounter_id, campus, patron_name, question, name_is_question, state, created_at, patron_token_hash, start_client_id)
       VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?)`,
    );
    // The one conditional write that decides a claim race: only a still-waiting chat changes. The
    // first claim is kept for the statistics (a hand-over or requeue rewrites claimed_at).
    this.claimWaiting = db.prepare(
      `UPDATE chats SET state = 'claimed', claimed_by = @by, claimed_at = @at,
         first_claimed_at = COALESCE(first_claimed_at, @at), first_claimed_by = COALESCE(first_claimed_by, @by)
       WHERE id = @chat AND state = 'waiting'`,
    );
    this.endOpen = db.prepare(`UPDATE chats SET state = 'ended', ended_at = ?, end_reason = ? WHERE id = ? AND state <> 'ended'`);
    // The first offer is kept for the statistics: a requeue clears ticket_offered_at.
    this.offerTicketIfWaiting = db.prepare(
      `UPDATE chats SET ticket_offered_at = @at, first_ticket_offer_at = COALESCE(first_ticket_offer_at, @at)
       WHERE id = @chat AND state = 'waiting' AND ticket_offered_at IS NULL`,
    );
    this.setTokenHash = db.prepare('UPDATE chats SET patron_token_hash = ? WHERE id = ?');
    // The next per-chat seq, and for a patron-visible line the next patron seq, are computed
    // inside the insert, so they are atomic with it.
    this.insertMessage = db.prepare(
      `INSERT INTO messages (id, chat_id, seq, patron_seq, from_kind, visibility, author_id, author_name, text, at, client_id)
       VALUES (@id, @chatId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE chat_id = @chatId),
         CASE WHEN @visibility = 'patron' THEN (SELECT COALESCE(MAX(patron_seq), 0) + 1 FROM messages WHERE chat_id = @chatId) END,
         @from, @visibility, @authorId, @authorName, @text, @at, @clientId)`,
    );
    this.messageById = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?');
    this.messageByClientId = db.prepare<[string, string, string], MessageRow>(
      'SELECT * FROM messages WHERE chat_id = ? AND from_kind = ? AND client_id = ?',
    );
    // A patron's replay, after their cursor in their own numbering: their side of the transcript
    // only; internal notes never leave the server for them.
    this.patronLinesAfterSeq = db.prepare<[string, number, number], MessageRow & { client_id: string | null }>(
      `SELECT * FROM messages WHERE chat_id = ? AND patron_seq > ? AND visibility = 'patron' ORDER BY patron_seq LIMIT ?`,
    );
    this.patronLineById = db.prepare<[string], MessageRow & { client_id: string | null }>('SELECT * FROM messages WHERE id = ?');
    // seq runs 1..n without gaps, so the highest is the count (and the (chat_id, seq) index answers it).
    this.countMessages = db.prepare<[string], { n: number }>('SELECT COALESCE(MAX(seq), 0) AS n FROM messages WHERE chat_id = ?');
    this.lastMessagesOf = db.prepare<[string, number], MessageRow>(
      'SELECT * FROM (SELECT * FROM messages WHERE chat_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
    );
    this.allMessagesOf = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE chat_id = ? ORDER BY seq');
    this.countMessagesOfMany = db.prepare<[string], { chat_id: string; n: number }>(
      'SELECT chat_id, MAX(seq) AS n FROM messages WHERE chat_id IN (SELECT value FROM json_each(?)) GROUP BY chat_id',
    );
    // A page of transcripts in one statement (one per chat cost the feed a third of its time), as
    // arrays: 180,000 lines read as objects took twice as long.
    this.allMessagesOfMany = db
      .prepare<[string], MessageTuple>(
        'SELECT id, chat_id, seq, from_kind, visibility, author_name, text, at FROM messages WHERE chat_id IN (SELECT value FROM json_each(?)) ORDER BY chat_id, seq',
      )
      .raw(true);
    this.setPatronInfo = db.prepare('UPDATE chats SET given_name = ?, patron_email = ?, patron_phone = ? WHERE id = ?');
    // An ended chat's record changed: it gets the next transcript revision, so every desk's transcript search fetches it again.
    this.bumpRev = db.prepare(
      `UPDATE chats SET transcript_rev = (SELECT COALESCE(MAX(transcript_rev), 0) + 1 FROM chats) WHERE id = ? AND state = 'ended'`,
    );
    this.changedAfterRev = db.prepare<[number, number], ChatRow>(`${CHAT_SELECT} WHERE c.transcript_rev > ? ORDER BY c.transcript_rev LIMIT ?`);
  }

  get(id: string): ChatRow | undefined {
    return this.byId.get(id);
  }

  findByStartClientId(clientId: string): ChatRow | undefined {
    return this.byStartClientId.get(clientId);
  }

  encounterIdTaken(encounterId: string): boolean {
    return this.byEncounterId.get(encounterId) !== undefined;
  }

  openChats(): ChatRow[] {
    return this.open.all();
  }

  /** The ids openChats() and recentlyEnded() would return, in the same order: cheap to ask on each snapshot. */
  snapshotChatIds(endedLimit: number): string[] {
    return [...this.openIds.pluck().all(), ...this.recentEndedIds.pluck().all(endedLimit)];
  }

  recentlyEnded(limit: number): ChatRow[] {
    return this.recentEnded.all(limit);
  }

  openCount(): number {
    return this.countOpen.get()?.n ?? 0;
  }

  create(chat: NewChat): void {
    this.insertChat.run(
      chat.id,
      chat.encounterId,
      chat.campus,
      chat.patronName,
      chat.question,
      chat.nameIsQuestion ? 1 : 0,
      chat.createdAt,
      chat.patronTokenHash,
      chat.startClientId,
    );
  }

  /** True only for the one caller whose update found the chat still waiting. */
  claim(chatId: string, operatorId: string, at: number): boolean {
    return this.claimWaiting.run({ by: operatorId, at, chat: chatId }).changes === 1;
  }

  end(chatId: string, reason: EndReason, at: number): boolean {
    const ended = this.endOpen.run(at, reason, chatId).changes === 1;
    if (ended) this.bumpRev.run(chatId);
    return ended;
  }

  setPatron(chatId: string, givenName: string | null, email: string, phone: string): void {
    this.setPatronInfo.run(givenName, email, phone, chatId);
    this.bumpRev.run(chatId);
  }

  /** Something in an ended chat's record another capability keeps changed (the interview, an incident report): its transcript is fetched again. */
  transcriptChanged(chatId: string): void {
    this.bumpRev.run(chatId);
  }

  /** Ended chats whose transcript revision is after `rev`, in revision order. */
  transcriptsAfter(rev: number, limit: number): ChatRow[] {
    return this.changedAfterRev.all(rev, limit);
  }

  /** Every line of a chat (operators see notes too). */
  allMessages(chatId: string): ChatMessage[] {
    return this.allMessagesOf.all(chatId).map(toMessage);
  }

  /** How many lines each of these chats has (seq runs 1..n without gaps); a chat without lines is absent. */
  lineCounts(chatIds: readonly string[]): Map<string, number> {
    return new Map(this.countMessagesOfMany.all(JSON.stringify(chatIds)).map((row) => [row.chat_id, row.n]));
  }

  /** Every line of each of these chats, by chat (a chat without lines has an empty list). */
  allMessagesOfChats(chatIds: readonly string[]): Map<string, ChatMessage[]> {
    const byChat = new Map<string, ChatMessage[]>(chatIds.map((id) => [id, []]));
    for (const line of this.allMessagesOfMany.all(JSON.stringify(chatIds))) byChat.get(line[1])?.push(fromTuple(line));
    return byChat;
  }

  offerTicket(chatId: string, at: number): boolean {
    return this.offerTicketIfWaiting.run({ at, chat: chatId }).changes === 1;
  }

  replaceTokenHash(chatId: string, tokenHash: string): void {
    this.setTokenHash.run(tokenHash, chatId);
  }

  addMessage(message: NewMessage): ChatMessage {
    this.insertMessage.run(message);
    const row = this.messageById.get(message.id);
    if (!row) throw new Error(`message ${message.id} vanished after insert`);
    // A line added to an ended chat (a note for the record) changes its transcript.
    this.bumpRev.run(message.chatId);
    return toMessage(row);
  }

  /** The patron's own line sent with this client id, as the patron sees it; null when there is none. */
  patronLineByClientId(chatId: string, clientId: string): PatronLine | null {
    const row = this.messageByClientId.get(chatId, 'patron', clientId);
    return row ? toPatronLine({ ...row, client_id: clientId }) : null;
  }

  /** A line as the patron sees it; null for an internal note (or no such line). */
  patronLine(messageId: string): PatronLine | null {
    const row = this.patronLineById.get(messageId);
    return row ? toPatronLine(row) : null;
  }

  /** The patron-visible lines after the patron's `patronSeq`, in order, as the patron sees them. */
  patronLinesAfter(chatId: string, patronSeq: number, limit: number): PatronLine[] {
    return this.patronLinesAfterSeq.all(chatId, patronSeq, limit).flatMap((row) => toPatronLine(row) ?? []);
  }

  messageCount(chatId: string): number {
    return this.countMessages.get(chatId)?.n ?? 0;
  }

  lastMessages(chatId: string, limit: number): ChatMessage[] {
    return this.lastMessagesOf.all(chatId, limit).map(toMessage);
  }
}
