import { describe, expect, it } from 'vitest';
import { CORE_STOP_TIMEOUT_MS, startDesktopShell } from '../../src/main/electron/desktop-shell';
import type { LoginItem } from '../../src/main/electron/login-item';
import { POWER_TICK_MS } from '../../src/main/electron/presence/power';
import { DEFAULT_TIMING } from '../../src/shared/alerts';
import { type Push, SessionView } from '../../src/shared/api';
import { IPC_CHANNELS } from '../../src/shared/ipc-channels';
import type { MachineView } from '../../src/shared/machine-settings/schema';
import type { DeskSettingsView } from '../../src/shared/settings/calls';
import { DEFAULT_NUDGES } from '../../src/shared/workspace/nudges';
import {
  FakeApp,
  FakeCore,
  FakeIpcMain,
  FakePowerMonitor,
  FakeShell,
  FakeTimers,
  fakeImage,
  flush,
  idleView,
  makeChat,
  MenuFactory,
  NotificationFactory,
  recordingLog,
  TrayFactory,
  waitingView,
  WindowFactory,
} from './fakes';

const RENDERER_DIR = '/opt/deskbell/out/renderer';
const OUR_URL = 'deskbell://app/index.html';

// Parsed by the shared schema, so the fixture is always a valid SessionView as the schema grows.
const signedIn: SessionView = SessionView.parse({
  status: 'online',
  operator: { id: 'op-1', name: 'Robin Okafor', campus: 'manchester' },
  backendUrl: 'http://127.0.0.1:41234',
  configuredBackendUrl: null,
  embedded: true,
  presence: 'online',
  clockOffsetMs: 0,
  error: null,
  pending: 0,
  timing: DEFAULT_TIMING,
});

/** The desk settings and IT settings the core answers at start, as the settings and machine pushes carry them. */
const deskSettings = (change: Partial<DeskSettingsView> = {}): DeskSettingsView => ({
  idleAwayMinutes: 10,
  startAtLogin: null,
  hideToTrayOnClose: true,
  locked: [],
  nudges: DEFAULT_NUDGES,
  ...change,
});
const machineView = (change: Partial<MachineView> = {}): MachineView => ({
  path: '/etc/deskbell/config.json',
  found: true,
  problem: null,
  locked: [],
  backendUrl: null,
  homeCampus: null,
  limits: { minVolume: 0, maxMuteMinutes: 60 },
  ringWhileSignedOut: false,
  updatesUrl: null,
  ...change,
});

function setup(
  options: { platform?: NodeJS.Platform; embedded?: boolean; sessionAtStart?: SessionView; settings?: DeskSettingsView; machine?: MachineView; loginAtStart?: boolean } = {},
) {
  const app = new FakeApp();
  const ipcMain = new FakeIpcMain();
  const shell = new FakeShell();
  const powerMonitor = new FakePowerMonitor();
  const windows = new WindowFactory();
  const trays = new TrayFactory();
  const menus = new MenuFactory();
  const notifications = new NotificationFactory();
  const timers = new FakeTimers();
  const core = new FakeCore();
  const atStart = options.sessionAtStart;
  core.answer = (name, args) => {
    if (name === 'session.get' && atStart) return { ok: true, value: atStart as never };
    if (name === 'settings.get' && options.settings) return { ok: true, value: options.settings as never };
    if (name === 'settings.set' && options.settings) return { ok: true, value: { ...options.settings, ...(args as object) } as never };
    if (name === 'machine.get' && options.machine) return { ok: true, value: options.machine as never };
    return { ok: true, value: {} as never };
  };
  const appMenus: unknown[] = [];
  const protocols = new Map<string, (request: Request) => Promise<Response>>();
  let openAtLogin = options.loginAtStart ?? false;
  const loginItem: LoginItem = { isEnabled: () => openAtLogin, setEnabled: (on) => (openAtLogin = on) };
  const { log, entries } = recordingLog();
  const desktop = startDesktopShell({
    electron: {
      app,
      ipcMain,
      shell,
      powerMonitor,
      createWindow: windows.create,
      createTray: trays.create,
      buildMenu: menus.build,
      setApplicationMenu: (menu) => appMenus.push(menu),
      createNotification: notifications.create,
      notificationsSupported: notifications.isSupported,
      loadImage: fakeImage,
      protocol: { handle: (scheme, handler) => void protocols.set(scheme, handler) },
    },
    core,
    embedded: options.embedded ? { url: 'http://127.0.0.1:41234', patronUrl: (c) => `http://127.0.0.1:41234/widget?campus=${c}` } : null,
    renderer: { kind: 'app', dir: RENDERER_DIR },
    preloadPath: '/opt/deskbell/out/preload/index.cjs',
    iconsDir: '/icons',
    platform: options.platform ?? 'linux',
    loginItem,
    devTools: false,
    timers,
    log,
  });
  const window = windows.only;
  const tray = trays.only;
  const menu = () => {
    if (!tray.menu) throw new Error('no tray menu');
    return tray.menu;
  };
  return { app, ipcMain, shell, powerMonitor, window, tray, menu, notifications, timers, core, desktop, appMenus, entries, menus, protocols };
}

