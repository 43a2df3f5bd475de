import type { DeskSnapshot } from '../desk/events';
import type { DeskState, EventReducers } from '../desk/state';
import type { ChatEvent, ChatHistory } from './events';
import type { Chat, ChatMessage } from './schemas';

/** Ended chats stay on the board for a while; beyond this many, the oldest leave memory (SQLite keeps them). */
export const MAX_ENDED_CHATS_KEPT = 30;
/** Messages kept in memory per chat; the full transcript stays in the backend. */
export const MAX_MESSAGES_KEPT = 300;

export type ChatsSlice = Readonly<Record<string, Chat>>;

/** Oldest ended chats beyond the bound are dropped; waiting and claimed chats never are. */
function pruneEnded(chats: Record<string, Chat>): Record<string, Chat> {
  const ended = Object.values(chats).filter((c) => c.state === 'ended');
  if (ended.length <= MAX_ENDED_CHATS_KEPT) return chats;
  ended.sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
  const next = { ...chats };
  for (const chat of ended.slice(0, ended.length - MAX_ENDED_CHATS_KEPT)) delete next[chat.id];
  return next;
}

function capMessages(messages: ChatMessage[]): ChatMessage[] {
  return messages.length > MAX_MESSAGES_KEPT ? messages.slice(messages.length - MAX_MESSAGES_KEPT) : messages;
}

/** Insert in transcript order; a replayed or duplicate message changes nothing. */
function withMessage(chat: Chat, message: ChatMessage): Chat {
  const list = chat.messages;
  const last = list[list.length - 1];
  if (!last || message.seq > last.seq) return { ...chat, messages: capMessages([...list, message]) };
  if (list.some((m) => m.seq === message.seq || m.id === message.id)) return chat;
  const at = list.findIndex((m) => m.seq > message.seq);
  const next = [...list];
  next.splice(at, 0, message);
  return { ...chat, messages: capMessages(next) };
}

/** Change one chat; an unknown chat or an unchanged one leaves the state as it was (same object). */
export function updateChat(state: DeskState, chatId: string, change: (chat: Chat) => Chat): DeskState {
  const chat = state.chats[chatId];
  if (!chat) return state;
  const next = change(chat);
  if (next === chat) return state;
  const chats = { ...state.chats, [chatId]: next };
  return { ...state, chats: next.state === 'ended' ? pruneEnded(chats) : chats };
}

export function chatsFromSnapshot(snapshot: DeskSnapshot): Pick<DeskState, 'chats'> {
  const chats: Record<string, Chat> = {};
  for (const chat of snapshot.chats) chats[chat.id] = { ...chat, messages: capMessages(chat.messages) };
  return { chats: pruneEnded(chats) };
}

/** A fetched transcript joins the live lines: each by seq, once, in order. */
export function withHistory(state: DeskState, history: ChatHistory): DeskState {
  return updateChat(state, history.chatId, (chat) => history.messages.reduce((next, message) => (message.chatId === chat.id ? withMessage(next, message) : next), chat));
}

export const chatReducers: EventReducers<ChatEvent> = {
  'chat.created': (state, { chat }) => (state.chats[chat.id] ? state : { ...state, chats: { ...state.chats, [chat.id]: chat } }),
  'chat.claimed': (state, event) =>
    updateChat(state, event.chatId, (chat) => (chat.state !== 'waiting' ? chat : { ...chat, state: 'claimed', claimedBy: event.by, claimedAt: event.at })),
  'chat.message': (state, { message }) => updateChat(state, message.chatId, (chat) => withMessage(chat, message)),
  'chat.ticket_offered': (state, event) =>
    updateChat(state, event.chatId, (chat) => (chat.ticketOfferedAt !== null ? chat : { ...chat, ticketOfferedAt: event.at })),
  'chat.ended': (state, event) =>
    updateChat(state, event.chatId, (chat) => (chat.state === 'ended' ? chat : { ...chat, state: 'ended', endedAt: event.at, endReason: event.reason, patronConnected: false })),
  'chat.patron': (state, { chatId, givenName, email, phone }) =>
    updateChat(state, chatId, (chat) =>
      chat.givenName === givenName && chat.patronEmail === email && chat.patronPhone === phone ? chat : { ...chat, givenName, patronEmail: email, patronPhone: phone },
    ),
  'chat.patron_link': (state, { chatId, connected }) => updateChat(state, chatId, (chat) => (chat.patronConnected === connected ? chat : { ...chat, patronConnected: connected })),
};
