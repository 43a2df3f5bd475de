/**
 * A stand-in for the 'electron' module, for running the BUILT main process (out/main/index.js)
 * under plain Node. It records what main did, then drives one scenario through the real IPC
 * handler (as the renderer would), quits through the app's own quit path, and prints a JSON
 * report on the last line of stdout.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const base = process.env.FAKE_ELECTRON_DIR;
if (!base) throw new Error('FAKE_ELECTRON_DIR is not set');
const report = { windows: [], loaded: [], trays: [], icons: [], ipcChannels: [], pushes: [], calls: {}, appMenus: 0, quitCalls: 0, errors: [], paths: {} };
const paths = { appData: join(base, 'appData'), home: join(base, 'home'), temp: join(base, 'temp') };

class Emitter extends EventEmitter {}

export const app = new (class extends Emitter {
  isPackaged = false;
  commandLine = { switches: {}, appendSwitch: (name, value) => (this.commandLine.switches[name] = value ?? true) };
  name = 'deskbell';
  setName(name) { this.name = name; }
  getName() { return this.name; }
  getVersion() { return '0.0.0-test'; }
  getAppPath() { return process.env.FAKE_ELECTRON_APP_PATH; }
  setPath(name, value) { paths[name] = value; }
  getPath(name) {
    if (name === 'logs') return paths.logs ?? join(paths.userData ?? join(paths.appData, this.name), 'logs');
    if (name === 'userData') return paths.userData ?? join(paths.appData, this.name);
    if (!(name in paths)) throw new Error(`unknown path ${name}`);
    return paths[name];
  }
  setAppUserModelId() {}
  requestSingleInstanceLock() { return true; }
  whenReady() { report.readyCalled = true; return Promise.resolve(); }
  setBadgeCount(count) { report.badge = count; return true; }
  getLoginItemSettings() { return { openAtLogin: false }; }
  setLoginItemSettings() {}
  quit() {
    report.quitCalls += 1;
    this.emit('before-quit', { preventDefault() {} });
    let prevented = false;
    this.emit('will-quit', { preventDefault() { prevented = true; } });
    if (!prevented) finish(0);
  }
  exit(code) { finish(code); }
})();

function finish(code) {
  report.paths = { userData: app.getPath('userData'), logs: app.getPath('logs') };
  process.stdout.write(`\nFAKE_ELECTRON_REPORT ${JSON.stringify(report)}\n`);
  process.exit(code);
}

class WebContents extends Emitter {
  mainFrame = { url: 'about:blank', parent: null };
  session = {
    webRequest: { onHeadersReceived: (listener) => (report.cspHook = typeof listener === 'function') },
    setPermissionRequestHandler: () => {},
    setPermissionCheckHandler: () => {},
  };
  isDestroyed() { return false; }
  send(channel, push) { report.pushes.push({ channel, type: push?.type, status: push?.session?.status ?? null }); onPush(push); }
  setWindowOpenHandler() {}
  forcefullyCrashRenderer() {}
}

export class BrowserWindow extends Emitter {
  webContents = new WebContents();
  constructor(options) {
    super();
    report.windows.push(options);
  }
  show() {}
  hide() {}
  focus() {}
  restore() {}
  isMinimized() { return false; }
  isVisible() { return true; }
  isDestroyed() { return false; }
  flashFrame() {}
  setOverlayIcon() {}
  async loadURL(url) { report.loaded.push(url); this.webContents.mainFrame.url = url; setImmediate(() => scenario(this)); }
  async loadFile(path) { report.loaded.push(path); this.webContents.mainFrame.url = pathToFileURL(path).href; setImmediate(() => scenario(this)); }
}

const handlers = new Map();
export const ipcMain = {
  handle(channel, listener) { handlers.set(channel, listener); report.ipcChannels.push(channel); },
  removeHandler(channel) { handlers.delete(channel); },
};

const protocolHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (report.readyCalled) report.errors.push('registerSchemesAsPrivileged after ready');
    report.privilegedSchemes = schemes;
  },
  handle(scheme, handler) { protocolHandlers.set(scheme, handler); report.protocols = [...protocolHandlers.keys()]; },
};

export const dialog = { showErrorBox: (title, message) => report.errors.push(`${title}: ${message}`) };
export const shell = { openExternal: async () => {} };
export const Menu = { buildFromTemplate: (template) => ({ template }), setApplicationMenu: () => (report.appMenus += 1) };
export const nativeImage = { createFromPath: (path) => { report.icons.push(path); return { path, isEmpty: () => false }; } };
export class Notification extends Emitter {
  static isSupported() { return true; }
  show() {}
  close() {}
}
export const powerMonitor = new (class extends Emitter { getSystemIdleTime() { return 0; } })();
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptStringAsync: async (text) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
  decryptStringAsync: async (buffer) => ({ result: Buffer.from(buffer.map((b) => b ^ 0x5a)).toString('utf8'), shouldReEncrypt: false }),
};
export class Tray extends Emitter {
  constructor(image) { super(); report.trays.push(image.path); }
  setImage() {}
  setToolTip() {}
  setContextMenu(menu) { report.trayMenuIds = menu.template.map((i) => i.id).filter(Boolean); }
  destroy() {}
}
export default { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, powerMonitor, protocol, safeStorage, shell, Tray };

// ---- the scenario: what the renderer would do once loaded ----------------------------------

let online = null;
const wentOnline = new Promise((resolve) => (online = resolve));
function onPush(push) {
  if (push?.type === 'session' && push.session.status === 'online') online();
}

let ran = false;
async function scenario(window) {
  if (ran) return;
  ran = true;
  try {
    // The page the window loaded, fetched through the registered protocol handler as Chromium would.
    const page = await protocolHandlers.get('deskbell')?.(new Request(window.webContents.mainFrame.url));
    report.page = page ? { status: page.status, csp: page.headers.get('content-security-policy'), hasRoot: (await page.text()).includes('id="root"') } : null;
    const escape = await protocolHandlers.get('deskbell')?.(new Request('deskbell://app/%2e%2e/main/index.js'));
    report.escapeStatus = escape?.status ?? null;
    const call = handlers.get('deskbell:call');
    const trusted = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    report.calls.session = await call(trusted, 'session.get', {});
    report.calls.foreign = await call({ sender: new WebContents(), senderFrame: { url: 'https://evil.example/', parent: null } }, 'session.get', {});
    report.calls.subscribe = await call(trusted, 'desk.subscribe', {});
    report.calls.machine = await call(trusted, 'machine.get', {});
    await Promise.race([wentOnline, new Promise((_, reject) => setTimeout(() => reject(new Error('never went online')), 20_000))]);
    report.wentOnline = true;
    // A first transcript sync, which the built core runs in its child process (out/main/transcript-sync.js).
    report.calls.transcripts = await call(trusted, 'transcripts.sync', {});
  } catch (error) {
    report.errors.push(String(error?.stack ?? error));
  }
  app.quit();
}
