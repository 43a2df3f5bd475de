import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutcome, Push } from '../../src/shared/api';
import { type BridgeServer, MAX_PAGE_BEHIND_BYTES, startBridgeServer } from '../../src/main/browser/bridge-server';
import type { CoreHandle } from '../../src/main/core/handle';

/** A core that records calls; the bridge's own checks are under test here. */
const calls: { name: string; args: unknown }[] = [];
const pushListeners = new Set<(push: Push) => void>();
const core: CoreHandle = {
  call: async (name, args) => {
    calls.push({ name, args });
    return { ok: true, value: {} } as CallOutcome<never>;
  },
  onPush: (listener: (push: Push) => void) => {
    pushListeners.add(listener);
    return () => pushListeners.delete(listener);
  },
  tray: () => ({ state: 'idle', count: 0, tooltip: '', muted: false, offers: 0, unread: 0 }),
  onTray: () => () => undefined,
  idleAwayMinutes: () => 10,
  setPresence: () => undefined,
  reconnectNow: () => undefined,
  stop: async () => undefined,
};

let dir: string;
let bridge: BridgeServer;

/** Raw request, so malformed paths reach the server unmodified. */
function get(path: string): Promise<number> {
  const url = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(query: string, origin: string): Promise<'open' | 'refused'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${bridge.url.replace('http', 'ws')}/bridge${query}`, { origin });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('error', () => resolve('refused'));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deskbell-bridge-'));
  mkdirSync(join(dir, 'web'));
  writeFileSync(join(dir, 'web', 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer folder');
  bridge = await startBridgeServer({ core, rendererDir: join(dir, 'web') });
});

afterAll(async () => {
  await bridge.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser shell bridge server', () => {
  it('cuts a page that stops reading before its pushes pile up, and serves it again when it reconnects', async () => {
    const secret = new URLSearchParams(new URL(bridge.operatorUrl).hash.slice(1)).get('secret') ?? '';
    const ws = new WebSocket(`${bridge.url.replace('http', 'ws')}/bridge?secret=${secret}`, { origin: bridge.url });
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    // A page whose main thread is stuck: nothing it was sent is read.
    (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const big: Push = { type: 'patronMessage', chatId: 'abcd1234', patron: 'Pat', campusName: 'Gateway', text: 'x'.repeat(7_000) };
    let sent = 0;
    while (pushListeners.size > 0 && sent < 20_000) {
      for (const listener of [...pushListeners]) listener(big);
      sent += 1;
      if (sent % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    // Cut (unsubscribed) after about the bound, not after everything.
    expect(pushListeners.size).toBe(0);
    expect(sent * 7_000).toBeGreaterThan(MAX_PAGE_BEHIND_BYTES);
    expect(sent * 7_000).toBeLessThan(MAX_PAGE_BEHIND_BYTES * 4);
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
    expect(await connect(`?secret=${secret}`, bridge.url)).toBe('open');
  });

  it('answers malformed and hostile paths without crashing', async () => {
    expect(await get('/%E0%A4%A')).toBe(404);
    expect(await get('//[')).toBe(404);
    expect(await get('/../secret.txt')).toBe(404);
    expect(await get('/%2e%2e/secret.txt')).toBe(404);
    expect(await get('/')).toBe(200); // still serving
  });

  it('opens the bridge only for our origin with the secret', async () => {
    const secret = new URLSearchParams(new URL(bridge.operatorUrl).hash.slice(1)).get('secret') ?? '';
    expect(await connect(`?secret=${secret}`, bridge.url)).toBe('open');
    expect(await connect(`?secret=${secret}`, 'http://evil.example')).toBe('refused');
    expect(await connect('?secret=wrong', bridge.url)).toBe('refused');
    expect(await connect('', bridge.url)).toBe('refused');
  });

  it('answers bad bridge frames with a typed error and never calls the core', async () => {
    const secret = new URLSearchParams(new URL(bridge.operatorUrl).hash.slice(1)).get('secret') ?? '';
    const ws = new WebSocket(`${bridge.url.replace('http', 'ws')}/bridge?secret=${secret}`, { origin: bridge.url });
    await new Promise((r) => ws.once('open', r));
    const replies: unknown[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    const before = calls.length;
    for (const bad of ['not json', '[]', '{"type":"call"}', `{"type":"call","id":1,"name":${'['.repeat(100)}${']'.repeat(100)}}`]) ws.send(bad);
    await new Promise((r) => setTimeout(r, 200));
    expect(replies).toHaveLength(4);
    for (const reply of replies) expect(reply).toMatchObject({ type: 'result', ok: false, error: { code: 'bad_call' } });
    expect(calls.length).toBe(before);
    ws.send(JSON.stringify({ type: 'call', id: 9, name: 'session.get', args: {} }));
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.slice(before)).toEqual([{ name: 'session.get', args: {} }]);
    ws.close();
  });
});
