/**
 * One notification per new waiting chat, so a librarian working in another window sees who is
 * waiting; closed and forgotten once the chat is claimed or ended (the app runs for days, so
 * nothing may pile up). Silent: the escalating pings come from the alert scheduler. The same
 * logic serves Electron's native notifications and the browser's Notification API; each shell
 * supplies `create`.
 */
import type { DeskAction } from '../desk/reduce';
import type { PatronMessagePush } from '../workspace/calls';
import { patronLabel } from './labels';
import type { Chat } from './schemas';

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

/** A patron's message in a chat the librarian holds but is not looking at. */
export function messageNotificationText(push: Pick<PatronMessagePush, 'patron' | 'campusName' | 'text'>, escapeMarkup = false): { title: string; body: string } {
  const body = truncate(push.text, MAX_BODY_CHARS);
  return {
    title: `${truncate(push.patron, MAX_NAME_CHARS)} (${truncate(push.campusName, MAX_NAME_CHARS)}) wrote`,
    body: escapeMarkup ? escapeNotificationMarkup(body) : body,
  };
}

/** A shown notification, as the notifier needs it. */
export interface ChatNotification {
  show(): void;
  close(): void;
  onClick(listener: () => void): void;
  /** Dismissed by the person or the system. */
  onClose(listener: () => void): void;
}

export interface ChatNotifierDeps {
  /** A notification with this text for this chat, or null when none can be shown now (unsupported, not permitted, not wanted). */
  create(text: { title: string; body: string; chatId: string }): ChatNotification | null;
  /** A notification was clicked: bring the window up on that chat. */
  openChat(chatId: string): void;
  /** True where the notification server interprets markup in the body (Linux). */
  escapeMarkup?: boolean;
  warn(message: string, data: Record<string, unknown>): void;
}

export interface ChatNotifier {
  /** Follow the desk: every action main pushes (snapshots and events). */
  handle(action: DeskAction): void;
  /** A patron wrote in a chat the librarian holds, away from it: one notification per chat, the latest line. */
  message(push: PatronMessagePush): void;
  /** The unread counts changed: a chat read since loses its message notification. */
  unread(counts: Readonly<Record<string, number>>): void;
  /** Chats with a live notification (for tests and diagnostics). */
  liveChatIds(): string[];
  dispose(): void;
}

export function createChatNotifier(deps: ChatNotifierDeps): ChatNotifier {
  const live = new Map<string, ChatNotification>();
  /** Message notifications, one per chat (a newer line replaces the older one). */
  const messages = new Map<string, ChatNotification>();
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
    const { title, body } = notificationText(chat, campusNames.get(chat.campus) ?? chat.campus, deps.escapeMarkup);
    let notification: ChatNotification | null;
    try {
      notification = deps.create({ title, body, chatId: chat.id });
      if (!notification) return;
      live.set(chat.id, notification);
      notification.onClick(() => {
        forget(chat.id, false);
        deps.openChat(chat.id);
      });
      // Dismissed by the person or the system: drop our reference (the object is done).
      notification.onClose(() => {
        if (live.get(chat.id) === notification) live.delete(chat.id);
      });
      notification.show();
    } catch (error) {
      live.delete(chat.id);
      deps.warn('could not show a notification', { error: String(error) });
    }
  };

  const forgetMessage = (chatId: string) => {
    const notification = messages.get(chatId);
    if (!notification) return;
    messages.delete(chatId);
    notification.close();
  };

  return {
    message(push) {
      forgetMessage(push.chatId);
      const { title, body } = messageNotificationText(push, deps.escapeMarkup);
      try {
        const notification = deps.create({ title, body, chatId: push.chatId });
        if (!notification) return;
        messages.set(push.chatId, notification);
        notification.onClick(() => {
          if (messages.get(push.chatId) === notification) messages.delete(push.chatId);
          deps.openChat(push.chatId);
        });
        notification.onClose(() => {
          if (messages.get(push.chatId) === notification) messages.delete(push.chatId);
        });
        notification.show();
        // Bounded: the app runs for days.
        if (messages.size > REMEMBERED_CHATS) forgetMessage(messages.keys().next().value ?? '');
      } catch (error) {
        deps.warn('could not show a notification', { error: String(error) });
      }
    },
    unread(counts) {
      for (const chatId of [...messages.keys()]) if (!counts[chatId]) forgetMessage(chatId);
    },
    handle(action) {
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
        case 'chat.requeued':
          // Waiting again, in another campus's queue maybe: announced afresh.
          announced.delete(action.chat.id);
          announce(action.chat);
          return;
        case 'chat.claimed':
          forget(action.chatId, true);
          return;
        case 'chat.ended':
          forget(action.chatId, true);
          forgetMessage(action.chatId);
          return;
        case 'chat.transferred':
          // The chat went to another librarian: its patron's lines are theirs to read now.
          forgetMessage(action.chatId);
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
        case 'chat.history':
        case 'operator.presence':
        case 'chat.patron':
        case 'chat.patron_link':
        case 'chat.interview':
        case 'chat.incident':
        case 'templates.changed':
        case 'transfer.offered':
        case 'transfer.closed':
        case 'note.posted':
        case 'notes.read':
        case 'ticket.created':
        case 'ticket.updated':
          return;
      }
    },
    liveChatIds: () => [...live.keys()],
    dispose() {
      for (const chatId of [...live.keys()]) forget(chatId, true);
      for (const chatId of [...messages.keys()]) forgetMessage(chatId);
      announced.clear();
    },
  };
}
