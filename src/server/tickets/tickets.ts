import type { IncomingMessage } from 'node:http';
import { chatOpensAgain, chatServiceState } from '../../shared/campuses/chat-hours';
import type { ChatMessage } from '../../shared/chats/schemas';
import { CampusId } from '../../shared/protocol/common';
import type { DeskSnapshot } from '../../shared/desk/events';
import type { Operator } from '../../shared/session/schemas';
import { fillNotice } from '../../shared/templates/notices';
import type { TicketCommand } from '../../shared/tickets/events';
import type { TicketPatronClientFrame } from '../../shared/tickets/patron-frames';
import { MAX_CLOSED_TICKETS_KEPT } from '../../shared/tickets/reduce';
import { type Ticket, type TicketLine, TicketFilter } from '../../shared/tickets/schemas';
import { type CommandTable, type Outcome, type PatronFrameTable, refuse, type ServerCapability, type ServerContext } from '../capability';
import { type Chats, checkChat } from '../chats/chats';
import type { ChatRow } from '../chats/chat-store';
import { newEncounterId, newMessageId } from '../platform/ids';
import type { KeyedBuckets } from '../platform/limits';
import { errorData } from '../platform/log';
import { newId, sameDigest, sha256 } from '../platform/secrets';
import type { Presence } from '../presence/presence';
import type { AccountStore } from '../session/accounts';
import { bearerToken, HttpError, type Routes, sendJson } from '../transport/http';
import type { PatronLink } from '../transport/patron-hub';
import type { Mailer } from '../email/mailer';
import type { HourlyCap } from '../email/hourly-cap';
import { type CampusDelivery, type TicketDeliveryPlan } from './delivery/config';
import { ticketMail } from './delivery/email';
import { LibAnswersForwarder } from './delivery/libanswers-forwarder';
import { DEFAULT_OUTBOX_TUNING, DeliveryDeferred, type OutboxTuning, TicketOutbox } from './delivery/outbox';
import { type NewTicket, TicketStore } from './ticket-store';

/** Tickets on a desk that are not closed; more than this and the oldest are searched on the backend. */
const MAX_OPEN_TICKETS_ON_DESK = 1_000;

export interface TicketsOptions {
  /** Each campus's ticket address and LibAnswers queue (both optional); null: tickets stay in Deskbell. */
  delivery: TicketDeliveryPlan | null;
  /** The server's one mail transport (SMTP from the environment); null: no email is sent. */
  mailer: Mailer | null;
  outbox?: Partial<OutboxTuning>;
  /** How long one email or LibAnswers call may take. */
  deliveryTimeoutMs?: number;
  /** Where LibAnswers credentials named by environment variables are read. */
  env?: NodeJS.ProcessEnv;
  /** Tickets left without a chat count against the same per-address budget as new chats. */
  patronStarts: Pick<KeyedBuckets, 'take'>;
  /** The server-wide hourly cap on mail that patrons cause (a patron's ticket mailed to its campus); over it, mail waits in the outbox. */
  patronMail: HourlyCap;
  /**
   * `directory`: the widget is closed outside the chat service's hours (the season in force);
   * `always-open`: never closed (a test backend, a desk demo at night).
   */
  chatHours: 'directory' | 'always-open';
}

type Frame = Extract<TicketPatronClientFrame, { type: 'ticket' }>;

/** A chat's conversation as a ticket keeps it: the patron's side only, never an internal note. */
const transcriptOf = (lines: ChatMessage[]): TicketLine[] =>
  lines.filter((m) => m.visibility === 'patron').map(({ from, authorName, text, at }) => ({ from, authorName, text, at }));

/**
 * Tickets: the last resort. A librarian makes one from a chat they hold when nobody of the
 * chat's campus is online (the backend checks that too), or a patron leaves one from the chat
 * page; either way it lands in the campus's ticket queue here, the chat ends with the patron
 * told, and the outbox mails it to the campus's ticket address and forwards it to its LibAnswers
 * queue where those are set up, retrying until the far side takes it.
 */
export class Tickets implements ServerCapability {
  readonly store: TicketStore;
  private readonly outbox: TicketOutbox;
  private readonly forwarder: LibAnswersForwarder;

