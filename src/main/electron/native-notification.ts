/**
 * Electron's Notification as the shared notifiers need it (src/shared/chats/notifier.ts and
 * src/shared/transfers/notifier.ts): silent, because the desk's own sounds are the alert, and
 * none at all where the desktop has no notification server.
 */
import type { ChatNotification } from '../../shared/chats/notifier';
import type { CreateNotification } from './ports';

export interface NativeNotificationDeps {
  createNotification: CreateNotification;
  /** Notification.isSupported(): false on some Linux desktops without a notification server. */
  isSupported: () => boolean;
}

export function nativeNotifications(deps: NativeNotificationDeps): (text: { title: string; body: string }) => ChatNotification | null {
  return ({ title, body }) => {
    if (!deps.isSupported()) return null;
    const notification = deps.createNotification({ title, body, silent: true });
    return {
      show: () => notification.show(),
      close: () => notification.close(),
      onClick: (listener) => void notification.on('click', listener),
      onClose: (listener) => void notification.on('close', listener),
    };
  };
}
