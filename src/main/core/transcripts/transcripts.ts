import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Chat } from '../../../shared/chats/schemas';
import type { DeskAction } from '../../../shared/desk/reduce';
import type { TranscriptIndexStatus } from '../../../shared/transcripts/schemas';
import { CommandError } from '../backend-link/outbox';
import type { CallHandlers, CoreContext, DeskFollower } from '../capability';
import { librarianDir } from '../librarians/librarian-dir';
import { LibrarianFile } from '../librarians/librarian-file';
import type { Session } from '../session/session';
import { syncTranscripts } from './sync';
import { syncStartingOver } from './sync-in-process';
import { TranscriptIndex } from './transcript-index';
import { isRecord, messageOf } from '../../../shared/narrow';

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
export class Transcripts implements DeskFollower {
  private readonly file: LibrarianFile<TranscriptIndex>;

  constructor(
    private readonly ctx: CoreContext,
    private readonly session: Session,
    pathFor: (dataDir: string, operatorId: string) => string = transcriptIndexPath,
  ) {
    this.file = new LibrarianFile({
      what: 'the transcript index',
      open: (operatorId) => new TranscriptIndex(pathFor(ctx.dataDir, operatorId)),
      sync: (index) => this.syncRun(index),
      changed: () => this.push(),
      log: ctx.log,
      retryMs: RETRY_MS,
    });
    ctx.on('session', () => {
      this.file.follow(this.session.me()?.id ?? null);
      this.file.syncSoon(0);
    });
    ctx.on('subscribed', () => this.push());
    ctx.on('stopping', () => this.file.close());
  }

  followDesk(action: DeskAction): void {
    const endedChatLine = action.type === 'chat.message' && this.ctx.desk().chats[action.message.chatId]?.state === 'ended';
    if (CHANGES_TRANSCRIPTS.has(action.type) || endedChatLine) this.file.syncSoon(SYNC_DELAY_MS);
  }

  status(): TranscriptIndexStatus {
    const index = this.file.file;
    return { open: index !== null, count: index?.count ?? 0, rev: index?.rev ?? 0, syncing: this.file.syncing, lastSyncAt: index?.lastSyncAt ?? null, error: this.file.error };
  }

  /** For benchmarks and diagnostics: the open index, if any. */
  get openIndex(): TranscriptIndex | null {
    return this.file.file;
  }

  readonly calls: CallHandlers<TranscriptCall> = {
    'transcripts.search': async (query) => {
      const index = this.file.file;
      if (!index) return { hits: [], status: this.status() };
      try {
        return { hits: index.search(query), status: this.status() };
      } catch (error) {
        this.ctx.log('error', 'transcript search failed', { error: String(error) });
        this.file.error = `search failed: ${messageOf(error)}`;
        return { hits: [], status: this.status() };
      }
    },
    'transcripts.get': async ({ chatId }) => {
      const kept = this.file.file?.get(chatId);
      if (kept) return { chat: kept };
      const body = await this.session.backendGet(`/api/transcript?chat=${encodeURIComponent(chatId)}`);
      const chat = Chat.safeParse(isRecord(body) ? body.chat : undefined);
      if (!chat.success || chat.data.id !== chatId) throw new CommandError('internal', 'the backend sent a transcript that does not fit the schema');
      return { chat: chat.data };
    },
    'transcripts.status': async () => this.status(),
    'transcripts.sync': async () => {
      this.file.requestSync();
      await this.file.run;
      return this.status();
    },
  };

  private syncRun(index: TranscriptIndex): Promise<void> | null {
    const backend = this.session.backendAccess();
    if (!backend || !this.session.online) return null;
    const started = performance.now();
    // Starting over (a first sync, or another backend's index) means thousands of rows: off this thread.
    const run = index.backend !== backend.url ? syncStartingOver(index, backend, this.ctx.log) : syncTranscripts(index, backend, Date.now);
    return run.then(({ pages, changes }) => {
      // A catch-up (the first sync, a desk back after days) is worth a line; one chat's ending is not.
      if (changes > 0) this.ctx.log(pages > 1 ? 'info' : 'debug', 'transcripts synced', { changes, pages, ms: Math.round(performance.now() - started), rev: index.rev });
    });
  }

  private push(): void {
    this.ctx.emit({ type: 'transcripts', status: this.status() });
  }
}
