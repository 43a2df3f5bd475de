import type { ChatMessage } from '../../shared/chats/schemas';
import type { DeskSnapshot } from '../../shared/desk/events';
import type { Operator } from '../../shared/session/schemas';
import { fillNotice } from '../../shared/templates/notices';
import type { TransferCommand } from '../../shared/transfers/events';
import type { ClosedTransferState, TransferOffer } from '../../shared/transfers/schemas';
import type { AckResult } from '../../shared/protocol';
import { type CommandTable, type Outcome, refuse, type ServerCapability, type ServerContext } from '../capability';
import { type Chats, checkChat } from '../chats/chats';
import { DeadlineTimer } from '../platform/deadlines';
import { newMessageId } from '../platform/ids';
import { errorData } from '../platform/log';
import { newId } from '../platform/secrets';
import type { Presence } from '../presence/presence';
import { TransferStore } from './transfer-store';

export interface TransfersOptions {
  /** How long the addressee has to accept an offer. */
  acceptMs: number;
}

const CLOSED_WORDS: Record<ClosedTransferState, string> = {
  accepted: 'was accepted already',
  declined: 'was declined',
  expired: 'has expired',
  cancelled: 'was withdrawn',
};
/** The same words, looked up by any offer's state (an open offer has none). */
const WORDS_FOR_STATE: Partial<Record<TransferOffer['state'], string>> = CLOSED_WORDS;

/**
 * Transfers: a librarian offers a chat they hold to a colleague who is online, who must accept
 * within `acceptMs`; or puts it back in a campus's queue, where it waits and rings that campus
 * first again. The chat moves by one conditional update (./transfer-store.ts); until the
 * addressee accepts it stays with the sender, who may keep writing, withdraw the offer or end
 * the chat (which closes the offer).
 */
export class Transfers implements ServerCapability {
  readonly store: TransferStore;
  private readonly expiry: DeadlineTimer<string>;

  constructor(
    private readonly ctx: ServerContext,
    private readonly chats: Chats,
    private readonly presence: Presence,
    private readonly options: TransfersOptions,
  ) {
    this.store = new TransferStore(ctx.db);
    this.expiry = new DeadlineTimer(
      (offerId) => this.expire(offerId),
      (error, key) => ctx.log('error', 'transfer deadline failed', { key, ...errorData(error) }),
      ctx.now,
    );
    // A chat that ends (by its holder, the patron, a ticket) takes its open offer with it.
    ctx.observe((event) => {
      if (event.type === 'chat.ended') this.closeOpenOffer(event.chatId, 'cancelled', 'the chat ended');
    });
  }

  /** After a restart: every open offer's deadline again (one already past closes at once). */
  recover(): void {
    for (const offer of this.store.openOffers()) this.expiry.set(offer.id, offer.expiresAt);
  }

  close(): void {
    this.expiry.close();
  }

  memory(): { transferTimers: number } {
    return { transferTimers: this.expiry.size };
  }

  snapshot(): Pick<DeskSnapshot, 'transfers'> {
    return { transfers: this.store.openOffers() };
  }

  /** A transcript line for the patron, said by the librarian `by` (the notice of a transfer). */
  private patronLine(chatId: string, by: Operator, text: string, at: number): ChatMessage {
    return this.chats.store.addMessage({
      id: newMessageId(),
      chatId,
      from: 'operator',
      visibility: 'patron',
      authorId: by.id,
      authorName: by.name,
      text,
      at,
      clientId: null,
    });
  }

  private campusName(campus: string): string {
    return this.ctx.directory.get(campus)?.name ?? campus;
  }

  /** The note with a transfer to a queue: an internal line, kept from the patron like every note. */
  private queueNote(chatId: string, by: Operator, campus: string, note: string, at: number): ChatMessage {
    return this.chats.store.addMessage({
      id: newMessageId(),
      chatId,
      from: 'operator',
      visibility: 'operators',
      authorId: by.id,
      authorName: by.name,
      text: `Note with the transfer to the ${this.campusName(campus)} queue: ${note}`,
      at,
      clientId: null,
    });
  }

