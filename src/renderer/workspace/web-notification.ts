import type { ChatNotification } from '../../shared/chats/notifier';

/** Ask once, at a click (browsers ignore a request without a user gesture). */
export function askNotificationPermission(): void {
  if (Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

/**
 * The browser shell's notifications, for the chat and hand-off notifiers: a notification, or
 * null when the desk is in front of the librarian or the browser does not allow them. The
 * page's own state is asked first: reading `Notification.permission` asks the browser, and a
 * burst of fifty chats on a desk in front of the librarian spent tens of milliseconds there.
 */
export function webNotification(title: string, body: string, tag: string): ChatNotification | null {
  if (document.visibilityState === 'visible' && document.hasFocus()) return null;
  if (Notification.permission !== 'granted') return null;
  // The browser shows it on construction; the tag keeps one per chat or offer if the page reloads.
  const notification = new Notification(title, { body, tag, silent: true });
  return {
    show: () => undefined,
    close: () => notification.close(),
    onClick: (listener) =>
      notification.addEventListener('click', () => {
        window.focus();
        listener();
      }),
    onClose: (listener) => notification.addEventListener('close', listener),
  };
}
