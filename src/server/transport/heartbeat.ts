import type { WebSocket, WebSocketServer } from 'ws';
import { cutSocket } from './frames';

const alive = new WeakMap<WebSocket, boolean>();

/** Mark a socket alive now and on every pong. */
export function trackLiveness(socket: WebSocket): void {
  alive.set(socket, true);
  socket.on('pong', () => alive.set(socket, true));
}

/**
 * Ping every socket each interval and drop those that did not answer the previous ping, so a
 * half-open connection (laptop lid closed, Wi-Fi gone) releases its stream or chat.
 */
export function startHeartbeat(servers: readonly WebSocketServer[], intervalMs: number): () => void {
  const timer = setInterval(() => {
    for (const server of servers) {
      for (const socket of server.clients) {
        if (alive.get(socket) === false) {
          cutSocket(socket, 'did not answer the last heartbeat ping');
          continue;
        }
        alive.set(socket, false);
        socket.ping();
      }
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
