/**
 * Native notifications for the hand-offs (a chat offered to this librarian, a note for them):
 * the shared notifier (src/shared/transfers/notifier.ts) with Electron's Notification behind it.
 */
import type { Push } from '../../../shared/api';
import type { Operator } from '../../../shared/session/schemas';
import { createHandoffNotifier } from '../../../shared/transfers/notifier';
import type { LogFn } from '../../core/ports';
import { type NativeNotificationDeps, nativeNotifications } from '../native-notification';

export interface HandoffNotificationDeps extends NativeNotificationDeps {
  me: () => Operator | null;
  showDesk: () => void;
  escapeMarkup?: boolean;
  log: LogFn;
}

export function createHandoffNotifications(deps: HandoffNotificationDeps): { handlePush(push: Push): void; liveKeys(): string[]; dispose(): void } {
  const notifier = createHandoffNotifier({
    create: nativeNotifications(deps),
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
