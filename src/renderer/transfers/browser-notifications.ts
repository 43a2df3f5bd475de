import type { DeskbellHost } from '../../shared/api';
import { createHandoffNotifier } from '../../shared/transfers/notifier';
import { useAppStore } from '../store';
import { webNotification } from '../workspace/web-notification';

/**
 * In the browser shell, a chat offered to this librarian and a note for them also raise a
 * browser notification (the desktop app has native ones from main), unless the desk is in front
 * of the librarian. Permission is asked by the chat notifications at the first click.
 */
export function startHandoffNotifications(host: DeskbellHost): () => void {
  if (host.kind !== 'browser' || typeof Notification === 'undefined') return () => undefined;
  const notifier = createHandoffNotifier({
    create: ({ title, body, tag }) => webNotification(title, body, `deskbell-${tag}`),
    me: () => useAppStore.getState().session?.operator ?? null,
    showDesk: () => window.focus(),
    warn: (message, data) => console.warn(`Deskbell: ${message}`, data),
  });
  const off = host.onPush((push) => {
    if (push.type === 'desk') notifier.handle(push.action);
  });
  return () => {
    off();
    notifier.dispose();
  };
}
