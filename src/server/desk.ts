import type {
  AckResult,
  Campus,
  ChatMessage,
  Command,
  DeskEvent,
  DeskSnapshot,
  ErrorCode,
  Operator,
  OperatorServerFrame,
  PatronClientFrame,
  PatronServerFrame,
} from '../shared/protocol';
import { nameLooksLikeQuestion } from '../shared/desk';
import { MAX_ENDED_CHATS_KEPT, MAX_MESSAGES_KEPT } from '../shared/desk';
import type { AccountStore } from './accounts';
import { type ChatRow, type ChatStore, toChat } from './chat-store';
import type { CommandLog } from './command-log';
import type { KeyedBuckets, Limits } from './limits';
import type { Db } from './db';
import { DeadlineTimer } from './deadlines';
import { newChatId, newEncounterId, newMessageId } from './ids';
import { errorData, type LogFn } from './log';
import type { PatronHub, PatronLink } from './patron-hub';
import type { PresenceBoard } from './presence';
import { newToken, sameDigest, sha256 } from './secrets';
import type { StreamHub } from './stream-hub';

/** Open (waiting or claimed) chats allowed at once: a flood of patron starts cannot grow the snapshot without bound. */
export const MAX_OPEN_CHATS = 2000;

type StartFrame = Extract<PatronClientFrame, { type: 'start' }>;
type ResumeFrame = Extract<PatronClientFrame, { type: 'resume' }>;
type SayFrame = Extract<PatronClientFrame, { type: 'say' }>;

type Outcome<T> = { ok: true; value: T; after?: () => void } | { ok: false; code: ErrorCode; message: string };
const fail = (code: ErrorCode, message: string): Outcome<never> => ({ ok: false, code, message });

export interface DeskDeps {
  db: Db;
  chats: ChatStore;
  accounts: AccountStore;
  commands: CommandLog;
  streams: StreamHub;
  presence: PresenceBoard;
  patrons: PatronHub;
  campuses: readonly Campus[];
  ticketOfferAfterMs: number;
  patronGraceMs: number;
  presenceGraceMs: number;
  limits: Pick<Limits, 'messagesPerChat' | 'startResendWindowMs'>;
  /** New chats per client address (a resent start of the same chat is not a new chat). */
  patronStarts: Pick<KeyedBuckets, 'take'>;
  log: LogFn;
  now?: () => number;
}

/**
 * The desk: every change to a chat goes through here, is written to SQLite first, and is
 * then broadcast as one DeskEvent to every operator stream and, where it concerns the
 * patron, to the patron's socket.
 */
export class Desk {
  private readonly now: () => number;
  private readonly campusById: ReadonlyMap<string, Campus>;
  /** Waiting chats reach the ticket offer at createdAt + ticketOfferAfterMs. */
  private readonly ticketOffers: DeadlineTimer<string>;
  /** Waiting chats whose patron socket closed: ended unless the patron resumes in time. */
  private readonly patronGrace: DeadlineTimer<string>;
  /** Operators with no attached stream go offline after a short grace (a reconnect is not a departure). */
  private readonly presenceGrace: DeadlineTimer<string>;

  constructor(private readonly deps: DeskDeps) {
    this.now = deps.now ?? Date.now;
    this.campusById = new Map(deps.campuses.map((c) => [c.id, c]));
    const onError = (error: unknown, key: string) => deps.log('error', 'deadline handler failed', { key, ...errorData(error) });
    this.ticketOffers = new DeadlineTimer((chatId) => this.offerTicket(chatId), onError, this.now);
    this.patronGrace = new DeadlineTimer((chatId) => this.patronGraceOver(chatId), onError, this.now);
    this.presenceGrace = new DeadlineTimer((operatorId) => this.presenceGraceOver(operatorId), onError, this.now);
  }

  /** After a restart: re-arm ticket offers, and give patrons (whose sockets are all gone) the grace to resume. */
  recover(): void {
    const now = this.now();
    for (const row of this.deps.chats.openChats()) {
      if (row.state !== 'waiting') continue;
      if (row.ticket_offered_at === null) this.ticketOffers.set(row.id, row.created_at + this.deps.ticketOfferAfterMs);
      this.patronGrace.set(row.id, now + this.deps.patronGraceMs);
    }
  }

  close(): void {
    this.ticketOffers.close();
    this.patronGrace.close();
    this.presenceGrace.close();
  }

