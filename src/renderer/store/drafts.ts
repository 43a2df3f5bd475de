import type { StateCreator } from 'zustand';
import type { AppState } from './index';

/** Unsent replies, per chat: switching chats never carries text into another patron's chat. */
export interface DraftsSlice {
  drafts: Readonly<Record<string, string>>;
  setDraft(chatId: string, text: string): void;
}

export const draftsSlice: StateCreator<AppState, [], [], DraftsSlice> = (set) => ({
  drafts: {},
  setDraft: (chatId, text) =>
    set((s) => {
      const drafts = { ...s.drafts };
      if (text) drafts[chatId] = text;
      else delete drafts[chatId];
      return { drafts };
    }),
});