  constructor(
    private readonly ctx: ServerContext,
    private readonly chats: Chats,
    private readonly presence: Presence,
    private readonly options: TicketsOptions,
  ) {
    this.store = new TicketStore(ctx.db);
    const timeoutMs = options.deliveryTimeoutMs ?? 20_000;
    this.forwarder = new LibAnswersForwarder(timeoutMs, options.env, ctx.log, ctx.now);
    for (const entry of options.delivery?.campuses ?? []) {
      if (!ctx.directory.get(entry.campus)) ctx.log('error', 'the ticket delivery plan names an unknown campus', { campus: entry.campus });
      if (entry.email && !options.mailer) ctx.log('error', 'tickets of a campus should be mailed, but no SMTP server is set (DESKBELL_SMTP_HOST)', { campus: entry.campus });
    }
    this.outbox = new TicketOutbox(
      ctx.db,
      { email: (row) => this.mail(row.ticket_id, row.target), libanswers: (row) => this.forward(row.ticket_id) },
      { ...DEFAULT_OUTBOX_TUNING, ...options.outbox },
      ctx.now,
      ctx.log,
      (ticketId) => this.publishUpdate(ticketId),
    );
  }

  recover(): void {
    this.outbox.wake();
  }

  close(): Promise<void> {
    return this.outbox.close();
  }

  memory(): { ticketOutbox: number } {
    return { ticketOutbox: this.outbox.size };
  }

  snapshot(): Pick<DeskSnapshot, 'tickets'> {
    return { tickets: this.store.forDesk(MAX_OPEN_TICKETS_ON_DESK, MAX_CLOSED_TICKETS_KEPT) };
  }

  private campusName(campus: string): string {
    return this.ctx.directory.get(campus)?.name ?? campus;
  }

  private deliveryOf(campus: string): CampusDelivery | null {
    return this.options.delivery?.campuses.find((c) => c.campus === campus) ?? null;
  }

  /** A new ticket, and its deliveries queued, in the caller's transaction. */
  private addTicket(ticket: NewTicket): void {
    this.store.add(ticket);
    const plan = this.deliveryOf(ticket.campus);
    if (plan?.email) this.store.enqueueDelivery(ticket.id, 'email', plan.email, ticket.at);
    if (plan?.libanswers) this.store.enqueueDelivery(ticket.id, 'libanswers', `${plan.libanswers.baseUrl}#${plan.libanswers.queueId}`, ticket.at);
  }

  private newEncounterId(at: number): string {
    let id = newEncounterId(at);
    while (this.store.encounterIdTaken(id)) id = newEncounterId(at);
    return id;
  }

  private publishCreated(ticketId: string): void {
    const ticket = this.store.get(ticketId);
    if (ticket) this.ctx.publish({ type: 'ticket.created', ticket });
    this.outbox.wake();
  }

  private publishUpdate(ticketId: string): void {
    try {
      this.store.touch(ticketId, this.ctx.now());
      const ticket = this.store.get(ticketId);
      if (ticket) this.ctx.publish({ type: 'ticket.updated', ticket });
    } catch (error) {
      this.ctx.log('error', 'could not publish a ticket change', { ticketId, ...errorData(error) });
    }
  }

  // ---- deliveries ------------------------------------------------------------------------

  private details(ticketId: string) {
    const ticket = this.store.details(ticketId);
    if (!ticket) throw new Error(`ticket ${ticketId} is gone`);
    return ticket;
  }

  private async mail(ticketId: string, to: string): Promise<string> {
    const mailer = this.options.mailer;
    if (!mailer) throw new Error('no SMTP server is set up (DESKBELL_SMTP_HOST)');
    const ticket = this.details(ticketId);
    // A ticket no librarian made is mail a patron caused: a flood of tickets from many addresses must not become a flood of mail.
    const cap = this.options.patronMail;
    if (ticket.createdBy === null && !cap.take()) {
      throw new DeliveryDeferred(cap.msUntilRoom(), `waiting: the server's cap of ${cap.max} mails an hour caused by patrons is reached (patronMailPerHour)`);
    }
    const { messageId } = await mailer.send(ticketMail({ to, ticket, campusName: this.campusName(ticket.campus) }));
    return messageId;
  }

