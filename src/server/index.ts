import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { type AlertTiming, AlertTimingFields, DEFAULT_TIMING } from '../shared/alerts/policy';
import type { Campus, CampusInput, ChatServiceInput } from '../shared/campuses/schemas';
import type { DeskEvent } from '../shared/desk/events';
import { OPERATOR_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../shared/protocol/common';
import type { LoginResponse, Operator } from '../shared/session/schemas';
import type { ServerContext } from './capability';
import { composeCapabilities, type ServerCapabilities } from './capabilities';
import { resolveCampuses } from './campuses/config';
import { CampusDirectory } from './campuses/directory';
import type { ImportCounts, ReplaceOptions } from './faqs/faq-store';
import { checkPlanCampuses, type FaqServerOptions, faqsOptions } from './faqs/options';
import type { FaqSourceInput } from './faqs/sources';
import { startCheckpointer } from './platform/checkpointer';
import { openDatabase } from './platform/db';
import { DeskbellServerError } from './platform/errors';
import { describeIssues } from './platform/issues';
import { clientAddress, ConnectionLimiter, KeyedBuckets, Limits } from './platform/limits';
import { defaultLog, errorData, limitLog, type LogFn } from './platform/log';
import { TrustedProxies } from './platform/trusted-proxies';
import { DEFAULT_SCRYPT_COST } from './platform/secrets';
import type { AccountRole } from '../shared/accounts/schemas';
import { AccountStore, type AddOperatorInput } from './session/accounts';
import { type SessionServerOptions, sessionLifetimes, sessionSettings } from './session/options';
import { CommandLog } from './transport/command-log';
import { CommandRunner } from './transport/command-runner';
import { closeThenCut, MAX_PAYLOAD_BYTES, refuseSocket } from './transport/frames';
import { startHeartbeat, trackLiveness } from './transport/heartbeat';
import { bearerToken, createHttpHandler, HttpError, sendJson } from './transport/http';
import { ServerMetrics } from './platform/metrics';
import { operatorAdmission } from './transport/operator-admission';
import { handleOperatorSocket } from './transport/operator-socket';
import { PatronHub } from './transport/patron-hub';
import { handlePatronSocket } from './transport/patron-socket';
import { SnapshotCache } from './transport/snapshot-cache';
import { StreamHub } from './transport/stream-hub';
import { TemplateStore } from './templates/template-store';
import { noticeTextFrom } from './templates/templates';
import { type TicketServerOptions, ticketDeliveryPlan, ticketSettings } from './tickets/options';
import { type TransferServerOptions, transferSettings } from './transfers/options';
import { type StatisticsServerOptions, statisticsSettings } from './statistics/options';
import { createMailer } from './email/mailer';
import { HourlyCap } from './email/hourly-cap';
import { type EmailServerOptions, smtpSettings } from './email/options';
import type { WaitingFeedServerOptions } from './waiting-feed/options';
import { buildWidgetAssets, type WidgetAssets } from './widget/assets';

export { DeskbellServerError, isServerError, type ServerErrorCode } from './platform/errors';
export { defaultCampuses, loadCampusConfig, parseCampusConfig } from './campuses/config';
export { loadFaqImportPlan } from './faqs/sources';
export { loadTicketDeliveryPlan } from './tickets/delivery/config';
export type { LogFn } from './platform/log';
export { Limits } from './platform/limits';

/**
 * What the backend is started with: its own options here, and those each capability contributes
 * (its `options.ts`: the option, its bounds, and what it resolves to).
 */
export interface ServerOptions extends FaqServerOptions, TicketServerOptions, TransferServerOptions, EmailServerOptions, WaitingFeedServerOptions, StatisticsServerOptions, SessionServerOptions {
  host?: string;
  port?: number;
  dbPath: string;
  /** The campus directory's seed for a new database (the built-in config/campuses.json when neither is given). */
  campuses?: CampusInput[];
  chatService?: ChatServiceInput;
  configPath?: string;
  /** Tests: build the whole snapshot afresh on each join and log an error where a kept part differs. */
  verifySnapshots?: boolean;
  timing?: Partial<AlertTiming>;
  streamBufferSize?: number;
  streamTtlMs?: number;
  patronGraceMs?: number;
  /** An operator with no attached stream for this long shows as offline (default 10 s). */
  presenceGraceMs?: number;
  /** Where the widget sources live, for an app that bundles this module elsewhere (default: ./widget beside this file). */
  widgetDir?: string;
  /**
   * The reverse proxies whose X-Forwarded-For is believed (as Express's `trust proxy`): their
   * addresses or CIDR ranges, as a list or comma-separated, or `loopback`, `linklocal`,
   * `uniquelocal`. The per-address limits then count the address a trusted proxy saw; a client
   * that connects directly is never believed. Default: none. The old `true` is refused.
   */
  trustProxy?: string | readonly string[];
  /** Per-address, per-username and per-chat limits; each has a default (see Limits). */
  limits?: Partial<z.input<typeof Limits>>;
  /**
   * scrypt N (a power of two, 2^14 to 2^20) for new password hashes. Leave it unset in production
   * (the default, 2^16, is tuned to ~125 ms a hash); tests that create many accounts lower it.
   */
  passwordHashN?: number;
  log?: LogFn;
}

/** What the server holds in memory: streams, patron sockets, and each capability's timers and links. */
export type ServerStats = ReturnType<ServerCapabilities['memory']> & {
  operatorStreams: number;
  /** Patron sockets open now (counted against the connection caps). */
  patronConnections: number;
};

export interface RunningServer {
  url: string;
  port: number;
  campuses: Campus[];
  addOperator(input: AddOperatorInput): Operator;
  /** Make an account the head, an admin or a librarian (takes effect on its next command); false for an unknown username. */
  setRole(username: string, role: AccountRole): boolean;
  /** Import one campus's whole FAQ list now (what the CLI and the schedule do); desks hear of it at once. */
  importFaqs(campus: string, source: FaqSourceInput, options?: ReplaceOptions): Promise<ImportCounts>;
  login(username: string, password: string): Promise<LoginResponse | null>;
  /** What the server holds in memory per stream and chat (for monitoring and the bounded-memory tests). */
  stats(): ServerStats;
  /** Follow every desk event as it is published, before its frames are written to the desks (monitoring; the alert benchmark's clock starts here). */
  observe(listener: (event: DeskEvent) => void): void;
  close(): Promise<void>;
}

/** How long a socket opened with a valid session token has to say hello (an anonymous one: operatorHelloTimeoutMs). */
const HELLO_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 30_000;
const MAINTENANCE_MS = 60 * 60_000;
const SHUTDOWN_WAIT_MS = 1_000;

const Settings = z.object({
  host: z.string().trim().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(0),
  dbPath: z.string().min(1, 'dbPath is required'),
  streamBufferSize: z.number().int().min(1).max(1_000_000).default(2000),
  streamTtlMs: z.number().int().min(50).max(24 * 60 * 60_000).default(5 * 60_000),
  patronGraceMs: z.number().int().min(50).max(60 * 60_000).default(30_000),
  presenceGraceMs: z.number().int().min(0).max(60 * 60_000).default(10_000),
  ...transferSettings,
  ...ticketSettings,
  ...sessionSettings,
  ...statisticsSettings,
  passwordHashN: z
    .number()
    .int()
    .min(1 << 14)
    .max(1 << 20)
    .refine((n) => (n & (n - 1)) === 0, 'passwordHashN must be a power of two')
    .default(DEFAULT_SCRYPT_COST.N),
  limits: Limits,
});

function settingsFrom(options: ServerOptions): { settings: z.infer<typeof Settings>; timing: AlertTiming } {
  const settings = Settings.safeParse({ ...options, limits: options.limits ?? {} });
  if (!settings.success) throw new DeskbellServerError('invalid_input', `server options are invalid: ${describeIssues(settings.error)}`);
  const timing = AlertTimingFields.safeParse({ ...DEFAULT_TIMING, ...options.timing });
  if (!timing.success) throw new DeskbellServerError('invalid_input', `timing is invalid: ${describeIssues(timing.error)}`);
  return { settings: settings.data, timing: timing.data };
}

function rejectUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Start the Deskbell backend: HTTP and both websocket endpoints on one port. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? defaultLog;
  const { settings, timing } = settingsFrom(options);
  const seed = resolveCampuses(options);
  // Each capability checks what it contributes before anything is opened.
  const deliveryPlan = ticketDeliveryPlan(options);
  const smtp = smtpSettings(options);
  const faqs = faqsOptions(options);
  const now = Date.now;

  const proxies = TrustedProxies.from(options.trustProxy);
  let warnedAboutProxy = false;
  /** The address the per-address limits count a request under; warns once if X-Forwarded-For comes from a peer that is not trusted. */
  const addressOf = (req: IncomingMessage): string => {
    if (!warnedAboutProxy && req.headers['x-forwarded-for'] !== undefined && !proxies.trusts(req.socket.remoteAddress ?? '')) {
      warnedAboutProxy = true;
      log('warn', 'requests carry X-Forwarded-For from a peer that is not a trusted proxy: the header is ignored, and if that peer is your proxy every client behind it shares its address for the per-address limits; start the server with --trust-proxy <the proxy address>', { peer: req.socket.remoteAddress });
    }
    return clientAddress(req, proxies);
  };

  let widget: WidgetAssets | null = null;
  try {
    widget = await buildWidgetAssets(options.widgetDir);
  } catch (error) {
    // The desk works without the widget (the desktop app's demo patrons use the socket directly).
    log('error', 'patron widget unavailable', errorData(error));
  }

  const db = openDatabase(settings.dbPath);
  let directory: CampusDirectory;
  try {
    directory = new CampusDirectory(db, seed, now());
  } catch (error) {
    db.close();
    throw error;
  }
  for (const problem of directory.reload()) log('error', problem);
  const campuses: readonly Campus[] = directory.list();
  try {
    checkPlanCampuses(faqs, (campus) => directory.get(campus) !== undefined);
  } catch (error) {
    db.close();
    throw error;
  }
  const accounts = new AccountStore(db, new Set(campuses.map((c) => c.id)), now, { ...DEFAULT_SCRYPT_COST, N: settings.passwordHashN }, sessionLifetimes(settings));
  const patrons = new PatronHub();
  const streams = new StreamHub({
    bufferSize: settings.streamBufferSize,
    ttlMs: settings.streamTtlMs,
    maxDetachedPerOperator: 8,
    onError: (error) => log('error', 'operator stream failed', errorData(error)),
    now,
  });
  // What the patron is told at a hand-off is read from the template store, so it exists before the context.
  const templateStore = new TemplateStore(db, now());
  /** Tell each listener of an event; one that throws is logged and the rest are still told. */
  const tellEach = (listeners: ((event: DeskEvent) => void)[], who: string) => (event: DeskEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        log('error', `${who} failed to follow an event`, { type: event.type, ...errorData(error) });
      }
    }
  };
  const observers: ((event: DeskEvent) => void)[] = [];
  const tellObservers = tellEach(observers, 'a capability');
  // Monitoring (RunningServer.observe): told of each event as it is published, before its frames
  // are written. It cannot publish, so the order desks see is never changed by it.
  const monitors: ((event: DeskEvent) => void)[] = [];
  const tellMonitors = tellEach(monitors, 'a monitor');
  const ctx: ServerContext = {
    db,
    accounts,
    directory,
    publish: (event) => {
      tellMonitors(event);
      streams.publish(event);
      tellObservers(event);
    },
    publishTo: (operatorIds, event) => {
      tellMonitors(event);
      streams.publishTo(operatorIds, event);
      tellObservers(event);
    },
    observe: (listener) => void observers.push(listener),
    templateText: (name, campus) => noticeTextFrom(templateStore, name, campus),
    streams,
    patrons,
    now,
    log,
    logLimit: limitLog(log, now),
    runAfter: (after) => {
      if (!after) return;
      try {
        after();
      } catch (error) {
        log('error', 'broadcast after a committed change failed', errorData(error));
      }
    },
  };
  const { limits } = settings;
  const patronConnections = new ConnectionLimiter(limits.patronConnectionsPerAddress, limits.patronConnections);
  // Sockets not yet past hello are anonymous: capped per address and in total, like patron sockets.
  const operatorPending = new ConnectionLimiter(limits.operatorPendingPerAddress, limits.operatorPending);
  // New chats and tickets left without a chat share one budget per address.
  const patronStarts = new KeyedBuckets(limits.patronStartBurst, limits.patronStartIntervalMs, now);
  // One mail transport for everything the backend emails (tickets, incident reports).
  const mailer = smtp ? createMailer(smtp, settings.deliveryTimeoutMs) : null;
  const metrics = new ServerMetrics();
  const capabilities = composeCapabilities(ctx, {
    templateStore,
    chats: {
      ticketOfferAfterMs: timing.ticketOfferAfterMs,
      patronGraceMs: settings.patronGraceMs,
      limits,
      patronStarts,
    },
    presenceGraceMs: settings.presenceGraceMs,
    session: { onLogout: (sessionId) => streams.dropSession(sessionId), clientAddress: (req) => addressOf(req), limits },
    widget,
    faqs,
    waitingFeedKey: options.waitingFeedKey ?? null,
    mailer,
    transfers: { acceptMs: settings.transferAcceptMs },
    tickets: {
      delivery: deliveryPlan,
      mailer,
      outbox: settings.ticketOutbox,
      deliveryTimeoutMs: settings.deliveryTimeoutMs,
      patronStarts,
      patronMail: new HourlyCap(limits.patronMailPerHour, now),
      chatHours: settings.chatHours,
    },
    statistics: { goalMs: settings.pickupGoalMs },
  });
  // The kept snapshot follows every event like any capability; nothing is published before this
  // line (capabilities publish from commands, frames and timers, which start below).
  const snapshotCache = new SnapshotCache(
    capabilities.snapshotParts,
    options.verifySnapshots ? (fields) => log('error', 'a kept snapshot part differs from one built afresh', { fields }) : undefined,
  );
  ctx.observe((event) => snapshotCache.published(event));
  for (const capability of capabilities.lifecycle) capability.recover?.();
  const commandLog = new CommandLog(db);
  const commands = new CommandRunner(ctx, commandLog, capabilities.commands);
  const closeCapabilities = async (): Promise<void> => {
    metrics.close();
    for (const capability of [...capabilities.lifecycle].reverse()) {
      try {
        await capability.close?.();
      } catch (error) {
        log('error', 'a capability failed to close', errorData(error));
      }
    }
    mailer?.close();
  };

  const maintain = (): void => {
    try {
      const commandsPruned = commandLog.prune(now());
      const sessionsPruned = accounts.pruneIdleSessions();
      if (commandsPruned + sessionsPruned > 0) log('debug', 'pruned old records', { commandsPruned, sessionsPruned });
    } catch (error) {
      log('error', 'maintenance failed', errorData(error));
    }
  };
  maintain();
  const maintenance = setInterval(maintain, MAINTENANCE_MS);
  const checkpointer = startCheckpointer(db, settings.dbPath, { log });
  maintenance.unref();

  const healthCheck = db.prepare('SELECT 1');
  const httpServer = createServer(
    createHttpHandler(
      {
        ...capabilities.routes,
        '/api/metrics': {
          GET: (req, res, url) => {
            const token = bearerToken(req);
            const session = token ? accounts.authenticate(token) : null;
            if (!session) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <session token>');
            // The figures (and their reset) are the administrators': the role is read from the database now.
            if (!accounts.isAdmin(session.operator.id)) throw new HttpError(403, 'forbidden', 'only an administrator reads the metrics');
            const memory = capabilities.memory();
            sendJson(res, 200, metrics.read(url.searchParams.get('reset') === '1', { ...memory, operatorStreams: streams.size, patronConnections: patronConnections.size, operatorPending: operatorPending.size }));
          },
        },
        '/healthz': {
          GET: (_req, res) => {
            try {
              healthCheck.get();
            } catch {
              throw new HttpError(503, 'unavailable', 'database is not answering');
            }
            sendJson(res, 200, { ok: true, protocol: { patron: PROTOCOL_VERSION, operator: OPERATOR_PROTOCOL_VERSION } });
          },
        },
      },
      log,
    ),
  );
  const operatorWss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  // Patrons are anonymous: a smaller hard cap (frames above MAX_FRAME_BYTES still get too_large first).
  const patronWss = new WebSocketServer({ noServer: true, maxPayload: limits.patronMaxPayloadBytes });
  const admitOperator = operatorAdmission({ accounts, pending: operatorPending, helloTimeoutMs: limits.operatorHelloTimeoutMs, signedInHelloTimeoutMs: HELLO_TIMEOUT_MS });
  operatorWss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    trackLiveness(socket);
    const address = addressOf(req);
    const admitted = admitOperator(req, address);
    if (!admitted.ok) {
      const { admission } = admitted;
      ctx.logLimit(`operator-pending:${admission}`, 'operator connection refused before hello: too many unauthenticated sockets', { admission, address, open: operatorPending.size });
      socket.on('error', (error) => log('debug', 'refused operator socket error', errorData(error)));
      refuseSocket(socket, 'too many connections are waiting to sign in from your network: try again in a minute');
      return;
    }
    socket.once('close', admitted.release);
    handleOperatorSocket(socket, {
      authenticated: admitted.release,
      openedAs: admitted.sessionId,
      accounts,
      commands,
      snapshotFrame: (seq, operator) => snapshotCache.frame(seq, now(), capabilities.personalSnapshot(operator)),
      snapshotBuilt: (elapsedMs, bytes) => metrics.snapshotBuilt(elapsedMs, bytes),
      signedIn: (operator) => capabilities.presence.signedIn(operator),
      typing: (operator, chatId, typing) => capabilities.operatorTyping(operator, chatId, typing),
      streams,
      helloTimeoutMs: admitted.helloTimeoutMs,
      log,
      now,
    });
  });
  patronWss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    trackLiveness(socket);
    handlePatronSocket(socket, addressOf(req), {
      frames: capabilities.patronFrames,
      disconnected: (link) => capabilities.patronDisconnected(link),
      connections: patronConnections,
      onRefused: (admission, address) =>
        ctx.logLimit(`patron:${admission}`, admission === 'server_full' ? 'patron connection refused: the server-wide cap is reached' : 'patron connection refused: per-address cap', {
          address,
          open: patronConnections.size,
        }),
      log,
      now,
    });
  });

  let closing = false;
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log('debug', 'upgrade socket error', errorData(error)));
    if (closing) return rejectUpgrade(socket, '503 Service Unavailable');
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://deskbell.invalid').pathname;
    } catch {
      return rejectUpgrade(socket, '400 Bad Request');
    }
    const wss = path === '/ws/operator' ? operatorWss : path === '/ws/patron' ? patronWss : null;
    if (!wss) return rejectUpgrade(socket, '404 Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const stopHeartbeat = startHeartbeat([operatorWss, patronWss], HEARTBEAT_MS);

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(settings.port, settings.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    stopHeartbeat();
    clearInterval(maintenance);
    await checkpointer.stop();
    await closeCapabilities();
    streams.close();
    db.close();
    throw error;
  }
  httpServer.on('error', (error) => log('error', 'http server error', errorData(error)));

  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const hostForUrl = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const url = `http://${hostForUrl}:${port}`;
  log('info', 'deskbell server listening', { url, campuses: campuses.length, mail: smtp ? `${smtp.host}:${smtp.port}` : 'off' });

  /** Say goodbye (1001) to every socket, and cut those that do not close promptly; their close handlers still see the database. */
  async function closeSockets(): Promise<void> {
    const sockets = [...operatorWss.clients, ...patronWss.clients];
    await Promise.all(sockets.map((socket) => closeThenCut(socket, 1001, 'server shutting down', SHUTDOWN_WAIT_MS)));
  }

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      stopHeartbeat();
      clearInterval(maintenance);
      const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeAllConnections();
      await closeSockets();
      operatorWss.close();
      patronWss.close();
      await httpClosed;
      await closeCapabilities();
      streams.close();
      patrons.clear();
      await checkpointer.stop();
      db.close();
      log('info', 'deskbell server closed', { url });
    })();
    return closed;
  };

  return {
    url,
    port,
    campuses: [...campuses],
    addOperator(input: AddOperatorInput): Operator {
      const operator = accounts.addOperator(input);
      capabilities.presence.operatorAdded(operator);
      return operator;
    },
    login: (username, password) => accounts.login(username, password),
    setRole: (username, role) => accounts.setRole(username, role),
    importFaqs: (campus, source, importOptions) => capabilities.faqs.importNow(campus, source, importOptions),
    stats: () => ({ ...capabilities.memory(), operatorStreams: streams.size, patronConnections: patronConnections.size }),
    observe: (listener) => void monitors.push(listener),
    close,
  };
}
