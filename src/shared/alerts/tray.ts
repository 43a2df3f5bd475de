import { patronLabel } from '../chats/labels';
import { waitingChats, waitingSince } from '../chats/selectors';
import { offersTo } from '../transfers/selectors';
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
  /** Chats other librarians offer to this one, waiting for an answer. */
  offers: number;
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
  // Open until the backend closes them (accepted, declined, or expired at its deadline).
  const offers = me ? offersTo(desk, me.id) : [];
  const offerLines = offers.map((o) => `Transfer offered by ${o.from.name.slice(0, 40)}: answer it in Deskbell`);
  const unreadLine = unread === 0 ? [] : [unread === 1 ? '1 new message from your patron' : `${unread} new messages from your patrons`];
  if (waiting.length === 0) {
    if (offers.length > 0) {
      return { state: 'waiting', count: 0, tooltip: ['Deskbell: a chat is offered to you', ...offerLines, ...unreadLine].join('\n'), muted, offers: offers.length, unread };
    }
    const head = muted ? 'Deskbell: no chats waiting (muted)' : 'Deskbell: no chats waiting';
    return { state: 'idle', count: 0, tooltip: [head, ...unreadLine].join('\n'), muted, offers: 0, unread };
  }
  const names = new Map(desk.campuses.map((c) => [c.id, c.name]));
  const levels = waiting.map((chat) => decideAlert(chat, now, me, settings, timing).level);
  const urgent = levels.includes('urgent');
  const lines = waiting.slice(0, MAX_TOOLTIP_LINES).map((chat, i) => {
    const secs = Math.max(0, Math.floor((now - waitingSince(chat)) / 1000));
    return `${levels[i] === 'urgent' ? '! ' : ''}${patronLabel(chat).slice(0, 40)} (${names.get(chat.campus) ?? chat.campus}) ${secs}s`;
  });
  if (waiting.length > MAX_TOOLTIP_LINES) lines.push(`+${waiting.length - MAX_TOOLTIP_LINES} more`);
  const head = `Deskbell: ${waiting.length} waiting${muted ? ' (muted)' : ''}`;
  return { state: urgent ? 'urgent' : 'waiting', count: waiting.length, tooltip: [head, ...offerLines, ...unreadLine, ...lines].join('\n'), muted, offers: offers.length, unread };
}
