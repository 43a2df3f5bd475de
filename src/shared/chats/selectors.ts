import { type Campus, campusWithoutFacts } from '../campuses/schemas';
import type { DeskState } from '../desk/state';
import type { Chat } from './schemas';

/** Since when a chat has been waiting: its start, or when it was last put back in a queue. */
export const waitingSince = (chat: Pick<Chat, 'createdAt'> & { queuedAt?: number | null }): number => chat.queuedAt ?? chat.createdAt;

export const waitingChats = (state: DeskState): Chat[] =>
  Object.values(state.chats)
    .filter((c) => c.state === 'waiting')
    .sort((a, b) => waitingSince(a) - waitingSince(b));

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

/** A column for chats whose campus is missing from the config, so no waiting chat is ever off the board. */
const unlistedCampus = (id: string): Campus => campusWithoutFacts(id, `Unlisted campus (${id})`);

export function boardColumns(state: DeskState, home: string | null): QueueColumn[] {
  const byCampus = new Map<string, Chat[]>();
  for (const chat of Object.values(state.chats)) {
    const list = byCampus.get(chat.campus) ?? [];
    list.push(chat);
    byCampus.set(chat.campus, list);
  }
  const listed = new Set(state.campuses.map((c) => c.id));
  const unlisted = [...byCampus.keys()].filter((id) => !listed.has(id)).map(unlistedCampus);
  return [...campusesHomeFirst(state.campuses, home), ...unlisted].map((campus) => {
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
