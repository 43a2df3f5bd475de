/**
 * Native notifications for the hand-offs (a chat offered to this librarian, a note for them):
 * the shared notifier (src/shared/transfers/notifier.ts) with Electron's Notification behind it.
 */
import type { Push } from '../../../shared/api';
import type { Operator } from '../../../shared/session/schemas';
import { createHandoffNotifier } from '../../../shared/transfers/notifier';
import type { LogFn } from '../../core/ports';
import type { CreateNotification } from '../ports';

export interface HandoffNotificationDeps {
  createNotification: CreateNotification;
  isSupported: () => boolean;
  me: () => Operator | null;
  showDesk: () => void;
  escapeMarkup?: boolean;
  log: LogFn;
}

export function createHandoffNotifications(deps: HandoffNotificationDeps): { handlePush(push: Push): void; liveKeys(): string[]; dispose(): void } {
  const notifier = createHandoffNotifier({
    create: ({ title, body }) => {
      if (!deps.isSupported()) return null;
      const notification = deps.createNotification({ title, body, silent: true });
      return {
        show: () => notification.show(),
        close: () => notification.close(),
        onClick: (listener) => void notification.on('click', listener),
        onClose: (listener) => void notification.on('close', listener),
      };
    },
    me: deps.me,
    showDesk: deps.showDesk,
    escapeMarkup: deps.escapeMarkup,
    warn: (message, data) => deps.log('warn', message, data),
  });
  return {
    handlePush(push) {
      if (push.type === 'desk') notifier.handle(push.action);
    },
    liveKeys: () => notifier.liveKeys(),
    dispose: () => notifier.dispose(),
  };
}
