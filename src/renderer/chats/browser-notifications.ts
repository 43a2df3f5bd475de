import type { DeskbellHost } from '../../shared/api';
import { createChatNotifier } from '../../shared/chats/notifier';
import { askNotificationPermission, webNotification } from '../workspace/web-notification';

/**
 * In the browser shell, a waiting chat also raises a browser notification (the desktop app has
 * native ones from main), so a tab in the background misses nothing. Permission is asked at the
 * first click on the page, since browsers ignore a request without a user gesture. Nothing is
 * shown while the board itself is in front of the librarian.
 */
export function startBrowserNotifications(host: DeskbellHost, openChat: (chatId: string) => void): () => void {
  if (host.kind !== 'browser' || typeof Notification === 'undefined') return () => undefined;
  const ask = () => askNotificationPermission();
  document.addEventListener('click', ask, { once: true, capture: true });
  const notifier = createChatNotifier({
    create: ({ title, body, chatId }) => webNotification(title, body, `deskbell-chat-${chatId}`),
    openChat,
    warn: (message, data) => console.warn(`Deskbell: ${message}`, data),
  });
  const off = host.onPush((push) => {
    if (push.type === 'desk') notifier.handle(push.action);
    else if (push.type === 'patronMessage') notifier.message(push);
    else if (push.type === 'unread') notifier.unread(push.counts);
  });
  return () => {
    document.removeEventListener('click', ask, { capture: true });
    off();
    notifier.dispose();
  };
}
