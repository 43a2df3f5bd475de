import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

/** The plain ws round trip on loopback: the floor any alert latency is compared against. */
export async function wsRoundTrips(count: number): Promise<number[]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((done) => server.once('listening', () => done()));
  server.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await new Promise((done) => client.once('open', done));
  const samples: number[] = [];
  for (let i = 0; i < count + 20; i++) {
    const start = performance.now();
    await new Promise<void>((done) => {
      client.once('message', () => done());
      client.send(JSON.stringify({ type: 'ping', n: i }));
    });
    if (i >= 20) samples.push(performance.now() - start); // the first 20 warm up
  }
  client.close();
  server.close();
  return samples;
}
