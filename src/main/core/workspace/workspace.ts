import { patronLabel } from '../../../shared/chats/labels';
import { isClaimedBy } from '../../../shared/chats/selectors';
import type { ChatMessage } from '../../../shared/chats/schemas';
import type { DeskAction } from '../../../shared/desk/reduce';
import type { DeskState } from '../../../shared/desk/state';
import type { CallHandlers, CoreContext, DeskFollower } from '../capability';
import type { Session } from '../session/session';

/** What the workspace tells the alerts capability (core/alerts), which owns every sound and the tray. */
export interface WorkspaceAlerts {
  /** A patron's line the librarian has not seen: the alerts decide whether and how loud it chimes. */
  patronLineUnseen(chatId: string): void;
  /** The count of unseen lines changed: the tray shows it. */
  unreadChanged(total: number): void;
}

/**
 * The librarian's chats in main: which one is in front (the renderer says, with whether the
 * window is visible) and patron messages not yet seen per chat. A patron's line in a chat the
 * librarian holds, arriving while that chat is not in front or the window is hidden, counts as
 * unread, is handed to the alerts for the message chime, and asks the shells for a
 * notification. Decided in main, like the alerts, where timers and sockets keep running while
 * the window is hidden.
 */
export class Workspace implements DeskFollower {
  private front: { chatId: string | null; visible: boolean } = { chatId: null, visible: false };
  private readonly unread = new Map<string, number>();
  /** Chats claimed here whose claim's history has not come yet (see linesInHistory). */
  private readonly awaitingHistory = new Set<string>();

  constructor(
    private readonly ctx: Pick<CoreContext, 'desk' | 'emit' | 'on'>,
    private readonly session: Pick<Session, 'me' | 'sendTyping'>,
    private readonly alerts: WorkspaceAlerts,
  ) {
    ctx.on('subscribed', () => this.pushUnread());
    // Nothing of one librarian's chats carries over to the next at a shared desk.
    ctx.on('librarian', () => {
      this.front = { chatId: null, visible: false };
      this.awaitingHistory.clear();
      if (this.unread.size > 0) {
        this.unread.clear();
        this.unreadChanged();
      }
    });
  }

  private unreadTotal(): number {
    let total = 0;
    for (const n of this.unread.values()) total += n;
    return total;
  }

  readonly calls: CallHandlers<'workspace.front' | 'chat.typing'> = {
    'workspace.front': async ({ chatId, visible }) => {
      this.front = { chatId, visible };
      if (visible && chatId !== null && this.unread.delete(chatId)) this.unreadChanged();
      return {};
    },
    'chat.typing': async ({ chatId, typing }) => {
      this.session.sendTyping(chatId, typing);
      return {};
    },
  };

  private inFront(chatId: string): boolean {
    return this.front.visible && this.front.chatId === chatId;
  }

  followDesk(action: DeskAction, before: DeskState): void {
    if (action.type === 'chat.message') return this.patronLine(action.message);
    if (action.type === 'chat.history') return this.linesInHistory(action.chatId, before);
    const me = this.session.me();
    if (action.type === 'chat.claimed' && me && action.by.id === me.id) this.awaitingHistory.add(action.chatId);
    // After a reconnect the desk's chats are summaries again, and their histories come back whole: lines already read.
    if (action.type === 'snapshot') this.awaitingHistory.clear();
    // Any other change may take a chat from this librarian: ended, handed to a colleague, sent
    // back to a queue, or gone from the desk after a reconnect. Its unread lines go with it, so
    // the tray never keeps a count nobody can clear (and the counts never grow with the shift).
    const held = (chatId: string) => isClaimedBy(this.ctx.desk().chats[chatId], me?.id);
    for (const chatId of this.awaitingHistory) if (!held(chatId)) this.awaitingHistory.delete(chatId);
    if (this.unread.size === 0) return;
    let changed = false;
    for (const chatId of [...this.unread.keys()]) if (!held(chatId)) changed = this.unread.delete(chatId) || changed;
    if (changed) this.unreadChanged();
  }

  /**
   * A claim fetches the chat's history. A patron line that reached the backend meanwhile can come
   * in it before its own event, which the desk then drops as a line it has: such a line is
   * counted here, once, if it is new to the desk and was sent after the claim (older lines are
   * the ones the librarian claimed the chat to read). Only the claim's own history: one loaded
   * again later (after a reconnect, whose snapshot holds no lines) brings back lines already read.
   */
  private linesInHistory(chatId: string, before: DeskState): void {
    if (!this.awaitingHistory.delete(chatId)) return;
    const chat = this.ctx.desk().chats[chatId];
    if (!chat || chat.claimedAt === null) return;
    const claimedAt = chat.claimedAt;
    const known = new Set(before.chats[chatId]?.messages.map((m) => m.id));
    for (const message of chat.messages) if (!known.has(message.id) && message.at >= claimedAt) this.patronLine(message);
  }

  private patronLine(message: ChatMessage): void {
    if (message.from !== 'patron' || message.visibility !== 'patron') return;
    const chat = this.ctx.desk().chats[message.chatId];
    if (!isClaimedBy(chat, this.session.me()?.id) || this.inFront(chat.id)) return;
    this.unread.set(chat.id, (this.unread.get(chat.id) ?? 0) + 1);
    this.unreadChanged();
    this.alerts.patronLineUnseen(chat.id);
    const campusName = this.ctx.desk().campuses.find((c) => c.id === chat.campus)?.name ?? chat.campus;
    this.ctx.emit({ type: 'patronMessage', chatId: chat.id, patron: patronLabel(chat), campusName, text: message.text });
  }

  private unreadChanged(): void {
    this.pushUnread();
    this.alerts.unreadChanged(this.unreadTotal());
  }

  private pushUnread(): void {
    this.ctx.emit({ type: 'unread', counts: Object.fromEntries(this.unread) });
  }
}