  /** Timers and links held per chat, for the bounded-memory checks. */
  memoryFootprint(): { ticketOffers: number; patronGrace: number; patronLinks: number; streams: number } {
    return {
      ticketOffers: this.ticketOffers.size,
      patronGrace: this.patronGrace.size,
      patronLinks: this.deps.patrons.size,
      streams: this.deps.streams.size,
    };
  }

  // ---- operators -------------------------------------------------------------------------

  snapshot(): DeskSnapshot {
    const { chats } = this.deps;
    const rows = [...chats.openChats(), ...chats.recentlyEnded(MAX_ENDED_CHATS_KEPT)];
    return {
      campuses: [...this.deps.campuses],
      chats: rows.map((row) => toChat(row, chats.lastMessages(row.id, MAX_MESSAGES_KEPT))),
      operators: this.deps.presence.view(this.deps.accounts.listOperators()),
      serverTime: this.now(),
    };
  }

  /** A hello was accepted: an operator who was offline is now online (a chosen 'away' stays). */
  operatorSignedIn(operator: Operator): void {
    this.presenceGrace.delete(operator.id);
    if (this.deps.presence.presenceOf(operator.id) === 'offline') this.setPresence(operator, 'online');
  }

  /** Called by the stream hub whenever an operator's streams attach or detach. */
  attachmentChanged(operatorId: string): void {
    if (this.deps.streams.attachedCount(operatorId) > 0) this.presenceGrace.delete(operatorId);
    else if (this.deps.presence.presenceOf(operatorId) !== 'offline') this.presenceGrace.set(operatorId, this.now() + this.deps.presenceGraceMs);
  }

  /** A new account shows up on every desk (offline until it signs in). */
  operatorAdded(operator: Operator): void {
    const record = this.deps.accounts.listOperators().find((op) => op.id === operator.id);
    if (!record) return;
    const [view] = this.deps.presence.view([record]);
    if (view) this.publish({ type: 'operator.presence', operator: view });
  }

  /**
   * Run one operator command exactly once per (operator, client id): the answer is stored in
   * the same transaction as the change, and a resend gets the stored answer back verbatim.
   */
  command(operator: Operator, clientId: string, cmd: Command): string {
    const now = this.now();
    const stored = this.deps.commands.recall(operator.id, clientId, now);
    if (stored !== null) return stored;
    let after: (() => void) | undefined;
    let response: string;
    try {
      response = this.deps.db.transaction(() => {
        const outcome = this.execute(operator, clientId, cmd, now);
        const frame: OperatorServerFrame = outcome.ok
          ? { type: 'ack', id: clientId, result: outcome.value }
          : { type: 'error', id: clientId, code: outcome.code, message: outcome.message };
        const text = JSON.stringify(frame);
        this.deps.commands.remember(operator.id, clientId, text, now);
        if (outcome.ok) after = outcome.after;
        return text;
      })();
    } catch (error) {
      // Not stored: the client may retry the same id once the database is healthy again.
      this.deps.log('error', 'command failed', { operatorId: operator.id, kind: cmd.kind, ...errorData(error) });
      return JSON.stringify({ type: 'error', id: clientId, code: 'internal', message: 'the server could not run this command' });
    }
    this.runAfter(after);
    return response;
  }

  private execute(operator: Operator, clientId: string, cmd: Command, now: number): Outcome<AckResult> {
    switch (cmd.kind) {
      case 'claim':
        return this.claim(operator, cmd.chatId, now);
      case 'send':
        return this.operatorSend(operator, clientId, cmd.chatId, cmd.text, now);
      case 'end':
        return this.operatorEnd(operator, cmd.chatId, now);
      case 'presence': {
        const changed = this.deps.presence.set(operator, cmd.presence, now);
        return { ok: true, value: {}, after: changed ? () => this.publish({ type: 'operator.presence', operator: changed }) : undefined };
      }
    }
  }

  private claim(operator: Operator, chatId: string, now: number): Outcome<AckResult> {
    if (this.deps.chats.claim(chatId, operator.id, now)) {
      return {
        ok: true,
        value: {},
        after: () => {
          this.ticketOffers.delete(chatId);
          this.patronGrace.delete(chatId);
          this.publish({ type: 'chat.claimed', chatId, by: operator, at: now });
          this.sendPatronStatus(chatId);
        },
      };
    }
    const row = this.deps.chats.get(chatId);
    if (!row) return fail('not_found', `no chat ${chatId}`);
    if (row.state === 'ended') return fail('chat_ended', 'this chat has ended');
    // Claiming one's own chat again is harmless: acknowledge without a new event.
    if (row.claimed_by === operator.id) return { ok: true, value: {} };
    return fail('already_claimed', `already claimed by ${row.claimer_name ?? 'another librarian'}`);
  }

