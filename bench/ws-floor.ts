import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
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

/** A plain ws server relaying each frame to its other sockets, in a thread of its own (as the app's embedded backend runs). */
const RELAY_THREAD = `
const { parentPort } = require('node:worker_threads');
const { WebSocketServer } = require(${JSON.stringify(createRequire(import.meta.url).resolve('ws'))});
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
const sockets = [];
server.on('connection', (socket) => {
  sockets.push(socket);
  socket.on('message', (data) => { for (const other of sockets) if (other !== socket) other.send(data); });
  parentPort.postMessage({ connected: sockets.length });
});
server.on('listening', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', () => server.close(() => parentPort.close()));
`;

/**
 * The floor for a ping: the path a chat start takes without Deskbell in it. A frame from one
 * socket (the patron's) relayed by a plain ws server in a thread of its own to another socket
 * (the desk's) in this thread, after the same quiet gap the alert benchmark leaves between chats,
 * so both wake idle loops (on this VM that alone adds a few tenths of a millisecond at the median
 * and milliseconds at the tail).
 */
export async function wsRelaysAfterIdle(count: number, gapMs: number): Promise<number[]> {
  const relay = new Worker(RELAY_THREAD, { eval: true });
  const port = await new Promise<number>((done) => relay.on('message', (m: { port?: number }) => m.port !== undefined && done(m.port)));
  const connected = new Promise<void>((done) => relay.on('message', (m: { connected?: number }) => m.connected === 2 && done()));
  const url = `ws://127.0.0.1:${port}`;
  const patron = new WebSocket(url);
  const desk = new WebSocket(url);
  await Promise.all([new Promise((done) => patron.once('open', done)), new Promise((done) => desk.once('open', done)), connected]);
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
  relay.postMessage('close');
  await new Promise((done) => relay.once('exit', done));
  return samples;
}
