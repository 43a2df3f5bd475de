import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { type OperatorClientFrame, operatorClientTypes, type OperatorServerFrame, OperatorClientFrame as Schema, OPERATOR_PROTOCOL_VERSION } from '../../shared/protocol';
import type { Operator } from '../../shared/session/schemas';
import { errorData, type LogFn } from '../platform/log';
import type { AccountStore, SessionInfo } from '../session/accounts';
import type { CommandRunner } from './command-runner';
import { BatchedWriter } from './batched-writer';
import { closeThenCut, cutSocket, logCuts, routeFrames } from './frames';
import type { OperatorStream, StreamHub, StreamSink } from './stream-hub';

/** Close codes the desktop client acts on. */
export const CLOSE_UNAUTHORIZED = 4401;
/** After a sign-out, how long the peer gets to finish the close handshake before the socket is cut. */
const SIGNED_OUT_CLOSE_WAIT_MS = 2_000;

export interface OperatorSocketDeps {
  accounts: AccountStore;
  /** The first hello was accepted: the socket no longer counts as an anonymous one. */
  authenticated(): void;
  /** The session the upgrade was opened with (see operator-admission.ts): hello must name it. Null for an anonymous socket. */
  openedAs?: string | null;
  commands: CommandRunner;
  /** The snapshot frame for a new stream at `seq`, as this librarian may see the desk: built in the same synchronous step that opens the stream. */
  snapshotFrame(seq: number, operator: Operator): Buffer;
  /** How long a snapshot took to build and serialise, for the metrics. */
  snapshotBuilt?(elapsedMs: number, bytes: number): void;
  /** A hello was accepted (presence turns online). */
  signedIn(operator: Operator): void;
  /** The operator is typing in a chat (relayed to its patron if they hold it; never stored, never answered). */
  typing(operator: Operator, chatId: string, typing: boolean): void;
  streams: StreamHub;
  helloTimeoutMs: number;
  log: LogFn;
  now: () => number;
}

type Hello = Extract<OperatorClientFrame, { type: 'hello' }>;

/**
 * One operator connection: `hello` first (with a session token), then a desk stream —
 * resumed where the client left off when possible, else a fresh snapshot — and commands.
 */
export function handleOperatorSocket(socket: WebSocket, deps: OperatorSocketDeps): void {
  const { accounts, streams, log } = deps;
  logCuts(socket, (reason) => log('info', 'operator socket cut', { reason, operatorId: session?.operator.id ?? null }));
  let session: SessionInfo | null = null;
  let stream: OperatorStream | null = null;
  /** The session ended on this connection (sign-out): nothing more is accepted on it, whatever the client does with the close. */
  let revoked = false;

  // Everything to this socket goes through one writer: one message per tick, in order (events and acks alike).
  const writer = new BatchedWriter(socket);
  const send = (frame: OperatorServerFrame): void => writer.write(JSON.stringify(frame));
  /** Close after what is queued has gone out, and cut the socket if the peer does not finish closing. */
  const close = (code: number, reason: string): void => {
    writer.flush();
    void closeThenCut(socket, code, reason, SIGNED_OUT_CLOSE_WAIT_MS);
  };
  /** Revoke at once, then close: a client that ignores the close frame keeps a readable socket, but no session behind it. */
  function signOut(): void {
    session = null;
    stream = null;
    revoked = true;
    send({ type: 'error', code: 'unauthorized', message: 'signed out: sign in again' });
    close(CLOSE_UNAUTHORIZED, 'signed out');
  }
  const sink: StreamSink = {
    send: (text) => writer.write(text),
    terminate: (reason) => {
      if (reason === 'signed_out') signOut();
      else cutSocket(socket, 'a newer connection resumed its stream');
    },
  };

  const helloTimer = setTimeout(() => {
    if (session) return;
    log('info', 'operator socket closed: no hello in time', { helloTimeoutMs: deps.helloTimeoutMs });
    send({ type: 'error', code: 'unauthorized', message: `no hello within ${deps.helloTimeoutMs / 1000} s` });
    close(CLOSE_UNAUTHORIZED, 'no hello');
  }, deps.helloTimeoutMs);
  helloTimer.unref();

  function hello(frame: Hello): void {
    if (revoked) {
      send({ type: 'error', code: 'unauthorized', message: 'this connection was signed out: open a new one' });
      return;
    }
    if (session) {
      send({ type: 'error', code: 'invalid_frame', message: 'hello was already accepted on this connection' });
      return;
    }
    const info = accounts.authenticate(frame.token);
    // A place kept for one session is not lent to another.
    if (!info || (deps.openedAs && info.sessionId !== deps.openedAs)) {
      log('info', 'operator socket refused: unknown or expired session');
      send({ type: 'error', code: 'unauthorized', message: 'unknown or expired session: sign in again' });
      close(CLOSE_UNAUTHORIZED, 'unauthorized');
      return;
    }
    session = info;
    deps.authenticated();
    clearTimeout(helloTimer);
    const { operator } = info;
    deps.signedIn(operator);
    if (frame.resume) {
      const resumed = streams.resume(operator.id, info.sessionId, frame.resume.streamId, frame.resume.lastSeq, sink);
      if (resumed) {
        stream = resumed.stream;
        send({ type: 'welcome', v: OPERATOR_PROTOCOL_VERSION, operator, streamId: stream.id, resumed: true, serverTime: deps.now() });
        for (const text of resumed.missed) writer.write(text);
        return;
      }
    }
    // Building the snapshot and opening the stream happen in one synchronous step, so no event falls between them.
    stream = streams.open(operator.id, info.sessionId, sink);
    send({ type: 'welcome', v: OPERATOR_PROTOCOL_VERSION, operator, streamId: stream.id, resumed: false, serverTime: deps.now() });
    const started = performance.now();
    const snapshot = deps.snapshotFrame(stream.seq, operator);
    deps.snapshotBuilt?.(performance.now() - started, snapshot.length);
    writer.write(snapshot);
  }

  function handle(frame: OperatorClientFrame): void {
    switch (frame.type) {
      case 'ping':
        send({ type: 'pong', n: frame.n, serverTime: deps.now() });
        return;
      case 'hello':
        hello(frame);
        return;
      case 'cmd':
        if (!session) {
          const message = revoked ? 'signed out: sign in again' : 'send hello with a session token first';
          send({ type: 'error', id: frame.id, code: 'unauthorized', message });
          return;
        }
        writer.write(deps.commands.run(session.operator, frame.id, frame.cmd));
        return;
      case 'typing':
        // Fire and forget: a typing frame before hello, or about someone else's chat, is dropped.
        if (session) deps.typing(session.operator, frame.chatId, frame.typing);
        return;
    }
  }

  routeFrames(socket, {
    schema: Schema,
    knownTypes: operatorClientTypes,
    version: OPERATOR_PROTOCOL_VERSION,
    label: 'operator',
    log,
    sendError: (error) => send({ type: 'error', ...error }),
    internalMessage: 'the server could not handle this frame',
    handle,
  });

  socket.on('close', () => {
    clearTimeout(helloTimer);
    try {
      if (stream) streams.detach(stream, sink);
    } catch (error) {
      log('error', 'operator disconnect failed', errorData(error));
    }
  });
  socket.on('error', (error) => log('debug', 'operator socket error', errorData(error)));
}
