import type { FaqCacheStatus } from '../../../shared/faqs/schemas';
import type { CallHandlers, CoreContext } from '../capability';
import type { Session } from '../session/session';
import { faqCachePath } from './cache-path';
import { FaqCache } from './faq-cache';
import { syncCache, SyncError } from './sync';

type FaqCall = 'faqs.search' | 'faqs.status' | 'faqs.sync';

/** After a failed sync, try again this much later (sooner if the backend announces a change). */
const RETRY_MS = 30_000;

/**
 * The librarian's FAQs, at hand offline: a local SQLite cache per librarian, opened when they
 * sign in and closed when they sign out, synced by delta whenever the desk says the backend's
 * FAQ revision moved (in the snapshot on connect, or a `faqs.changed` event).
 */
export class Faqs {
  private cache: FaqCache | null = null;
  private operatorId: string | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private error: string | null = null;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly session: Session,
    /** Where a librarian's cache lives (one function, so the per-librarian folder can change in one place). */
    private readonly pathFor: (dataDir: string, operatorId: string) => string = faqCachePath,
  ) {
    ctx.on('session', () => this.sessionChanged());
    ctx.on('desk', (action) => {
      if (action.type === 'snapshot' || action.type === 'faqs.changed') this.requestSync();
    });
    ctx.on('subscribed', () => this.push());
    ctx.on('stopping', () => this.close());
  }

  status(): FaqCacheStatus {
    const cache = this.cache;
    return {
      open: cache !== null,
      count: cache?.count ?? 0,
      rev: cache?.rev ?? 0,
      syncing: this.running !== null,
      lastSyncAt: cache?.lastSyncAt ?? null,
      error: this.error,
    };
  }

  readonly calls: CallHandlers<FaqCall> = {
    'faqs.search': async ({ query, campus, limit }) => {
      const cache = this.cache;
      if (!cache) return { hits: [], status: this.status() };
      try {
        return { hits: cache.search(query, campus, limit).hits, status: this.status() };
      } catch (error) {
        // Any text is a valid query; reaching here is a bug (or a damaged file), not the librarian's typing.
        this.ctx.log('error', 'FAQ search failed', { error: String(error), queryLength: query.length });
        this.error = `search failed: ${(error as Error).message}`;
        return { hits: [], status: this.status() };
      }
    },
    'faqs.status': async () => this.status(),
    'faqs.sync': async () => {
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
    this.requestSync();
  }

  private open(operatorId: string): void {
    try {
      this.cache = new FaqCache(this.pathFor(this.ctx.dataDir, operatorId));
      this.operatorId = operatorId;
      this.error = null;
    } catch (error) {
      this.ctx.log('error', 'cannot open the FAQ cache', { error: String(error) });
      this.error = `cannot open the FAQ cache: ${(error as Error).message}`;
    }
    this.push();
  }

  private close(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.cache?.close();
    this.cache = null;
    this.operatorId = null;
    this.push();
  }

  /** Sync if the backend is ahead (or elsewhere); one sync at a time, and once more if asked meanwhile. */
  private requestSync(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    const cache = this.cache;
    const backend = this.session.backendAccess();
    if (!cache || !backend || !this.session.online) return;
    const backendRev = this.ctx.desk().faqs.rev;
    if (cache.backend === backend.url && cache.rev === backendRev) return;
    this.running = this.sync(cache, backend, backendRev).finally(() => {
      this.running = null;
      this.push();
      if (this.again) {
        this.again = false;
        this.requestSync();
      }
    });
    this.push();
  }

  private async sync(cache: FaqCache, backend: { url: string; token: string }, backendRev: number): Promise<void> {
    try {
      const { changes } = await syncCache(cache, backend, backendRev, Date.now);
      this.error = null;
      if (changes > 0) this.ctx.log('info', 'FAQ cache synced', { changes, rev: cache.rev });
    } catch (error) {
      if (cache !== this.cache) return; // signed out meanwhile: the closed cache's sync does not matter
      this.error = error instanceof SyncError ? error.message : `FAQ sync failed: ${(error as Error).message}`;
      this.ctx.log('warn', 'FAQ sync failed', { error: this.error });
      if (!(error instanceof SyncError && error.unauthorized) && !this.retry) {
        this.retry = setTimeout(() => {
          this.retry = null;
          this.requestSync();
        }, RETRY_MS);
        this.retry.unref();
      }
    }
  }

  private push(): void {
    this.ctx.emit({ type: 'faqs', status: this.status() });
  }
}
