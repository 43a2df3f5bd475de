import type { FaqCacheStatus } from '../../../shared/faqs/schemas';
import type { DeskAction } from '../../../shared/desk/reduce';
import type { CallHandlers, CoreContext, DeskFollower } from '../capability';
import type { Session } from '../session/session';
import { faqCachePath } from './cache-path';
import { FaqCache } from './faq-cache';
import { LibrarianFile } from '../librarians/librarian-file';
import { syncCache } from './sync';
import { messageOf } from '../../../shared/narrow';

type FaqCall = 'faqs.search' | 'faqs.status' | 'faqs.sync';

/** After a failed sync, try again this much later (sooner if the backend announces a change). */
const RETRY_MS = 30_000;

/**
 * The librarian's FAQs, at hand offline: a local SQLite cache per librarian, opened when they
 * sign in and closed when they sign out, synced by delta whenever the desk says the backend's
 * FAQ revision moved (in the snapshot on connect, or a `faqs.changed` event).
 */
export class Faqs implements DeskFollower {
  private readonly file: LibrarianFile<FaqCache>;

  constructor(
    private readonly ctx: CoreContext,
    private readonly session: Session,
    /** Where a librarian's cache lives (one function, so the per-librarian folder can change in one place). */
    pathFor: (dataDir: string, operatorId: string) => string = faqCachePath,
  ) {
    this.file = new LibrarianFile({
      what: 'the FAQ cache',
      open: (operatorId) => new FaqCache(pathFor(ctx.dataDir, operatorId)),
      sync: (cache) => this.syncRun(cache),
      changed: () => this.push(),
      log: ctx.log,
      retryMs: RETRY_MS,
    });
    ctx.on('session', () => {
      this.file.follow(this.session.me()?.id ?? null);
      this.file.requestSync();
    });
    ctx.on('subscribed', () => this.push());
    ctx.on('stopping', () => this.file.close());
  }

  followDesk(action: DeskAction): void {
    if (action.type === 'snapshot' || action.type === 'faqs.changed') this.file.requestSync();
  }

  status(): FaqCacheStatus {
    const cache = this.file.file;
    return {
      open: cache !== null,
      count: cache?.count ?? 0,
      rev: cache?.rev ?? 0,
      syncing: this.file.syncing,
      lastSyncAt: cache?.lastSyncAt ?? null,
      error: this.file.error,
    };
  }

  readonly calls: CallHandlers<FaqCall> = {
    'faqs.search': async ({ query, campus, limit }) => {
      const cache = this.file.file;
      if (!cache) return { hits: [], status: this.status() };
      try {
        return { hits: cache.search(query, campus, limit).hits, status: this.status() };
      } catch (error) {
        // Any text is a valid query; reaching here is a bug (or a damaged file), not the librarian's typing.
        this.ctx.log('error', 'FAQ search failed', { error: String(error), queryLength: query.length });
        this.file.error = `search failed: ${messageOf(error)}`;
        return { hits: [], status: this.status() };
      }
    },
    'faqs.status': async () => this.status(),
    'faqs.sync': async () => {
      this.file.requestSync();
      await this.file.run;
      return this.status();
    },
  };

  /** A run when the backend is ahead of the cache (or is another backend); none otherwise. */
  private syncRun(cache: FaqCache): Promise<void> | null {
    const backend = this.session.backendAccess();
    if (!backend || !this.session.online) return null;
    const backendRev = this.ctx.desk().faqs.rev;
    if (cache.backend === backend.url && cache.rev === backendRev) return null;
    return syncCache(cache, backend, backendRev, Date.now).then(({ changes }) => {
      if (changes > 0) this.ctx.log('info', 'FAQ cache synced', { changes, rev: cache.rev });
    });
  }

  private push(): void {
    this.ctx.emit({ type: 'faqs', status: this.status() });
  }
}