  private operatorSend(operator: Operator, clientId: string, chatId: string, text: string, now: number): Outcome<AckResult> {
    const row = this.deps.chats.get(chatId);
    if (!row) return fail('not_found', `no chat ${chatId}`);
    if (row.state === 'ended') return fail('chat_ended', 'this chat has ended');
    if (row.state === 'waiting') return fail('not_yours', 'claim this chat before sending');
    if (row.claimed_by !== operator.id) return fail('not_yours', `this chat is claimed by ${row.claimer_name ?? 'another librarian'}`);
    if (this.chatIsFull(chatId)) {
      return fail('rate_limited', `this chat has reached ${this.deps.limits.messagesPerChat} messages: end it, and ask the patron to start a new one if needed`);
    }
    const message = this.deps.chats.addMessage({
      id: newMessageId(),
      chatId,
      from: 'operator',
      authorId: operator.id,
      authorName: operator.name,
      text,
      at: now,
      clientId,
    });
    return { ok: true, value: { messageSeq: message.seq }, after: () => this.deliverMessage(message, true) };
  }

  private operatorEnd(operator: Operator, chatId: string, now: number): Outcome<AckResult> {
    const row = this.deps.chats.get(chatId);
    if (!row) return fail('not_found', `no chat ${chatId}`);
    if (row.state === 'ended') return fail('chat_ended', 'this chat has already ended');
    if (row.state === 'claimed' && row.claimed_by !== operator.id) {
      return fail('not_yours', `this chat is claimed by ${row.claimer_name ?? 'another librarian'}`);
    }
    this.deps.chats.end(chatId, 'operator', now);
    return { ok: true, value: {}, after: () => this.chatEnded(chatId, 'operator', now) };
  }

  // ---- patrons ---------------------------------------------------------------------------

  /** `start`: a new chat, or, for a resent start (same client id, same chat, soon after), the same chat again. */
  patronStart(link: PatronLink, frame: StartFrame): void {
    const outcome = this.startChat(link, frame);
    if (!outcome.ok) {
      link.send({ type: 'error', id: frame.id, code: outcome.code, message: outcome.message });
      return;
    }
    this.runAfter(outcome.after);
  }

  private startChat(link: PatronLink, frame: StartFrame): Outcome<null> {
    const campus = this.campusById.get(frame.campus);
    if (!campus) return fail('not_found', `unknown campus "${frame.campus}"`);
    if (link.chatId !== null) {
      const bound = this.deps.chats.get(link.chatId);
      if (bound && bound.state !== 'ended' && bound.start_client_id !== frame.id) {
        return fail('invalid_frame', 'this connection already has a chat; end it before starting another');
      }
    }
    const existing = this.deps.chats.findByStartClientId(frame.id);
    if (existing) return this.restart(link, existing, frame);
    if (this.deps.chats.openCount() >= MAX_OPEN_CHATS) return fail('rate_limited', 'the desk is too busy to take new chats right now');
    if (!this.deps.patronStarts.take(link.address)) {
      return fail('rate_limited', 'too many new chats from your network just now: please wait a minute, then try again');
    }

    const now = this.now();
    const token = newToken();
    const nameIsQuestion = nameLooksLikeQuestion(frame.name);
    const chatId = newChatId();
    const message = this.deps.db.transaction(() => {
      let encounterId = newEncounterId(now);
      while (this.deps.chats.encounterIdTaken(encounterId)) encounterId = newEncounterId(now);
      this.deps.chats.create({
        id: chatId,
        encounterId,
        campus: campus.id,
        patronName: frame.name,
        question: frame.question,
        nameIsQuestion,
        createdAt: now,
        patronTokenHash: sha256(token),
        startClientId: frame.id,
      });
      // The question is the transcript's first line, from the patron.
      return this.deps.chats.addMessage({
        id: newMessageId(),
        chatId,
        from: 'patron',
        authorId: null,
        authorName: nameIsQuestion ? 'Patron' : frame.name,
        text: frame.question,
        at: now,
        clientId: frame.id,
      });
    })();
    return {
      ok: true,
      value: null,
      after: () => {
        const row = this.deps.chats.get(chatId);
        if (!row) return;
        this.ticketOffers.set(chatId, now + this.deps.ticketOfferAfterMs);
        this.deps.patrons.bind(chatId, link);
        this.publish({ type: 'chat.created', chat: toChat(row, [message]) });
        link.send({ type: 'started', chatId, encounterId: row.encounter_id, token, campusName: campus.name });
        link.send(this.patronStatus(row));
        link.send({ type: 'message', message, clientId: frame.id });
      },
    };
  }

