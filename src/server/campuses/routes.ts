import type { Campus } from '../../shared/campuses/schemas';
import { type Routes, sendJson } from '../transport/http';

/** The campus list (ids and names) for the widget's campus picker and sign-in forms. */
export function campusRoutes(campuses: readonly Campus[]): Routes {
  return {
    '/api/campuses': {
      GET: (_req, res) => sendJson(res, 200, { campuses: campuses.map((c) => ({ id: c.id, name: c.name })) }),
    },
  };
}
