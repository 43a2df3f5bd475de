import { create } from 'zustand';
import type { NoteThread } from '../../shared/notes/schemas';
import { useAppStore } from '../store';

/** The side panel the hand-offs open beside the board: who is on, the notes, a campus's tickets. */
export type HandoffPanel = 'who' | 'notes' | 'tickets' | null;

interface HandoffUi {
  panel: HandoffPanel;
  /** The notes conversation open in the notes panel. */
  thread: NoteThread | null;
  /** The ticket shown in full in the tickets panel. */
  ticketId: string | null;
  toggle(panel: Exclude<HandoffPanel, null>): void;
  openThread(thread: NoteThread): void;
  openTicket(ticketId: string | null): void;
  close(): void;
}

const initial = { panel: null, thread: null, ticketId: null } as const;

/**
 * What this window shows of the hand-offs, kept apart from the app store so the capability stays
 * in its folders. Forgotten when another librarian signs in at the desk, like the rest of the UI.
 */
export const useHandoffUi = create<HandoffUi>()((set) => ({
  ...initial,
  // Opening the notes afresh shows the newest unread conversation (the panel picks it).
  toggle: (panel) => set((s) => (s.panel === panel ? { panel: null } : { panel, ...(panel === 'notes' ? { thread: null } : {}) })),
  openThread: (thread) => set({ panel: 'notes', thread }),
  openTicket: (ticketId) => set(ticketId ? { panel: 'tickets', ticketId } : { ticketId: null }),
  close: () => set({ panel: null }),
}));

useAppStore.subscribe((state, previous) => {
  if ((state.session?.operator?.id ?? null) !== (previous.session?.operator?.id ?? null)) useHandoffUi.setState(initial);
});
