import { FaqChangesPage } from '../../../shared/faqs/schemas';
import type { FaqCache } from './faq-cache';

/** Changes asked for per request: one page is one transaction in the cache. */
export const SYNC_PAGE = 2_000;

export interface BackendAccess {
  url: string;
  token: string;
}

export class SyncError extends Error {
  constructor(
    message: string,
    /** The backend refused the session (the session capability deals with that). */
    readonly unauthorized = false,
  ) {
    super(message);
  }
}

/** One page of changes after `since`, checked against the shared schema. */
export async function fetchChanges(backend: BackendAccess, since: number, limit = SYNC_PAGE): Promise<FaqChangesPage> {
  let response: Response;
  try {
    response = await fetch(`${backend.url}/api/faqs/changes?since=${since}&limit=${limit}`, {
      headers: { authorization: `Bearer ${backend.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new SyncError(`cannot reach the backend: ${(error as Error).message}`);
  }
  if (response.status === 401) throw new SyncError('the backend refused the session', true);
  if (!response.ok) throw new SyncError(`the backend answered HTTP ${response.status}`);
  const page = FaqChangesPage.safeParse(await response.json().catch(() => null));
  if (!page.success) throw new SyncError('the backend sent FAQ changes in an unexpected shape');
  if (page.data.next < since) throw new SyncError('the backend sent changes that go backwards');
  return page.data;
}

/**
 * Bring the cache up to the backend's revision, page by page. `backendRev` is what the desk
 * snapshot says the backend holds: a cache ahead of it belongs to a database that was
 * replaced, and starts over.
 */
export async function syncCache(
  cache: FaqCache,
  backend: BackendAccess,
  backendRev: number | null,
  now: () => number,
  /** After each page is committed (progress for the status line, and for the crash test). */
  onPage?: (rev: number) => void,
): Promise<{ pages: number; changes: number }> {
  // Starting over empties the cache only once the backend has answered: offline, the old FAQs stay searchable.
  let startOver = cache.backend !== backend.url || (backendRev !== null && cache.rev > backendRev);
  let pages = 0;
  let changes = 0;
  for (;;) {
    const page = await fetchChanges(backend, startOver ? 0 : cache.rev);
    if (startOver) cache.reset(backend.url);
    startOver = false;
    cache.apply(page, now());
    onPage?.(page.next);
    pages++;
    changes += page.changes.length;
    if (!page.more) return { pages, changes };
  }
}
