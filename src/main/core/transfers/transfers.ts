import type { DeskAction } from '../../../shared/desk/reduce';
import type { CallHandlers, DeskFollower } from '../capability';
import type { Chats } from '../chats/chats';
import type { Session } from '../session/session';

/**
 * Transfers in the core: offer, accept, decline, withdraw, send to a queue (commands to the
 * backend). A chat handed to this librarian has its whole transcript loaded at once, so the
 * pane opens on everything said so far.
 */
export class Transfers implements DeskFollower {
  constructor(
    private readonly session: Session,
    private readonly chats: Chats,
  ) {}

  followDesk(action: DeskAction): void {
    if (action.type === 'chat.transferred' && action.to.id === this.session.me()?.id) this.chats.loadInBackground(action.chatId);
  }

  readonly calls: CallHandlers<'transfer.offer' | 'transfer.accept' | 'transfer.decline' | 'transfer.cancel' | 'transfer.queue'> = {
    'transfer.offer': async ({ chatId, to, note }) => {
      await this.session.command({ kind: 'transfer.offer', chatId, to, note });
      return {};
    },
    'transfer.accept': async ({ offerId }) => {
      await this.session.command({ kind: 'transfer.accept', offerId });
      return {};
    },
    'transfer.decline': async ({ offerId, reason }) => {
      await this.session.command({ kind: 'transfer.decline', offerId, reason });
      return {};
    },
    'transfer.cancel': async ({ offerId }) => {
      await this.session.command({ kind: 'transfer.cancel', offerId });
      return {};
    },
    'transfer.queue': async ({ chatId, campus, note }) => {
      await this.session.command({ kind: 'transfer.queue', chatId, campus, note });
      return {};
    },
  };
}
