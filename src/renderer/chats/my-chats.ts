import { chatsClaimedBy } from '../../shared/chats/selectors';
import type { AppState } from '../store';

/** The chat tabs, in order: the chats the librarian holds (oldest claim first), then chats opened to read. */
export function tabIds(state: AppState): string[] {
  const me = state.session?.operator?.id;
  const held = me ? chatsClaimedBy(state.desk, me).sort((a, b) => (a.claimedAt ?? 0) - (b.claimedAt ?? 0)).map((c) => c.id) : [];
  return [...held, ...state.extraTabs.filter((id) => !held.includes(id))];
}

/** Stable across renders while the ids are the same (zustand compares with Object.is). */
let lastTabs: string[] = [];
export function tabIdsStable(state: AppState): string[] {
  const next = tabIds(state);
  if (next.length === lastTabs.length && next.every((id, i) => id === lastTabs[i])) return lastTabs;
  lastTabs = next;
  return next;
}
