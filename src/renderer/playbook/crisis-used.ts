import { create } from 'zustand';

/** Chats remembered at most; the oldest are forgotten first (a shift has far fewer crises). */
const MAX_KEPT = 200;

/**
 * The chats this desk opened the crisis panel for. A patron in crisis who goes quiet is never
 * offered "are you still there?" or a polite close; the nudges read this (with the crisis
 * resources sent, which the transcript shows) and pass it to the pure nudge function.
 */
interface CrisisUsed {
  chats: readonly string[];
  mark(chatId: string): void;
}

export const useCrisisUsed = create<CrisisUsed>()((set) => ({
  chats: [],
  mark: (chatId) => set((s) => (s.chats.includes(chatId) ? s : { chats: [...s.chats, chatId].slice(-MAX_KEPT) })),
}));
