import type { CallHandlers } from '../capability';
import type { Session } from '../session/session';

/** Internal notes in the core: each call is a command to the backend, resolved on its ack. The desk carries the notes. */
export function noteCalls(session: Session): CallHandlers<'note.send' | 'note.chat' | 'notes.read'> {
  return {
    'note.send': async ({ to, text, about }) => {
      await session.command({ kind: 'note.send', to, text, ...(about ? { about } : {}) });
      return {};
    },
    'note.chat': async ({ chatId, text }) => {
      await session.command({ kind: 'note.chat', chatId, text });
      return {};
    },
    'notes.read': async ({ thread, seq }) => {
      await session.command({ kind: 'notes.read', thread, seq });
      return {};
    },
  };
}
