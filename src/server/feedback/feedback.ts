import { ChatId, Timestamp } from '../../shared/protocol/common';
import type { PatronFrameTable, ServerContext } from '../capability';
import type { Chats } from '../chats/chats';
import { errorData } from '../platform/log';
import { sameDigest, sha256 } from '../platform/secrets';
import { bearerToken, HttpError, type Routes, sendJson } from '../transport/http';
import type { SessionInfo } from '../session/accounts';
import type { FeedbackStore } from './feedback-store';

/**
 * Patron feedback: at the end of a chat the patron may rate it (1-5, a comment if they like)
 * once; the librarian who held the chat reads it on the chat, and an administrator reads their
 * own campus's counts and average. Stored in its own table; nobody edits a rating.
 */
export class Feedback {
  constructor(
    private readonly ctx: ServerContext,
    private readonly chats: Chats,
    private readonly store: FeedbackStore,
  ) {}

  readonly patronFrames: PatronFrameTable<'rate'> = {
    rate: (link, frame) => {
      const answer = (code: 'unauthorized' | 'chat_ended' | 'not_found' | 'conflict' | 'internal', message: string) => link.send({ type: 'error', id: frame.id, code, message });
      try {
        const chat = this.chats.store.get(frame.chat.chatId);
        // One answer for "no such chat" and "wrong token", so chat ids cannot be probed.
        if (!chat || !sameDigest(sha256(frame.chat.token), chat.patron_token_hash)) return answer('unauthorized', 'unknown chat or wrong resume token');
        if (chat.state !== 'ended') return answer('conflict', 'a chat is rated once it has ended');
        if (chat.claimed_by === null) return answer('not_found', 'no librarian answered this chat, so there is nothing to rate');
        const stored = this.store.add({ chatId: chat.id, campus: chat.campus, operatorId: chat.claimed_by, rating: frame.rating, comment: frame.comment, at: this.ctx.now() });
        if (!stored) {
          // A resend of the same rating (its answer was lost with the connection) gets the same answer.
          const kept = this.store.ofChat(chat.id);
          if (kept?.rating !== frame.rating || kept.comment !== frame.comment) return answer('conflict', 'this chat has been rated already');
        }
        link.send({ type: 'rated', id: frame.id });
      } catch (error) {
        this.ctx.log('error', 'a rating failed', errorData(error));
        answer('internal', 'the rating could not be saved: please try again in a moment');
      }
    },
  };

  readonly routes: Routes = {
    /** `GET /api/feedback?chat=<id>`: for the librarian who held the chat, or an administrator of its campus. */
    '/api/feedback': {
      GET: (req, res, url) => {
        const session = this.session(req);
        const chatId = ChatId.safeParse(url.searchParams.get('chat'));
        if (!chatId.success) throw new HttpError(400, 'invalid_request', 'chat must be a chat id');
        const chat = this.chats.store.get(chatId.data);
        if (!chat) throw new HttpError(404, 'not_found', `no chat ${chatId.data}`);
        const me = session.operator;
        const adminHere = this.ctx.accounts.isAdmin(me.id) && me.campus === chat.campus;
        if (chat.claimed_by !== me.id && !adminHere) throw new HttpError(403, 'forbidden', 'only the librarian who held this chat, or an administrator of its campus, reads its rating');
        sendJson(res, 200, { feedback: this.store.ofChat(chat.id) });
      },
    },
    /** `GET /api/feedback/summary?from=<ms>&to=<ms>`: an administrator's own campus, counts and the average. */
    '/api/feedback/summary': {
      GET: (req, res, url) => {
        const session = this.session(req);
        if (!this.ctx.accounts.isAdmin(session.operator.id)) throw new HttpError(403, 'forbidden', 'only an administrator reads the ratings');
        const bound = (name: 'from' | 'to') => {
          const raw = url.searchParams.get(name);
          if (raw === null || raw === '') return null;
          const parsed = Timestamp.safeParse(Number(raw));
          if (!parsed.success) throw new HttpError(400, 'invalid_request', `${name} must be a time in milliseconds`);
          return parsed.data;
        };
        sendJson(res, 200, this.store.summary(session.operator.campus, bound('from'), bound('to')));
      },
    },
  };

  private session(req: Parameters<NonNullable<Routes[string]['GET']>>[0]): SessionInfo {
    const token = bearerToken(req);
    const session = token ? this.ctx.accounts.authenticate(token) : null;
    if (!session) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <session token>');
    return session;
  }
}
