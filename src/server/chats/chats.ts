import type { ChatCommand } from '../../shared/chats/events';
import { nameLooksLikeQuestion } from '../../shared/chats/intake';
import type { ChatPatronClientFrame, PatronStatus } from '../../shared/chats/patron-frames';
import { MAX_MESSAGES_KEPT } from '../../shared/chats/reduce';
import { type Chat, type ChatMessage, ChatState, type EndReason, EndReason as EndReasonSchema } from '../../shared/chats/schemas';
import type { OperatorServerSingleFrame } from '../../shared/protocol/operator';
import type { PatronServerFrame } from '../../shared/protocol/patron';
import type { Operator } from '../../shared/session/schemas';
import { type CommandTable, type Outcome, type PatronFrameTable, refuse, type ServerCapability, type ServerContext } from '../capability';
import { DeadlineTimer } from '../platform/deadlines';
import { newChatId, newEncounterId, newMessageId } from '../platform/ids';
import type { Limits } from '../platform/limits';
import type { KeyedBuckets } from '../platform/limits';
import { errorData } from '../platform/log';
import { newToken, sameDigest, sha256 } from '../platform/secrets';
import type { PatronLink } from '../transport/patron-hub';
import { type ChatRow, ChatStore, type PatronLine, toChatCore } from './chat-store';
import type { ChatFieldReader } from './fields';
import { ChatSummaries } from './snapshot-summaries';

type Frame<T extends ChatPatronClientFrame['type']> = Extract<ChatPatronClientFrame, { type: T }>;

export interface ChatsOptions {
  ticketOfferAfterMs: number;
  patronGraceMs: number;
  /** maxOpenChats: a flood of patron starts cannot grow the snapshot without bound. */
  limits: Pick<Limits, 'messagesPerChat' | 'startResendWindowMs' | 'maxOpenChats'>;
  /** New chats per client address (a resent start of the same chat is not a new chat). */
  patronStarts: Pick<KeyedBuckets, 'take'>;
}

/** A line's `message` frame to the patron, in their own numbering; their own lines carry the client id they were sent with. */
function messageFrame({ message, clientId }: PatronLine): Extract<PatronServerFrame, { type: 'message' }> {
  return { type: 'message', message, ...(message.from === 'patron' && clientId !== null ? { clientId } : {}) };
}

/**
 * What an operator must have to act on a chat: `open` (it exists and has not ended),
 * `unless-claimed` (open, and if claimed, by them), `held` (open and claimed by them).
 */
export type Holding = 'open' | 'unless-claimed' | 'held';

/** What a patron's lines are signed with: the name they gave, else the name box unless it held the question. */
export function patronAuthor(row: Pick<ChatRow, 'given_name' | 'name_is_question' | 'patron_name'>): string {
  return row.given_name ?? (row.name_is_question === 1 ? 'Patron' : row.patron_name);
}

/** Typing relayed at most this often per chat and side (a `false` always goes through). */
const TYPING_EVERY_MS = 1_000;

/**
 * The guard for recording things about a chat (the patron's name, the interview): the
 * librarian holding it, or, once it ended, the librarian who held it; a waiting chat is nobody's yet.
 */
export function checkRecorder(row: ChatRow | undefined, chatId: string, operator: Operator): Outcome<ChatRow> {
  if (!row) return refuse('not_found', `no chat ${chatId}`);
  if (row.claimed_by === null) return refuse('not_yours', row.state === 'ended' ? 'nobody held this chat' : 'claim this chat first');
  if (row.claimed_by !== operator.id) return refuse('not_yours', `this chat ${row.state === 'ended' ? 'was' : 'is'} held by ${row.claimer_name ?? 'another librarian'}`);
  return { ok: true, value: row };
}

/** The question a start asks: the question box, or the name box when only it holds the question. */
const askedQuestion = (frame: { name: string; question: string }): string => (frame.question === '' ? frame.name : frame.question);

