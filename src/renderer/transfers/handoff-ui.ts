import { create } from 'zustand';
import type { NoteThread } from '../../shared/notes/schemas';
import { useAppStore } from '../store';

interface HandoffUi {
  /** The notes conversation open in the notes panel (null: the panel picks the newest unread). */
  thread: NoteThread | null;
  /** The ticket shown in full in the tickets panel. */
  ticketId: string | null;
  openThread(thread: NoteThread): void;
  openTicket(ticketId: string | null): void;
}

const initial = { thread: null, ticketId: null } as const;
/** Set while openThread opens the notes, so the panel keeps the conversation it was asked for. */
let openingThread = false;

/**
 * What this window shows inside the hand-offs' panels (which conversation, which ticket), kept
 * apart from the app store so the capability stays in its folders. The panels themselves are the
 * dock's (../dock). Forgotten when another librarian signs in at the desk, like the rest of the UI.
 */
export const useHandoffUi = create<HandoffUi>()((set) => ({
  ...initial,
  openThread: (thread) => {
    set({ thread });
    openingThread = true;
    try {
      useAppStore.getState().openPanel('notes', null);
    } finally {
      openingThread = false;
    }
  },
  openTicket: (ticketId) => {
    set({ ticketId });
    if (ticketId) useAppStore.getState().openPanel('tickets', null);
  },
}));

useAppStore.subscribe((state, previous) => {
  if ((state.session?.operator?.id ?? null) !== (previous.session?.operator?.id ?? null)) useHandoffUi.setState(initial);
  // The notes opened afresh show the newest unread conversation, not the one read last time.
  if (state.dock?.panel === 'notes' && previous.dock?.panel !== 'notes' && !openingThread) useHandoffUi.setState({ thread: null });
});
