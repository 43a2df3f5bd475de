import type { CallHandlers } from '../capability';
import type { Session } from '../session/session';

/** Directory edits: commands to the backend, which checks the admin role from its own records. */
export function campusCalls(session: Session): CallHandlers<'campus.update' | 'chatService.update'> {
  return {
    'campus.update': async ({ campus }) => {
      await session.command({ kind: 'campus.update', campus });
      return {};
    },
    'chatService.update': async ({ chatService }) => {
      await session.command({ kind: 'chatService.update', chatService });
      return {};
    },
  };
}
