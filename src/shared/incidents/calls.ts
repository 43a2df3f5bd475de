import { z } from 'zod';
import { CampusId, ChatId, Empty } from '../protocol/common';
import { IncidentReport } from './schemas';

/** The most reports one read returns (the backend's own bound on `GET /api/incidents`). */
export const INCIDENTS_MAX = 1000;

export const incidentCalls = {
  'incident.report': { args: z.object({ chatId: ChatId, note: z.string().trim().min(1, 'say what happened').max(4000) }).strict(), result: Empty },
  /** The director's queue, for an administrator (the backend refuses anyone else): newest first, one campus or all. */
  'incidents.list': {
    args: z.object({ campus: CampusId.nullable(), limit: z.number().int().min(1).max(INCIDENTS_MAX) }).strict(),
    result: z.object({ reports: z.array(IncidentReport).max(INCIDENTS_MAX) }),
  },
} as const;
