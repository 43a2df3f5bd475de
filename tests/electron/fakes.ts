/**
 * Small fakes of the Electron objects the shell uses (see src/main/electron/ports.ts) and
 * of the main core. They record what the shell did and let a test fire the events Electron
 * or the core would. The real 'electron' package is never loaded here.
 */
import type { TrayView } from '../../src/shared/alerts';
import type { CallName, CallOutcome, Push } from '../../src/shared/api';
import { type Campus, campusWithoutFacts } from '../../src/shared/campuses/schemas';
import type { Chat } from '../../src/shared/chats/schemas';
import type { Presence } from '../../src/shared/presence/schemas';
import type { CoreHandle } from '../../src/main/core/handle';
import { chat } from '../support/fixtures';
import type { SafeStorageLike } from '../../src/main/electron/session/sealed-file';
import type {
  AppLike,
  HeadersReceivedDetailsLike,
  HeadersReceivedResponseLike,
  ImageRef,
  IpcInvokeEventLike,
  IpcMainLike,
  MenuRef,
  MenuTemplate,
  NotificationLike,
  NotificationOptions,
  PermissionDetailsLike,
  PowerMonitorLike,
  SessionLike,
  ShellLike,
  Timers,
  TrayLike,
  WebContentsLike,
  WebFrameLike,
  WindowLike,
  WindowOptions,
} from '../../src/main/electron/ports';

type Listener = (...args: never[]) => unknown;

/** Just enough of an EventEmitter: tests emit, the shell listens. */
export class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapper = ((...args: never[]) => {
      this.removeListener(event, wrapper);
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapper);
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => unknown)(...args);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** An event with preventDefault, as Electron passes to will-navigate, close, will-quit... */
export function preventable<T extends object>(fields: T): T & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

// ---- images and menus ----------------------------------------------------------------

interface FakeImage {
  readonly fakeImagePath: string;
}
export const fakeImage = (path: string): ImageRef => ({ fakeImagePath: path }) as FakeImage as unknown as ImageRef;
export const imagePath = (image: ImageRef | null): string | null =>
  image === null ? null : (image as unknown as FakeImage).fakeImagePath;

export class FakeMenu {
  constructor(readonly template: MenuTemplate) {}

  item(id: string) {
    const found = findItem(this.template, id);
    if (!found) throw new Error(`no menu item ${id}; ids: ${menuIds(this.template).join(', ')}`);
    return found;
  }

  has(id: string): boolean {
    return findItem(this.template, id) !== undefined;
  }

  click(id: string): void {
    const item = this.item(id);
    if (item.enabled === false) throw new Error(`menu item ${id} is disabled`);
    if (!item.click) throw new Error(`menu item ${id} has no click handler`);
    (item.click as () => void)();
  }
}

function findItem(template: MenuTemplate, id: string): MenuTemplate[number] | undefined {
  for (const item of template) {
    if (item.id === id) return item;
    if (Array.isArray(item.submenu)) {
      const inner = findItem(item.submenu, id);
      if (inner) return inner;
    }
  }
  return undefined;
}

function menuIds(template: MenuTemplate): string[] {
  return template.flatMap((item) => [...(item.id ? [item.id] : []), ...(Array.isArray(item.submenu) ? menuIds(item.submenu) : [])]);
}

export class MenuFactory {
  readonly built: FakeMenu[] = [];
  readonly build = (template: MenuTemplate): MenuRef => {
    const menu = new FakeMenu(template);
    this.built.push(menu);
    return menu;
  };
}

// ---- window, web contents, session -----------------------------------------------------

export class FakeFrame implements WebFrameLike {
  constructor(
    public url: string,
    readonly parent: FakeFrame | null = null,
  ) {}
}

