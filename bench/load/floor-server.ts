/**
 * The floor for the load benchmark: a plain `ws` server that relays every patron message to
 * every operator socket, with nothing else (no validation, storage, sequencing or batching).
 * Run as its own process, like the backend; prints its port.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const operators = new Set<WebSocket>();
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (socket, req) => {
  if (req.url === '/operator') {
    operators.add(socket);
    socket.on('close', () => operators.delete(socket));
    return;
  }
  socket.on('message', (data) => {
    // The same shape an operator gets from the backend for a patron line.
    const frame = `{"type":"event","seq":0,"event":{"type":"chat.message","message":{"from":"patron","text":${JSON.stringify(data.toString())}}}}`;
    for (const operator of operators) operator.send(frame);
  });
});
server.on('listening', () => process.stdout.write(`floor listening on ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
