import { join } from 'node:path';
import { Chat } from '../../../shared/chats/schemas';
import type { DeskAction } from '../../../shared/desk/reduce';
import type { TranscriptIndexStatus } from '../../../shared/transcripts/schemas';
import { CommandError } from '../backend-link/outbox';
import type { CallHandlers, CoreContext } from '../capability';
import { SyncError } from '../faqs/sync';
import { librarianDir } from '../librarians/librarian-dir';
import type { Session } from '../session/session';
import { syncTranscripts } from './sync';
import { TranscriptIndex } from './transcript-index';

type TranscriptCall = 'transcripts.search' | 'transcripts.get' | 'transcripts.status' | 'transcripts.sync';

/** Where a librarian's transcript index lives: their own folder, which the next librarian at the desk never opens. */
export const transcriptIndexPath = (dataDir: string, operatorId: string): string => join(librarianDir(dataDir, operatorId), 'transcripts.db');

/** A burst of endings (a busy minute) is fetched in one go. */
const SYNC_DELAY_MS = 300;
const RETRY_MS = 30_000;

/** Desk changes after which the backend has a new transcript revision to fetch. */
const CHANGES_TRANSCRIPTS = new Set<DeskAction['type']>(['snapshot', 'chat.ended', 'chat.patron', 'chat.interview', 'chat.incident']);

/**
 * Every chat's transcript, this shift's and past ones, searchable on this computer: a SQLite
 * FTS5 index per librarian (under their folder), opened when they sign in and closed when they
 * sign out, synced from the backend's transcript feed whenever a chat ends or an ended chat's
 * record changes. A transcript not (yet) here is fetched from the backend.
 */
export class Transcripts {
  private index: TranscriptIndex | null = null;
  private operatorId: string | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private error: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly session: Session,
    private readonly pathFor: (dataDir: string, operatorId: string) => string = transcriptIndexPath,
  ) {
    ctx.on('session', () => this.sessionChanged());
    ctx.on('desk', (action) => {
      const endedChatLine = action.type === 'chat.message' && ctx.desk().chats[action.message.chatId]?.state === 'ended';
      if (CHANGES_TRANSCRIPTS.has(action.type) || endedChatLine) this.syncSoon(SYNC_DELAY_MS);
    });
    ctx.on('subscribed', () => this.push());
    ctx.on('stopping', () => this.close());
  }

  status(): TranscriptIndexStatus {
    const index = this.index;
    return { open: index !== null, count: index?.count ?? 0, rev: index?.rev ?? 0, syncing: this.running !== null, lastSyncAt: index?.lastSyncAt ?? null, error: this.error };
  }

  /** For benchmarks and diagnostics: the open index, if any. */
  get openIndex(): TranscriptIndex | null {
    return this.index;
  }

  readonly calls: CallHandlers<TranscriptCall> = {
    'transcripts.search': async (query) => {
      const index = this.index;
      if (!index) return { hits: [], status: this.status() };
      try {
        return { hits: index.search(query), status: this.status() };
      } catch (error) {
        this.ctx.log('error', 'transcript search failed', { error: String(error) });
        this.error = `search failed: ${(error as Error).message}`;
        return { hits: [], status: this.status() };
      }
    },
    'transcripts.get': async ({ chatId }) => {
      const kept = this.index?.get(chatId);
      if (kept) return { chat: kept };
      const body = (await this.session.backendGet(`/api/transcript?chat=${encodeURIComponent(chatId)}`)) as { chat?: unknown } | null;
      const chat = Chat.safeParse(body?.chat);
      if (!chat.success || chat.data.id !== chatId) throw new CommandError('internal', 'the backend sent a transcript that does not fit the schema');
      return { chat: chat.data };
    },
    'transcripts.status': async () => this.status(),
    'transcripts.sync': async () => {
      this.requestSync();
      await this.running;
      return this.status();
    },
  };

  private sessionChanged(): void {
    const me = this.session.me();
    if (me?.id !== this.operatorId) {
      this.close();
      if (me) this.open(me.id);
    }
    this.syncSoon(0);
  }

  private open(operatorId: string): void {
    try {
      this.index = new TranscriptIndex(this.pathFor(this.ctx.dataDir, operatorId));
      this.operatorId = operatorId;
      this.error = null;
    } catch (error) {
      this.ctx.log('error', 'cannot open the transcript index', { error: String(error) });
      this.error = `cannot open the transcript index: ${(error as Error).message}`;
    }
    this.push();
  }

  private close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.index?.close();
    this.index = null;
    this.operatorId = null;
    this.push();
  }

  private syncSoon(delay: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.requestSync();
    }, delay);
    this.timer.unref();
  }

  private requestSync(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    const index = this.index;
    const backend = this.session.backendAccess();
    if (!index || !backend || !this.session.online) return;
    this.running = this.sync(index, backend).finally(() => {
      this.running = null;
      this.push();
      if (this.again) {
        this.again = false;
        this.requestSync();
      }
    });
    this.push();
  }

  private async sync(index: TranscriptIndex, backend: { url: string; token: string }): Promise<void> {
    try {
      const { changes } = await syncTranscripts(index, backend, Date.now);
      this.error = null;
      if (changes > 0) this.ctx.log('debug', 'transcripts synced', { changes, rev: index.rev });
    } catch (error) {
      if (index !== this.index) return; // signed out meanwhile
      this.error = error instanceof SyncError ? error.message : `transcript sync failed: ${(error as Error).message}`;
      this.ctx.log('warn', 'transcript sync failed', { error: this.error });
      if (!(error instanceof SyncError && error.unauthorized)) this.syncSoon(RETRY_MS);
    }
  }

  private push(): void {
    this.ctx.emit({ type: 'transcripts', status: this.status() });
  }
}
