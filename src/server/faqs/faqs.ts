import type { DeskSnapshot } from '../../shared/desk/events';
import { FAQ_CHANGES_MAX_PAGE, FaqRev } from '../../shared/faqs/schemas';
import type { ServerCapability, ServerContext } from '../capability';
import { DeskbellServerError } from '../platform/errors';
import { errorData } from '../platform/log';
import { bearerToken, HttpError, type Routes, sendJson } from '../transport/http';
import { FaqStore, type ImportCounts, type ReplaceOptions } from './faq-store';
import { FaqSource, type FaqImportPlan, type FaqSourceInput, loadFaqs, sourceLabel } from './sources';
import { messageOf } from '../../shared/narrow';

/** How often the backend looks for FAQ changes made by another process (the CLI's import-faqs). */
const REV_WATCH_MS = 15_000;
/** Scheduled imports start this long after the server, one after another, so a restart is quiet. */
const FIRST_RUN_DELAY_MS = 10_000;

export interface FaqsOptions {
  plan: FaqImportPlan | null;
  /** Shorter watch interval for tests. */
  watchMs?: number;
}

/**
 * FAQs per campus: imports (from the CLI, or on a schedule per campus), the delta feed desks
 * sync their local caches from (GET /api/faqs/changes, signed-in operators only), and a
 * `faqs.changed` event whenever the revision moves, whoever moved it.
 */
export class Faqs implements ServerCapability {
  readonly store: FaqStore;
  private published: number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<string>();
  private closed = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: FaqsOptions,
  ) {
    this.store = new FaqStore(ctx.db);
    this.published = this.store.rev();
  }

  snapshot(): Pick<DeskSnapshot, 'faqRev'> {
    return { faqRev: this.store.rev() };
  }

  recover(): void {
    const watch = setInterval(() => this.publishIfMoved(), this.options.watchMs ?? REV_WATCH_MS);
    watch.unref();
    this.timers.add(watch);
    this.options.plan?.imports.forEach((entry, index) => {
      const source = sourceLabel(entry.source);
      const every = entry.everyMinutes * 60_000;
      const last = this.store.lastImportAt(entry.campus, source);
      const earliest = this.ctx.now() + FIRST_RUN_DELAY_MS * (index + 1);
      this.schedule(entry, Math.max(earliest, (last ?? 0) + every));
    });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /**
   * Import one campus's whole FAQ list now; desks hear of it at once. A refusal (a bad or
   * partial source, too many deletions) changes nothing and is recorded in the import log.
   */
  async importNow(campus: string, input: FaqSourceInput, options: ReplaceOptions = {}): Promise<ImportCounts> {
    if (!this.ctx.directory.get(campus)) throw new DeskbellServerError('unknown_campus', `unknown campus "${campus}"`);
    const source = FaqSource.parse(input);
    const label = sourceLabel(source);
    try {
      const faqs = await loadFaqs(campus, source);
      const counts = this.store.replaceCampus(campus, label, faqs, this.ctx.now(), options);
      this.publishIfMoved();
      return counts;
    } catch (error) {
      this.store.recordFailure(campus, label, this.ctx.now(), messageOf(error));
      throw error;
    }
  }

  private schedule(entry: FaqImportPlan['imports'][number], at: number): void {
    if (this.closed) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.runScheduled(entry).finally(() => this.schedule(entry, this.ctx.now() + entry.everyMinutes * 60_000));
      },
      Math.max(0, at - this.ctx.now()),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private async runScheduled(entry: FaqImportPlan['imports'][number]): Promise<void> {
    const key = `${entry.campus} ${sourceLabel(entry.source)}`;
    if (this.running.has(key) || this.closed) return;
    this.running.add(key);
    try {
      const counts = await this.importNow(entry.campus, entry.source);
      this.ctx.log('info', 'scheduled FAQ import', { campus: entry.campus, ...counts });
    } catch (error) {
      this.ctx.log('error', 'scheduled FAQ import failed', { campus: entry.campus, ...errorData(error) });
    } finally {
      this.running.delete(key);
    }
  }

  /** Tell every desk when the revision moved, by an import here or in another process. */
  private publishIfMoved(): void {
    if (this.closed) return;
    try {
      const rev = this.store.rev();
      if (rev === this.published) return;
      this.published = rev;
      this.ctx.publish({ type: 'faqs.changed', rev });
    } catch (error) {
      this.ctx.log('error', 'FAQ revision check failed', errorData(error));
    }
  }

  readonly routes: Routes = {
    '/api/faqs/changes': {
      GET: (req, res, url) => {
        const token = bearerToken(req);
        if (!token || !this.ctx.accounts.authenticate(token)) throw new HttpError(401, 'unauthorized', 'sign in first: send Authorization: Bearer <token>');
        const since = FaqRev.safeParse(Number(url.searchParams.get('since') ?? '0'));
        const limitText = url.searchParams.get('limit') ?? String(FAQ_CHANGES_MAX_PAGE);
        if (!since.success || !/^\d+$/.test(url.searchParams.get('since') ?? '0')) throw new HttpError(400, 'invalid_request', 'since must be a whole number (a revision)');
        if (!/^\d{1,9}$/.test(limitText) || Number(limitText) < 1) throw new HttpError(400, 'invalid_request', 'limit must be a whole number from 1');
        // A bigger limit is not an error, only more than one page: `more` says so.
        sendJson(res, 200, this.store.changesSince(since.data, Math.min(Number(limitText), FAQ_CHANGES_MAX_PAGE)));
      },
    },
  };
}
