import type { CallHandlers } from '../capability';
import type { Session } from '../session/session';

/** An incident report to the campus director: the backend fills it in from its own records and sends it. */
export function incidentCalls(session: Session): CallHandlers<'incident.report'> {
  return {
    'incident.report': async ({ chatId, note }) => {
      await session.command({ kind: 'incident.report', chatId, note });
      return {};
    },
  };
}
