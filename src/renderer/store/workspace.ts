import type { StateCreator } from 'zustand';
import type { Chat } from '../../shared/chats/schemas';
import type { TranscriptIndexStatus } from '../../shared/transcripts/schemas';
import type { AppState } from './index';

/** Where a keyboard action puts the focus next. */
export type FocusTarget = 'composer' | 'board' | 'faq' | 'transcripts' | 'patron-name' | 'end-confirm' | 'panel';

const TYPING_SHOWN_MS = 6_000;
const MAX_VIEWED = 20;

/**
 * The conversation workspace in this window: the chat tabs (every chat the librarian holds,
 * plus chats opened to read), unread counts and typing as main reports them, and where the
 * focus goes after a keyboard action. The panels beside the chat are the dock's (./dock.ts).
 */
export interface WorkspaceSlice {
  /** Chats opened as tabs besides those the librarian holds (ended chats, transcripts, a colleague's chat), oldest first. */
  extraTabs: string[];
  /** Patron messages not yet seen, per chat (main counts them). */
  unread: Readonly<Record<string, number>>;
  /** Until when each chat's patron shows as typing (local clock). */
  typingUntil: Readonly<Record<string, number>>;
  focusRequest: { target: FocusTarget; n: number } | null;
  /** Whole transcripts fetched for chats no longer on the desk. */
  viewed: Readonly<Record<string, Chat>>;
  transcriptStatus: TranscriptIndexStatus | null;
  /** A second chat the librarian asked to claim by keyboard: the warning is up for it. */
  claimConfirm: string | null;
  setClaimConfirm(chatId: string | null): void;
  closeTab(chatId: string): void;
  setUnread(counts: Record<string, number>): void;
  setTyping(chatId: string, typing: boolean): void;
  requestFocus(target: FocusTarget): void;
  keepViewed(chat: Chat): void;
  setTranscriptStatus(status: TranscriptIndexStatus): void;
}

let focusN = 0;

export const workspaceSlice: StateCreator<AppState, [], [], WorkspaceSlice> = (set) => ({
  extraTabs: [],
  unread: {},
  typingUntil: {},
  focusRequest: null,
  viewed: {},
  transcriptStatus: null,
  claimConfirm: null,
  setClaimConfirm: (chatId) => set({ claimConfirm: chatId }),
  closeTab: (chatId) =>
    set((s) => ({
      extraTabs: s.extraTabs.filter((id) => id !== chatId),
      openChatId: s.openChatId === chatId ? null : s.openChatId,
      // A panel about that chat (the crisis panel) goes with its tab.
      dock: s.dock?.chatId === chatId ? null : s.dock,
    })),
  setUnread: (counts) => set({ unread: counts }),
  setTyping: (chatId, typing) =>
    set((s) => {
      const next = { ...s.typingUntil };
      if (typing) next[chatId] = Date.now() + TYPING_SHOWN_MS;
      else delete next[chatId];
      return { typingUntil: next };
    }),
  requestFocus: (target) => set({ focusRequest: { target, n: ++focusN } }),
  keepViewed: (chat) =>
    set((s) => {
      const entries = Object.entries({ ...s.viewed, [chat.id]: chat });
      return { viewed: Object.fromEntries(entries.slice(-MAX_VIEWED)) };
    }),
  setTranscriptStatus: (status) => set({ transcriptStatus: status }),
});