export class FakeSession implements SessionLike {
  headersListener: ((details: HeadersReceivedDetailsLike, callback: (response: HeadersReceivedResponseLike) => void) => void) | null = null;
  requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionDetailsLike) => void) | null =
    null;
  checkHandler: ((contents: unknown, permission: string, requestingOrigin: string, details: PermissionDetailsLike) => boolean) | null = null;

  readonly webRequest = {
    onHeadersReceived: (listener: NonNullable<FakeSession['headersListener']>) => {
      this.headersListener = listener;
    },
  };

  setPermissionRequestHandler(handler: NonNullable<FakeSession['requestHandler']>): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: NonNullable<FakeSession['checkHandler']>): void {
    this.checkHandler = handler;
  }

  /** Runs a response through the headers hook, as Chromium would. */
  respond(url: string, responseHeaders: Record<string, string[]>): HeadersReceivedResponseLike {
    let answer: HeadersReceivedResponseLike | null = null;
    this.headersListener?.({ url, responseHeaders }, (response) => {
      answer = response;
    });
    if (!answer) throw new Error('the headers hook did not answer');
    return answer;
  }

  requestPermission(permission: string, details: PermissionDetailsLike): boolean {
    let granted: boolean | null = null;
    this.requestHandler?.({}, permission, (value) => {
      granted = value;
    }, details);
    if (granted === null) throw new Error('the permission handler did not answer');
    return granted;
  }
}

export class FakeWebContents extends FakeEmitter implements WebContentsLike {
  readonly session = new FakeSession();
  readonly mainFrame: FakeFrame;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  destroyed = false;
  crashes = 0;

  constructor(url: string) {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('send on destroyed webContents');
    this.sent.push({ channel, args });
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  forcefullyCrashRenderer(): void {
    this.crashes += 1;
  }

  /** Fires will-navigate (or will-redirect); returns whether the shell let it proceed. */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const nav = preventable({ url });
    this.emit(event, nav, url);
    return !nav.defaultPrevented;
  }

  /** window.open(url) from the page. */
  open(url: string): { action: string } {
    if (!this.windowOpenHandler) throw new Error('no window open handler');
    return this.windowOpenHandler({ url });
  }

  pushes(channel: string): unknown[] {
    return this.sent.filter((s) => s.channel === channel).map((s) => s.args[0]);
  }
}

export class FakeWindow extends FakeEmitter implements WindowLike {
  readonly webContents: FakeWebContents;
  visible = false;
  minimized = false;
  destroyed = false;
  focusCount = 0;
  readonly flashes: boolean[] = [];
  readonly overlays: { image: string | null; description: string }[] = [];
  readonly loaded: string[] = [];

  constructor(
    readonly options: WindowOptions,
    url = 'file:///app/out/renderer/index.html',
  ) {
    super();
    this.webContents = new FakeWebContents(url);
  }

