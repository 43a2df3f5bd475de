import { z } from 'zod';
import { INCIDENTS_MAX } from '../../../shared/incidents/calls';
import { IncidentReport } from '../../../shared/incidents/schemas';
import { CommandError } from '../backend-link/outbox';
import type { CallHandlers } from '../capability';
import type { Session } from '../session/session';

const ListReply = z.object({ reports: z.array(IncidentReport).max(INCIDENTS_MAX) });

/**
 * An incident report to the campus director: the backend fills it in from its own records and
 * sends it. The director's queue is read over the backend's HTTP API (administrators only), so a
 * report is never stranded where no mail is set up.
 */
export function incidentCalls(session: Session): CallHandlers<'incident.report' | 'incidents.list'> {
  return {
    'incident.report': async ({ chatId, note }) => {
      await session.command({ kind: 'incident.report', chatId, note });
      return {};
    },
    'incidents.list': async ({ campus, limit }) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (campus) query.set('campus', campus);
      const reply = ListReply.safeParse(await session.backendGet(`/api/incidents?${query.toString()}`));
      if (!reply.success) throw new CommandError('internal', 'the backend sent incident reports that do not fit the schema');
      return reply.data;
    },
  };
}
