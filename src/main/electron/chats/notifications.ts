/**
 * Native notifications for new waiting chats: the shared notifier (src/shared/chats/notifier.ts)
 * with Electron's Notification behind it. Patron text is escaped on Linux, where the
 * notification server renders markup.
 */
import type { Push } from '../../../shared/api';
import { createChatNotifier as createNotifier } from '../../../shared/chats/notifier';
import type { LogFn } from '../../core/ports';
import { type NativeNotificationDeps, nativeNotifications } from '../native-notification';

export { escapeNotificationMarkup, notificationText, truncate } from '../../../shared/chats/notifier';

export interface ChatNotifierDeps extends NativeNotificationDeps {
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
  const notifier = createNotifier({
    create: nativeNotifications(deps),
    openChat: deps.openChat,
    escapeMarkup: deps.escapeMarkup,
    warn: (message, data) => deps.log('warn', message, data),
  });
  return {
    handlePush(push) {
      if (push.type === 'desk') notifier.handle(push.action);
      else if (push.type === 'patronMessage') notifier.message(push);
      else if (push.type === 'unread') notifier.unread(push.counts);
    },
    liveChatIds: () => notifier.liveChatIds(),
    dispose: () => notifier.dispose(),
  };
}
