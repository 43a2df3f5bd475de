import type { DeskState } from '../desk/state';
import type { TransferOffer } from './schemas';

/** The open offer of a chat, if any (a chat has one at most). */
export const openOfferOf = (state: Pick<DeskState, 'transfers'>, chatId: string): TransferOffer | null =>
  Object.values(state.transfers).find((o) => o.chatId === chatId && o.state === 'pending') ?? null;

/** Open offers made to this librarian, oldest first. */
export const offersTo = (state: Pick<DeskState, 'transfers'>, operatorId: string): TransferOffer[] =>
  Object.values(state.transfers)
    .filter((o) => o.state === 'pending' && o.to.id === operatorId)
    .sort((a, b) => a.createdAt - b.createdAt);

/** The latest offer of a chat by this sender, open or closed (the dialog shows how it ended). */
export const latestOfferOf = (state: Pick<DeskState, 'transfers'>, chatId: string, fromId: string): TransferOffer | null =>
  Object.values(state.transfers)
    .filter((o) => o.chatId === chatId && o.from.id === fromId)
    .sort((a, b) => b.createdAt - a.createdAt)[0] ?? null;
