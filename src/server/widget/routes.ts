import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Handler, HttpError, type Routes } from '../transport/http';
import type { Asset, WidgetAssets } from './assets';

/**
 * The widget is embedded in library sites, so any ancestor may frame it; everything else is
 * same-origin only. Its socket is opened beside the page (page/socket.ts: ws/patron on the
 * widget's own origin, whatever page frames it), and CSP 3's 'self' covers ws: and wss: of that
 * origin, so no other host can be reached by a script in the page.
 */
export const WIDGET_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  'frame-ancestors *',
].join('; ');

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset, extra: Record<string, string> = {}): void {
  const headers: Record<string, string> = { 'Content-Type': asset.contentType, ETag: asset.etag, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding', ...extra };
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? asset.gzipped : asset.body;
  if (gzip) headers['Content-Encoding'] = 'gzip';
  res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
  res.end(body);
}

/** The patron widget's page, script and styles (503 when the bundle could not be built). */
export function widgetRoutes(widget: WidgetAssets | null): Routes {
  const serve =
    (pick: (w: WidgetAssets) => Asset, extra: Record<string, string> = {}): Handler =>
    (req, res) => {
      if (!widget) throw new HttpError(503, 'unavailable', 'the patron widget is not available on this server');
      sendAsset(req, res, pick(widget), extra);
    };
  return {
    '/widget': { GET: serve((w) => w.html, { 'Content-Security-Policy': WIDGET_CSP }) },
    '/widget/widget.js': { GET: serve((w) => w.js) },
    '/widget/widget.css': { GET: serve((w) => w.css) },
  };
}
