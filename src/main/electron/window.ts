/**
 * The one main window: locked down (isolated, sandboxed, no Node), kept alive in the tray
 * when closed, and never navigated away from our renderer.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { LogFn } from '../core/ports';
import { openExternalSafely } from './external-links';
import type { CreateWindow, ShellLike, WindowLike } from './ports';
import { applySessionPolicy } from './session-policy';

export interface MainWindowDeps {
  createWindow: CreateWindow;
  shell: ShellLike;
  /** The bundled preload (out/preload/index.cjs). */
  preloadPath: string;
  isOurRendererUrl: (url: string) => boolean;
  /** True once the app is quitting; until then closing the window only hides it. */
  isQuitting: () => boolean;
  /** Closing hides to the tray (the default) or, where IT set hideToTrayOnClose false, quits. */
  hideOnClose?: () => boolean;
  quit?: () => void;
  /** Developer tools: on in development only. */
  devTools: boolean;
  log: LogFn;
}

export function mainWindowOptions(preloadPath: string, devTools: boolean): BrowserWindowConstructorOptions {
  return {
    title: 'Deskbell',
    width: 1200,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    // Shown on 'ready-to-show' so the desk never flashes a blank page.
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click would open links in new windows behind the open handler's back.
      disableBlinkFeatures: 'Auxclick',
      // Hidden in the tray all day, the renderer must still play the pings main asks for.
      backgroundThrottling: false,
      autoplayPolicy: 'no-user-gesture-required',
      devTools,
    },
  };
}

/** Brings the window up from the tray, the taskbar or behind other windows. */
export function showAndFocus(window: WindowLike): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

export function createMainWindow(deps: MainWindowDeps): WindowLike {
  const window = deps.createWindow(mainWindowOptions(deps.preloadPath, deps.devTools));
  const contents = window.webContents;

  applySessionPolicy(contents.session, deps.isOurRendererUrl);

  const guard = (event: { preventDefault(): void; url: string }) => {
    if (deps.isOurRendererUrl(event.url)) return;
    event.preventDefault();
    deps.log('warn', 'blocked navigation away from the renderer', { url: event.url.slice(0, 200) });
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());

  // No window.open ever; safe links go to the system browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    const opened = openExternalSafely(deps.shell, url, (error) => deps.log('warn', 'could not open link', { error: String(error) }));
    if (!opened) deps.log('warn', 'refused to open link', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });

  // Closing hides to the tray: patrons keep arriving. Only Quit (tray or app menu) quits,
  // unless the machine settings say closing quits (then through the same quit path).
  window.on('close', (event) => {
    if (deps.isQuitting()) return;
    event.preventDefault();
    if (deps.hideOnClose?.() ?? true) window.hide();
    else deps.quit?.();
  });

  window.once('ready-to-show', () => window.show());
  return window;
}

/** Flashes the taskbar entry (bounces the dock on macOS) while a chat is urgent. */
export function createAttentionFlasher(window: WindowLike): (urgent: boolean) => void {
  let flashing = false;
  return (urgent) => {
    if (urgent === flashing || window.isDestroyed()) return;
    flashing = urgent;
    window.flashFrame(urgent);
  };
}
