/**
 * The browser shell's host (src/renderer/platform/browser-host.ts) over a fake bridge socket:
 * what the core sends is checked against its schema before the page sees it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBrowserHost } from '../../src/renderer/platform/browser-host';
import { DEFAULT_ALERT_SETTINGS } from '../../src/shared/alerts/policy';
import type { CallOutcome, CallName, DeskbellHost } from '../../src/shared/api';

/** Stands in for the page's WebSocket to the local bridge. */
class FakeSocket {
  static opened: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  readonly sent: { id: number; name: string }[] = [];
  constructor(readonly url: string) {
    FakeSocket.opened.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  /** The core sends a frame (any JSON, well formed or not). */
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  FakeSocket.opened = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('location', { protocol: 'http:', host: '127.0.0.1:4321' });
  errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function connect(): { host: DeskbellHost; socket: FakeSocket } {
  const host = createBrowserHost('s3cret', () => undefined);
  const socket = FakeSocket.opened[0];
  if (!socket) throw new Error('the host opened no socket');
  socket.onopen?.();
  return { host, socket };
}

/** Makes a call and answers it with `frame` (its id filled in); a call left unanswered fails the test rather than hanging it. */
async function answer<K extends CallName>(host: DeskbellHost, socket: FakeSocket, call: Promise<CallOutcome<K>>, frame: Record<string, unknown>): Promise<CallOutcome<K> | 'no answer'> {
  await Promise.resolve();
  const sent = socket.sent.at(-1);
  socket.receive({ ...frame, id: sent?.id });
  return Promise.race([call, new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), 200))]);
}

describe('browser host', () => {
  it('sends a call over the bridge and passes on an answer that matches its schema', async () => {
    const { host, socket } = connect();
    expect(socket.url).toBe('ws://127.0.0.1:4321/bridge?secret=s3cret');
    const muted = { ...DEFAULT_ALERT_SETTINGS, mutedUntil: 1_700_000_000_000 };
    const outcome = await answer(host, socket, host.call('alerts.mute', { minutes: 15 }), { type: 'result', ok: true, value: muted });
    expect(socket.sent).toEqual([{ type: 'call', id: 1, name: 'alerts.mute', args: { minutes: 15 } }]);
    expect(outcome).toEqual({ ok: true, value: muted });
  });

  it("turns a result that does not match its call's schema into bad_result, never the value", async () => {
    const { host, socket } = connect();
    expect(await answer(host, socket, host.call('chat.claim', { chatId: 'chat-0001' }), { type: 'result', ok: true, value: { status: 'online' } })).toEqual({
      ok: false,
      error: { code: 'bad_result', message: expect.stringContaining('chat.claim') },
    });
    expect(await answer(host, socket, host.call('alerts.mute', { minutes: 15 }), { type: 'result', ok: true, value: { ...DEFAULT_ALERT_SETTINGS, volume: 'loud' } })).toMatchObject({
      ok: false,
      error: { code: 'bad_result', message: expect.stringContaining('volume') },
    });
  });

  it('answers a call whose result frame is malformed with bad_result, instead of leaving it waiting', async () => {
    const { host, socket } = connect();
    for (const frame of [{ type: 'result', ok: 'yes', value: {} }, { type: 'result', ok: false, error: { code: 'teapot', message: 'short and stout' } }]) {
      expect(await answer(host, socket, host.call('chat.claim', { chatId: 'chat-0001' }), frame), JSON.stringify(frame)).toMatchObject({ ok: false, error: { code: 'bad_result' } });
    }
  });

  it("passes the core's own refusals on as they are", async () => {
    const { host, socket } = connect();
    const refusal = { code: 'already_claimed', message: 'Sam has it' };
    expect(await answer(host, socket, host.call('chat.claim', { chatId: 'chat-0001' }), { type: 'result', ok: false, error: refusal })).toEqual({ ok: false, error: refusal });
  });

  it('refuses a push that does not match its schema, and says so', () => {
    const { host, socket } = connect();
    const received: unknown[] = [];
    host.onPush((push) => received.push(push));
    socket.receive({ type: 'push', push: { type: 'focusChat', chatId: 'not a chat id!' } });
    socket.receive({ type: 'push', push: { type: 'no-such-push' } });
    socket.receive({ type: 'push', push: { type: 'desk', action: { type: 'chat.created' } } });
    expect(received).toEqual([]);
    expect(errors).toHaveBeenCalledTimes(3);
    socket.receive({ type: 'push', push: { type: 'focusChat', chatId: 'chat-0001' } });
    expect(received).toEqual([{ type: 'focusChat', chatId: 'chat-0001' }]);
  });
});