  /** Refusal for an offer that is not open, saying how it ended. */
  private closedOffer(offer: TransferOffer) {
    return refuse('transfer_closed', `this transfer ${WORDS_FOR_STATE[offer.state] ?? 'is closed'}`);
  }

  readonly commands: CommandTable<TransferCommand['kind']> = {
    'transfer.offer': (operator, { chatId, to, note }, { now }) => {
      const held = checkChat(this.chats.store.get(chatId), chatId, operator, 'held');
      if (!held.ok) return held;
      if (to === operator.id) return refuse('invalid_frame', 'you hold this chat already: pick a colleague');
      const addressee = this.ctx.accounts.getOperator(to);
      if (!addressee) return refuse('not_found', 'no such librarian');
      const where = this.presence.presenceOf(to);
      if (where !== 'online') return refuse('offline', `${addressee.name} is ${where} now: pick someone online, or a campus queue`);
      const open = this.store.openOffer(chatId);
      if (open) return refuse('transfer_pending', `this chat is already offered to ${open.to.name}: withdraw that offer first`);
      const offer = this.store.add({ id: `t_${newId(12)}`, chatId, fromId: operator.id, toId: to, note, createdAt: now, expiresAt: now + this.options.acceptMs });
      return {
        ok: true,
        value: {},
        after: () => {
          this.expiry.set(offer.id, offer.expiresAt);
          this.ctx.publish({ type: 'transfer.offered', offer });
        },
      };
    },

    'transfer.accept': (operator, { offerId }, { now }) => {
      const offer = this.store.get(offerId);
      if (!offer) return refuse('not_found', 'no such transfer');
      if (offer.to.id !== operator.id) return refuse('not_yours', `this transfer is offered to ${offer.to.name}, not to you`);
      // The reason a librarian can act on first: the chat is over (its offer closed with it).
      if (this.chats.store.get(offer.chatId)?.state === 'ended') return refuse('chat_ended', 'this chat has ended');
      if (offer.state !== 'pending') return this.closedOffer(offer);
      if (offer.expiresAt <= now) return refuse('transfer_closed', 'this transfer has expired');
      // The one conditional update: of two accepts, or an accept and the sender's end, one wins.
      if (!this.store.handOver(offer, offer.from.id, operator.id, now)) {
        const chat = this.chats.store.get(offer.chatId);
        if (!chat || chat.state === 'ended') return refuse('chat_ended', 'this chat has ended');
        return refuse('transfer_closed', 'this chat is no longer with the librarian who offered it');
      }
      this.store.closeOffer(offer.id, 'accepted', now);
      const row = this.chats.store.get(offer.chatId);
      const text = fillNotice<'transfer.taking-over'>(this.ctx.templateText('transfer.taking-over', row?.campus ?? operator.campus), {
        myName: operator.name,
        myCampus: this.campusName(operator.campus),
      });
      const line = this.patronLine(offer.chatId, offer.from, text, now);
      return {
        ok: true,
        value: {},
        after: () => {
          this.expiry.delete(offer.id);
          this.ctx.publish({ type: 'chat.transferred', chatId: offer.chatId, offerId: offer.id, from: offer.from, to: operator, at: now });
          this.ctx.publish({ type: 'transfer.closed', offerId: offer.id, state: 'accepted', at: now, reason: '' });
          this.chats.deliver(line);
          this.chats.sendPatronStatus(offer.chatId);
        },
      };
    },

    'transfer.decline': (operator, { offerId, reason }, { now }) => {
      const offer = this.store.get(offerId);
      if (!offer) return refuse('not_found', 'no such transfer');
      if (offer.to.id !== operator.id) return refuse('not_yours', `this transfer is offered to ${offer.to.name}, not to you`);
      if (!this.store.closeOffer(offer.id, 'declined', now, reason)) return this.closedOffer(offer);
      return { ok: true, value: {}, after: () => this.closed(offer.id, 'declined', now, reason) };
    },

    'transfer.cancel': (operator, { offerId }, { now }) => {
      const offer = this.store.get(offerId);
      if (!offer) return refuse('not_found', 'no such transfer');
      if (offer.from.id !== operator.id) return refuse('not_yours', `only ${offer.from.name}, who offered it, may withdraw this transfer`);
      if (!this.store.closeOffer(offer.id, 'cancelled', now, 'withdrawn')) return this.closedOffer(offer);
      return { ok: true, value: {}, after: () => this.closed(offer.id, 'cancelled', now, 'withdrawn') };
    },

    'transfer.queue': (operator, { chatId, campus, note }, { now }) => this.toQueue(operator, chatId, campus, note, now),
  };

