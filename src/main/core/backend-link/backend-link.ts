import WebSocket from 'ws';
import type { Command } from '../../../shared/desk/events';
import type { DeskAction } from '../../../shared/desk/reduce';
import {
  type AckResult,
  OPERATOR_PROTOCOL_VERSION,
  OperatorServerFrame,
  type OperatorServerSingleFrame,
  type OperatorClientFrame,
  operatorServerTypes,
  parseFrame,
} from '../../../shared/protocol';
import type { Operator } from '../../../shared/session/schemas';
import type { LogFn } from '../ports';
import { backoffDelay } from './backoff';
import { CommandError, Outbox } from './outbox';
import { healthUrl, ReturnProbe } from './return-probe';
import { backendSocketUrl, newClientId } from './socket-url';

export type LinkState = 'connecting' | 'online' | 'offline' | 'unauthorized' | 'stopped';

export interface LinkOptions {
  /** The backend's base URL, http(s)://host:port. */
  backendUrl: string;
  token: string;
  /**
   * Ping interval (default 5 s). The link is declared dead when two intervals pass without our
   * own ping answered, and each connection attempt is given one interval to open.
   */
  heartbeatMs?: number;
  /** How long a written command may wait for its answer before the link is rebuilt and it is resent (default: two heartbeats). */
  commandDeadlineMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /**
   * While waiting to reconnect, the backend's health check is asked at most this often (default
   * 1.2 s; 0: never), and a backend seen down that answers again is connected to at once.
   */
  probeIntervalMs?: number;
  random?: () => number;
  log?: LogFn;
}

export interface LinkListener {
  action(action: DeskAction): void;
  state(state: LinkState, detail: { operator: Operator | null; error: string | null }): void;
  /** The backend's clock was measured again (on welcome and every pong). */
  clock?(): void;
  /** The number of commands waiting for the backend changed. */
  pending?(count: number): void;
  /** The patron of a chat this operator holds is typing (outside the event stream). */
  typing?(chatId: string, typing: boolean, at: number): void;
}

/** The largest frame accepted from the backend: a snapshot of a very busy desk. */
const MAX_INBOUND_BYTES = 16 * 1024 * 1024;

/**
 * The operator's link to the backend: reconnects with backoff, detects a half-open socket
 * by heartbeat, resumes its event stream without loss or duplicates, and holds commands in
 * an outbox while offline.
 */
export class BackendLink {
  private socket: WebSocket | null = null;
  private connection = 0;
  private attempt = 0;
  private state: LinkState = 'offline';
  private streamId: string | null = null;
  /** A new stream's id, committed only once its snapshot has been applied. */
  private pendingStreamId: string | null = null;
  private lastSeq = 0;
  /**
   * The backend's clock as an offset from the local wall clock, measured at each welcome and
   * pong. The wall clock (not the monotonic one) keeps counting while the machine sleeps; a
   * local clock step is corrected by the next pong, one heartbeat later.
   */
  private offsetMs: number | null = null;
  private pingSentAt = 0;
  /** When our own ping was last answered (or the connection opened): proof the path works both ways. */
  private lastPongAt = 0;
  private openedAt = 0;
  private pingN = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private watchdogTimer: NodeJS.Timeout | null = null;
  private operator: Operator | null = null;
  private readonly outbox = new Outbox(1000, (count) => this.listener.pending?.(count));
  private readonly heartbeatMs: number;
  private readonly commandDeadlineMs: number;
  private readonly probe: ReturnProbe | null;

  constructor(
    private readonly options: LinkOptions,
    private readonly listener: LinkListener,
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.commandDeadlineMs = options.commandDeadlineMs ?? 2 * this.heartbeatMs;
    const probeIntervalMs = options.probeIntervalMs ?? 1_200;
    this.probe =
      probeIntervalMs > 0
        ? new ReturnProbe({
            url: healthUrl(options.backendUrl),
            intervalMs: probeIntervalMs,
            timeoutMs: Math.min(1_000, probeIntervalMs),
            random: options.random ?? Math.random,
            onBack: () => this.backendIsBack(),
          })
        : null;
  }

