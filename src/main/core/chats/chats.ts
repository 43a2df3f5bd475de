import { type ChatCommand, ChatHistory } from '../../../shared/chats/events';
import { chatsClaimedBy } from '../../../shared/chats/selectors';
import { CommandError } from '../backend-link/outbox';
import type { DeskAction } from '../../../shared/desk/reduce';
import type { CallHandlers, CoreContext, DeskFollower } from '../capability';
import type { Session } from '../session/session';

const HistoryReply = ChatHistory.omit({ type: true });

/**
 * Chats in the core: claim, send and end (commands to the backend, resolved on their ack), and
 * each chat's transcript loaded when it is opened or claimed (the desk snapshot has summaries
 * only). A transcript is fetched once per chat until the next snapshot; live lines keep it whole.
 */
export class Chats implements DeskFollower {
  private readonly loaded = new Set<string>();
  private readonly loading = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly session: Session,
  ) {}

  followDesk(action: DeskAction): void {
    if (action.type === 'chat.ended') {
      // An ending can drop the oldest ended chat from the desk: its mark goes with it, or the
      // marks of a shift's chats would pile up until the next snapshot.
      const held = this.ctx.desk().chats;
      for (const chatId of this.loaded) if (!(chatId in held)) this.loaded.delete(chatId);
      return;
    }
    if (action.type !== 'snapshot') return;
    // A new snapshot carries summaries again: my own chats' transcripts come back at once.
    this.loaded.clear();
    const me = this.session.me();
    if (me) for (const chat of chatsClaimedBy(this.ctx.desk(), me.id)) this.loadInBackground(chat.id);
  }

  /** Chats whose transcript is loaded (at most the chats the desk holds). */
  get loadedCount(): number {
    return this.loaded.size;
  }

  readonly calls: CallHandlers<'chat.claim' | 'chat.send' | 'chat.end' | 'chat.history' | 'chat.setPatron'> = {
    'chat.claim': async ({ chatId }) => {
      await this.run({ kind: 'claim', chatId });
      this.loadInBackground(chatId);
      return {};
    },
    'chat.send': ({ chatId, text }) => this.run({ kind: 'send', chatId, text }),
    'chat.end': ({ chatId, policy }) => this.run(policy ? { kind: 'end', chatId, policy } : { kind: 'end', chatId }),
    'chat.setPatron': ({ chatId, givenName, email, phone }) => this.run({ kind: 'patron.set', chatId, givenName, email, phone }),
    'chat.history': async ({ chatId }) => {
      await this.load(chatId);
      return {};
    },
  };

  private async run(cmd: ChatCommand): Promise<Record<string, never>> {
    await this.session.command(cmd);
    return {};
  }

  /** Fetch a chat's transcript once (concurrent asks share one fetch) and merge it into the desk. */
  private load(chatId: string): Promise<void> {
    if (this.loaded.has(chatId)) return Promise.resolve();
    let pending = this.loading.get(chatId);
    if (!pending) {
      pending = this.fetch(chatId).finally(() => this.loading.delete(chatId));
      this.loading.set(chatId, pending);
    }
    return pending;
  }

  /** Load a chat's transcript without waiting for it (a claim, a chat handed to this librarian). */
  loadInBackground(chatId: string): void {
    this.load(chatId).catch((error: unknown) => this.ctx.log('warn', 'could not load a chat transcript', { chatId, error: String(error) }));
  }

  private async fetch(chatId: string): Promise<void> {
    const body = await this.session.backendGet(`/api/chat-history?chat=${encodeURIComponent(chatId)}`);
    const reply = HistoryReply.safeParse(body);
    if (!reply.success || reply.data.chatId !== chatId) throw new CommandError('internal', 'the backend sent a transcript that does not fit the schema');
    this.ctx.apply({ type: 'chat.history', chatId, messages: reply.data.messages });
    // A chat the desk does not hold (gone while its transcript was fetched) is not marked.
    if (chatId in this.ctx.desk().chats) this.loaded.add(chatId);
  }
}
