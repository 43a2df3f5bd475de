import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { BridgeClientFrame, type BridgeServerFrame, callFailure, isCallName } from '../../shared/api';
import { parseFrame } from '../../shared/protocol/parse';
import { RENDERER_CSP } from '../../shared/renderer-csp';
import type { CoreHandle } from '../core/handle';
import type { LogFn } from '../core/ports';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wav': 'audio/wav',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** The same policy the Electron window applies; the bridge socket is the only connection. */
const CSP = RENDERER_CSP;

export interface BridgeServer {
  url: string;
  /** The operator page, with the one-time secret that lets it open the bridge. */
  operatorUrl: string;
  close(): Promise<void>;
}

const bridgeTypes = new Set(['call']);

/**
 * How far a page may fall behind on pushes before it is cut. A busy or stalled page stops
 * reading, and without a bound its pushes would pile up in the core for as long as it stays
 * open (a week, at a desk). A page that is cut reconnects and subscribes again, which sends it
 * the whole state: nothing it needs is lost.
 */
export const MAX_PAGE_BEHIND_BYTES = 8 * 1024 * 1024;

/**
 * The browser shell: serves the built renderer and bridges it to the main core over a local
 * websocket that speaks exactly the calls and pushes of src/shared/api.ts. Binds loopback only
 * and demands a random secret, so another local page cannot drive the desk.
 */
export async function startBridgeServer(options: {
  core: CoreHandle;
  rendererDir: string;
  port?: number;
  host?: string;
  log?: LogFn;
}): Promise<BridgeServer> {
  const secret = randomBytes(24).toString('base64url');
  const root = resolve(options.rendererDir);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`renderer not built: ${join(root, 'index.html')} is missing (run npm run build:web)`);

  /** The request path inside the renderer folder, or null for anything malformed or outside it. */
  const fileFor = (rawUrl: string | undefined): string | null => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(rawUrl ?? '/', 'http://x').pathname);
    } catch {
      return null; // malformed escapes or URL: a bad request, never a crash
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return null;
    return file;
  };

  const serveFile = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = fileFor(req.url);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file)
      .on('error', (error) => {
        options.log?.('warn', 'could not read a renderer file', { file, error: String(error) });
        res.destroy();
      })
      .pipe(res);
  };

  const http: Server = createServer((req, res) => {
    try {
      serveFile(req, res);
    } catch (error) {
      options.log?.('error', 'renderer request failed', { error: String(error) });
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  });
  http.on('clientError', (_error, socket) => socket.destroy());
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  await new Promise<void>((done) => http.listen(options.port ?? 0, options.host ?? '127.0.0.1', done));
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('the bridge is not listening on a TCP port');
  const { port } = address;
  const origin = `http://${options.host ?? '127.0.0.1'}:${port}`;

  const secretOk = (given: string | null) => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(secret);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const originOk = req.headers.origin === origin || req.headers.origin === origin.replace('127.0.0.1', 'localhost');
    if (url.pathname !== '/bridge' || !originOk || !secretOk(url.searchParams.get('secret'))) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const attach = (ws: WebSocket) => {
    const send = (frame: BridgeServerFrame) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_PAGE_BEHIND_BYTES) {
        options.log?.('warn', 'the page fell too far behind on desk updates: cut, it reconnects with the whole state', { behindBytes: ws.bufferedAmount });
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(frame));
    };
    const unsubscribe = options.core.onPush((push) => send({ type: 'push', push }));
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
    ws.on('message', (data) => {
      const parsed = parseFrame(data.toString(), BridgeClientFrame, bridgeTypes);
      if (!parsed.ok) {
        const id = parsed.id !== undefined ? Number(parsed.id) : -1;
        send({ type: 'result', id: Number.isInteger(id) ? id : -1, ok: false, error: { code: 'bad_call', message: parsed.message } });
        return;
      }
      const { id, name, args } = parsed.value;
      if (!isCallName(name)) {
        send({ type: 'result', id, ...callFailure('bad_call', `unknown call: ${name.slice(0, 64)}`) });
        return;
      }
      options.core.call(name, args).then(
        (outcome) => send(outcome.ok ? { type: 'result', id, ok: true, value: outcome.value } : { type: 'result', id, ok: false, error: outcome.error }),
        (error: unknown) => send({ type: 'result', id, ok: false, error: { code: 'internal', message: String(error) } }),
      );
    });
  };

  return {
    url: origin,
    operatorUrl: `${origin}/#secret=${secret}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
}
