import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Campus } from '../shared/protocol';
import { LoginRequest, PROTOCOL_VERSION } from '../shared/protocol';
import type { AccountStore } from './accounts';
import { describeIssues } from './issues';
import { KeyedBuckets, type Limits } from './limits';
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
  /** The address the per-address sign-in budget counts a request under (see ServerOptions.trustProxy). */
  clientAddress: (req: IncomingMessage) => string;
  limits: Pick<Limits, 'loginAddressBurst' | 'loginAddressIntervalMs' | 'loginUsernameBurst' | 'loginUsernameIntervalMs'>;
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

/**
 * Sign-in budgets that bound password guessing: per client address (guessing across many
 * accounts) and per username (guessing one account from many addresses). Both count failures
 * only: a token is taken before the password is checked and given back when it was right, so
 * colleagues signing in through one campus NAT or proxy never use up each other's budget.
 * Unknown usernames are throttled exactly like real ones, so a 429 reveals nothing.
 */
class LoginThrottle {
  private readonly byAddress: KeyedBuckets;
  private readonly byUsername: KeyedBuckets;

  constructor(limits: HttpDeps['limits'], now: () => number) {
    this.byAddress = new KeyedBuckets(limits.loginAddressBurst, limits.loginAddressIntervalMs, now);
    this.byUsername = new KeyedBuckets(limits.loginUsernameBurst, limits.loginUsernameIntervalMs, now);
  }

  /** Reserve one attempt; throws 429 (with Retry-After) when either budget is spent. */
  reserve(address: string, username: string): { succeeded(): void } {
    if (!this.byAddress.take(address)) throw tooMany(this.byAddress.retryAfterMs(address), 'too many failed sign-ins from your network');
    if (!this.byUsername.take(username)) {
      this.byAddress.refund(address);
      throw tooMany(this.byUsername.retryAfterMs(username), 'too many failed sign-ins for this username');
    }
    return {
      succeeded: () => {
        this.byAddress.refund(address);
        this.byUsername.refund(username);
      },
    };
  }
}

function tooMany(retryAfterMs: number, why: string): HttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpError(429, 'rate_limited', `${why}; try again in ${seconds} s`, { 'Retry-After': String(seconds) });
}

/** The HTTP side: sign-in, campus list, health, and the patron widget. */
export function createHttpHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const throttle = new LoginThrottle(deps.limits, deps.now);

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
        // Keyed as the account store matches usernames: trimmed, case-insensitive.
        const attempt = throttle.reserve(deps.clientAddress(req), request.data.username.toLowerCase());
        const session = await deps.accounts.login(request.data.username, request.data.password);
        if (!session) throw new HttpError(401, 'unauthorized', 'wrong username or password');
        attempt.succeeded();
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