  private async forward(ticketId: string): Promise<string> {
    const ticket = this.details(ticketId);
    const target = this.deliveryOf(ticket.campus)?.libanswers;
    if (!target) throw new Error(`LibAnswers forwarding is no longer set up for ${ticket.campus}`);
    return this.forwarder.create(target, ticket, this.campusName(ticket.campus));
  }

  // ---- operator commands -----------------------------------------------------------------

  /** A line to the patron, said by the librarian (the ticket notice, the ask for an email). */
  private operatorLine(chatId: string, by: Operator, text: string, at: number, clientId: string | null): ChatMessage {
    return this.chats.store.addMessage({ id: newMessageId(), chatId, from: 'operator', visibility: 'patron', authorId: by.id, authorName: by.name, text, at, clientId });
  }

  private ticketClosedRefusal(ticketId: string): Outcome<never> {
    return this.store.get(ticketId) ? refuse('ticket_closed', 'this ticket is closed') : refuse('not_found', 'no such ticket');
  }

  readonly commands: CommandTable<TicketCommand['kind']> = {
    'ticket.create': (operator, { chatId, email, noEmail, question, despiteOnline }, { clientId, now }) => {
      const held = checkChat(this.chats.store.get(chatId), chatId, operator, 'held');
      if (!held.ok) return held;
      const row = held.value;
      // The last resort: while a librarian of the patron's campus is online, a transfer comes first.
      const online = this.presence.onlineAt(row.campus, operator.id);
      if (online.length > 0 && !despiteOnline) {
        const names = online.map((op) => op.name).join(', ');
        return refuse('operators_online', `${online.length === 1 ? 'A librarian' : `${online.length} librarians`} of the ${this.campusName(row.campus)} ${online.length === 1 ? 'is' : 'are'} online (${names}): transfer the chat first, or make the ticket anyway`);
      }
      const ticketId = `k_${newId(12)}`;
      this.addTicket({
        id: ticketId,
        encounterId: row.encounter_id,
        chatId,
        campus: row.campus,
        // The name the patron gave the librarian, else the name box unless it held the question.
        patronName: row.given_name ?? (row.name_is_question === 1 ? '' : row.patron_name),
        email: noEmail ? '' : email,
        noEmail: noEmail || email === '',
        question,
        transcript: transcriptOf(this.chats.store.lastMessages(chatId, 2_000)),
        createdBy: operator.id,
        at: now,
        clientId: null,
      });
      const vars = { campus: this.campusName(row.campus), encounterId: row.encounter_id };
      const text = email && !noEmail
        ? fillNotice<'ticket.made'>(this.ctx.templateText('ticket.made', row.campus), { ...vars, email })
        : fillNotice<'ticket.made-no-email'>(this.ctx.templateText('ticket.made-no-email', row.campus), vars);
      const line = this.operatorLine(chatId, operator, text, now, clientId);
      this.chats.store.end(chatId, 'ticket', now);
      return {
        ok: true,
        value: { messageSeq: line.seq },
        after: () => {
          this.chats.deliver(line);
          this.chats.chatEnded(chatId, 'ticket', now);
          this.publishCreated(ticketId);
        },
      };
    },

    'ticket.ask_email': (operator, { chatId }, { clientId, now }) => {
      const held = checkChat(this.chats.store.get(chatId), chatId, operator, 'held');
      if (!held.ok) return held;
      if (this.chats.chatIsFull(chatId)) return refuse('rate_limited', 'this chat has reached its message limit');
      const text = fillNotice<'ticket.ask-email'>(this.ctx.templateText('ticket.ask-email', held.value.campus), { campus: this.campusName(held.value.campus) });
      const line = this.operatorLine(chatId, operator, text, now, clientId);
      return { ok: true, value: { messageSeq: line.seq }, after: () => this.chats.deliver(line) };
    },

    'ticket.status': (_operator, { ticketId, status }, { now }) => {
      if (!this.store.updateStatus(ticketId, status, now)) return this.ticketClosedRefusal(ticketId);
      return { ok: true, value: {}, after: () => this.publishUpdate(ticketId) };
    },

    'ticket.close': (operator, { ticketId, note }, { now }) => {
      if (!this.store.close(ticketId, operator.id, note, now)) return this.ticketClosedRefusal(ticketId);
      return { ok: true, value: {}, after: () => this.publishUpdate(ticketId) };
    },

    'ticket.retry': (_operator, { ticketId }, { now }) => {
      if (!this.store.get(ticketId)) return refuse('not_found', 'no such ticket');
      const retried = this.store.retry(ticketId, now);
      return {
        ok: true,
        value: {},
        after: () => {
          if (retried === 0) return;
          this.publishUpdate(ticketId);
          this.outbox.wake();
        },
      };
    },
  };

