/**
 * Notifications for the hand-offs: a chat offered to this librarian (closed once the offer is
 * answered, withdrawn or expired) and a note for them. Silent: main plays their own sounds. The
 * same logic serves Electron's native notifications and the browser's; each shell supplies
 * `create`. Bounded: the app runs for days.
 */
import { type ChatNotification, escapeNotificationMarkup, truncate } from '../chats/notifier';
import { patronLabel, patronQuestion } from '../chats/labels';
import type { Chat } from '../chats/schemas';
import type { DeskAction } from '../desk/reduce';
import { noteIsFor } from '../notes/selectors';
import type { Operator } from '../session/schemas';

const MAX_LIVE_NOTES = 5;

export interface HandoffNotifierDeps {
  create(text: { title: string; body: string; tag: string }): ChatNotification | null;
  /** Who is signed in at this desk now. */
  me(): Operator | null;
  /** A notification was clicked: bring the desk up. */
  showDesk(): void;
  escapeMarkup?: boolean;
  warn(message: string, data: Record<string, unknown>): void;
}

export interface HandoffNotifier {
  handle(action: DeskAction): void;
  /** Offers and notes with a live notification (for tests and diagnostics). */
  liveKeys(): string[];
  dispose(): void;
}

export function createHandoffNotifier(deps: HandoffNotifierDeps): HandoffNotifier {
  const live = new Map<string, ChatNotification>();
  /** What to say about the desk's open chats (patron, campus, their question), followed from the same actions. */
  const chats = new Map<string, { patron: string; campus: string; question: string }>();
  const campusNames = new Map<string, string>();
  // The question the patron asked (the name box's, when it held it), not their latest line.
  const describe = (chat: Chat) => chats.set(chat.id, { patron: patronLabel(chat), campus: chat.campus, question: patronQuestion(chat) });
  const text = (value: string) => (deps.escapeMarkup ? escapeNotificationMarkup(value) : value);

  const close = (key: string) => {
    const notification = live.get(key);
    if (!notification) return;
    live.delete(key);
    notification.close();
  };

  const show = (key: string, title: string, body: string) => {
    if (live.has(key)) return;
    try {
      const notification = deps.create({ title: truncate(title, 80), body: text(truncate(body, 180)), tag: key });
      if (!notification) return;
      live.set(key, notification);
      notification.onClick(() => {
        live.delete(key);
        deps.showDesk();
      });
      notification.onClose(() => {
        if (live.get(key) === notification) live.delete(key);
      });
      notification.show();
    } catch (error) {
      live.delete(key);
      deps.warn('could not show a notification', { error: String(error) });
    }
  };

  return {
    handle(action) {
      const me = deps.me();
      // Only these actions matter here; the rest of the desk is the chat notifier's.
      if (action.type === 'transfer.offered') {
        const { offer } = action;
        if (!me || offer.to.id !== me.id || offer.state !== 'pending') return;
        const chat = chats.get(offer.chatId);
        const about = chat ? `${chat.patron} (${campusNames.get(chat.campus) ?? chat.campus})${chat.question ? `: “${truncate(chat.question, 100)}”` : ''}` : 'a chat';
        show(`offer-${offer.id}`, `${offer.from.name} offers you a chat`, offer.note ? `${about} · Note: ${offer.note}` : about);
      } else if (action.type === 'transfer.closed') {
        close(`offer-${action.offerId}`);
      } else if (action.type === 'note.posted') {
        if (!me || !noteIsFor(action.note, me)) return;
        const notes = [...live.keys()].filter((k) => k.startsWith('note-'));
        if (notes.length >= MAX_LIVE_NOTES && notes[0]) close(notes[0]);
        show(`note-${action.note.id}`, `Note from ${action.note.from.name}`, action.note.text);
      } else if (action.type === 'chat.created' || action.type === 'chat.requeued') {
        describe(action.chat);
      } else if (action.type === 'chat.ended') {
        chats.delete(action.chatId);
      } else if (action.type === 'campus.updated') {
        campusNames.set(action.campus.id, action.campus.name);
      } else if (action.type === 'snapshot') {
        chats.clear();
        campusNames.clear();
        for (const chat of action.snapshot.chats) if (chat.state !== 'ended') describe(chat);
        for (const campus of action.snapshot.campuses) campusNames.set(campus.id, campus.name);
        // After a reconnect, offers no longer open lose their notification.
        for (const key of [...live.keys()]) {
          if (key.startsWith('offer-') && !action.snapshot.transfers.some((o) => `offer-${o.id}` === key && o.state === 'pending')) close(key);
        }
      }
    },
    liveKeys: () => [...live.keys()],
    dispose() {
      for (const key of [...live.keys()]) close(key);
      chats.clear();
    },
  };
}