  show(): void {
    this.visible = true;
    this.minimized = false;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focusCount += 1;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  flashFrame(flag: boolean): void {
    this.flashes.push(flag);
  }
  setOverlayIcon(overlay: ImageRef | null, description: string): void {
    this.overlays.push({ image: imagePath(overlay), description });
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
  async loadFile(filePath: string): Promise<void> {
    this.loaded.push(`file:${filePath}`);
  }

  /** The user clicks the close button; returns whether the window really closed. */
  clickClose(): boolean {
    const event = preventable({});
    this.emit('close', event);
    if (!event.defaultPrevented) {
      this.visible = false;
      this.destroyed = true;
    }
    return !event.defaultPrevented;
  }
}

export class WindowFactory {
  readonly windows: FakeWindow[] = [];
  readonly create = (options: WindowOptions): FakeWindow => {
    const window = new FakeWindow(options);
    this.windows.push(window);
    return window;
  };
  get only(): FakeWindow {
    if (this.windows.length !== 1) throw new Error(`expected one window, have ${this.windows.length}`);
    return this.windows[0] as FakeWindow;
  }
}

// ---- ipc, shell, tray, notifications, power, app --------------------------------------------

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>();

  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke(channel, ...args) from `sender`/`senderFrame` resolves to. */
  async invoke(channel: string, event: IpcInvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

export class FakeShell implements ShellLike {
  readonly opened: string[] = [];
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}

export class FakeTray extends FakeEmitter implements TrayLike {
  image: string | null;
  tooltip = '';
  menu: FakeMenu | null = null;
  readonly images: string[] = [];
  destroyed = false;

  constructor(image: ImageRef) {
    super();
    this.image = imagePath(image);
  }

  setImage(image: ImageRef): void {
    this.image = imagePath(image);
    this.images.push(this.image ?? '');
  }
  setToolTip(toolTip: string): void {
    this.tooltip = toolTip;
  }
  setContextMenu(menu: MenuRef | null): void {
    this.menu = menu as FakeMenu | null;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class TrayFactory {
  readonly trays: FakeTray[] = [];
  readonly create = (image: ImageRef): FakeTray => {
    const tray = new FakeTray(image);
    this.trays.push(tray);
    return tray;
  };
  get only(): FakeTray {
    if (this.trays.length !== 1) throw new Error(`expected one tray, have ${this.trays.length}`);
    return this.trays[0] as FakeTray;
  }
}

export class FakeNotification extends FakeEmitter implements NotificationLike {
  shown = false;
  closed = false;
  constructor(readonly options: NotificationOptions) {
    super();
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }
}

export class NotificationFactory {
  readonly created: FakeNotification[] = [];
  supported = true;
  readonly create = (options: NotificationOptions): FakeNotification => {
    const notification = new FakeNotification(options);
    this.created.push(notification);
    return notification;
  };
  readonly isSupported = () => this.supported;
}

export class FakePowerMonitor extends FakeEmitter implements PowerMonitorLike {
  idleSeconds = 0;
  getSystemIdleTime(): number {
    return this.idleSeconds;
  }
}

export class FakeApp extends FakeEmitter implements AppLike {
  readonly badgeCounts: number[] = [];
  quitCalls = 0;
  /** Set once a quit got through 'will-quit' without being held back. */
  exited = false;

  setBadgeCount(count?: number): boolean {
    this.badgeCounts.push(count ?? 0);
    return true;
  }

  /** Electron's sequence: 'before-quit', windows close, then 'will-quit' (preventable). */
  quit(): void {
    this.quitCalls += 1;
    this.emit('before-quit', preventable({}));
    const willQuit = preventable({});
    this.emit('will-quit', willQuit);
    if (!willQuit.defaultPrevented) this.exited = true;
  }
}

// ---- time --------------------------------------------------------------------------------

interface Scheduled {
  id: number;
  at: number;
  every: number | null;
  callback: () => void;
}

/** A hand-driven clock and timer queue. */
export class FakeTimers implements Timers {
  private time: number;
  private nextId = 1;
  private readonly queue = new Map<number, Scheduled>();

  constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
    this.time = start;
  }

  now = (): number => this.time;

  setInterval = (callback: () => void, ms: number): unknown => this.add(callback, ms, ms);
  setTimeout = (callback: () => void, ms: number): unknown => this.add(callback, ms, null);
  clearInterval = (handle: unknown): void => {
    this.queue.delete(handle as number);
  };
  clearTimeout = (handle: unknown): void => {
    this.queue.delete(handle as number);
  };

  private add(callback: () => void, ms: number, every: number | null): number {
    const id = this.nextId++;
    this.queue.set(id, { id, at: this.time + ms, every, callback });
    return id;
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Lets `ms` pass, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.queue.values()].filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.time = due.at;
      if (due.every === null) this.queue.delete(due.id);
      else due.at += due.every;
      due.callback();
    }
    this.time = end;
  }

  /** The machine slept: the wall clock moves on, timers did not run meanwhile. */
  sleep(ms: number): void {
    this.time += ms;
    for (const timer of this.queue.values()) if (timer.at < this.time) timer.at = this.time;
  }
}

// ---- the core ----------------------------------------------------------------------------

export const idleView: TrayView = { state: 'idle', count: 0, tooltip: 'Deskbell: no chats waiting', muted: false, offers: 0, unread: 0 };

export function waitingView(count: number, state: 'waiting' | 'urgent' = 'waiting', muted = false): TrayView {
  return { state, count, tooltip: `Deskbell: ${count} waiting${muted ? ' (muted)' : ''}`, muted, offers: 0, unread: 0 };
}

/** Records every call into the core and lets the test emit pushes and tray views. */
export class FakeCore implements CoreHandle {
  readonly calls: { name: string; args: unknown }[] = [];
  readonly presence: { presence: Presence; reason: 'operator' | 'system' }[] = [];
  reconnects = 0;
  stops = 0;
  stopResult: Promise<void> = Promise.resolve();
  view: TrayView = idleView;
  answer: (name: string, args: unknown) => CallOutcome<CallName> = () => ({ ok: true, value: {} as never });
  private readonly pushListeners = new Set<(push: Push) => void>();
  private readonly trayListeners = new Set<(view: TrayView) => void>();

  async call<K extends CallName>(name: K, args: unknown): Promise<CallOutcome<K>> {
    this.calls.push({ name, args });
    return this.answer(name, args) as CallOutcome<K>;
  }
  idleMinutes = 10;
  idleAwayMinutes(): number {
    return this.idleMinutes;
  }
  onPush(listener: (push: Push) => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }
  tray(): TrayView {
    return this.view;
  }
  onTray(listener: (view: TrayView) => void): () => void {
    this.trayListeners.add(listener);
    return () => this.trayListeners.delete(listener);
  }
  setPresence(presence: Presence, reason: 'operator' | 'system'): void {
    this.presence.push({ presence, reason });
  }
  reconnectNow(): void {
    this.reconnects += 1;
  }
  stop(): Promise<void> {
    this.stops += 1;
    return this.stopResult;
  }

  emitPush(push: Push): void {
    for (const listener of this.pushListeners) listener(push);
  }
  emitTray(view: TrayView): void {
    this.view = view;
    for (const listener of this.trayListeners) listener(view);
  }
  get listenerCounts(): { push: number; tray: number } {
    return { push: this.pushListeners.size, tray: this.trayListeners.size };
  }
  callsNamed(name: string): unknown[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.args);
  }
}

/** A log that keeps entries for assertions. */
export function recordingLog() {
  const entries: { level: string; message: string; data?: Record<string, unknown> }[] = [];
  const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => {
    entries.push({ level, message, data });
  };
  return { log, entries };
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

// ---- desk data -----------------------------------------------------------------------------

export function makeChat(overrides: Partial<Chat> = {}): Chat {
  return chat('chat-0001', 'manchester', Date.UTC(2025, 0, 6, 9, 0, 0), {
    encounterId: 'E-1001',
    patronName: 'Dana Reyes',
    question: 'Do you have CINAHL access from home?',
    ...overrides,
  });
}

export function makeCampus(id: string, name: string): Campus {
  return campusWithoutFacts(id, name);
}

// ---- safeStorage ---------------------------------------------------------------------------

/** Stands in for the OS keychain: a keyed XOR under a header, so the bytes are not the text. */
export class FakeSafeStorage implements SafeStorageLike {
  available = true;
  backend = 'gnome_libsecret';
  reEncrypt = false;
  encryptions = 0;
  private readonly key = Buffer.from('0123456789abcdef');

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    if (!this.available) throw new Error('encryption unavailable');
    this.encryptions += 1;
    return Buffer.concat([Buffer.from('v11'), this.xor(Buffer.from(plainText, 'utf8'))]);
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    if (encrypted.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return { result: this.xor(encrypted.subarray(3)).toString('utf8'), shouldReEncrypt: this.reEncrypt };
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  private xor(data: Buffer): Buffer {
    return Buffer.from(data.map((byte, i) => byte ^ (this.key[i % this.key.length] as number)));
  }
}
