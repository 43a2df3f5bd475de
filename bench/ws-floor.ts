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

/**
 * The floor for a ping: the path a chat start takes without Deskbell in it. A frame from one
 * socket (the patron's) relayed by a plain ws server to another (the desk's), after the same
 * quiet gap the alert benchmark leaves between chats, so both wake an idle loop (on this VM that
 * alone adds a few tenths of a millisecond at the median and milliseconds at the tail).
 */
export async function wsRelaysAfterIdle(count: number, gapMs: number): Promise<number[]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((done) => server.once('listening', () => done()));
  const sockets: WebSocket[] = [];
  server.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => {
      for (const other of sockets) if (other !== socket) other.send(data);
    });
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const patron = new WebSocket(url);
  const desk = new WebSocket(url);
  await Promise.all([new Promise((done) => patron.once('open', done)), new Promise((done) => desk.once('open', done))]);
  while (sockets.length < 2) await new Promise((r) => setTimeout(r, 1));
  const samples: number[] = [];
  for (let i = 0; i < count + 20; i++) {
    await new Promise((r) => setTimeout(r, gapMs));
    const start = performance.now();
    await new Promise<void>((done) => {
      desk.once('message', () => done());
      patron.send(JSON.stringify({ type: 'start', n: i }));
    });
    if (i >= 20) samples.push(performance.now() - start);
  }
  patron.close();
  desk.close();
  server.close();
  return samples;
}