  /**
   * Put a chat `operator` holds back in `campus`'s queue (inside the caller's transaction; `after`
   * tells everyone once it commits). The librarian's own `transfer.queue`, and the one way a chat
   * leaves a librarian who is cut off (an account disabled, its sessions ended).
   */
  toQueue(operator: Operator, chatId: string, campus: string, note: string, now: number): Outcome<AckResult> {
    const held = checkChat(this.chats.store.get(chatId), chatId, operator, 'held');
    if (!held.ok) return held;
    if (!this.ctx.directory.get(campus)) return refuse('not_found', `unknown campus "${campus}"`);
    if (!this.store.requeue(chatId, operator.id, campus, now)) return refuse('not_yours', 'this chat is no longer yours');
    const open = this.store.openOffer(chatId);
    if (open) this.store.closeOffer(open.id, 'cancelled', now, 'the chat went to a queue');
    // The note first: whoever opens the chat from the queue reads it just above the patron's notice.
    const noteLine = note === '' ? null : this.queueNote(chatId, operator, campus, note, now);
    const text = fillNotice<'transfer.to-queue'>(this.ctx.templateText('transfer.to-queue', campus), { campus: this.campusName(campus) });
    const line = this.patronLine(chatId, operator, text, now);
    const row = this.chats.store.get(chatId);
    return {
      ok: true,
      value: {},
      after: () => {
        if (open) this.closed(open.id, 'cancelled', now, 'the chat went to a queue');
        if (row) this.ctx.publish({ type: 'chat.requeued', chat: this.chats.summary(row, []), by: operator });
        if (noteLine) this.chats.deliver(noteLine);
        this.chats.deliver(line);
        this.chats.requeued(chatId, now);
      },
    };
  }

  /** Offers waiting for a librarian who was cut off (an account disabled, its sessions ended): declined now, so the sender can choose again. */
  declineOffersTo(operatorId: string, reason: string): void {
    const at = this.ctx.now();
    for (const offer of this.store.openOffers()) {
      if (offer.to.id === operatorId && this.store.closeOffer(offer.id, 'declined', at, reason)) this.closed(offer.id, 'declined', at, reason);
    }
  }

  private closed(offerId: string, state: ClosedTransferState, at: number, reason: string): void {
    this.expiry.delete(offerId);
    this.ctx.publish({ type: 'transfer.closed', offerId, state, at, reason });
  }

  private closeOpenOffer(chatId: string, state: ClosedTransferState, reason: string): void {
    const at = this.ctx.now();
    const open = this.store.openOffer(chatId);
    if (open && this.store.closeOffer(open.id, state, at, reason)) this.closed(open.id, state, at, reason);
  }

  private expire(offerId: string): void {
    const at = this.ctx.now();
    if (this.store.closeOffer(offerId, 'expired', at, 'not accepted in time')) this.closed(offerId, 'expired', at, 'not accepted in time');
  }
}
