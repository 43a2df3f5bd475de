import { MAX_WAITING_FEED, type WaitingFeed } from '../../shared/waiting-feed/schemas';
import type { Db } from '../platform/db';
import { sameDigest, sha256 } from '../platform/secrets';
import { HttpError, type Routes, sendJson } from '../transport/http';

/** The key is a long random secret; shorter ones are refused at start. */
export const MIN_WAITING_FEED_KEY_CHARS = 32;

/**
 * GET /api/waiting: the chats nobody has claimed, for desk PCs that IT set to keep ringing
 * while nobody is signed in (between shifts). Off unless the server has a waiting-feed key
 * (DESKBELL_WAITING_FEED_KEY); a desk sends it as a bearer token. The feed carries only what
 * ringing needs: chat id, campus and when it started; never a patron's name, question or text.
 */
export function waitingFeedRoutes(db: Db, key: string | null, now: () => number): Routes {
  if (key !== null && key.length < MIN_WAITING_FEED_KEY_CHARS) throw new Error(`the waiting-feed key must be at least ${MIN_WAITING_FEED_KEY_CHARS} characters`);
  const digest = key === null ? null : sha256(key);
  const waiting = db.prepare<[number], { id: string; campus: string; created_at: number }>(
    // A chat put back in a queue rings from then (queued_at), as on a signed-in desk.
    `SELECT id, campus, COALESCE(queued_at, created_at) AS created_at FROM chats WHERE state = 'waiting' ORDER BY 3, id LIMIT ?`,
  );
  return {
    '/api/waiting': {
      GET: (req, res) => {
        if (digest === null) throw new HttpError(404, 'not_found', 'the waiting feed is off on this server (set DESKBELL_WAITING_FEED_KEY)');
        const given = /^Bearer (\S{1,500})$/.exec(req.headers.authorization ?? '')?.[1];
        // Compared as digests, in constant time: the key never leaks through timing.
        if (!given || !sameDigest(sha256(given), digest)) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <waiting-feed key>');
        const body: WaitingFeed = {
          serverTime: now(),
          waiting: waiting.all(MAX_WAITING_FEED).map((row) => ({ id: row.id, campus: row.campus, createdAt: row.created_at })),
        };
        sendJson(res, 200, body);
      },
    },
  };
}