  // ---- the patron's ticket -----------------------------------------------------------------

  readonly patronFrames: PatronFrameTable<'ticket'> = {
    ticket: (link, frame) => {
      let outcome: Outcome<{ ticketId: string; encounterId: string; text: string }>;
      try {
        outcome = this.patronTicket(link, frame);
      } catch (error) {
        this.ctx.log('error', 'a patron ticket failed', errorData(error));
        outcome = refuse('internal', 'the ticket could not be saved: please try again in a moment');
      }
      if (!outcome.ok) {
        link.send({ type: 'error', id: frame.id, code: outcome.code, message: outcome.message });
        return;
      }
      this.ctx.runAfter(outcome.after);
      link.send({ type: 'ticket_made', id: frame.id, encounterId: outcome.value.encounterId, text: outcome.value.text });
    },
  };

  private patronNotice(ticket: { campus: string; encounterId: string; patronName: string; email: string }): string {
    return fillNotice<'ticket.patron-made'>(this.ctx.templateText('ticket.patron-made', ticket.campus), {
      patron: ticket.patronName,
      encounterId: ticket.encounterId,
      campus: this.campusName(ticket.campus),
      email: ticket.email,
    });
  }

  /**
   * A ticket frame whose client id made a ticket already: the patron's resend after a lost answer
   * gets the same answer. The client id alone is not a credential: only the same ticket (the same
   * chat, named with its token, or none; the same campus, name, email and question) counts, and
   * anything else is refused with an answer that says nothing of the ticket the id made.
   */
  private resent(ticket: Ticket, frame: Frame): Outcome<{ ticketId: string; encounterId: string; text: string }> {
    const sameChat = frame.chat ? ticket.chatId === frame.chat.chatId && this.tokenOpens(frame.chat) : ticket.chatId === null;
    const sameContent = ticket.campus === frame.campus && ticket.patronName === frame.name && ticket.email === frame.email && ticket.question === frame.question;
    if (!sameChat || !sameContent) return refuse('conflict', 'this ticket id was already used: send the ticket again to send it as a new one');
    return { ok: true, value: { ticketId: ticket.id, encounterId: ticket.encounterId, text: this.patronNotice(ticket) } };
  }

  private tokenOpens(chat: { chatId: string; token: string }): boolean {
    const row = this.chats.store.get(chat.chatId);
    return row !== undefined && sameDigest(sha256(chat.token), row.patron_token_hash);
  }

