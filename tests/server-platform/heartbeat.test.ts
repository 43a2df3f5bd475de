/**
 * The server's heartbeat spreads its pings over the interval: every socket is pinged once an
 * interval, never many at one wake (one synchronous pass over 5,000 sockets stalled the loop for
 * 100-200 ms), and a socket that did not answer its last ping is cut at its next turn.
 */
import { EventEmitter } from 'node:events';
import type { WebSocket, WebSocketServer } from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHeartbeat, trackLiveness } from '../../src/server/transport/heartbeat';

class FakeSocket extends EventEmitter {
  pings = 0;
  terminated = false;
  ping(): void {
    this.pings++;
  }
  terminate(): void {
    this.terminated = true;
    this.emit('close');
  }
}

class FakeServer extends EventEmitter {
  clients = new Set<FakeSocket>();
  connect(): FakeSocket {
    const socket = new FakeSocket();
    this.clients.add(socket);
    socket.on('close', () => this.clients.delete(socket));
    trackLiveness(socket as unknown as WebSocket);
    this.emit('connection', socket);
    return socket;
  }
}

const INTERVAL = 30_000;
let server: FakeServer;
let stop: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeServer();
});
afterEach(() => {
  stop?.();
  vi.useRealTimers();
});

describe('the heartbeat', () => {
  it('pings each of 10,000 sockets once an interval, at most one slice (34) at a time', () => {
    const before = Array.from({ length: 4_000 }, () => server.connect());
    stop = startHeartbeat([server as unknown as WebSocketServer], INTERVAL);
    const after = Array.from({ length: 6_000 }, () => server.connect());
    const sockets = [...before, ...after];
    let most = 0;
    let pinged = 0;
    for (let t = 0; t < INTERVAL; t += 100) {
      vi.advanceTimersByTime(100);
      const now = sockets.reduce((n, s) => n + s.pings, 0);
      most = Math.max(most, now - pinged);
      pinged = now;
      for (const s of sockets) s.emit('pong');
    }
    expect(sockets.every((s) => s.pings === 1)).toBe(true);
    expect(most).toBeLessThanOrEqual(Math.ceil(10_000 / 300));
    expect(sockets.some((s) => s.terminated)).toBe(false);
  });

  it('cuts a socket that did not answer its last ping, at its next turn; one that answered stays', () => {
    stop = startHeartbeat([server as unknown as WebSocketServer], INTERVAL);
    const silent = server.connect();
    const answering = server.connect();
    for (let t = 0; t < 2 * INTERVAL; t += 100) {
      vi.advanceTimersByTime(100);
      if (answering.pings > 0) answering.emit('pong');
    }
    expect(silent.pings).toBe(1);
    expect(silent.terminated).toBe(true);
    expect(answering.terminated).toBe(false);
    expect(answering.pings).toBe(2);
  });

  it('forgets a closed socket, and stops with its server', () => {
    stop = startHeartbeat([server as unknown as WebSocketServer], INTERVAL);
    const gone = server.connect();
    gone.emit('close');
    vi.advanceTimersByTime(INTERVAL);
    expect(gone.pings).toBe(0);
    stop();
    const late = server.connect();
    vi.advanceTimersByTime(2 * INTERVAL);
    expect(late.pings).toBe(0);
  });
});
