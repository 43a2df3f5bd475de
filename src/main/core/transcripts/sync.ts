import { TranscriptChangesPage } from '../../../shared/transcripts/schemas';
import { type BackendAccess, SyncError } from '../faqs/sync';
import { withDeadline } from '../deadline';
import type { TranscriptIndex } from './transcript-index';
import { messageOf } from '../../../shared/narrow';

/** Chats asked for per request: one page is one transaction in the index. */
export const TRANSCRIPT_PAGE = 200;

/** A page's cursor: checked on its own first, so the next page can be asked for while the page itself is checked. */
const PageCursor = TranscriptChangesPage.pick({ next: true, more: true });

interface FetchedPage {
  next: number;
  more: boolean;
  /** The whole page, checked against its schema. */
  check(): TranscriptChangesPage;
}

export async function fetchTranscriptChanges(backend: BackendAccess, since: number, limit = TRANSCRIPT_PAGE): Promise<FetchedPage> {
  // The request and the reading of its page, within one deadline that ends with them (a sync runs after every chat that ends).
  const body: unknown = await withDeadline(60_000, async (signal) => {
    let response: Response;
    try {
      response = await fetch(`${backend.url}/api/transcripts/changes?since=${since}&limit=${limit}`, {
        headers: { authorization: `Bearer ${backend.token}`, accept: 'application/json' },
        signal,
      });
    } catch (error) {
      throw new SyncError(`cannot reach the backend: ${messageOf(error)}`);
    }
    if (response.status === 401) throw new SyncError('the backend refused the session', true);
    if (!response.ok) throw new SyncError(`the backend answered HTTP ${response.status}`);
    return response.json().catch(() => null);
  });
  const unexpected = () => new SyncError('the backend sent transcripts in an unexpected shape');
  const cursor = PageCursor.safeParse(body);
  if (!cursor.success) throw unexpected();
  if (cursor.data.next < since) throw new SyncError('the backend sent transcripts that go backwards');
  return {
    ...cursor.data,
    check() {
      const page = TranscriptChangesPage.safeParse(body);
      if (!page.success) throw unexpected();
      return page.data;
    },
  };
}

/**
 * Bring the index up to the backend, page by page. An index of another backend starts over,
 * once that backend has answered (offline, the old transcripts stay searchable).
 *
 * The next page is asked for as soon as this one's cursor is read, before the page is checked
 * and written, so the backend reads it meanwhile (they are separate processes). However the run
 * ends, a bulk fill it began is finished: what was fetched is searchable by its words.
 */
export async function syncTranscripts(index: TranscriptIndex, backend: BackendAccess, now: () => number): Promise<{ pages: number; changes: number }> {
  let startOver = index.backend !== backend.url;
  let pages = 0;
  let changes = 0;
  let next = fetchTranscriptChanges(backend, startOver ? 0 : index.rev);
  try {
    for (;;) {
      const fetched = await next;
      if (fetched.more) {
        next = fetchTranscriptChanges(backend, fetched.next);
        // Awaited on the next turn; if this page's check or write throws first, its failure is the one reported.
        next.catch(() => undefined);
      }
      const page = fetched.check();
      if (startOver) index.reset(backend.url);
      startOver = false;
      index.apply(page, now());
      pages++;
      changes += page.changes.length;
      if (!page.more) return { pages, changes };
    }
  } finally {
    index.finishBulk();
  }
}