  /**
   * A patron's ticket: with their chat (named by its resume token: waiting, or dropped before a
   * librarian came) it becomes that chat's ticket and the chat leaves every board; without one
   * (chat hours are over) it stands alone. The same client id, or the same chat, never makes two.
   */
  private patronTicket(link: PatronLink, frame: Frame): Outcome<{ ticketId: string; encounterId: string; text: string }> {
    const again = this.store.byClient(frame.id);
    if (again) return this.resent(again, frame);
    const campus = this.ctx.directory.get(frame.campus);
    if (!campus) return refuse('not_found', `unknown campus "${frame.campus}"`);
    const now = this.ctx.now();
    let row: ChatRow | null = null;
    if (frame.chat) {
      const found = this.chats.store.get(frame.chat.chatId);
      // One answer for "no such chat" and "wrong token", so chat ids cannot be probed.
      if (!found || !sameDigest(sha256(frame.chat.token), found.patron_token_hash)) return refuse('unauthorized', 'unknown chat or wrong resume token');
      const existing = this.store.ofChat(found.id);
      if (existing) return { ok: true, value: { ticketId: existing.id, encounterId: existing.encounterId, text: this.patronNotice(existing) } };
      const dropped = found.state === 'ended' && (found.end_reason === 'patron_left' || found.end_reason === 'expired') && found.claimed_by === null;
      if (found.state === 'claimed') return refuse('invalid_frame', 'a librarian is with you in this chat now: ask them');
      if (found.state === 'ended' && !dropped) return refuse('chat_ended', 'this chat has ended: leave a ticket without it');
      row = found;
    } else if (!this.options.patronStarts.take(link.address)) {
      this.ctx.logLimit(`patron-tickets:${link.address}`, 'patron ticket refused: too many from one address', { address: link.address });
      return refuse('rate_limited', 'too many requests from your network just now: please wait a minute, then try again');
    }
    const chat = row;
    const ticketId = `k_${newId(12)}`;
    const encounterId = chat?.encounter_id ?? this.newEncounterId(now);
    this.ctx.db.transaction(() => {
      this.addTicket({
        id: ticketId,
        encounterId,
        chatId: chat?.id ?? null,
        campus: chat?.campus ?? campus.id,
        patronName: frame.name,
        email: frame.email,
        noEmail: false,
        question: frame.question,
        transcript: chat ? transcriptOf(this.chats.store.lastMessages(chat.id, 2_000)) : [],
        createdBy: null,
        at: now,
        clientId: frame.id,
      });
      if (chat?.state === 'waiting') this.chats.store.end(chat.id, 'ticket', now);
    })();
    const text = this.patronNotice({ campus: chat?.campus ?? campus.id, encounterId, patronName: frame.name, email: frame.email });
    return {
      ok: true,
      value: { ticketId, encounterId, text },
      after: () => {
        if (chat?.state === 'waiting') this.chats.chatEnded(chat.id, 'ticket', now);
        this.publishCreated(ticketId);
      },
    };
  }

  // ---- bulk reads over HTTP ----------------------------------------------------------------

  routes(accounts: AccountStore): Routes {
    const signedIn = (req: IncomingMessage): void => {
      const token = bearerToken(req);
      if (!token || !accounts.authenticate(token)) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <session token>');
    };
    return {
      // The widget asks before it offers a chat: outside the chat hours it offers a ticket at once.
      '/api/chat-status': {
        GET: (_req, res, url) => {
          const campusId = CampusId.safeParse(url.searchParams.get('campus'));
          if (!campusId.success) throw new HttpError(400, 'invalid_request', 'campus must be a campus id');
          const campus = this.ctx.directory.get(campusId.data);
          if (!campus) throw new HttpError(404, 'not_found', `unknown campus "${campusId.data}"`);
          const service = this.ctx.directory.chatService();
          const now = this.ctx.now();
          const state = this.options.chatHours === 'always-open' ? ({ kind: 'unknown' } as const) : chatServiceState(service, now);
          const open = state.kind !== 'closed';
          const message = open
            ? ''
            : fillNotice<'widget.closed'>(this.ctx.templateText('widget.closed', campus.id), { campus: campus.name, opensAt: chatOpensAgain(service, state, now) });
          sendJson(res, 200, { open, message, opensAt: state.kind === 'closed' ? state.opensAt : null });
        },
      },
      '/api/tickets': {
        GET: (req, res, url) => {
          signedIn(req);
          const limit = url.searchParams.get('limit');
          const filter = TicketFilter.safeParse({
            campus: url.searchParams.get('campus') || undefined,
            status: url.searchParams.get('status') || undefined,
            text: url.searchParams.get('text') ?? undefined,
            limit: limit === null ? undefined : Number(limit),
          });
          if (!filter.success) throw new HttpError(400, 'invalid_request', `bad ticket filter: ${filter.error.issues[0]?.message ?? 'invalid'}`);
          sendJson(res, 200, { tickets: this.store.find(filter.data) });
        },
      },
      '/api/ticket': {
        GET: (req, res, url) => {
          signedIn(req);
          const id = url.searchParams.get('id') ?? '';
          if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new HttpError(400, 'invalid_request', 'id must be a ticket id');
          const ticket = this.store.details(id);
          if (!ticket) throw new HttpError(404, 'not_found', `no ticket ${id}`);
          const campus = this.ctx.directory.get(ticket.campus);
          sendJson(res, 200, { ...ticket, campusContact: this.deliveryOf(ticket.campus)?.email ?? campus?.directorEmail ?? '' });
        },
      },
    };
  }
}
