import { ChatStatistics } from '../../../shared/statistics/schemas';
import { CommandError } from '../backend-link/outbox';
import type { CallHandlers } from '../capability';
import type { Session } from '../session/session';

/**
 * The chat statistics, read over the backend's HTTP API and checked against the shared schema.
 * The backend decides whose figures they are (an administrator's: everyone's; a librarian's:
 * their own); the range was checked against StatisticsQuery before this runs.
 */
export function statisticsCalls(session: Session): CallHandlers<'statistics.get'> {
  return {
    'statistics.get': async ({ from, to, campus }) => {
      const query = new URLSearchParams({ from, to });
      if (campus !== undefined) query.set('campus', campus);
      const reply = ChatStatistics.safeParse(await session.backendGet(`/api/statistics?${query.toString()}`));
      if (!reply.success) throw new CommandError('internal', 'the backend sent statistics that do not fit the schema');
      return reply.data;
    },
  };
}
