import { updateChat } from '../chats/reduce';
import type { DeskSnapshot } from '../desk/events';
import type { DeskState, EventReducers } from '../desk/state';
import type { TransferEvent } from './events';
import type { TransferOffer } from './schemas';

/** Closed offers kept for the dialogs that show how they ended; open ones are always kept. */
export const MAX_CLOSED_OFFERS_KEPT = 20;

export type TransfersSlice = Readonly<Record<string, TransferOffer>>;

export const transfersFromSnapshot = (snapshot: DeskSnapshot): Pick<DeskState, 'transfers'> => ({
  transfers: Object.fromEntries(snapshot.transfers.map((offer) => [offer.id, offer])),
});

function pruneClosed(offers: Record<string, TransferOffer>): Record<string, TransferOffer> {
  const closed = Object.values(offers).filter((o) => o.state !== 'pending');
  if (closed.length <= MAX_CLOSED_OFFERS_KEPT) return offers;
  closed.sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0));
  const next = { ...offers };
  for (const offer of closed.slice(0, closed.length - MAX_CLOSED_OFFERS_KEPT)) delete next[offer.id];
  return next;
}

export const transferReducers: EventReducers<TransferEvent> = {
  'transfer.offered': (state, { offer }) => (state.transfers[offer.id] ? state : { ...state, transfers: { ...state.transfers, [offer.id]: offer } }),
  'transfer.closed': (state, event) => {
    const offer = state.transfers[event.offerId];
    if (!offer || offer.state !== 'pending') return state;
    return { ...state, transfers: pruneClosed({ ...state.transfers, [offer.id]: { ...offer, state: event.state, closedAt: event.at, reason: event.reason } }) };
  },
  'chat.transferred': (state, event) =>
    updateChat(state, event.chatId, (chat) =>
      chat.state !== 'claimed' || chat.claimedBy?.id !== event.from.id ? chat : { ...chat, claimedBy: event.to, claimedAt: event.at },
    ),
  'chat.requeued': (state, { chat }) => {
    const held = state.chats[chat.id];
    // Only a chat still claimed changes (a replay finds it waiting already); its lines stay.
    if (held && held.state !== 'claimed') return state;
    return { ...state, chats: { ...state.chats, [chat.id]: { ...chat, messages: held?.messages ?? chat.messages } } };
  },
};
