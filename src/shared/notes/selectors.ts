import type { Operator } from '../session/schemas';
import type { Note, NoteThread, NotesView } from './schemas';

/** The thread a note belongs to, as `meId` names it. */
export function threadOf(note: Pick<Note, 'from' | 'to'>, meId: string): NoteThread {
  switch (note.to.kind) {
    case 'shift':
      return 'shift';
    case 'campus':
      return `campus:${note.to.campus}`;
    case 'operator':
      return `op:${note.from.id === meId ? note.to.operatorId : note.from.id}`;
  }
}

/** Whether a note is for this librarian (they are in its audience); their own notes are not "for" them. */
export function noteIsFor(note: Pick<Note, 'from' | 'to'>, me: Pick<Operator, 'id' | 'campus'>): boolean {
  if (note.from.id === me.id) return false;
  switch (note.to.kind) {
    case 'shift':
      return true;
    case 'campus':
      return note.to.campus === me.campus;
    case 'operator':
      return note.to.operatorId === me.id;
  }
}

/** Unread notes per thread (others' notes after the thread's read mark), and in all. */
export function unreadNotes(view: NotesView, me: Pick<Operator, 'id' | 'campus'>): { total: number; byThread: Record<string, number> } {
  const byThread: Record<string, number> = {};
  let total = 0;
  for (const note of view.items) {
    if (!noteIsFor(note, me)) continue;
    const thread = threadOf(note, me.id);
    if (note.seq <= (view.read[thread] ?? 0)) continue;
    byThread[thread] = (byThread[thread] ?? 0) + 1;
    total += 1;
  }
  return { total, byThread };
}

/** One thread's notes, oldest first. */
export const notesIn = (view: NotesView, thread: NoteThread, meId: string): Note[] => view.items.filter((n) => threadOf(n, meId) === thread);

/** The latest seq in a thread (what "read up to here" marks), 0 when it is empty. */
export const lastSeqIn = (view: NotesView, thread: NoteThread, meId: string): number =>
  notesIn(view, thread, meId).reduce((max, n) => Math.max(max, n.seq), 0);
