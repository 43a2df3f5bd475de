import { ChatId } from '../../shared/protocol/common';
import type { AccountStore } from '../session/accounts';
import { bearerToken, HttpError, type Routes, sendJson } from '../transport/http';
import type { Chats } from './chats';

/**
 * `GET /api/chat-history?chat=<id>` with an operator's bearer token: the chat's latest lines.
 * The desk snapshot carries summaries; a desk loads lines when a librarian opens or claims a
 * chat. Bulk reads go over HTTP, not the command stream, which is for exactly-once changes.
 */
export function chatRoutes(chats: Chats, accounts: AccountStore): Routes {
  return {
    '/api/chat-history': {
      GET: (req, res, url) => {
        const token = bearerToken(req);
        if (!token || !accounts.authenticate(token)) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <session token>');
        const chatId = ChatId.safeParse(url.searchParams.get('chat'));
        if (!chatId.success) throw new HttpError(400, 'invalid_request', 'chat must be a chat id');
        const messages = chats.history(chatId.data);
        if (!messages) throw new HttpError(404, 'not_found', `no chat ${chatId.data}`);
        sendJson(res, 200, { chatId: chatId.data, messages });
      },
    },
  };
}
