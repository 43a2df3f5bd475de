import { createServer, type Server, Socket as NetSocket, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy that can fail the way real networks do: drop every connection
 * (`cut`), or go silent while keeping sockets open (`freeze`, a half-open link).
 */
export class FaultyProxy {
  private server: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket; websocket: boolean }>();
  private mode: 'pass' | 'down' | 'silent' = 'pass';
  port = 0;
  /** Websocket connections forwarded, and of those, how many have closed (plain HTTP is not counted). */
  accepted = 0;
  closed = 0;

  constructor(private readonly targetPort: number) {
    this.server = createServer((client) => this.accept(client));
  }

  async start(): Promise<string> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  private accept(client: Socket): void {
    if (this.mode !== 'pass') {
      client.destroy(); // the outage goes on: new connections fail at once
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
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (this.mode === 'pass') to.write(chunk); // silent mode swallows bytes both ways
      });
    forward(client, upstream);
    forward(upstream, client);
    const close = () => {
      if (this.pairs.delete(pair) && pair.websocket) this.closed += 1;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
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

  restore(): void {
    this.mode = 'pass';
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
