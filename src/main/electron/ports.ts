/**
 * The few parts of Electron the shell uses, as narrow structural interfaces.
 *
 * Every shell module receives these instead of importing 'electron', so tests can pass
 * small fakes (loading the real package under plain Node starts a binary download).
 * main.ts passes the real objects; the compiler checks there that they fit these shapes.
 * Methods are declared in method syntax on purpose: Electron's overloaded event methods
 * are then accepted for the single events each port names.
 */
import type {
  BrowserWindowConstructorOptions,
  MenuItemConstructorOptions,
  NativeImage,
  NotificationConstructorOptions,
} from 'electron';

/** Electron's option types under our names, for modules and tests outside src/main/electron. */
export type WindowOptions = BrowserWindowConstructorOptions;
export type MenuTemplate = MenuItemConstructorOptions[];
export type NotificationOptions = NotificationConstructorOptions;

/** A nativeImage; the shell only loads it and hands it back to Electron (Tray insists on the real type). */
export type ImageRef = NativeImage;
/** A built Menu; the shell only hands it back to Electron. */
export type MenuRef = object;

export interface PreventableEvent {
  preventDefault(): void;
}
export interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

export interface WebFrameLike {
  readonly url: string;
  /** null for a top-level frame. */
  readonly parent: WebFrameLike | null;
}

export interface PermissionDetailsLike {
  readonly requestingUrl?: string;
  /** Permission requests: what a 'media' request wants to capture. */
  readonly mediaTypes?: readonly string[];
  /** Permission checks: what a 'media' check is about. */
  readonly mediaType?: string;
}

export interface HeadersReceivedDetailsLike {
  readonly url: string;
  readonly responseHeaders?: Record<string, string[]>;
}
export interface HeadersReceivedResponseLike {
  responseHeaders?: Record<string, string | string[]>;
}

export interface SessionLike {
  readonly webRequest: {
    onHeadersReceived(
      listener: (details: HeadersReceivedDetailsLike, callback: (response: HeadersReceivedResponseLike) => void) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionDetailsLike) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (contents: unknown, permission: string, requestingOrigin: string, details: PermissionDetailsLike) => boolean,
  ): void;
}

export interface WindowOpenDetailsLike {
  readonly url: string;
}

export interface WebContentsLike {
  readonly session: SessionLike;
  readonly mainFrame: WebFrameLike;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  setWindowOpenHandler(handler: (details: WindowOpenDetailsLike) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: { readonly reason: string; readonly exitCode: number }) => void): unknown;
  forcefullyCrashRenderer(): void;
}

export interface WindowLike {
  readonly webContents: WebContentsLike;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
  flashFrame(flag: boolean): void;
  setOverlayIcon(overlay: ImageRef | null, description: string): void;
  loadURL(url: string): Promise<void>;
  loadFile(filePath: string): Promise<void>;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  /** Windows shutdown, restart or log-off: closing must not be turned into hiding then. */
  on(event: 'query-session-end' | 'session-end', listener: () => void): unknown;
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
}
export type CreateWindow = (options: BrowserWindowConstructorOptions) => WindowLike;

export interface IpcInvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: WebFrameLike | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

export interface TrayLike {
  setImage(image: ImageRef): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: MenuRef | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}
export type CreateTray = (image: ImageRef) => TrayLike;
export type BuildMenu = (template: MenuItemConstructorOptions[]) => MenuRef;
export type LoadImage = (filePath: string) => ImageRef;

export interface NotificationLike {
  show(): void;
  close(): void;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}
export type CreateNotification = (options: NotificationConstructorOptions) => NotificationLike;

export interface PowerMonitorLike {
  /** Seconds since the last keyboard or mouse input. */
  getSystemIdleTime(): number;
  on(event: 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen', listener: () => void): unknown;
}

export interface AppLike {
  quit(): void;
  setBadgeCount(count?: number): boolean;
  on(event: 'before-quit', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'second-instance', listener: () => void): unknown;
  removeListener(event: 'before-quit' | 'window-all-closed' | 'activate' | 'second-instance', listener: () => void): unknown;
  removeListener(event: 'will-quit', listener: (event: PreventableEvent) => void): unknown;
}

/** Injected clock and timers, so tests drive time by hand. */
export interface Timers {
  now(): number;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setInterval: (callback, ms) => setInterval(callback, ms),
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the handle is one realTimers.setInterval returned; Timers hides its type
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the handle is one realTimers.setTimeout returned; Timers hides its type
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
