import type { DeskSnapshot } from '../desk/events';
import type { DeskState, EventReducers } from '../desk/state';
import type { NoteEvent } from './events';
import { emptyNotesView, type Note, type NotesView } from './schemas';

/** Notes kept in memory per desk; older ones stay in the backend. */
export const MAX_NOTES_KEPT = 300;

export type NotesSlice = NotesView;

export const notesFromSnapshot = (snapshot: DeskSnapshot): Pick<DeskState, 'notes'> => ({
  notes: { items: [...snapshot.notes.items].sort((a, b) => a.seq - b.seq).slice(-MAX_NOTES_KEPT), read: { ...snapshot.notes.read } },
});

/** In seq order, once each. */
function withNote(items: Note[], note: Note): Note[] {
  if (items.some((n) => n.id === note.id)) return items;
  const next = [...items, note].sort((a, b) => a.seq - b.seq);
  return next.length > MAX_NOTES_KEPT ? next.slice(next.length - MAX_NOTES_KEPT) : next;
}

export const noteReducers: EventReducers<NoteEvent> = {
  'note.posted': (state, { note }) => {
    const items = withNote(state.notes.items, note);
    return items === state.notes.items ? state : { ...state, notes: { ...state.notes, items } };
  },
  // Read marks only move forward.
  'notes.read': (state, { thread, seq }) =>
    (state.notes.read[thread] ?? 0) >= seq ? state : { ...state, notes: { ...state.notes, read: { ...state.notes.read, [thread]: seq } } },
};

export { emptyNotesView };
