import type { ChatCommand } from '../../../shared/chats/events';
import type { CallHandlers } from '../capability';
import type { Session } from '../session/session';

/** Claim, send and end: each a command to the backend, resolved on its ack. */
export function chatCalls(session: Session): CallHandlers<'chat.claim' | 'chat.send' | 'chat.end'> {
  const run = async (cmd: ChatCommand): Promise<Record<string, never>> => {
    await session.command(cmd);
    return {};
  };
  return {
    'chat.claim': ({ chatId }) => run({ kind: 'claim', chatId }),
    'chat.send': ({ chatId, text }) => run({ kind: 'send', chatId, text }),
    'chat.end': ({ chatId }) => run({ kind: 'end', chatId }),
  };
}
