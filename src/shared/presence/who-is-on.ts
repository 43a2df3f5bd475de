import type { Campus } from '../campuses/schemas';
import type { DeskState } from '../desk/state';
import type { OperatorPresence } from './schemas';

/** A librarian on shift (online or away) and how many chats they hold now. */
export interface OnShift extends OperatorPresence {
  openChats: number;
}

export interface CampusOnShift {
  campusId: string;
  campusName: string;
  operators: OnShift[];
}

/** Online before away, then the least busy, then by name: who to ask first. */
const order = (a: OnShift, b: OnShift): number =>
  (a.presence === 'online' ? 0 : 1) - (b.presence === 'online' ? 0 : 1) || a.openChats - b.openChats || a.name.localeCompare(b.name);

/**
 * Who is on: every librarian online or away, with their campus and open-chat count, grouped by
 * campus. `firstCampus` (the librarian's home campus, or a patron's where an operator is chosen
 * for them) comes first; then the directory's order; campuses missing from it last.
 */
export function whoIsOn(state: Pick<DeskState, 'operators' | 'chats' | 'campuses'>, firstCampus: string | null): CampusOnShift[] {
  const load = new Map<string, number>();
  for (const chat of Object.values(state.chats)) {
    if (chat.state === 'claimed' && chat.claimedBy) load.set(chat.claimedBy.id, (load.get(chat.claimedBy.id) ?? 0) + 1);
  }
  const byCampus = new Map<string, OnShift[]>();
  for (const op of Object.values(state.operators)) {
    if (op.presence === 'offline') continue;
    const list = byCampus.get(op.campus) ?? [];
    list.push({ ...op, openChats: load.get(op.id) ?? 0 });
    byCampus.set(op.campus, list);
  }
  const names = new Map(state.campuses.map((c: Campus) => [c.id, c.name]));
  const position = new Map(state.campuses.map((c, i) => [c.id, i]));
  const rank = (id: string): number => (id === firstCampus ? -1 : (position.get(id) ?? Number.MAX_SAFE_INTEGER));
  return [...byCampus.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([campusId, operators]) => ({ campusId, campusName: names.get(campusId) ?? campusId, operators: operators.sort(order) }));
}

/** Librarians of a campus who are online now (away does not count: they are not at the desk). */
export const onlineAt = (state: Pick<DeskState, 'operators'>, campus: string, exceptId: string | null = null): OperatorPresence[] =>
  Object.values(state.operators).filter((op) => op.campus === campus && op.presence === 'online' && op.id !== exceptId);