describe('desktop shell wiring', () => {
  it('loads the renderer into a window, and answers IPC from it through the core', async () => {
    const { desktop, window, ipcMain, core, protocols } = setup();
    await desktop.load();
    expect(window.loaded).toEqual([OUR_URL]);
    expect([...protocols.keys()]).toEqual(['deskbell']);
    const sender = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    window.webContents.mainFrame.url = OUR_URL;
    await ipcMain.invoke(IPC_CHANNELS.call, sender, 'presence.set', { presence: 'away' });
    expect(core.callsNamed('presence.set')).toEqual([{ presence: 'away' }]);
  });

  it('forwards every core push to the window', () => {
    const { core, window } = setup();
    const push: Push = { type: 'alerts', settings: { volume: 1, otherCampusVolume: 0.5, urgentRepeatMs: 10_000, mutedUntil: null, messageVolume: 0.5 } };
    core.emitPush(push);
    expect(window.webContents.pushes(IPC_CHANNELS.push)).toEqual([push]);
  });

  it('drives tray, badge and taskbar flashing from the core tray view', () => {
    const { core, tray, app, window } = setup();
    core.emitTray(waitingView(2));
    core.emitTray(waitingView(2, 'urgent'));
    core.emitTray(idleView);
    expect(tray.images).toEqual(['/icons/tray-waiting-2.png', '/icons/tray-urgent-2.png', '/icons/tray-idle.png']);
    expect(app.badgeCounts).toEqual([0, 2, 0]);
    expect(window.flashes).toEqual([true, false]);
  });

  it('a click on a new-chat notification shows and focuses the window and pushes focusChat for that chat', () => {
    const { core, notifications, window } = setup();
    window.hide();
    core.emitPush({ type: 'desk', action: { type: 'chat.created', chat: makeChat({ id: 'chat-0042' }) } });
    expect(notifications.created).toHaveLength(1);
    notifications.created[0]?.emit('click');
    expect(window.visible).toBe(true);
    expect(window.focusCount).toBe(1);
    expect(window.webContents.pushes(IPC_CHANNELS.push).at(-1)).toEqual({ type: 'focusChat', chatId: 'chat-0042' });
  });

  it('tray menu: mute calls alerts.mute, presence calls setPresence as the operator, and follows the session', async () => {
    const { core, menu } = setup();
    await flush();
    core.emitPush({ type: 'session', session: signedIn });
    expect(menu().item('presence-online').checked).toBe(true);
    menu().click('mute-15');
    menu().click('presence-away');
    expect(core.callsNamed('alerts.mute')).toEqual([{ minutes: 15 }]);
    expect(core.presence).toEqual([{ presence: 'away', reason: 'operator' }]);
    core.emitPush({ type: 'session', session: { ...signedIn, presence: 'away' } });
    expect(menu().item('presence-away').checked).toBe(true);
    core.emitPush({ type: 'session', session: { ...signedIn, status: 'signed_out', operator: null } });
    expect(menu().item('presence-online').enabled).toBe(false);
  });

  it('reads the session at start so the tray knows the presence before any push', async () => {
    const { core, menu } = setup({ sessionAtStart: signedIn });
    expect(core.callsNamed('session.get')).toEqual([{}]);
    expect(menu().item('presence-online').enabled).toBe(false);
    await flush();
    expect(menu().item('presence-online')).toMatchObject({ enabled: true, checked: true });
  });

  it('lets a session push that arrives before the start-up read win over it', async () => {
    const { core, menu } = setup({ sessionAtStart: signedIn });
    core.emitPush({ type: 'session', session: { ...signedIn, presence: 'offline' } });
    await flush();
    expect(menu().item('presence-offline').checked).toBe(true);
  });

  it('start at login toggles the login item and the checkbox', () => {
    const { menu } = setup();
    menu().click('open-at-login');
    expect(menu().item('open-at-login').checked).toBe(true);
    menu().click('open-at-login');
    expect(menu().item('open-at-login').checked).toBe(false);
  });

  it('opens the embedded patron page for the operator campus', async () => {
    const { core, menu, shell } = setup({ embedded: true });
    core.emitPush({ type: 'session', session: signedIn });
    menu().click('patron-page');
    await flush();
    expect(shell.opened).toEqual(['http://127.0.0.1:41234/widget?campus=manchester']);
  });

  it('power events reach the core: sleep -> away, wake -> back and reconnect', () => {
    const { core, powerMonitor, timers } = setup();
    powerMonitor.emit('suspend');
    timers.sleep(20 * 60_000);
    timers.advance(POWER_TICK_MS);
    expect(core.presence).toEqual([
      { presence: 'away', reason: 'system' },
      { presence: 'online', reason: 'system' },
    ]);
    expect(core.reconnects).toBe(1);
  });

  it('sets an application menu whose Quit quits', () => {
    const { appMenus, app, menus } = setup();
    expect(appMenus).toHaveLength(1);
    const appMenu = menus.built.find((m) => m === appMenus[0]);
    appMenu?.click('quit');
    expect(app.quitCalls).toBe(1);
  });
});

