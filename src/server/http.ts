import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Campus } from '../shared/protocol';
import { LoginRequest, PROTOCOL_VERSION } from '../shared/protocol';
import type { AccountStore } from './accounts';
import { TokenBucket } from './frames';
import { describeIssues } from './issues';
import { errorData, type LogFn } from './log';
import type { Asset, WidgetAssets } from './widget-assets';

export const MAX_BODY_BYTES = 16 * 1024;

export type HttpErrorCode =
  | 'bad_json'
  | 'invalid_request'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** Login attempts per client address: a burst, then one every few seconds. Bounds password guessing. */
const LOGIN_BURST = 20;
const LOGIN_PER_SECOND = 0.5;
const MAX_TRACKED_ADDRESSES = 10_000;

/** The widget is embedded in library sites, so any ancestor may frame it; everything else is same-origin only. */
export const WIDGET_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  'frame-ancestors *',
].join('; ');

export interface HttpDeps {
  accounts: AccountStore;
  campuses: readonly Campus[];
  widget: WidgetAssets | null;
  /** Sign-out ends the session's live streams too. */
  onLogout: (sessionId: string) => void;
  healthy: () => boolean;
  log: LogFn;
  now: () => number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function baseHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

const sendError = (res: ServerResponse, error: HttpError): void =>
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);

/** Read a JSON body of bounded size; nothing is parsed before the size and type are known to be acceptable. */
async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, 'too_large', `body is over ${MAX_BODY_BYTES} bytes`, { Connection: 'close' });
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const received: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        received.push(chunk);
        return;
      }
      // Stop keeping the body but let it drain, so the 413 still reaches the client; the connection then closes.
      req.off('data', onData);
      req.resume();
      reject(new HttpError(413, 'too_large', `body is over ${MAX_BODY_BYTES} bytes`, { Connection: 'close' }));
    };
    req.on('data', onData);
    req.once('end', () => resolve(received));
    req.once('error', reject);
  });
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'bad_json', 'body is not valid JSON');
  }
}

function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{16,200})$/.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

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

/** Per-address login budget, with a bounded table of addresses. */
class LoginThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly now: () => number) {}

  allow(address: string): boolean {
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= MAX_TRACKED_ADDRESSES) {
        for (const [key, b] of this.buckets) if (b.idle) this.buckets.delete(key);
        if (this.buckets.size >= MAX_TRACKED_ADDRESSES) this.buckets.delete(this.buckets.keys().next().value as string);
      }
      bucket = new TokenBucket(LOGIN_BURST, LOGIN_PER_SECOND, this.now);
      this.buckets.set(address, bucket);
    }
    return bucket.take();
  }
}

/** The HTTP side: sign-in, campus list, health, and the patron widget. */
export function createHttpHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const throttle = new LoginThrottle(deps.now);

  const widgetAsset = (pick: (w: WidgetAssets) => Asset, extra: Record<string, string> = {}): Handler => (req, res) => {
    if (!deps.widget) throw new HttpError(503, 'unavailable', 'the patron widget is not available on this server');
    sendAsset(req, res, pick(deps.widget), extra);
  };

  const routes: Record<string, { GET?: Handler; POST?: Handler }> = {
    '/api/login': {
      POST: async (req, res) => {
        const body = await readJsonBody(req);
        const request = LoginRequest.safeParse(body);
        if (!request.success) throw new HttpError(400, 'invalid_request', `login is invalid: ${describeIssues(request.error)}`);
        if (!throttle.allow(req.socket.remoteAddress ?? 'unknown')) {
          throw new HttpError(429, 'rate_limited', 'too many sign-in attempts; wait a minute', { 'Retry-After': '60' });
        }
        const session = await deps.accounts.login(request.data.username, request.data.password);
        if (!session) throw new HttpError(401, 'unauthorized', 'wrong username or password');
        sendJson(res, 200, session);
      },
    },
    '/api/logout': {
      POST: (req, res) => {
        const token = bearerToken(req);
        if (!token) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <token>');
        const sessionId = deps.accounts.logout(token);
        if (!sessionId) throw new HttpError(401, 'unauthorized', 'unknown or already ended session');
        deps.onLogout(sessionId);
        res.writeHead(204, { 'Cache-Control': 'no-store' });
        res.end();
      },
    },
    '/api/campuses': {
      GET: (_req, res) => sendJson(res, 200, { campuses: deps.campuses.map((c) => ({ id: c.id, name: c.name })) }),
    },
    '/healthz': {
      GET: (_req, res) => {
        if (!deps.healthy()) throw new HttpError(503, 'unavailable', 'database is not answering');
        sendJson(res, 200, { ok: true, protocol: PROTOCOL_VERSION });
      },
    },
    '/widget': { GET: widgetAsset((w) => w.html, { 'Content-Security-Policy': WIDGET_CSP }) },
    '/widget/widget.js': { GET: widgetAsset((w) => w.js) },
    '/widget/widget.css': { GET: widgetAsset((w) => w.css) },
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://deskbell.invalid');
    } catch {
      throw new HttpError(400, 'invalid_request', 'malformed request URL');
    }
    const entry = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    if (!entry) throw new HttpError(404, 'not_found', `no such path: ${url.pathname.slice(0, 100)}`);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const handler = method === 'GET' || method === 'POST' ? entry[method] : undefined;
    if (!handler) {
      const allow = Object.keys(entry).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', ');
      throw new HttpError(405, 'method_not_allowed', `${req.method ?? '?'} is not allowed here; use ${allow}`, { Allow: allow });
    }
    await handler(req, res, url);
  }

  return (req, res) => {
    baseHeaders(res);
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) sendError(res, error);
      else {
        deps.log('error', 'http request failed', { path: req.url, ...errorData(error) });
        sendError(res, new HttpError(500, 'internal', 'the server could not handle this request'));
      }
    });
  };
}
