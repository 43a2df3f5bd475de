import type { ServerResponse } from 'node:http';
import { hoursOn, hoursStatus, intervalsLabel, localDateAt } from '../../shared/campuses/hours';
import type { Campus } from '../../shared/campuses/schemas';
import { type Routes, sendJson } from '../transport/http';
import type { CampusDirectory } from './directory';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function libraryEntry(campus: Campus, now: number): string {
  const today = hoursOn(campus.schedule, localDateAt(campus.timeZone, now));
  const rows: [string, string][] = [
    ['Address', escapeHtml(campus.address)],
    ['Phone', escapeHtml(campus.phone)],
    ['Hours today', today.known ? escapeHtml(`${intervalsLabel(today.intervals)}${today.note ? ` (${today.note})` : ''}`) : 'not known'],
    // A status line for anyone, not a librarian's chat reply ("let me check and get back to you").
    ['Now', today.known ? escapeHtml(hoursStatus(campus, now)) : ''],
  ];
  const link = campus.website ? `<a href="${escapeHtml(campus.website)}" rel="noopener noreferrer">${escapeHtml(campus.name)}</a>` : escapeHtml(campus.name);
  const facts = rows
    .filter(([, value]) => value !== '')
    .map(([label, value]) => `<dt>${label}</dt><dd>${value}</dd>`)
    .join('');
  return `<li><h2>${link}</h2>${facts ? `<dl>${facts}</dl>` : ''}</li>`;
}

/** "All campus libraries": a public page any patron can be sent, built from the live directory. */
function sendLibrariesPage(res: ServerResponse, campuses: readonly Campus[], now: number): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>All campus libraries</title><style>body{font:16px/1.4 system-ui,sans-serif;max-width:760px;margin:24px auto;padding:0 16px}
ul{list-style:none;padding:0}li{border-bottom:1px solid #ddd;padding:8px 0}h2{font-size:18px;margin:0 0 4px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}dt{color:#555}dd{margin:0}</style></head>
<body><h1>All campus libraries</h1><ul>${campuses.map((c) => libraryEntry(c, now)).join('')}</ul></body></html>`;
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *",
  });
  res.end(html);
}

/** The campus list (ids and names) for the widget and sign-in forms, and the public all-libraries page. */
export function campusRoutes(directory: CampusDirectory, now: () => number): Routes {
  return {
    '/api/campuses': {
      GET: (_req, res) => sendJson(res, 200, { campuses: directory.list().map((c) => ({ id: c.id, name: c.name })) }),
    },
    '/libraries': {
      GET: (_req, res) => sendLibrariesPage(res, directory.list(), now()),
    },
  };
}
