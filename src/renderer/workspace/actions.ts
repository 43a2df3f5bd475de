import { DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING } from '../../shared/alerts/policy';
import { boardInOrder } from '../../shared/chats/board';
import { chatsClaimedBy } from '../../shared/chats/selectors';
import { tabIds } from '../chats/my-chats';
import { useAppStore } from '../store';
import type { ShortcutAction } from './shortcuts';

/** The chat Alt+C claims: the board's first waiting chat (urgent queues first, then the oldest). */
export function nextWaitingChatId(): string | null {
  const s = useAppStore.getState();
  const me = s.session?.operator ?? null;
  const now = Date.now() + (s.session?.clockOffsetMs ?? 0);
  const columns = boardInOrder(s.desk, now, me, s.alerts ?? DEFAULT_ALERT_SETTINGS, s.session?.timing ?? DEFAULT_TIMING);
  const waiting = columns.flatMap((c) => c.waiting.map((chat) => ({ chat, urgent: c.urgent })));
  waiting.sort((a, b) => Number(b.urgent) - Number(a.urgent) || a.chat.createdAt - b.chat.createdAt);
  return waiting[0]?.chat.id ?? null;
}

/** Claim a chat and put the librarian in its reply box. */
export async function claimAndOpen(chatId: string): Promise<boolean> {
  const { call, openChat, requestFocus } = useAppStore.getState();
  const done = await call('chat.claim', { chatId });
  if (!done) return false;
  openChat(chatId);
  requestFocus('composer');
  return true;
}

/**
 * Transfer and ticket belong to the hand-off tools (../transfers/ChatHandoffs.tsx): they listen
 * for this event on window and call preventDefault() when they take it. Unhandled (the chat is
 * not the librarian's), they are told why.
 */
export const HANDOFF_SHORTCUT_EVENT = 'deskbell:handoff';
export interface HandoffShortcutDetail {
  action: 'transfer' | 'ticket';
  chatId: string;
}
declare global {
  // So that a listener for the event on window receives it typed, without a cast.
  interface WindowEventMap {
    [HANDOFF_SHORTCUT_EVENT]: CustomEvent<HandoffShortcutDetail>;
  }
}

function handoff(action: 'transfer' | 'ticket'): void {
  const s = useAppStore.getState();
  if (!s.openChatId) return s.notify('info', `Open a chat first to ${action === 'transfer' ? 'transfer it' : 'make a ticket'}.`);
  const event = new CustomEvent<HandoffShortcutDetail>(HANDOFF_SHORTCUT_EVENT, { detail: { action, chatId: s.openChatId }, cancelable: true });
  // Taken by the hand-off tools of the chat in front, which are there only while you hold it.
  if (window.dispatchEvent(event)) s.notify('info', `Only the librarian holding a chat can ${action === 'transfer' ? 'transfer it' : 'make a ticket from it'}.`);
}

function cycleTab(step: 1 | -1): void {
  const s = useAppStore.getState();
  const tabs = tabIds(s);
  if (tabs.length === 0) return;
  const at = s.openChatId ? tabs.indexOf(s.openChatId) : -1;
  const next = tabs[(at + step + tabs.length) % tabs.length];
  if (next) s.openChat(next);
}

export function runShortcut(action: ShortcutAction): void {
  const s = useAppStore.getState();
  switch (action) {
    case 'claim-next': {
      const chatId = nextWaitingChatId();
      if (!chatId) return s.notify('info', 'Nobody is waiting.');
      const me = s.session?.operator;
      // Two chats at once is allowed, not preferred: the warning comes first.
      if (me && chatsClaimedBy(s.desk, me.id).length > 0) return s.setClaimConfirm(chatId);
      void claimAndOpen(chatId);
      return;
    }
    case 'reply':
      if (s.openChatId) s.requestFocus('composer');
      return;
    case 'end-chat':
      if (s.openChatId) s.requestFocus('end-confirm');
      return;
    case 'transfer':
    case 'ticket':
      handoff(action);
      return;
    case 'next-chat':
      cycleTab(1);
      return;
    case 'previous-chat':
      cycleTab(-1);
      return;
    case 'board':
      s.requestFocus('board');
      return;
    case 'help':
      // The help is the dock's panel of every shortcut (../dock/ShortcutsHelp.tsx).
      s.togglePanel('shortcuts', null);
      return;
  }
}
