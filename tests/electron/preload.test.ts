import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeskbellHost } from '../../src/shared/api';
import { IPC_CHANNELS } from '../../src/shared/ipc-channels';
import { exposeElectronHost, HOST_KEY, type IpcRendererLike } from '../../src/preload/host';
import { DEFAULT_ALERT_SETTINGS } from '../../src/shared/alerts/policy';

class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: unknown[][] = [];
  readonly listeners = new Map<string, ((event: unknown, push: unknown) => void)[]>();
  reply: (args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: {} });

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, ...args]);
    return this.reply([channel, ...args]);
  }
  on(channel: string, listener: (event: unknown, push: unknown) => void): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: (event: unknown, push: unknown) => void): this {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  /** Main sends a push (or something posing as one); the event object carries ipcRenderer, as Electron's does. */
  deliver(push: unknown): void {
    for (const listener of this.listeners.get(IPC_CHANNELS.push) ?? []) listener({ sender: this, ports: [] }, push);
  }
}

function expose() {
  const exposed = new Map<string, unknown>();
  const ipc = new FakeIpcRenderer();
  exposeElectronHost({ exposeInMainWorld: (key, api) => exposed.set(key, api) }, ipc);
  return { exposed, ipc, host: exposed.get(HOST_KEY) as DeskbellHost };
}

describe('preload host', () => {
  it('exposes exactly {kind, call, onPush} under window.deskbell, frozen, and never ipcRenderer', () => {
    const { exposed, host, ipc } = expose();
    expect([...exposed.keys()]).toEqual(['deskbell']);
    expect(Object.keys(host).sort()).toEqual(['call', 'kind', 'onPush']);
    expect(host.kind).toBe('electron');
    expect(Object.isFrozen(host)).toBe(true);
    expect(Object.values(host)).not.toContain(ipc);
  });

  it('invokes allowed calls on the call channel with name and args', async () => {
    const { host, ipc } = expose();
    const muted = { ...DEFAULT_ALERT_SETTINGS, mutedUntil: 1_700_000_000_000 };
    ipc.reply = async () => ({ ok: true, value: muted });
    const outcome = await host.call('alerts.mute', { minutes: 15 });
    expect(ipc.invoked).toEqual([[IPC_CHANNELS.call, 'alerts.mute', { minutes: 15 }]]);
    expect(outcome).toEqual({ ok: true, value: muted });
  });

  it('refuses an unknown call name without touching IPC', async () => {
    const { host, ipc } = expose();
    const unknownCall = host.call as (name: string, args: unknown) => ReturnType<DeskbellHost['call']>;
    const outcome = await unknownCall('fs.readFile', { path: '/etc/passwd' });
    expect(outcome).toEqual({ ok: false, error: { code: 'bad_call', message: expect.stringContaining('fs.readFile') } });
    expect(await unknownCall('__proto__', {})).toMatchObject({ ok: false, error: { code: 'bad_call' } });
    expect(ipc.invoked).toEqual([]);
  });

  it('turns an IPC failure into an error outcome instead of a rejection', async () => {
    const { host, ipc } = expose();
    ipc.reply = () => Promise.reject(new Error("No handler registered for 'deskbell:call'"));
    await expect(host.call('session.get', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('delivers pushes without the IPC event, and stops after unsubscribe', () => {
    const { host, ipc } = expose();
    const received: unknown[][] = [];
    const unsubscribe = host.onPush((...args) => received.push(args));
    ipc.deliver({ type: 'focusChat', chatId: 'chat-0001' });
    expect(received).toEqual([[{ type: 'focusChat', chatId: 'chat-0001' }]]);
    unsubscribe();
    ipc.deliver({ type: 'focusChat', chatId: 'chat-0002' });
    expect(received).toHaveLength(1);
    expect(ipc.listeners.get(IPC_CHANNELS.push)).toEqual([]);
  });

  describe('refuses what main answers outside its schemas', () => {
    afterEach(() => vi.restoreAllMocks());
    const quiet = () => vi.spyOn(console, 'error').mockImplementation(() => undefined);

    it("turns a result that does not match its call's schema into bad_result, never the value", async () => {
      const errors = quiet();
      const { host, ipc } = expose();
      // chat.claim answers an empty object; a value of another call's shape is not passed on.
      ipc.reply = async () => ({ ok: true, value: { status: 'online' } });
      expect(await host.call('chat.claim', { chatId: 'chat-0001' })).toEqual({
        ok: false,
        error: { code: 'bad_result', message: expect.stringContaining('chat.claim') },
      });
      ipc.reply = async () => ({ ok: true, value: { ...DEFAULT_ALERT_SETTINGS, volume: 'loud' } });
      expect(await host.call('alerts.mute', { minutes: 15 })).toMatchObject({ ok: false, error: { code: 'bad_result', message: expect.stringContaining('volume') } });
      expect(errors).toHaveBeenCalledTimes(2);
    });

    it('turns an answer that is not an outcome, or an unknown error code, into bad_result', async () => {
      quiet();
      const { host, ipc } = expose();
      for (const answer of [undefined, 'ok', { ok: 'yes', value: {} }, { ok: true }, { ok: false, error: { code: 'teapot', message: 'short and stout' } }]) {
        ipc.reply = async () => answer;
        expect(await host.call('chat.claim', { chatId: 'chat-0001' }), JSON.stringify(answer)).toMatchObject({ ok: false, error: { code: 'bad_result' } });
      }
    });

    it("passes main's own refusals on as they are", async () => {
      const { host, ipc } = expose();
      ipc.reply = async () => ({ ok: false, error: { code: 'already_claimed', message: 'Sam has it' } });
      expect(await host.call('chat.claim', { chatId: 'chat-0001' })).toEqual({ ok: false, error: { code: 'already_claimed', message: 'Sam has it' } });
    });

    it('refuses a push that does not match its schema, and says so', () => {
      const errors = quiet();
      const { host, ipc } = expose();
      const received: unknown[] = [];
      host.onPush((push) => received.push(push));
      ipc.deliver({ type: 'focusChat', chatId: 'not a chat id!' });
      ipc.deliver({ type: 'no-such-push' });
      ipc.deliver({ type: 'desk', action: { type: 'chat.created' } });
      expect(received).toEqual([]);
      expect(errors).toHaveBeenCalledTimes(3);
      ipc.deliver({ type: 'focusChat', chatId: 'chat-0001' });
      expect(received).toEqual([{ type: 'focusChat', chatId: 'chat-0001' }]);
    });
  });
});