  get pending(): number {
    return this.outbox.size;
  }

  /** Lines to patrons waiting for the backend (the conversation shows them as not sent yet). */
  unsentLines(max: number) {
    return this.outbox.unsentLines(max);
  }

  get currentState(): LinkState {
    return this.state;
  }

  /** The backend's current time in whole milliseconds, or the local clock before the first welcome. */
  serverNow(): number {
    return Date.now() + (this.offsetMs ?? 0);
  }

  start(): void {
    if (this.state === 'stopped') return;
    this.open();
  }

  /** Drop the current socket (it may be half-open after a suspend) and connect at once. */
  reconnectNow(): void {
    if (this.state === 'stopped' || this.state === 'unauthorized') return;
    this.clearReconnect();
    this.attempt = 0;
    this.dropSocket();
    this.open();
  }

  send(cmd: Command, id: string = newClientId()): Promise<AckResult> {
    if (this.state === 'stopped' || this.state === 'unauthorized') {
      return Promise.reject(new CommandError('offline', 'not signed in to a backend'));
    }
    const done = this.outbox.add(id, cmd);
    if (this.state === 'online') this.flush();
    return done;
  }

  /**
   * Say the librarian is typing (or stopped): sent now if online, else dropped. Never queued or
   * resent: by the time the link is back, it is no longer true.
   */
  sendTyping(chatId: string, typing: boolean): boolean {
    const socket = this.socket;
    if (this.state !== 'online' || !socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify({ type: 'typing', chatId, typing } satisfies OperatorClientFrame));
    return true;
  }

  stop(): void {
    this.setState('stopped', null);
    this.clearReconnect();
    this.probe?.stop();
    this.dropSocket();
    this.outbox.failAll((written) =>
      written
        ? new CommandError('interrupted', 'signed out before the backend answered: it may or may not have arrived')
        : new CommandError('offline', 'signed out before this was sent'),
    );
  }

  private open(): void {
    this.connection += 1;
    const connection = this.connection;
    this.pendingStreamId = null;
    this.setState('connecting', null);
    // One heartbeat to open: a silent path ends the attempt quickly, and the next one starts after backoff.
    // The token at the upgrade as well as in hello: the backend then keeps this desk a place no flood of anonymous sockets can take.
    const socket = new WebSocket(backendSocketUrl(this.options.backendUrl, 'operator'), {
      handshakeTimeout: this.heartbeatMs,
      maxPayload: MAX_INBOUND_BYTES,
      headers: { authorization: `Bearer ${this.options.token}` },
    });
    this.socket = socket;
    socket.on('open', () => {
      if (connection !== this.connection) return;
      const hello: OperatorClientFrame = {
        type: 'hello',
        v: OPERATOR_PROTOCOL_VERSION,
        token: this.options.token,
        ...(this.streamId ? { resume: { streamId: this.streamId, lastSeq: this.lastSeq } } : {}),
      };
      socket.send(JSON.stringify(hello));
      this.startHeartbeat(socket);
    });
    socket.on('message', (data) => {
      if (connection !== this.connection) return;
      this.onFrame(data.toString());
    });
    socket.on('close', (code) => {
      if (connection !== this.connection) return;
      if (code === 4401) return this.unauthorized('the backend no longer accepts this session; sign in again');
      this.scheduleReconnect('connection closed');
    });
    socket.on('error', (error) => {
      if (connection !== this.connection) return;
      this.options.log?.('debug', 'operator socket error', { error: String(error) });
      this.scheduleReconnect(String(error.message || error));
    });
  }

