import { type Campus, campusWithoutFacts } from '../campuses/schemas';
import type { DeskState } from '../desk/state';
import type { Operator } from '../session/schemas';
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

/** Whether `chat` is held by the librarian `operatorId` (nobody signed in: undefined, holds nothing). */
export const isClaimedBy = (chat: Chat | undefined, operatorId: string | undefined): chat is Chat =>
  operatorId !== undefined && chat?.state === 'claimed' && chat.claimedBy?.id === operatorId;

export const chatsClaimedBy = (state: DeskState, operatorId: string): Chat[] => Object.values(state.chats).filter((c) => isClaimedBy(c, operatorId));

/** Where a chat the librarian held went: to a colleague (who accepted it), or back into a campus queue. */
export type HandOver = { kind: 'librarian'; to: Operator; at: number } | { kind: 'queue'; campus: string; at: number };

/**
 * The chats this librarian held in `before` and handed on by `after`: now claimed by a colleague,
 * or waiting in a queue again. An ended chat is not a hand-over (its tab says it ended).
 */
export function handOvers(before: Pick<DeskState, 'chats'>, after: Pick<DeskState, 'chats'>, meId: string): Record<string, HandOver> {
  const found: Record<string, HandOver> = {};
  if (before.chats === after.chats) return found;
  for (const held of Object.values(before.chats)) {
    if (held.state !== 'claimed' || held.claimedBy?.id !== meId) continue;
    const now = after.chats[held.id];
    if (!now || now === held) continue;
    if (now.state === 'claimed' && now.claimedBy && now.claimedBy.id !== meId) found[held.id] = { kind: 'librarian', to: now.claimedBy, at: now.claimedAt ?? 0 };
    else if (now.state === 'waiting') found[held.id] = { kind: 'queue', campus: now.campus, at: now.queuedAt ?? now.createdAt };
  }
  return found;
}

/** "Handed to Sam Lee at Tunxis", "Sent to the Tunxis queue": what the sender's tab says. */
export function handOverText(handOver: HandOver, campusName: (id: string) => string): string {
  return handOver.kind === 'librarian' ? `Handed to ${handOver.to.name} at ${campusName(handOver.to.campus)}` : `Sent to the ${campusName(handOver.campus)} queue`;
}
