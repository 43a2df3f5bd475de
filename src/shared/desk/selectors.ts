import type { Campus, Chat } from '../protocol';
import type { DeskState } from './reduce';

export const waitingChats = (state: DeskState): Chat[] =>
  Object.values(state.chats)
    .filter((c) => c.state === 'waiting')
    .sort((a, b) => a.createdAt - b.createdAt);

/** Board order: the operator's home campus first, then the rest as configured. */
export function campusesHomeFirst(campuses: readonly Campus[], home: string | null): Campus[] {
  const own = campuses.filter((c) => c.id === home);
  return [...own, ...campuses.filter((c) => c.id !== home)];
}

export interface QueueColumn {
  campus: Campus;
  waiting: Chat[];
  active: Chat[];
  ended: Chat[];
}

export function boardColumns(state: DeskState, home: string | null): QueueColumn[] {
  const byCampus = new Map<string, Chat[]>();
  for (const chat of Object.values(state.chats)) {
    const list = byCampus.get(chat.campus) ?? [];
    list.push(chat);
    byCampus.set(chat.campus, list);
  }
  return campusesHomeFirst(state.campuses, home).map((campus) => {
    const chats = (byCampus.get(campus.id) ?? []).sort((a, b) => a.createdAt - b.createdAt);
    return {
      campus,
      waiting: chats.filter((c) => c.state === 'waiting'),
      active: chats.filter((c) => c.state === 'claimed'),
      ended: chats.filter((c) => c.state === 'ended').sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0)),
    };
  });
}

export const chatsClaimedBy = (state: DeskState, operatorId: string): Chat[] =>
  Object.values(state.chats).filter((c) => c.state === 'claimed' && c.claimedBy?.id === operatorId);