  private onFrame(raw: string): void {
    const parsed = parseFrame(raw, OperatorServerFrame, operatorServerTypes, MAX_INBOUND_BYTES, OPERATOR_PROTOCOL_VERSION);
    if (!parsed.ok) {
      this.options.log?.('warn', 'bad frame from backend', { code: parsed.code, message: parsed.message });
      return;
    }
    if (parsed.value.type !== 'batch') return this.onSingleFrame(parsed.value);
    // In order; a frame may drop the socket (a gap, an unexpected stream): the rest then belongs to nothing.
    const connection = this.connection;
    for (const frame of parsed.value.frames) {
      if (connection !== this.connection) return;
      this.onSingleFrame(frame);
    }
  }

  private onSingleFrame(frame: OperatorServerSingleFrame): void {
    switch (frame.type) {
      case 'welcome':
        this.operator = frame.operator;
        this.setClock(frame.serverTime, Date.now());
        if (frame.resumed) {
          if (frame.streamId !== this.streamId) {
            // A resume of a stream we did not ask for: trust nothing and start over.
            this.options.log?.('warn', 'backend resumed an unexpected stream; resyncing');
            this.streamId = null;
            this.scheduleReconnect('unexpected stream', 0);
            return;
          }
          this.goOnline();
        } else {
          // Not ours until its snapshot is applied: a drop before then must not resume it.
          this.pendingStreamId = frame.streamId;
        }
        return;
      case 'snapshot':
        if (this.pendingStreamId === null) {
          this.options.log?.('warn', 'snapshot without a new stream; resyncing');
          this.streamId = null;
          this.scheduleReconnect('unexpected snapshot', 0);
          return;
        }
        this.streamId = this.pendingStreamId;
        this.pendingStreamId = null;
        this.lastSeq = frame.seq;
        this.listener.action({ type: 'snapshot', snapshot: frame.snapshot });
        this.goOnline();
        return;
      case 'event':
        if (this.state !== 'online') return; // events before the snapshot or resume belong to nothing yet
        if (frame.seq <= this.lastSeq) return; // a replay of something already applied
        if (frame.seq !== this.lastSeq + 1) {
          // A gap means the stream is inconsistent: start a fresh one and take a snapshot.
          this.options.log?.('warn', 'event sequence gap; resyncing', { expected: this.lastSeq + 1, got: frame.seq });
          this.streamId = null;
          this.dropSocket();
          this.scheduleReconnect('sequence gap', 0);
          return;
        }
        this.lastSeq = frame.seq;
        // Our own line stored (its ack follows): said before the line itself arrives on the desk.
        if (frame.event.type === 'chat.message' && frame.event.message.from === 'operator' && frame.event.message.visibility === 'patron') {
          const { chatId, text, seq } = frame.event.message;
          if (this.outbox.markStored(chatId, text, seq)) this.listener.pending?.(this.outbox.size);
        }
        this.listener.action(frame.event);
        return;
      case 'ack':
        if (this.outbox.ack(frame.id, frame.result)) this.flush();
        return;
      case 'error':
        if (frame.code === 'unauthorized') return this.unauthorized(frame.message);
        if (frame.id && this.outbox.fail(frame.id, new CommandError(frame.code, frame.message))) {
          this.flush();
          return;
        }
        this.options.log?.('warn', 'backend error', { code: frame.code, message: frame.message });
        // Before we are online, an error means the hello failed on the backend's side: try again.
        if (this.state !== 'online') this.scheduleReconnect(`backend error: ${frame.code}`);
        return;
      case 'typing':
        if (this.state === 'online') this.listener.typing?.(frame.chatId, frame.typing, frame.at);
        return;
      case 'pong':
        if (frame.n > 0 && frame.n <= this.pingN) this.lastPongAt = Date.now();
        if (frame.n === this.pingN && this.pingSentAt > 0) {
          // The backend read its clock about halfway through the round trip.
          this.setClock(frame.serverTime, Math.round((this.pingSentAt + Date.now()) / 2));
        }
        return;
    }
  }

  private setClock(serverTime: number, localAt: number): void {
    this.offsetMs = serverTime - localAt;
    this.listener.clock?.();
  }

