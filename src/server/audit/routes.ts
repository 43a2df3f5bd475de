import type { IncomingMessage } from 'node:http';
import { AUDIT_PAGE_MAX, AuditPageQuery } from '../../shared/audit/schemas';
import type { Db } from '../platform/db';
import { HttpError, type Routes, sendJson } from '../transport/http';
import { AuditLog } from './audit-log';

/**
 * `GET /api/audit?before=<id>&limit=<n>`: the audit log, newest first, for administrators: their
 * own campus's entries and the consortium's; the head of reference's, every entry. There is no
 * route that writes it.
 */
export function auditRoutes(db: Db, readerCampus: (req: IncomingMessage) => string | null): Routes {
  const log = new AuditLog(db);
  return {
    '/api/audit': {
      GET: (req, res, url) => {
        const campus = readerCampus(req);
        const number = (name: string): number | null => {
          const raw = url.searchParams.get(name);
          return raw === null || raw === '' ? null : Number(raw);
        };
        const query = AuditPageQuery.safeParse({ before: number('before'), limit: number('limit') ?? 50 });
        if (!query.success) throw new HttpError(400, 'invalid_request', `before must be an entry id and limit 1-${AUDIT_PAGE_MAX}`);
        sendJson(res, 200, log.page(campus, query.data.before, query.data.limit));
      },
    },
  };
}
