import type { DeskState } from '../../shared/desk/state';
import type { Note, NoteAudience, NoteThread } from '../../shared/notes/schemas';
import { threadOf } from '../../shared/notes/selectors';
import type { Operator } from '../../shared/session/schemas';

/** What a thread is called at this desk. */
export function threadLabel(thread: NoteThread, desk: Pick<DeskState, 'campuses' | 'operators'>, notes: readonly Note[]): string {
  if (thread === 'shift') return 'Everyone on shift';
  if (thread.startsWith('campus:')) {
    const id = thread.slice('campus:'.length);
    return `${desk.campuses.find((c) => c.id === id)?.name ?? id} librarians`;
  }
  const id = thread.slice('op:'.length);
  const named = desk.operators[id]?.name ?? notes.find((n) => n.from.id === id)?.from.name ?? notes.find((n) => n.toOperator?.id === id)?.toOperator?.name;
  return named ?? 'A colleague';
}

/** Where a note written in a thread goes. */
export function audienceOf(thread: NoteThread): NoteAudience {
  if (thread === 'shift') return { kind: 'shift' };
  if (thread.startsWith('campus:')) return { kind: 'campus', campus: thread.slice('campus:'.length) };
  return { kind: 'operator', operatorId: thread.slice('op:'.length) };
}

/** The threads to list: everyone, my campus, and every thread with notes, latest first after those two. */
export function threadsFor(notes: readonly Note[], me: Operator): NoteThread[] {
  const fixed: NoteThread[] = ['shift', `campus:${me.campus}`];
  const latest = new Map<NoteThread, number>();
  for (const note of notes) latest.set(threadOf(note, me.id), note.seq);
  const others = [...latest.entries()]
    .filter(([thread]) => !fixed.includes(thread))
    .sort((a, b) => b[1] - a[1])
    .map(([thread]) => thread);
  return [...fixed, ...others];
}
