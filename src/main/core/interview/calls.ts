import type { CallHandlers } from '../capability';
import type { Session } from '../session/session';

/** The reference-interview checklist is kept by the backend with the chat's record. */
export function interviewCalls(session: Session): CallHandlers<'interview.set'> {
  return {
    'interview.set': async ({ chatId, interview }) => {
      await session.command({ kind: 'interview.set', chatId, interview });
      return {};
    },
  };
}
