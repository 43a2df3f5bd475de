import type { WebSocket } from 'ws';
import { type PatronClientFrame, patronClientTypes, type PatronServerFrame, PatronClientFrame as Schema, PROTOCOL_VERSION } from '../../shared/protocol';
import { dispatch } from '../../shared/dispatch';
import type { PatronCommandType, PatronFrameTable } from '../capability';
import { type Admission, type ConnectionLimiter, TokenBucket } from '../platform/limits';
import { errorData, type LogFn } from '../platform/log';
import { closeThenCut, cutSocket, logCuts, refuseSocket, routeFrames, sendJson } from './frames';
import type { PatronLink } from './patron-hub';

/** Patrons are anonymous: each connection gets a frame budget (burst, then per second). */
const FRAME_BURST = 60;
const FRAMES_PER_SECOND = 10;
/** A client that keeps flooding after being told to slow down is cut off. */
const MAX_REFUSALS = 50;
/** Refusals count within this window: a client flooding just under the refill rate is still cut off. */
const REFUSAL_WINDOW_MS = 10_000;
/** Only the first few refusals in a window are answered; answering every one would amplify a flood. */
const ANSWERED_REFUSALS = 5;
export const CLOSE_POLICY = 1008;
/** A flooding socket gets this long to finish the close handshake before it is cut. */
const FLOOD_CLOSE_WAIT_MS = 2_000;

export interface PatronSocketDeps {
  /** What each patron frame does, composed from the capabilities (src/server/capabilities.ts). */
  frames: PatronFrameTable<PatronCommandType>;
  /** The socket closed: its chat may wait for the patron to come back. */
  disconnected(link: PatronLink): void;
  /** Open patron sockets per address and in total. */
  connections: ConnectionLimiter;
  /** Told when a connection is refused (for a rate-limited log line). */
  onRefused?: (admission: Exclude<Admission, 'ok'>, address: string) => void;
  log: LogFn;
  now: () => number;
}

const REFUSAL_MESSAGES: Record<Exclude<Admission, 'ok'>, string> = {
  address_full: 'too many chat windows are open from your network: close one, or try again in a minute',
  server_full: 'the chat service is very busy right now: please try again in a minute',
};


/** One patron connection from `address`: start or resume a chat, then say and leave. */
export function handlePatronSocket(socket: WebSocket, address: string, deps: PatronSocketDeps): void {
  const { log } = deps;
  const admission = deps.connections.acquire(address);
  if (admission !== 'ok') {
    deps.onRefused?.(admission, address);
    socket.on('error', (error) => log('debug', 'refused patron socket error', errorData(error)));
    refuseSocket(socket, REFUSAL_MESSAGES[admission]);
    return;
  }
  const send = (frame: PatronServerFrame): void => sendJson(socket, frame);
  const link: PatronLink = { chatId: null, address, send, terminate: () => cutSocket(socket, 'a newer connection resumed its chat') };
  logCuts(socket, (reason) => log('info', 'patron socket cut', { reason, address, chatId: link.chatId }));
  const budget = new TokenBucket(FRAME_BURST, FRAMES_PER_SECOND, deps.now);
  let refusals = 0;
  let cutting = false;
  let firstRefusalAt = 0;

  function handle(frame: PatronClientFrame): void {
    if (frame.type === 'ping') {
      send({ type: 'pong', n: frame.n, serverTime: deps.now() });
      return;
    }
    dispatch('type', deps.frames, link, frame);
  }

  routeFrames(socket, {
    schema: Schema,
    knownTypes: patronClientTypes,
    version: PROTOCOL_VERSION,
    label: 'patron',
    log,
    sendError: (error) => send({ type: 'error', ...error }),
    internalMessage: 'something went wrong on our side; please try again',
    // Patrons are anonymous: a frame budget first, and a client that keeps flooding is cut off.
    admit: () => {
      if (budget.take()) return true;
      const now = deps.now();
      if (now - firstRefusalAt > REFUSAL_WINDOW_MS) {
        refusals = 0;
        firstRefusalAt = now;
      }
      refusals += 1;
      if (refusals > MAX_REFUSALS) {
        if (cutting) return false;
        cutting = true;
        log('warn', 'patron socket cut: kept sending after being told to slow down', { address, refusals, chatId: link.chatId });
        void closeThenCut(socket, CLOSE_POLICY, 'too many frames', FLOOD_CLOSE_WAIT_MS);
      } else if (refusals <= ANSWERED_REFUSALS) {
        send({ type: 'error', code: 'rate_limited', message: 'too many messages at once: slow down' });
      }
      return false;
    },
    handle,
  });

  socket.on('close', () => {
    deps.connections.release(address);
    try {
      deps.disconnected(link);
    } catch (error) {
      log('error', 'patron disconnect failed', errorData(error));
    }
  });
  socket.on('error', (error) => log('debug', 'patron socket error', errorData(error)));
}
