import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorData, type LogFn } from '../platform/log';

export const MAX_BODY_BYTES = 16 * 1024;

export type HttpErrorCode =
  | 'bad_json'
  | 'invalid_request'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'rate_limited'
  | 'unavailable'
  | 'internal'
  /** The change would break a rule of the stored records (the last administrator, a taken username). */
  | 'conflict'
  /** Sign-in with the right password to a disabled account. */
  | 'account_disabled'
  /** Sign-in with a temporary password: send a newPassword as well. */
  | 'password_change_required';


/** One path's handlers by method; HEAD is answered by GET. */
export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;
export type Routes = Record<string, { GET?: Handler; POST?: Handler }>;

export class HttpError extends Error {
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

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
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
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
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

export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{16,200})$/.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/** The HTTP side: each capability brings its routes (see src/server/capabilities.ts); this answers them. */
export function createHttpHandler(routes: Routes, log: LogFn): (req: IncomingMessage, res: ServerResponse) => void {
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
        log('error', 'http request failed', { path: req.url, ...errorData(error) });
        sendError(res, new HttpError(500, 'internal', 'the server could not handle this request'));
      }
    });
  };
}
