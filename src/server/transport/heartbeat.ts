import type { WebSocket, WebSocketServer } from 'ws';
import { cutSocket } from './frames';

const alive = new WeakMap<WebSocket, boolean>();

/** Mark a socket alive now and on every pong. */
export function trackLiveness(socket: WebSocket): void {
  alive.set(socket, true);
  socket.on('pong', () => alive.set(socket, true));
}

/** About this often the heartbeat wakes; each wake handles one slice of the sockets. */
const SLICE_MS = 100;
/** At most this many slices per interval (a 30 s interval has 300). */
const MAX_SLICES = 600;

/**
 * Ping every socket once each interval and drop those that did not answer the previous ping, so a
 * half-open connection (laptop lid closed, Wi-Fi gone) releases its stream or chat.
 *
 * The pass is spread over the interval: each socket gets a slice when it connects (in turn, so
 * the slices stay even) and is pinged when its slice comes round. One synchronous pass over
 * every socket stalled the event loop 100-200 ms at 5,000 idle patrons, and a late join that
 * landed on it waited as long; a slice of 10,000 sockets over 300 slices is some 34 pings.
 */
export function startHeartbeat(servers: readonly WebSocketServer[], intervalMs: number): () => void {
  const count = Math.min(MAX_SLICES, Math.max(1, Math.round(intervalMs / SLICE_MS)));
  const slices = Array.from({ length: count }, () => new Set<WebSocket>());
  let nextSlice = 0;
  let turn = 0;
  const add = (socket: WebSocket) => {
    const slice = slices[nextSlice++ % count];
    if (!slice) return;
    slice.add(socket);
    socket.once('close', () => slice.delete(socket));
  };
  for (const server of servers) {
    for (const socket of server.clients) add(socket);
    server.on('connection', add);
  }
  const timer = setInterval(() => {
    const slice = slices[turn++ % count];
    if (!slice) return;
    for (const socket of slice) {
      if (alive.get(socket) === false) {
        slice.delete(socket);
        cutSocket(socket, 'did not answer the last heartbeat ping');
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, intervalMs / count);
  timer.unref();
  return () => {
    clearInterval(timer);
    for (const server of servers) server.off('connection', add);
  };
}