  /**
   * The patron never saw `started` and sent the same start again: issue a fresh resume token (the
   * old one was never delivered) and replay. The client id alone is not a credential: only the same
   * start (campus, name and question exactly as stored), soon after, for a chat still open, counts
   * as a resend; anything else is refused and changes nothing.
   */
  private restart(link: PatronLink, row: ChatRow, frame: StartFrame): Outcome<null> {
    const sameStart = row.campus === frame.campus && row.patron_name === frame.name && row.question === frame.question;
    const recent = this.now() - row.created_at <= this.deps.limits.startResendWindowMs;
    if (row.state === 'ended' || !recent || !sameStart) {
      return fail('invalid_frame', 'this chat id was already used: start a new chat with a new id');
    }
    const token = newToken();
    this.deps.chats.replaceTokenHash(row.id, sha256(token));
    const campusName = this.campusById.get(row.campus)?.name ?? row.campus;
    return {
      ok: true,
      value: null,
      after: () => {
        this.attachPatron(row.id, link);
        link.send({ type: 'started', chatId: row.id, encounterId: row.encounter_id, token, campusName });
        this.replayToPatron(link, row, 0);
      },
    };
  }

  patronResume(link: PatronLink, frame: ResumeFrame): void {
    const row = this.deps.chats.get(frame.chatId);
    // One answer for "no such chat" and "wrong token", so chat ids cannot be probed.
    if (!row || !sameDigest(sha256(frame.token), row.patron_token_hash)) {
      link.send({ type: 'error', code: 'unauthorized', message: 'unknown chat or wrong resume token' });
      return;
    }
    if (link.chatId !== null && link.chatId !== row.id) {
      link.send({ type: 'error', code: 'invalid_frame', message: 'this connection already has a different chat' });
      return;
    }
    if (row.state !== 'ended') this.attachPatron(row.id, link);
    else link.chatId = row.id;
    this.replayToPatron(link, row, frame.lastSeq);
  }

  patronSay(link: PatronLink, frame: SayFrame): void {
    const chatId = link.chatId;
    if (chatId === null) {
      link.send({ type: 'error', id: frame.id, code: 'unauthorized', message: 'start or resume a chat first' });
      return;
    }
    const repeat = this.deps.chats.findMessageByClientId(chatId, 'patron', frame.id);
    if (repeat) {
      link.send({ type: 'ack', id: frame.id, seq: repeat.seq });
      return;
    }
    const row = this.deps.chats.get(chatId);
    if (!row) {
      link.send({ type: 'error', id: frame.id, code: 'not_found', message: 'this chat no longer exists' });
      return;
    }
    if (row.state === 'ended') {
      link.send({ type: 'error', id: frame.id, code: 'chat_ended', message: 'this chat has ended' });
      return;
    }
    if (this.chatIsFull(chatId)) {
      link.send({ type: 'error', id: frame.id, code: 'rate_limited', message: 'this chat is very long: please start a new one' });
      return;
    }
    const message = this.deps.chats.addMessage({
      id: newMessageId(),
      chatId,
      from: 'patron',
      authorId: null,
      authorName: row.name_is_question === 1 ? 'Patron' : row.patron_name,
      text: frame.text,
      at: this.now(),
      clientId: frame.id,
    });
    link.send({ type: 'ack', id: frame.id, seq: message.seq });
    this.deliverMessage(message, false);
  }

  patronLeave(link: PatronLink): void {
    const chatId = link.chatId;
    if (chatId === null) {
      link.send({ type: 'error', code: 'unauthorized', message: 'start or resume a chat first' });
      return;
    }
    const now = this.now();
    if (this.deps.chats.end(chatId, 'patron_left', now)) {
      this.chatEnded(chatId, 'patron_left', now);
      // The leaving socket may have been replaced already; it still gets its answer.
      if (this.deps.patrons.current(chatId) !== link) this.sendStatusTo(link, chatId);
    } else this.sendStatusTo(link, chatId);
  }

