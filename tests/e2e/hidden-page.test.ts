import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { type BackgroundableChromium, type HideMethod, launchBackgroundableChromium } from '../support/hidden-page';
import { waitFor } from '../support/wait';

// A page that records visibility changes and handles socket messages, acknowledging each with the visibility
// state it was handled in. Plain JS in the HTML: nothing here depends on how the test runner compiles functions.
const PAGE = `<!doctype html><meta charset="utf-8"><title>hidden page probe</title><body>
<script>
  window.visibilityEvents = [];
  window.handled = [];
  document.addEventListener('visibilitychange', () => window.visibilityEvents.push(document.visibilityState));
  const socket = new WebSocket('ws://' + location.host + '/socket');
  socket.onopen = () => { document.body.dataset.socket = 'open'; };
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    const visibility = document.visibilityState;
    window.handled.push({ id: message.id, visibility });
    document.body.dataset.lastMessage = String(message.id);
    socket.send(JSON.stringify({ ack: message.id, visibility }));
  };
</script>`;

interface Ack {
  ack: number;
  visibility: string;
}

let chromium: BackgroundableChromium;
let http: Server;
let origin: string;
const sockets: WebSocket[] = [];
const acks: Ack[] = [];

beforeAll(async () => {
  http = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  const wss = new WebSocketServer({ server: http, path: '/socket' });
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => acks.push(JSON.parse(String(data)) as Ack));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  chromium = await launchBackgroundableChromium();
});

afterAll(async () => {
  await chromium?.close();
  for (const socket of sockets) socket.terminate();
  await new Promise((resolve) => http?.close(resolve));
});

async function openProbe(): Promise<{ page: Page; socket: WebSocket }> {
  const before = sockets.length;
  const page = await chromium.newPage();
  await page.goto(`${origin}/`);
  await waitFor(() => page.evaluate(() => document.body.dataset.socket === 'open'), 'page socket open');
  const socket = await waitFor(() => sockets[before], 'server side of the page socket');
  return { page, socket };
}

const state = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { visibilityEvents: string[]; handled: { id: number; visibility: string }[] };
    return { visibility: document.visibilityState, events: [...w.visibilityEvents], handled: [...w.handled] };
  });

describe('a page in the background of real Chromium', () => {
  it.each<HideMethod>(['minimize', 'cover'])('hidden by %s: reports hidden, still handles socket messages, comes back visible', async (method) => {
    const { page, socket } = await openProbe();
    const bystander = await chromium.newPage();
    expect(await chromium.visibility(page)).toBe('visible');

    await chromium.hide(page, method);

    const hidden = await state(page);
    expect(hidden.visibility).toBe('hidden');
    expect(hidden.events).toEqual(['hidden']);
    // Chromium's own answer, not a property someone overrode in the page.
    expect(await page.evaluate(() => Object.getOwnPropertyDescriptor(document, 'visibilityState'))).toBeUndefined();
    // Only that page's window went to the background.
    expect(await chromium.visibility(bystander)).toBe('visible');

    const id = method === 'minimize' ? 1 : 2;
    socket.send(JSON.stringify({ id }));
    const ack = await waitFor(() => acks.find((a) => a.ack === id), `ack for message ${id}`);
    expect(ack.visibility).toBe('hidden');
    const afterMessage = await state(page);
    expect(afterMessage.handled).toEqual([{ id, visibility: 'hidden' }]);
    expect(afterMessage.visibility).toBe('hidden');

    await chromium.show(page);

    const shown = await state(page);
    expect(shown.visibility).toBe('visible');
    expect(shown.events).toEqual(['hidden', 'visible']);
    await page.close();
    await bystander.close();
  });
});
