import type { StateCreator } from 'zustand';
import type { AppState } from './index';

/** What the tool area shows: one panel at a time. A chat panel records the chat it was opened for. */
export interface DockState {
  /** A panel's id in the registry (../capabilities.ts); an id it does not know shows the default. */
  panel: string;
  /** The chat in front when a chat panel was opened (null for a desk panel). */
  chatId: string | null;
}

/**
 * The dock: the one tool area beside the conversation. Which panels exist is the registry's
 * (../capabilities.ts); this slice only remembers which one is open. Nothing open shows the default.
 */
export interface DockSlice {
  dock: DockState | null;
  openPanel(panel: string, chatId: string | null): void;
  togglePanel(panel: string, chatId: string | null): void;
  /** Close the open panel; given a panel, only when that one is open. */
  closePanel(panel?: string): void;
}

const same = (dock: DockState | null, panel: string, chatId: string | null) => dock !== null && dock.panel === panel && dock.chatId === chatId;

export const dockSlice: StateCreator<AppState, [], [], DockSlice> = (set) => ({
  dock: null,
  openPanel: (panel, chatId) => set((s) => (same(s.dock, panel, chatId) ? {} : { dock: { panel, chatId } })),
  togglePanel: (panel, chatId) => set((s) => ({ dock: same(s.dock, panel, chatId) ? null : { panel, chatId } })),
  closePanel: (panel) => set((s) => (s.dock && (panel === undefined || s.dock.panel === panel) ? { dock: null } : {})),
});