  /** A patron socket closed. A waiting chat gets the grace period to be resumed. */
  patronDisconnected(link: PatronLink): void {
    const chatId = link.chatId;
    if (chatId === null || !this.deps.patrons.unbind(chatId, link)) return;
    const row = this.deps.chats.get(chatId);
    if (row?.state === 'waiting') this.patronGrace.set(chatId, this.now() + this.deps.patronGraceMs);
  }

  // ---- shared steps ----------------------------------------------------------------------

  private attachPatron(chatId: string, link: PatronLink): void {
    this.patronGrace.delete(chatId);
    this.deps.patrons.bind(chatId, link);
  }

  /**
   * Everything after `afterSeq`, then the status. Chats hold at most `messagesPerChat` messages,
   * so this is the whole rest of the transcript. The patron's own lines carry the client id they
   * were sent with, so a page can match a replayed line to the copy it is still waiting to confirm.
   */
  private replayToPatron(link: PatronLink, row: ChatRow, afterSeq: number): void {
    for (const { message, clientId } of this.deps.chats.transcriptAfter(row.id, afterSeq, this.deps.limits.messagesPerChat)) {
      link.send({ type: 'message', message, ...(message.from === 'patron' && clientId !== null ? { clientId } : {}) });
    }
    link.send(this.patronStatus(row));
  }

  private chatIsFull(chatId: string): boolean {
    return this.deps.chats.messageCount(chatId) >= this.deps.limits.messagesPerChat;
  }

  private patronStatus(row: ChatRow): Extract<PatronServerFrame, { type: 'status' }> {
    return { type: 'status', state: row.state, operatorName: row.claimer_name, ticketOffered: row.ticket_offered_at !== null };
  }

  private sendPatronStatus(chatId: string): void {
    const link = this.deps.patrons.current(chatId);
    if (link) this.sendStatusTo(link, chatId);
  }

  private sendStatusTo(link: PatronLink, chatId: string): void {
    const row = this.deps.chats.get(chatId);
    if (row) link.send(this.patronStatus(row));
  }

  /** A new transcript line: every desk sees it; the patron sees the librarian's lines. */
  private deliverMessage(message: ChatMessage, toPatron: boolean): void {
    this.publish({ type: 'chat.message', message });
    if (toPatron) this.deps.patrons.send(message.chatId, { type: 'message', message });
  }

  /** After the row is ended: nothing about the chat stays in memory. */
  private chatEnded(chatId: string, reason: 'operator' | 'patron_left', at: number): void {
    this.ticketOffers.delete(chatId);
    this.patronGrace.delete(chatId);
    this.publish({ type: 'chat.ended', chatId, at, reason });
    this.sendPatronStatus(chatId);
    this.deps.patrons.unbind(chatId);
  }

  private offerTicket(chatId: string): void {
    const at = this.now();
    if (!this.deps.chats.offerTicket(chatId, at)) return;
    this.publish({ type: 'chat.ticket_offered', chatId, at });
    this.sendPatronStatus(chatId);
  }

  private patronGraceOver(chatId: string): void {
    if (this.deps.patrons.current(chatId)) return;
    const row = this.deps.chats.get(chatId);
    if (row?.state !== 'waiting') return;
    const now = this.now();
    if (this.deps.chats.end(chatId, 'patron_left', now)) this.chatEnded(chatId, 'patron_left', now);
  }

  private presenceGraceOver(operatorId: string): void {
    if (this.deps.streams.attachedCount(operatorId) > 0) return;
    const operator = this.deps.accounts.getOperator(operatorId);
    if (operator) this.setPresence(operator, 'offline');
  }

  private setPresence(operator: Operator, presence: 'online' | 'away' | 'offline'): void {
    const changed = this.deps.presence.set(operator, presence, this.now());
    if (changed) this.publish({ type: 'operator.presence', operator: changed });
  }

  private publish(event: DeskEvent): void {
    this.deps.streams.publish(event);
  }

  private runAfter(after: (() => void) | undefined): void {
    if (!after) return;
    try {
      after();
    } catch (error) {
      this.deps.log('error', 'broadcast after a committed change failed', errorData(error));
    }
  }
}
