import { FaqChangesPage } from '../../../shared/faqs/schemas';
import type { FaqCache } from './faq-cache';
import { causeOf, isErrorNamed, messageOf } from '../../../shared/narrow';
import { withDeadline } from '../deadline';

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

/** Why a request failed, with the network's own reason when there is one ("fetch failed" alone says little). */
function reason(error: unknown): string {
  const message = messageOf(error);
  const detail = causeOf(error);
  return detail ? `${message} (${detail})` : message;
}

/**
 * A GET that failed before any answer is sent once more, at once: a kept-alive connection that
 * the backend closed while the last page was being written fails the first request on it. Not
 * after a timeout: that one already waited long enough.
 */
async function getOnceMore(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
  const get = () => fetch(url, { headers, signal });
  try {
    return await get();
  } catch (error) {
    if (isErrorNamed(error, 'TimeoutError')) throw error;
    return await get();
  }
}

/** One page of changes after `since`, checked against the shared schema. */
export async function fetchChanges(backend: BackendAccess, since: number, limit = SYNC_PAGE): Promise<FaqChangesPage> {
  // The request (and its one retry) and the reading of its page, within one deadline that ends with them.
  const body: unknown = await withDeadline(30_000, async (signal) => {
    let response: Response;
    try {
      response = await getOnceMore(`${backend.url}/api/faqs/changes?since=${since}&limit=${limit}`, { authorization: `Bearer ${backend.token}`, accept: 'application/json' }, signal);
    } catch (error) {
      throw new SyncError(`cannot reach the backend: ${reason(error)}`);
    }
    if (response.status === 401) throw new SyncError('the backend refused the session', true);
    if (!response.ok) throw new SyncError(`the backend answered HTTP ${response.status}`);
    return response.json().catch(() => null);
  });
  const page = FaqChangesPage.safeParse(body);
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