describe("IT's machine-wide settings in the desktop shell", () => {
  it('closing the window quits where IT set hideToTrayOnClose false, through the same quit path', async () => {
    const { window, app, core } = setup({ settings: deskSettings({ hideToTrayOnClose: false, locked: ['hideToTrayOnClose'] }) });
    await flush();
    window.show();
    window.clickClose();
    expect(app.quitCalls).toBe(1);
    expect(core.stops).toBe(1);
  });

  it('a settings push changes closing at once', async () => {
    const { window, app, core } = setup({ settings: deskSettings() });
    await flush();
    expect(window.clickClose()).toBe(false);
    expect(app.quitCalls).toBe(0);
    core.emitPush({ type: 'settings', settings: deskSettings({ hideToTrayOnClose: false }) });
    window.show();
    window.clickClose();
    expect(app.quitCalls).toBe(1);
  });

  it("applies IT's locked start at login to the OS, and shows it locked in the tray", async () => {
    const { menu, core } = setup({ settings: deskSettings({ startAtLogin: true, locked: ['startAtLogin'] }), loginAtStart: false });
    await flush();
    expect(menu().item('open-at-login')).toMatchObject({ checked: true, enabled: false, label: 'Start at login (set by IT)' });
    expect(() => menu().click('open-at-login')).toThrow(/disabled/);
    expect(core.callsNamed('settings.set')).toEqual([]);
  });

  it("records the OS's start at login as the desk's choice while nobody has chosen", async () => {
    const { core } = setup({ settings: deskSettings({ startAtLogin: null }), loginAtStart: true });
    await flush();
    expect(core.callsNamed('settings.set')).toEqual([{ startAtLogin: true }]);
  });

  it('a toggle in the tray is kept by the core as the desk choice', async () => {
    const { menu, core } = setup({ settings: deskSettings({ startAtLogin: false }) });
    await flush();
    menu().click('open-at-login');
    expect(menu().item('open-at-login').checked).toBe(true);
    expect(core.callsNamed('settings.set')).toEqual([{ startAtLogin: true }]);
  });

  it("offers only the mute lengths within IT's cap, and none where muting is off", async () => {
    const capped = setup({ machine: machineView({ limits: { minVolume: 0, maxMuteMinutes: 15 } }) });
    await flush();
    expect(capped.menu().has('mute-5')).toBe(true);
    expect(capped.menu().has('mute-15')).toBe(true);
    expect(capped.menu().has('mute-30')).toBe(false);
    const small = setup({ machine: machineView({ limits: { minVolume: 0, maxMuteMinutes: 3 } }) });
    await flush();
    expect(small.menu().has('mute-3')).toBe(true);
    expect(small.menu().has('mute-5')).toBe(false);
    const none = setup({ machine: machineView({ limits: { minVolume: 0, maxMuteMinutes: 0 } }) });
    await flush();
    expect(['mute-3', 'mute-5', 'mute-15', 'mute-60'].some((id) => none.menu().has(id))).toBe(false);
  });
});

describe('desktop shell lifecycle', () => {
  it('closing the window hides it; the app keeps running when all windows are closed', () => {
    const { window, app } = setup();
    window.show();
    expect(window.clickClose()).toBe(false);
    expect(window.visible).toBe(false);
    expect(app.listenerCount('window-all-closed')).toBe(1);
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(0);
  });

  it('Quit in the tray quits: the window then closes for real, and the core stops before the app exits', async () => {
    const { menu, app, window, core, ipcMain, tray } = setup();
    menu().click('quit');
    expect(app.quitCalls).toBe(1);
    expect(window.clickClose()).toBe(true);
    // The first will-quit was held back until the core stopped...
    expect(core.stops).toBe(1);
    await flush();
    // ...then the app quit again and got through.
    expect(app.quitCalls).toBe(2);
    expect(app.exited).toBe(true);
    expect(ipcMain.handlers.size).toBe(0);
    expect(tray.destroyed).toBe(true);
    expect(core.listenerCounts).toEqual({ push: 0, tray: 0 });
  });

  it('quits anyway when the core does not stop in time', async () => {
    const { desktop, app, core, timers, entries } = setup();
    core.stopResult = new Promise(() => undefined);
    desktop.quit();
    await flush();
    expect(app.exited).toBe(false);
    timers.advance(CORE_STOP_TIMEOUT_MS);
    await flush();
    expect(app.exited).toBe(true);
    expect(entries.some((e) => e.message.includes('did not stop in time'))).toBe(true);
  });

  it('a Windows shutdown lets the window close instead of hiding', () => {
    const { window } = setup({ platform: 'win32' });
    window.emit('query-session-end');
    expect(window.clickClose()).toBe(true);
  });

  it('macOS dock click shows the window', () => {
    const { app, window } = setup({ platform: 'darwin' });
    app.emit('activate');
    expect(window.visible).toBe(true);
  });
});
