import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** What this window shows: the open chat, the campus card, notices. Nothing here is main's. */
export interface UiSlice {
  /** The chat open in the chat pane. */
  openChatId: string | null;
  /** How many times a chat was brought to the front, the one already there included (a wide panel steps aside each time). */
  chatsOpened: number;
  /** The campus whose details are shown (one click on a patron's name). */
  campusInfoId: string | null;
  notices: Notice[];
  /** The campus an admin is editing, if any. */
  editingCampusId: string | null;
  editCampus(campusId: string | null): void;
  openChat(chatId: string | null): void;
  showCampus(campusId: string | null): void;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
}

let noticeId = 0;

export const uiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  openChatId: null,
  chatsOpened: 0,
  campusInfoId: null,
  notices: [],
  editingCampusId: null,
  editCampus: (campusId) => set({ editingCampusId: campusId }),
  // A chat opened that is not among the librarian's own gets a tab of its own (the held ones always have one).
  // A panel about the chat that was in front (the crisis panel, say) closes: it never shows another patron.
  openChat: (chatId) =>
    set((s) => ({
      openChatId: chatId,
      chatsOpened: chatId === null ? s.chatsOpened : s.chatsOpened + 1,
      dock: s.dock?.chatId && s.dock.chatId !== chatId ? null : s.dock,
      extraTabs: chatId === null || s.extraTabs.includes(chatId) ? s.extraTabs : [...s.extraTabs, chatId].slice(-12),
    })),
  // The campus card is a panel of the dock: showing a campus opens it, and closing the card closes it.
  showCampus: (campusId) =>
    set((s) => ({ campusInfoId: campusId, dock: campusId !== null ? { panel: 'campus', chatId: null } : s.dock?.panel === 'campus' ? null : s.dock })),
  notify: (kind, text) => set((s) => ({ notices: [...s.notices.slice(-4), { id: ++noticeId, kind, text }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
