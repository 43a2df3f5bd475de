import { AuditPage } from '../../../shared/audit/schemas';
import { CommandError } from '../backend-link/outbox';
import type { CallHandlers } from '../capability';
import type { Session } from '../session/session';

/** The audit log, a page at a time over the backend's HTTP API (it decides whose entries an administrator reads). */
export function auditCalls(session: Session): CallHandlers<'audit.page'> {
  return {
    'audit.page': async ({ before, limit }) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (before !== null) query.set('before', String(before));
      const reply = AuditPage.safeParse(await session.backendGet(`/api/audit?${query.toString()}`));
      if (!reply.success) throw new CommandError('internal', 'the backend sent an audit page that does not fit the schema');
      return reply.data;
    },
  };
}