/** The one guard before an operator acts on a chat; every refusal is typed and changes nothing. */
export function checkChat(row: ChatRow | undefined, chatId: string, operator: Operator, holding: Holding): Outcome<ChatRow> {
  if (!row) return refuse('not_found', `no chat ${chatId}`);
  if (row.state === 'ended') return refuse('chat_ended', 'this chat has ended');
  if (holding === 'open') return { ok: true, value: row };
  if (row.state === 'waiting' && holding === 'held') return refuse('not_yours', 'claim this chat first');
  if (row.state === 'claimed' && row.claimed_by !== operator.id) return refuse('not_yours', `this chat is claimed by ${row.claimer_name ?? 'another librarian'}`);
  return { ok: true, value: row };
}

/**
 * Chats: a patron starts one, operators claim, talk and end it. Every change is written to
 * SQLite first, then published as one desk event to every operator stream and, where it
 * concerns the patron, sent to the patron's socket.
 */
export class Chats implements ServerCapability {
  readonly store: ChatStore;
  /** Waiting chats reach the ticket offer at createdAt + ticketOfferAfterMs. */
  private readonly ticketOffers: DeadlineTimer<string>;
  /** Waiting chats whose patron socket closed: ended unless the patron resumes in time. */
  private readonly patronGrace: DeadlineTimer<string>;
  /** Open chats whose patron's page is gone (desks were told): told again when it comes back. */
  private readonly patronAway = new Set<string>();
  /** When typing was last relayed, per `side:chatId`, and what it said: typing is throttled, never stored. */
  private readonly typingRelayed = new Map<string, { at: number; typing: boolean }>();
  /** The snapshot's chats field, kept serialised between late joins. */
  readonly snapshotPart: ChatSummaries;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: ChatsOptions,
    /** The fields other capabilities own on a chat, each read from its owner's table. */
    private readonly fields: ChatFieldReader,
  ) {
    this.store = new ChatStore(ctx.db);
    const onError = (error: unknown, key: string) => ctx.log('error', 'chat deadline failed', { key, ...errorData(error) });
    this.ticketOffers = new DeadlineTimer((chatId) => this.offerTicket(chatId), onError, ctx.now);
    this.patronGrace = new DeadlineTimer((chatId) => this.patronGraceOver(chatId), onError, ctx.now);
    this.snapshotPart = new ChatSummaries(this.store, (rows) => this.summaries(rows));
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /** After a restart: re-arm ticket offers, and give patrons (whose sockets are all gone) the grace to resume. */
  recover(): void {
    const now = this.ctx.now();
    for (const row of this.store.openChats()) {
      // Every patron socket went with the old process: their pages are away until they resume.
      this.patronAway.add(row.id);
      if (row.state !== 'waiting') continue;
      if (row.ticket_offered_at === null) this.ticketOffers.set(row.id, (row.queued_at ?? row.created_at) + this.options.ticketOfferAfterMs);
      this.patronGrace.set(row.id, now + this.options.patronGraceMs);
    }
  }

  close(): void {
    this.ticketOffers.close();
    this.patronGrace.close();
    this.snapshotPart.close();
  }

  memory(): { ticketOfferTimers: number; patronGraceTimers: number; patronLinks: number; patronsAway: number; typingEntries: number } {
    return {
      ticketOfferTimers: this.ticketOffers.size,
      patronGraceTimers: this.patronGrace.size,
      patronLinks: this.ctx.patrons.size,
      patronsAway: this.patronAway.size,
      typingEntries: this.typingRelayed.size,
    };
  }

  /** A chat as desks see it: with whether its patron's page is connected now, and the registered fields. */
  summary(row: ChatRow, messages: ChatMessage[]): Chat {
    return { ...toChatCore(row, messages, this.ctx.patrons.current(row.id) !== undefined), ...this.fields.one(row.id) };
  }

  /** Many chats as desks see them, without lines (a snapshot): each registered field is read once for all. */
  summaries(rows: readonly ChatRow[]): Chat[] {
    return this.composed(rows, () => []);
  }

  /** Many chats whole, every line (a page of the transcript feed): the lines, and each registered field, read once for all. */
  transcripts(rows: readonly ChatRow[]): Chat[] {
    const messagesOf = this.store.allMessagesOfChats(rows.map((row) => row.id));
    return this.composed(rows, (chatId) => messagesOf.get(chatId) ?? []);
  }

  private composed(rows: readonly ChatRow[], messagesOf: (chatId: string) => ChatMessage[]): Chat[] {
    const fieldsOf = this.fields.many(rows.map((row) => row.id));
    return rows.map((row) => ({ ...toChatCore(row, messagesOf(row.id), this.ctx.patrons.current(row.id) !== undefined), ...fieldsOf(row.id) }));
  }

  /** A chat's latest lines (operators see every line, notes included), for a client opening it. */
  history(chatId: string): ChatMessage[] | null {
    if (!this.store.get(chatId)) return null;
    return this.store.lastMessages(chatId, MAX_MESSAGES_KEPT);
  }

  // ---- operator commands -----------------------------------------------------------------

  readonly commands: CommandTable<ChatCommand['kind']> = {
    claim: (operator, { chatId }, { now }) => {
      if (this.store.claim(chatId, operator.id, now)) {
        return {
          ok: true,
          value: {},
          after: () => {
            this.ticketOffers.delete(chatId);
            this.patronGrace.delete(chatId);
            this.ctx.publish({ type: 'chat.claimed', chatId, by: operator, at: now });
            this.sendPatronStatus(chatId);
          },
        };
      }
      const row = this.store.get(chatId);
      // Claiming one's own chat again is harmless: acknowledge without a new event.
      if (row?.state === 'claimed' && row.claimed_by === operator.id) return { ok: true, value: {} };
      const open = checkChat(row, chatId, operator, 'open');
      if (!open.ok) return open;
      return refuse('already_claimed', `already claimed by ${row?.claimer_name ?? 'another librarian'}`);
    },

    send: (operator, { chatId, text }, { clientId, now }) => {
      const open = checkChat(this.store.get(chatId), chatId, operator, 'held');
      if (!open.ok) return open;
      if (this.chatIsFull(chatId)) {
        return refuse('rate_limited', `this chat has reached ${this.options.limits.messagesPerChat} messages: end it, and ask the patron to start a new one if needed`);
      }
      const message = this.store.addMessage({
        id: newMessageId(),
        chatId,
        from: 'operator',
        visibility: 'patron',
        authorId: operator.id,
        authorName: operator.name,
        text,
        at: now,
        clientId,
      });
      return { ok: true, value: { messageSeq: message.seq }, after: () => this.deliver(message) };
    },

    end: (operator, { chatId, policy }, { now }) => {
      const open = checkChat(this.store.get(chatId), chatId, operator, policy ? 'held' : 'unless-claimed');
      if (!open.ok) return open;
      const reason: EndReason = policy ? 'policy' : 'operator';
      this.store.end(chatId, reason, now);
      return { ok: true, value: {}, after: () => this.chatEnded(chatId, reason, now) };
    },

    'patron.set': (operator, { chatId, givenName, email, phone }) => {
      const held = checkRecorder(this.store.get(chatId), chatId, operator);
      if (!held.ok) return held;
      const row = held.value;
      if (row.given_name === givenName && row.patron_email === email && row.patron_phone === phone) return { ok: true, value: {} };
      this.store.setPatron(chatId, givenName, email, phone);
      return { ok: true, value: {}, after: () => this.ctx.publish({ type: 'chat.patron', chatId, givenName, email, phone }) };
    },
  };

  // ---- typing (relayed, throttled, never stored) ------------------------------------------

  /** False when the same news went out for this chat and side less than a second ago. */
  private relayTyping(key: string, typing: boolean): boolean {
    const now = this.ctx.now();
    const last = this.typingRelayed.get(key);
    if (last && last.typing === typing && (typing === false || now - last.at < TYPING_EVERY_MS)) return false;
    this.typingRelayed.set(key, { at: now, typing });
    return true;
  }

  /** The librarian holding a chat is typing: the patron's page shows it. Anyone else's typing frame is ignored. */
  operatorTyping(operator: Operator, chatId: string, typing: boolean): void {
    const row = this.store.get(chatId);
    if (row?.state !== 'claimed' || row.claimed_by !== operator.id) return;
    if (this.relayTyping(`op:${chatId}`, typing)) this.ctx.patrons.send(chatId, { type: 'typing', typing });
  }

  // ---- patron frames ---------------------------------------------------------------------

  readonly patronFrames: PatronFrameTable<ChatPatronClientFrame['type']> = {
    start: (link, frame) => {
      const outcome = this.startChat(link, frame);
      if (!outcome.ok) link.send({ type: 'error', id: frame.id, code: outcome.code, message: outcome.message });
      else this.ctx.runAfter(outcome.after);
    },
    resume: (link, frame) => this.resume(link, frame),
    say: (link, frame) => this.say(link, frame),
    leave: (link) => this.leave(link),
    typing: (link, frame) => {
      const chatId = link.chatId;
      if (chatId === null || this.ctx.patrons.current(chatId) !== link) return;
      const row = this.store.get(chatId);
      if (row?.state !== 'claimed' || row.claimed_by === null) return;
      if (!this.relayTyping(`patron:${chatId}`, frame.typing)) return;
      const typingFrame: OperatorServerSingleFrame = { type: 'typing', chatId, typing: frame.typing, at: this.ctx.now() };
      this.ctx.streams.sendTo(row.claimed_by, JSON.stringify(typingFrame));
    },
  };

  /** A patron socket closed. A waiting chat gets the grace period to be resumed. */
  patronDisconnected(link: PatronLink): void {
    const chatId = link.chatId;
    if (chatId === null || !this.ctx.patrons.unbind(chatId, link)) return;
    const row = this.store.get(chatId);
    if (!row || row.state === 'ended') return;
    if (row.state === 'waiting') this.patronGrace.set(chatId, this.ctx.now() + this.options.patronGraceMs);
    // Said at once: the librarian holding the chat must not type into a closed page unawares.
    this.patronAway.add(chatId);
    this.typingRelayed.delete(`patron:${chatId}`);
    this.ctx.publish({ type: 'chat.patron_link', chatId, connected: false, at: this.ctx.now() });
  }

  /** `start`: a new chat, or, for a resent start (same client id, same chat, soon after), the same chat again. */
  private startChat(link: PatronLink, frame: Frame<'start'>): Outcome<null> {
    const campus = this.ctx.directory.get(frame.campus);
    if (!campus) return refuse('not_found', `unknown campus "${frame.campus}"`);
    if (link.chatId !== null) {
      const bound = this.store.get(link.chatId);
      if (bound && bound.state !== 'ended' && bound.start_client_id !== frame.id) {
        return refuse('invalid_frame', 'this connection already has a chat; end it before starting another');
      }
    }
    const existing = this.store.findByStartClientId(frame.id);
    if (existing) return this.restart(link, existing, frame);
    if (this.store.openCount() >= this.options.limits.maxOpenChats) {
      this.ctx.logLimit('max-open-chats', 'chat start refused: open-chat limit reached', { limit: this.options.limits.maxOpenChats, campus: campus.id });
      return refuse('rate_limited', `the chat service is at its limit of ${this.options.limits.maxOpenChats} open chats: please try again in a few minutes, or leave a question by email`);
    }
    if (!this.options.patronStarts.take(link.address)) {
      this.ctx.logLimit(`patron-starts:${link.address}`, 'chat start refused: too many new chats from one address', { address: link.address });
      return refuse('rate_limited', 'too many new chats from your network just now: please wait a minute, then try again');
    }

    const nameIsQuestion = nameLooksLikeQuestion(frame.name);
    // A question typed only in the name box is the question; a bare name needs one.
    if (frame.question === '' && !nameIsQuestion) return refuse('invalid_frame', 'question: type your question');
    const question = askedQuestion(frame);
    const now = this.ctx.now();
    const token = newToken();
    const chatId = newChatId();
    const messages = this.ctx.db.transaction(() => {
      let encounterId = newEncounterId(now);
      while (this.store.encounterIdTaken(encounterId)) encounterId = newEncounterId(now);
      this.store.create({
        id: chatId,
        encounterId,
        campus: campus.id,
        patronName: frame.name,
        question,
        nameIsQuestion,
        createdAt: now,
        patronTokenHash: sha256(token),
        startClientId: frame.id,
      });
      // The question opens the transcript, from the patron. When the name box held it, that text
      // comes first, and the question box after it unless it only repeats it.
      const line = (text: string, clientId: string | null) =>
        this.store.addMessage({ id: newMessageId(), chatId, from: 'patron', visibility: 'patron', authorId: null, authorName: nameIsQuestion ? 'Patron' : frame.name, text, at: now, clientId });
      const lines = nameIsQuestion ? [line(frame.name, null)] : [];
      if (!nameIsQuestion || question.trim() !== frame.name.trim()) lines.push(line(question, frame.id));
      return lines;
    })();
    return {
      ok: true,
      value: null,
      after: () => {
        const row = this.store.get(chatId);
        if (!row) return;
        this.ticketOffers.set(chatId, now + this.options.ticketOfferAfterMs);
        this.ctx.patrons.bind(chatId, link);
        this.ctx.publish({ type: 'chat.created', chat: this.summary(row, messages) });
        link.send({ type: 'started', chatId, encounterId: row.encounter_id, token, campusName: campus.name });
        link.send(this.patronStatus(row));
        for (const message of messages) this.sendLineTo(link, message.id);
      },
    };
  }

  /**
   * The patron never saw `started` and sent the same start again: issue a fresh resume token (the
   * old one was never delivered) and replay. The client id alone is not a credential: only the same
   * start (campus, name and question exactly as stored), soon after, for a chat still open, counts
   * as a resend; anything else is refused and changes nothing.
   */
  private restart(link: PatronLink, row: ChatRow, frame: Frame<'start'>): Outcome<null> {
    const sameStart = row.campus === frame.campus && row.patron_name === frame.name && row.question === askedQuestion(frame);
    const recent = this.ctx.now() - row.created_at <= this.options.limits.startResendWindowMs;
    if (row.state === 'ended' || !recent || !sameStart) {
      return refuse('invalid_frame', 'this chat id was already used: start a new chat with a new id');
    }
    const token = newToken();
    this.store.replaceTokenHash(row.id, sha256(token));
    const campusName = this.ctx.directory.get(row.campus)?.name ?? row.campus;
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

  private resume(link: PatronLink, frame: Frame<'resume'>): void {
    const row = this.store.get(frame.chatId);
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

  private say(link: PatronLink, frame: Frame<'say'>): void {
    const chatId = link.chatId;
    if (chatId === null) {
      link.send({ type: 'error', id: frame.id, code: 'unauthorized', message: 'start or resume a chat first' });
      return;
    }
    const repeat = this.store.patronLineByClientId(chatId, frame.id);
    if (repeat) {
      link.send({ type: 'ack', id: frame.id, seq: repeat.message.seq });
      return;
    }
    const row = this.store.get(chatId);
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
    const message = this.store.addMessage({
      id: newMessageId(),
      chatId,
      from: 'patron',
      visibility: 'patron',
      authorId: null,
      authorName: patronAuthor(row),
      text: frame.text,
      at: this.ctx.now(),
      clientId: frame.id,
    });
    // The ack's number is the line's among what the patron sees.
    const seen = this.store.patronLine(message.id);
    if (seen) link.send({ type: 'ack', id: frame.id, seq: seen.message.seq });
    // The patron has their own line already (the ack); every desk sees it.
    this.ctx.publish({ type: 'chat.message', message });
  }

  private leave(link: PatronLink): void {
    const chatId = link.chatId;
    if (chatId === null) {
      link.send({ type: 'error', code: 'unauthorized', message: 'start or resume a chat first' });
      return;
    }
    const now = this.ctx.now();
    if (this.store.end(chatId, 'patron_left', now)) {
      this.chatEnded(chatId, 'patron_left', now);
      // The leaving socket may have been replaced already; it still gets its answer.
      if (this.ctx.patrons.current(chatId) !== link) this.sendStatusTo(link, chatId);
    } else this.sendStatusTo(link, chatId);
  }

  // ---- shared steps ----------------------------------------------------------------------

  private attachPatron(chatId: string, link: PatronLink): void {
    this.patronGrace.delete(chatId);
    this.ctx.patrons.bind(chatId, link);
    if (this.patronAway.delete(chatId)) this.ctx.publish({ type: 'chat.patron_link', chatId, connected: true, at: this.ctx.now() });
  }

  /** A stored line to the patron, as they see it, if it is theirs to see (an internal note is not). */
  private sendLineTo(link: PatronLink, messageId: string): void {
    const line = this.store.patronLine(messageId);
    if (line) link.send(messageFrame(line));
  }

  /**
   * Every patron-visible line after `afterSeq` (the patron's cursor, in their own numbering), then
   * the status. Chats hold at most `messagesPerChat` messages, so this is the whole rest of the
   * transcript. The patron's own lines carry the client id they were sent with, so a page can
   * match a replayed line to the copy it is still waiting to confirm.
   */
  private replayToPatron(link: PatronLink, row: ChatRow, afterSeq: number): void {
    for (const line of this.store.patronLinesAfter(row.id, afterSeq, this.options.limits.messagesPerChat)) link.send(messageFrame(line));
    link.send(this.patronStatus(row));
  }

  /** Whether a chat has reached its message limit (a note in it counts too). */
  chatIsFull(chatId: string): boolean {
    return this.store.messageCount(chatId) >= this.options.limits.messagesPerChat;
  }

  private patronStatus(row: ChatRow): PatronStatus {
    const status: PatronStatus = {
      type: 'status',
      state: ChatState.parse(row.state),
      operatorName: row.claimer_name,
      ticketOffered: row.ticket_offered_at !== null,
      ...this.fields.patron(row.id),
    };
    if (row.state !== 'ended') return status;
    // Why it ended (a dropped chat is offered a ticket on return); a chat that became a ticket keeps its encounter id as the ticket's reference.
    return { ...status, endReason: row.end_reason === null ? null : EndReasonSchema.parse(row.end_reason), ticket: row.end_reason === 'ticket' ? row.encounter_id : null };
  }

  /** Tell the chat's patron where their chat stands now (after a change another capability made). */
  sendPatronStatus(chatId: string): void {
    const link = this.ctx.patrons.current(chatId);
    if (link) this.sendStatusTo(link, chatId);
  }

  private sendStatusTo(link: PatronLink, chatId: string): void {
    const row = this.store.get(chatId);
    if (row) link.send(this.patronStatus(row));
  }

  /**
   * A new transcript line, from this capability or another (an internal note): every desk sees
   * it; the patron's socket gets it only if it is theirs to see (visibility `patron`).
   */
  deliver(message: ChatMessage): void {
    this.ctx.publish({ type: 'chat.message', message });
    const link = this.ctx.patrons.current(message.chatId);
    if (link && message.visibility === 'patron') this.sendLineTo(link, message.id);
  }

  /**
   * A chat went back to a queue (a transfer to a campus queue): the ticket offer is due again
   * from now, and a patron who is not connected gets the grace to come back.
   */
  requeued(chatId: string, at: number): void {
    this.ticketOffers.set(chatId, at + this.options.ticketOfferAfterMs);
    if (!this.ctx.patrons.current(chatId)) this.patronGrace.set(chatId, at + this.options.patronGraceMs);
    this.sendPatronStatus(chatId);
  }

  /** After the row is ended (here, or by another capability in its transaction): every desk and the patron are told, and nothing about the chat stays in memory. */
  chatEnded(chatId: string, reason: EndReason, at: number): void {
    this.ticketOffers.delete(chatId);
    this.patronGrace.delete(chatId);
    this.patronAway.delete(chatId);
    this.typingRelayed.delete(`op:${chatId}`);
    this.typingRelayed.delete(`patron:${chatId}`);
    this.ctx.publish({ type: 'chat.ended', chatId, at, reason });
    this.sendPatronStatus(chatId);
    this.ctx.patrons.unbind(chatId);
  }

  private offerTicket(chatId: string): void {
    const at = this.ctx.now();
    if (!this.store.offerTicket(chatId, at)) return;
    this.ctx.publish({ type: 'chat.ticket_offered', chatId, at });
    this.sendPatronStatus(chatId);
  }

  private patronGraceOver(chatId: string): void {
    if (this.ctx.patrons.current(chatId)) return;
    const row = this.store.get(chatId);
    if (row?.state !== 'waiting') return;
    const now = this.ctx.now();
    if (this.store.end(chatId, 'patron_left', now)) this.chatEnded(chatId, 'patron_left', now);
  }
}
