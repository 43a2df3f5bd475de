import type { Campus, Chat, ChatMessage, DeskEvent, DeskSnapshot, OperatorPresence } from '../protocol';

/** Ended chats stay on the board for a while; beyond this many, the oldest leave memory (SQLite keeps them). */
export const MAX_ENDED_CHATS_KEPT = 30;
/** Messages kept in memory per chat; the full transcript stays in the backend. */
export const MAX_MESSAGES_KEPT = 300;

export interface DeskState {
  campuses: readonly Campus[];
  chats: Readonly<Record<string, Chat>>;
  operators: Readonly<Record<string, OperatorPresence>>;
}

export type DeskAction = DeskEvent | { type: 'snapshot'; snapshot: DeskSnapshot };

export const emptyDesk: DeskState = { campuses: [], chats: {}, operators: {} };

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

function updateChat(state: DeskState, chatId: string, change: (chat: Chat) => Chat): DeskState {
  const chat = state.chats[chatId];
  if (!chat) return state;
  const next = change(chat);
  if (next === chat) return state;
  const chats = { ...state.chats, [chatId]: next };
  return { ...state, chats: next.state === 'ended' ? pruneEnded(chats) : chats };
}

/**
 * The one desk reducer, used by the main core, the renderer store and the tests.
 * Pure and idempotent: applying an event twice leaves the state as applying it once.
 */
export function reduceDesk(state: DeskState, action: DeskAction): DeskState {
  switch (action.type) {
    case 'snapshot': {
      const chats: Record<string, Chat> = {};
      for (const chat of action.snapshot.chats) chats[chat.id] = { ...chat, messages: capMessages(chat.messages) };
      const operators: Record<string, OperatorPresence> = {};
      for (const op of action.snapshot.operators) operators[op.id] = op;
      return { campuses: action.snapshot.campuses, chats: pruneEnded(chats), operators };
    }
    case 'chat.created': {
      if (state.chats[action.chat.id]) return state;
      return { ...state, chats: { ...state.chats, [action.chat.id]: action.chat } };
    }
    case 'chat.claimed':
      return updateChat(state, action.chatId, (chat) =>
        chat.state !== 'waiting' ? chat : { ...chat, state: 'claimed', claimedBy: action.by, claimedAt: action.at },
      );
    case 'chat.message':
      return updateChat(state, action.message.chatId, (chat) => withMessage(chat, action.message));
    case 'chat.ticket_offered':
      return updateChat(state, action.chatId, (chat) =>
        chat.ticketOfferedAt !== null ? chat : { ...chat, ticketOfferedAt: action.at },
      );
    case 'chat.ended':
      return updateChat(state, action.chatId, (chat) =>
        chat.state === 'ended' ? chat : { ...chat, state: 'ended', endedAt: action.at, endReason: action.reason },
      );
    case 'operator.presence': {
      const prev = state.operators[action.operator.id];
      if (prev && prev.presence === action.operator.presence && prev.since === action.operator.since) return state;
      return { ...state, operators: { ...state.operators, [action.operator.id]: action.operator } };
    }
  }
}
