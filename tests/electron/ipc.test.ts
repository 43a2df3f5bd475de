import { describe, expect, it } from 'vitest';
import { registerIpc } from '../../src/main/electron/ipc';
import { rendererUrlMatcher } from '../../src/main/electron/renderer-location';
import { IPC_CHANNELS } from '../../src/shared/ipc-channels';
import { FakeCore, FakeFrame, FakeIpcMain, FakeWebContents, FakeWindow, recordingLog } from './fakes';

const OUR_URL = 'deskbell://app/index.html';

function setup() {
  const ipcMain = new FakeIpcMain();
  const window = new FakeWindow({}, OUR_URL);
  const core = new FakeCore();
  const { log, entries } = recordingLog();
  const bridge = registerIpc({
    ipcMain,
    window,
    isOurRendererUrl: rendererUrlMatcher({ kind: 'app', dir: '/opt/deskbell/out/renderer' }),
    call: (name, args) => core.call(name, args),
    log,
  });
  const fromWindow = () => ({ sender: window.webContents, senderFrame: window.webContents.mainFrame });
  return { ipcMain, window, core, bridge, entries, fromWindow };
}

const badCall = { ok: false, error: { code: 'bad_call', message: expect.any(String) } };

describe('IPC calls', () => {
  it('passes an allowed call from our window to the core with its args, and returns the outcome', async () => {
    const { ipcMain, core, fromWindow } = setup();
    core.answer = (name) => ({ ok: true, value: { echoed: name } as never });
    const outcome = await ipcMain.invoke(IPC_CHANNELS.call, fromWindow(), 'chat.claim', { chatId: 'chat-0001' });
    expect(outcome).toEqual({ ok: true, value: { echoed: 'chat.claim' } });
    expect(core.calls).toEqual([{ name: 'chat.claim', args: { chatId: 'chat-0001' } }]);
  });

  it('refuses a call from another webContents, even one showing our URL', async () => {
    const { ipcMain, core } = setup();
    const stranger = new FakeWebContents(OUR_URL);
    const outcome = await ipcMain.invoke(IPC_CHANNELS.call, { sender: stranger, senderFrame: stranger.mainFrame }, 'session.get', {});
    expect(outcome).toEqual(badCall);
    expect(core.calls).toEqual([]);
  });

  it('refuses a call from a sub-frame of our window, a foreign page in it, or a vanished frame', async () => {
    const { ipcMain, core, window } = setup();
    const contents = window.webContents;
    const subFrame = new FakeFrame(OUR_URL, contents.mainFrame);
    const senders = [
      { sender: contents, senderFrame: subFrame },
      { sender: contents, senderFrame: new FakeFrame('https://evil.example/') },
      { sender: contents, senderFrame: new FakeFrame('file:///tmp/evil.html') },
      { sender: contents, senderFrame: null },
    ];
    for (const event of senders) expect(await ipcMain.invoke(IPC_CHANNELS.call, event, 'session.get', {})).toEqual(badCall);
    expect(core.calls).toEqual([]);
  });

  it('refuses names off the allow-list', async () => {
    const { ipcMain, core, fromWindow } = setup();
    for (const name of ['session.delete', '__proto__', 'constructor', 'toString', 42, null, undefined]) {
      expect(await ipcMain.invoke(IPC_CHANNELS.call, fromWindow(), name, {})).toEqual(badCall);
    }
    expect(core.calls).toEqual([]);
  });

  it('answers with an internal error when the core throws instead of answering', async () => {
    const { ipcMain, core, fromWindow, entries } = setup();
    core.answer = () => {
      throw new Error('boom');
    };
    const outcome = await ipcMain.invoke(IPC_CHANNELS.call, fromWindow(), 'session.get', {});
    expect(outcome).toEqual({ ok: false, error: { code: 'internal', message: 'internal error' } });
    expect(entries.some((e) => e.level === 'error')).toBe(true);
  });

  it('removes its handler on dispose', () => {
    const { ipcMain, bridge } = setup();
    expect(ipcMain.handlers.has(IPC_CHANNELS.call)).toBe(true);
    bridge.dispose();
    expect(ipcMain.handlers.has(IPC_CHANNELS.call)).toBe(false);
  });
});

describe('IPC pushes', () => {
  it('go to the main window only, on the push channel, and are dropped once it is gone', () => {
    const { window, bridge } = setup();
    const other = new FakeWebContents(OUR_URL);
    bridge.sendPush({ type: 'focusChat', chatId: 'chat-0001' });
    expect(window.webContents.sent).toEqual([{ channel: IPC_CHANNELS.push, args: [{ type: 'focusChat', chatId: 'chat-0001' }] }]);
    expect(other.sent).toEqual([]);
    window.webContents.destroyed = true;
    expect(() => bridge.sendPush({ type: 'focusChat', chatId: 'chat-0002' })).not.toThrow();
    expect(window.webContents.sent).toHaveLength(1);
  });
});
