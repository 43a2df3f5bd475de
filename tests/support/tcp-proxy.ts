import { createServer, type Server, Socket as NetSocket, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

type Direction = 'up' | 'down';

/**
 * A loopback TCP proxy that can fail the way real networks do: drop every connection (`cut`),
 * go silent while keeping sockets open (`freeze`, a half-open link), silence one direction only
 * (`silence`), accept new connections and then say nothing (`blackhole`), or lose whole chunks
 * mid-stream (`dropUp`). "up" is client to server.
 */
export class FaultyProxy {
  private server: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket; websocket: boolean }>();
  private mode: 'pass' | 'down' | 'silent' | 'blackhole' = 'pass';
  private silent: Direction | null = null;
  /** Chunks going up still to be passed before the next drop, and how many to drop then. */
  private upDropAfter = -1;
  private upDropCount = 0;
  port = 0;
  /** Websocket connections forwarded, and of those, how many have closed (plain HTTP is not counted). */
  accepted = 0;
  closed = 0;
  /** TCP connections accepted in any mode (each is one connection attempt by a client). */
  attempts = 0;
  /** Chunks dropped by dropUp. */
  dropped = 0;

  constructor(private readonly targetPort: number) {
    this.server = createServer((client) => this.accept(client));
  }

  async start(): Promise<string> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  private accept(client: Socket): void {
    this.attempts += 1;
    if (this.mode === 'down' || this.mode === 'silent') {
      client.destroy(); // the outage goes on: new connections fail at once
      return;
    }
    if (this.mode === 'blackhole') {
      // Accepted, then nothing: the client's handshake waits for its own timeout.
      client.on('error', () => undefined);
      this.pairs.add({ client, upstream: new NetSocket(), websocket: false });
      return;
    }
    const upstream = new NetSocket();
    const pair = { client, upstream, websocket: false };
    this.pairs.add(pair);
    client.once('data', (chunk: Buffer) => {
      if (/^GET [^\r\n]*\r\n[\s\S]*upgrade: websocket/i.test(chunk.toString('latin1'))) {
        pair.websocket = true;
        this.accepted += 1;
      }
    });
    upstream.connect(this.targetPort, '127.0.0.1');
    const forward = (from: Socket, to: Socket, direction: Direction) =>
      from.on('data', (chunk) => {
        if (this.mode !== 'pass' || this.silent === direction) return; // swallowed
        if (direction === 'up' && pair.websocket && this.loseUp()) return;
        to.write(chunk);
      });
    forward(client, upstream, 'up');
    forward(upstream, client, 'down');
    const close = () => {
      if (this.pairs.delete(pair) && pair.websocket) this.closed += 1;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  }

  private loseUp(): boolean {
    if (this.upDropAfter < 0) return false;
    if (this.upDropAfter > 0) {
      this.upDropAfter -= 1;
      return false;
    }
    this.dropped += 1;
    if (--this.upDropCount <= 0) this.upDropAfter = -1;
    return true;
  }

  /** Destroy every connection and refuse new ones until restore(). */
  cut(): void {
    this.mode = 'down';
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
  }

  /** Keep connections open but forward nothing (a half-open link); refuse new ones. */
  freeze(): void {
    this.mode = 'silent';
  }

  /** Keep connections open but forward nothing, and accept new ones only to say nothing on them. */
  blackhole(): void {
    this.mode = 'blackhole';
  }

  /** Swallow everything going one way, on open connections and new ones; the other way flows. */
  silence(direction: Direction): void {
    this.silent = direction;
  }

  /** Pass `after` more client-to-server chunks of websocket connections, then lose the next `count`. */
  dropUp(after: number, count = 1): void {
    this.upDropAfter = after;
    this.upDropCount = count;
  }

  restore(): void {
    this.mode = 'pass';
    this.silent = null;
    this.upDropAfter = -1;
  }

  /** Websocket connections open now. */
  get open(): number {
    return [...this.pairs].filter((p) => p.websocket).length;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}
