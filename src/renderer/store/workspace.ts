import type { StateCreator } from 'zustand';
import type { Chat } from '../../shared/chats/schemas';
import type { TranscriptIndexStatus } from '../../shared/transcripts/schemas';
import type { AppState } from './index';

/** A drawer of the chat pane: one at a time, under the transcript. */
export type Drawer = 'templates' | 'checklist' | 'crisis' | 'abuse' | 'transcript';
/** Panels of the side column beside the chat. */
export type SidePanel = 'transcripts' | 'templates-editor' | 'shortcuts';
/** Where a keyboard action puts the focus next. */
export type FocusTarget = 'composer' | 'board' | 'faq' | 'transcripts' | 'patron-name' | 'end-confirm';

const TYPING_SHOWN_MS = 6_000;
const MAX_VIEWED = 20;

/**
 * The conversation workspace in this window: the chat tabs (every chat the librarian holds,
 * plus chats opened to read), unread counts and typing as main reports them, the pane's
 * drawer, side panels, and where the focus goes after a keyboard action.
 */
export interface WorkspaceSlice {
  /** Chats opened as tabs besides those the librarian holds (ended chats, transcripts, a colleague's chat), oldest first. */
  extraTabs: string[];
  /** Patron messages not yet seen, per chat (main counts them). */
  unread: Readonly<Record<string, number>>;
  /** Until when each chat's patron shows as typing (local clock). */
  typingUntil: Readonly<Record<string, number>>;
  drawer: Drawer | null;
  sidePanels: SidePanel[];
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
  openDrawer(drawer: Drawer | null): void;
  toggleDrawer(drawer: Drawer): void;
  toggleSidePanel(panel: SidePanel): void;
  closeSidePanel(panel: SidePanel): void;
  requestFocus(target: FocusTarget): void;
  keepViewed(chat: Chat): void;
  setTranscriptStatus(status: TranscriptIndexStatus): void;
}

let focusN = 0;

export const workspaceSlice: StateCreator<AppState, [], [], WorkspaceSlice> = (set) => ({
  extraTabs: [],
  unread: {},
  typingUntil: {},
  drawer: null,
  sidePanels: [],
  focusRequest: null,
  viewed: {},
  transcriptStatus: null,
  claimConfirm: null,
  setClaimConfirm: (chatId) => set({ claimConfirm: chatId }),
  closeTab: (chatId) =>
    set((s) => ({
      extraTabs: s.extraTabs.filter((id) => id !== chatId),
      openChatId: s.openChatId === chatId ? null : s.openChatId,
    })),
  setUnread: (counts) => set({ unread: counts }),
  setTyping: (chatId, typing) =>
    set((s) => {
      const next = { ...s.typingUntil };
      if (typing) next[chatId] = Date.now() + TYPING_SHOWN_MS;
      else delete next[chatId];
      return { typingUntil: next };
    }),
  openDrawer: (drawer) => set({ drawer }),
  toggleDrawer: (drawer) => set((s) => ({ drawer: s.drawer === drawer ? null : drawer })),
  toggleSidePanel: (panel) => set((s) => ({ sidePanels: s.sidePanels.includes(panel) ? s.sidePanels.filter((p) => p !== panel) : [...s.sidePanels, panel] })),
  closeSidePanel: (panel) => set((s) => ({ sidePanels: s.sidePanels.filter((p) => p !== panel) })),
  requestFocus: (target) => set({ focusRequest: { target, n: ++focusN } }),
  keepViewed: (chat) =>
    set((s) => {
      const entries = Object.entries({ ...s.viewed, [chat.id]: chat });
      return { viewed: Object.fromEntries(entries.slice(-MAX_VIEWED)) };
    }),
  setTranscriptStatus: (status) => set({ transcriptStatus: status }),
});