  private goOnline(): void {
    if (this.state === 'online') return;
    this.attempt = 0;
    this.probe?.stop();
    this.setState('online', null);
    this.flush();
  }

  /** Write the next command, if the one before it has been answered (see Outbox). */
  private flush(): void {
    const socket = this.socket;
    if (this.state !== 'online' || !socket || socket.readyState !== WebSocket.OPEN) return;
    const next = this.outbox.next(this.connection, Date.now());
    if (next) socket.send(JSON.stringify({ type: 'cmd', id: next.id, cmd: next.cmd } satisfies OperatorClientFrame));
  }

  /**
   * Ping every interval, and watch three things, each of which rebuilds the connection: our own
   * pings unanswered for two intervals (any other traffic proves only one direction), the
   * command in flight unanswered past its deadline, and a connection not online (welcome and
   * snapshot) within two intervals of opening.
   */
  private startHeartbeat(socket: WebSocket): void {
    this.stopHeartbeat();
    const connection = this.connection;
    this.openedAt = Date.now();
    this.lastPongAt = this.openedAt;
    this.heartbeatTimer = setInterval(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      this.pingSentAt = Date.now();
      socket.send(JSON.stringify({ type: 'ping', n: ++this.pingN }));
    }, this.heartbeatMs);
    this.watchdogTimer = setInterval(() => {
      if (connection !== this.connection) return;
      const now = Date.now();
      const reason = this.deadReason(now, connection);
      if (!reason) return;
      this.options.log?.('info', `${reason}; reconnecting`, { pending: this.outbox.size });
      this.dropSocket();
      this.scheduleReconnect(reason, 0);
    }, Math.max(10, Math.floor(this.heartbeatMs / 4)));
  }

  private deadReason(now: number, connection: number): string | null {
    if (now - this.lastPongAt > 2 * this.heartbeatMs) return 'backend did not answer our pings for two heartbeats';
    const since = this.outbox.inFlightSince(connection);
    if (since !== null && now - since > this.commandDeadlineMs) return `a command waited ${now - since} ms for its answer`;
    if (this.state !== 'online' && now - this.openedAt > 2 * this.heartbeatMs) return 'connected, but not online within two heartbeats';
    return null;
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.watchdogTimer) clearInterval(this.watchdogTimer);
    this.heartbeatTimer = null;
    this.watchdogTimer = null;
  }

  private dropSocket(): void {
    this.stopHeartbeat();
    const socket = this.socket;
    this.socket = null;
    this.connection += 1; // late events from the old socket are ignored
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
    }
  }

  private scheduleReconnect(reason: string, delay?: number): void {
    if (this.state === 'stopped' || this.state === 'unauthorized') return;
    this.stopHeartbeat();
    if (this.socket) this.dropSocket();
    if (this.reconnectTimer) return;
    const wait = delay ?? backoffDelay(this.attempt++, this.options.backoffBaseMs ?? 500, this.options.backoffCapMs ?? 30_000, this.options.random);
    this.setState('offline', reason);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.probe?.pause();
      this.open();
    }, wait);
    this.probe?.start();
  }

  /** The health check answers again after it did not: connect now rather than at the end of the backoff. */
  private backendIsBack(): void {
    if (this.state !== 'offline' || !this.reconnectTimer) return;
    this.options.log?.('info', 'the backend answers again; reconnecting now');
    this.clearReconnect();
    this.open();
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.probe?.pause();
  }

  private unauthorized(message: string): void {
    this.clearReconnect();
    this.probe?.stop();
    this.dropSocket();
    // Fail what waits before telling anyone: the listener may stop this link at once.
    this.outbox.failAll(new CommandError('unauthorized', message));
    this.setState('unauthorized', message);
  }

  private setState(state: LinkState, error: string | null): void {
    if (this.state === state && state !== 'offline') return;
    this.state = state;
    this.listener.state(state, { operator: this.operator, error });
  }
}
