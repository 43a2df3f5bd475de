import type { StateCreator } from 'zustand';
import { appendToDraft } from '../../shared/faqs/reply';
import type { AppState } from './index';

/** Unsent replies, per chat: switching chats never carries text into another patron's chat. */
export interface DraftsSlice {
  drafts: Readonly<Record<string, string>>;
  setDraft(chatId: string, text: string): void;
  /** Add a prepared answer (an FAQ, the closing time, a link) to a chat's draft, for the librarian to edit and send. */
  insertIntoDraft(chatId: string, text: string): void;
}

export const draftsSlice: StateCreator<AppState, [], [], DraftsSlice> = (set, get) => ({
  drafts: {},
  insertIntoDraft: (chatId, text) => get().setDraft(chatId, appendToDraft(get().drafts[chatId] ?? '', text)),
  setDraft: (chatId, text) =>
    set((s) => {
      const drafts = { ...s.drafts };
      if (text) drafts[chatId] = text;
      else delete drafts[chatId];
      return { drafts };
    }),
});
