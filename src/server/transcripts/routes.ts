import { ChatId } from '../../shared/protocol/common';
import type { Chats } from '../chats/chats';
import type { AccountStore } from '../session/accounts';
import { bearerToken, HttpError, type Routes, sendJson } from '../transport/http';

const MAX_PAGE_CHATS = 500;
/** A page stops growing past this many lines, so one page of very long chats stays a few megabytes. */
const MAX_PAGE_LINES = 20_000;

/**
 * The transcript feed desks build their local transcript search from, and one whole
 * transcript for a desk that does not have it yet. Operators only (bearer token).
 *
 * - `GET /api/transcripts/changes?since=REV&limit=N`: ended chats whose transcript revision is
 *   after REV, whole (every line, notes included), in revision order; `next` is where to go on.
 * - `GET /api/transcript?chat=ID`: one chat, whole, open or ended.
 */
export function transcriptRoutes(chats: Chats, accounts: AccountStore): Routes {
  const signedIn = (req: Parameters<NonNullable<Routes[string]['GET']>>[0]) => {
    const token = bearerToken(req);
    if (!token || !accounts.authenticate(token)) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <session token>');
  };
  return {
    '/api/transcripts/changes': {
      GET: (req, res, url) => {
        signedIn(req);
        const sinceText = url.searchParams.get('since') ?? '0';
        const limitText = url.searchParams.get('limit') ?? '200';
        if (!/^\d{1,15}$/.test(sinceText)) throw new HttpError(400, 'invalid_request', 'since must be a whole number (a transcript revision)');
        const limit = Number(limitText);
        if (!/^\d{1,4}$/.test(limitText) || limit < 1 || limit > MAX_PAGE_CHATS) throw new HttpError(400, 'invalid_request', `limit must be 1 to ${MAX_PAGE_CHATS}`);
        const since = Number(sinceText);
        const rows = chats.store.transcriptsAfter(since, limit + 1);
        const candidates = rows.slice(0, limit);
        const counts = chats.store.lineCounts(candidates.map((row) => row.id));
        // The page ends before the chat that would take it past MAX_PAGE_LINES (the first one always goes).
        let lines = 0;
        let taken = 0;
        for (const row of candidates) {
          const n = counts.get(row.id) ?? 0;
          if (taken > 0 && lines + n > MAX_PAGE_LINES) break;
          lines += n;
          taken++;
        }
        const page = candidates.slice(0, taken);
        const revOf = new Map(page.map((row) => [row.id, row.transcript_rev ?? 0]));
        const changes = chats.transcripts(page).map((chat) => ({ rev: revOf.get(chat.id) ?? 0, chat }));
        const next = page.reduce((rev, row) => row.transcript_rev ?? rev, since);
        sendJson(res, 200, { changes, next, more: changes.length < rows.length });
      },
    },
    '/api/transcript': {
      GET: (req, res, url) => {
        signedIn(req);
        const chatId = ChatId.safeParse(url.searchParams.get('chat'));
        if (!chatId.success) throw new HttpError(400, 'invalid_request', 'chat must be a chat id');
        const row = chats.store.get(chatId.data);
        if (!row) throw new HttpError(404, 'not_found', `no chat ${chatId.data}`);
        sendJson(res, 200, { chat: chats.summary(row, chats.store.allMessages(row.id)) });
      },
    },
  };
}
