import { patronLabel } from '../chats/labels';
import { waitingChats } from '../chats/selectors';
import type { DeskState } from '../desk/state';
import type { Operator } from '../session/schemas';
import { type AlertSettings, type AlertTiming, DEFAULT_TIMING, decideAlert, isMuted } from './policy';

export type TrayState = 'idle' | 'waiting' | 'urgent';
export interface TrayView {
  state: TrayState;
  /** Chats nobody has claimed; the badge shows this and clears the moment it reaches 0. */
  count: number;
  tooltip: string;
  muted: boolean;
  /** Patron messages in the librarian's own chats not yet seen (main counts them; 0 when unknown). */
  unread: number;
}

const MAX_TOOLTIP_LINES = 8;

/** What the tray icon, badge and tooltip show: derived from the desk, never counted separately. */
export function trayView(
  desk: DeskState,
  now: number,
  me: Operator | null,
  settings: AlertSettings,
  timing: AlertTiming = DEFAULT_TIMING,
  unread = 0,
): TrayView {
  const waiting = waitingChats(desk);
  const muted = isMuted(settings, now);
  const unreadLine = unread === 0 ? [] : [unread === 1 ? '1 new message from your patron' : `${unread} new messages from your patrons`];
  if (waiting.length === 0) {
    const head = muted ? 'Deskbell: no chats waiting (muted)' : 'Deskbell: no chats waiting';
    return { state: 'idle', count: 0, tooltip: [head, ...unreadLine].join('\n'), muted, unread };
  }
  const names = new Map(desk.campuses.map((c) => [c.id, c.name]));
  const levels = waiting.map((chat) => decideAlert(chat, now, me, settings, timing).level);
  const urgent = levels.includes('urgent');
  const lines = waiting.slice(0, MAX_TOOLTIP_LINES).map((chat, i) => {
    const secs = Math.max(0, Math.floor((now - chat.createdAt) / 1000));
    return `${levels[i] === 'urgent' ? '! ' : ''}${patronLabel(chat).slice(0, 40)} (${names.get(chat.campus) ?? chat.campus}) ${secs}s`;
  });
  if (waiting.length > MAX_TOOLTIP_LINES) lines.push(`+${waiting.length - MAX_TOOLTIP_LINES} more`);
  const head = `Deskbell: ${waiting.length} waiting${muted ? ' (muted)' : ''}`;
  return { state: urgent ? 'urgent' : 'waiting', count: waiting.length, tooltip: [head, ...unreadLine, ...lines].join('\n'), muted, unread };
}
