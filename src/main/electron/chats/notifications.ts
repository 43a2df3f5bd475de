/**
 * A native notification for each new waiting chat, so a librarian working in another app
 * sees who is waiting. Silent: the escalating pings come from the alert scheduler.
 *
 * At most one live Notification per chat; it is closed and forgotten once the chat is
 * claimed or ended (the app runs for days, so nothing may pile up).
 */
import type { Push } from '../../../shared/api';
import { patronLabel } from '../../../shared/chats/labels';
import type { Chat } from '../../../shared/chats/schemas';
import type { LogFn } from '../../core/ports';
import type { CreateNotification, NotificationLike } from '../ports';

const MAX_BODY_CHARS = 180;
const MAX_NAME_CHARS = 60;
/** Chats already announced, so a replayed 'chat.created' never notifies twice; bounded. */
const REMEMBERED_CHATS = 500;

export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** libnotify servers (GNOME, KDE, dunst) render a markup subset in the body: patron text must stay text. */
export function escapeNotificationMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function notificationText(
  chat: Pick<Chat, 'patronName' | 'question' | 'nameIsQuestion'>,
  campusName: string,
  escapeMarkup = false,
): { title: string; body: string } {
  const name = truncate(patronLabel(chat), MAX_NAME_CHARS);
  const question = chat.question.trim();
  const body = truncate(question ? `${name}: ${question}` : name, MAX_BODY_CHARS);
  return {
    title: `New chat: ${truncate(campusName, MAX_NAME_CHARS)}`,
    body: escapeMarkup ? escapeNotificationMarkup(body) : body,
  };
}

export interface ChatNotifierDeps {
  createNotification: CreateNotification;
  /** Notification.isSupported(): false on some Linux desktops without a notification server. */
  isSupported: () => boolean;
  /** A notification was clicked: bring the window up on that chat. */
  openChat: (chatId: string) => void;
  /** True on Linux, where the notification server interprets markup in the body. */
  escapeMarkup?: boolean;
  log: LogFn;
}

export interface ChatNotifier {
  handlePush(push: Push): void;
  /** Chats with a live notification (for tests and diagnostics). */
  liveChatIds(): string[];
  dispose(): void;
}

export function createChatNotifier(deps: ChatNotifierDeps): ChatNotifier {
  const live = new Map<string, NotificationLike>();
  const announced = new Set<string>();
  const campusNames = new Map<string, string>();

  const forget = (chatId: string, close: boolean) => {
    const notification = live.get(chatId);
    if (!notification) return;
    live.delete(chatId);
    if (close) notification.close();
  };

  const remember = (chatId: string) => {
    announced.add(chatId);
    if (announced.size > REMEMBERED_CHATS) {
      const oldest = announced.values().next().value;
      if (oldest !== undefined) announced.delete(oldest);
    }
  };

  const announce = (chat: Chat) => {
    if (chat.state !== 'waiting' || live.has(chat.id) || announced.has(chat.id)) return;
    remember(chat.id);
    if (!deps.isSupported()) return;
    const { title, body } = notificationText(chat, campusNames.get(chat.campus) ?? chat.campus, deps.escapeMarkup);
    const notification = deps.createNotification({ title, body, silent: true });
    live.set(chat.id, notification);
    notification.on('click', () => {
      forget(chat.id, false);
      deps.openChat(chat.id);
    });
    // Dismissed by the user or the OS: drop our reference (the object is done).
    notification.on('close', () => {
      if (live.get(chat.id) === notification) live.delete(chat.id);
    });
    try {
      notification.show();
    } catch (error) {
      live.delete(chat.id);
      deps.log('warn', 'could not show a notification', { error: String(error) });
    }
  };

  return {
    handlePush(push) {
      if (push.type !== 'desk') return;
      const action = push.action;
      switch (action.type) {
        case 'snapshot': {
          campusNames.clear();
          for (const campus of action.snapshot.campuses) campusNames.set(campus.id, campus.name);
          // After a reconnect, chats claimed or ended meanwhile lose their notification.
          const waiting = new Set(action.snapshot.chats.filter((c) => c.state === 'waiting').map((c) => c.id));
          for (const chatId of [...live.keys()]) if (!waiting.has(chatId)) forget(chatId, true);
          return;
        }
        case 'chat.created':
          announce(action.chat);
          return;
        case 'chat.claimed':
        case 'chat.ended':
          forget(action.chatId, true);
          return;
        case 'campus.updated':
          // A renamed campus is named so in the next notification.
          campusNames.set(action.campus.id, action.campus.name);
          return;
        // Named, not defaulted: a new event type must be decided on here (lint fails until it is).
        case 'chatService.updated':
        case 'faqs.changed':
        case 'chat.message':
        case 'chat.ticket_offered':
        case 'operator.presence':
          return;
      }
    },
    liveChatIds: () => [...live.keys()],
    dispose() {
      for (const chatId of [...live.keys()]) forget(chatId, true);
      announced.clear();
    },
  };
}
