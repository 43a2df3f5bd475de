import { describe, expect, it } from 'vitest';
import type { DeskbellHost, Push } from '../../src/shared/api';
import { IPC_CHANNELS } from '../../src/shared/ipc-channels';
import { exposeElectronHost, HOST_KEY, type IpcRendererLike } from '../../src/preload/host';

class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: unknown[][] = [];
  readonly listeners = new Map<string, ((event: unknown, push: Push) => void)[]>();
  reply: (args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: {} });

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, ...args]);
    return this.reply([channel, ...args]);
  }
  on(channel: string, listener: (event: unknown, push: Push) => void): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: (event: unknown, push: Push) => void): this {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  /** Main sends a push; the event object carries ipcRenderer, as Electron's does. */
  deliver(push: Push): void {
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
    ipc.reply = async () => ({ ok: true, value: { status: 'online' } });
    const outcome = await host.call('chat.claim', { chatId: 'chat-0001' });
    expect(ipc.invoked).toEqual([[IPC_CHANNELS.call, 'chat.claim', { chatId: 'chat-0001' }]]);
    expect(outcome).toEqual({ ok: true, value: { status: 'online' } });
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
});
