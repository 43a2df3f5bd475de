/**
 * The Electron shell around the main core: one window, IPC, tray, badge, notifications,
 * power and idle handling, and the app's lifecycle (hide on close, quit from the tray or
 * app menu only, stop the core before exiting).
 *
 * Everything Electron is injected (see ./ports.ts); main.ts passes the real modules.
 */
import type { TrayView } from '../../shared/alerts/tray';
import type { Push, SessionView } from '../../shared/api';
import { MachineView } from '../../shared/machine-settings/schema';
import { DeskSettingsView } from '../../shared/settings/calls';
import type { Presence } from '../../shared/presence/schemas';
import type { LogFn } from '../core/ports';
import type { CoreHandle } from '../core/handle';
import { appMenuTemplate } from './app-menu';
import { type ProtocolLike, serveRenderer } from './app-protocol';
import { createBadge } from './alerts/badge';
import { openExternalSafely } from './external-links';
import { createIconSet } from './icons';
import { registerIpc } from './ipc';
import type { LoginItem } from './login-item';
import { createChatNotifier } from './chats/notifications';
import { createHandoffNotifications } from './transfers/notifications';
import type {
  AppLike,
  BuildMenu,
  CreateNotification,
  CreateTray,
  CreateWindow,
  IpcMainLike,
  LoadImage,
  MenuRef,
  PowerMonitorLike,
  ShellLike,
  Timers,
  WindowLike,
} from './ports';
import { realTimers } from './ports';
import { watchPower } from './presence/power';
import { createAwayReasons } from './presence/away-reasons';
import { loadRenderer, type RendererLocation, rendererUrlMatcher } from './renderer-location';
import { watchRenderer } from './renderer-watchdog';
import { createDeskTray } from './alerts/tray';
import { createAttentionFlasher, createMainWindow, showAndFocus } from './window';

/** The longest the app waits for the core to stop (close the link, flush settings) when quitting. */
export const CORE_STOP_TIMEOUT_MS = 5_000;

export interface ElectronDeps {
  app: AppLike;
  ipcMain: IpcMainLike;
  shell: ShellLike;
  powerMonitor: PowerMonitorLike;
  createWindow: CreateWindow;
  createTray: CreateTray;
  buildMenu: BuildMenu;
  setApplicationMenu: (menu: MenuRef | null) => void;
  createNotification: CreateNotification;
  notificationsSupported: () => boolean;
  loadImage: LoadImage;
  /** Electron's protocol module, for serving the built renderer at deskbell://app/. */
  protocol: ProtocolLike;
}

export interface EmbeddedBackendInfo {
  url: string;
  patronUrl(campusId: string): string;
}

export interface DesktopShellOptions {
  electron: ElectronDeps;
  core: CoreHandle;
  /** The in-process backend, when the core runs one. */
  embedded: EmbeddedBackendInfo | null;
  renderer: RendererLocation;
  preloadPath: string;
  iconsDir: string;
  platform: NodeJS.Platform;
  loginItem: LoginItem;
  devTools: boolean;
  /** Away after this many minutes without input (0 turns it off); default: the core's setting, read on every idle check. */
  idleAwayMinutes?: number | (() => number);
  timers?: Timers;
  log: LogFn;
}

export interface DesktopShell {
  readonly window: WindowLike;
  /** Loads (or reloads) the renderer into the window. */
  load(): Promise<void>;
  showWindow(): void;
  /** Quit for real: from the tray, the app menu or a signal. */
  quit(): void;
  isQuitting(): boolean;
  dispose(): void;
}

export function startDesktopShell(options: DesktopShellOptions): DesktopShell {
  const { electron, core, log } = options;
  const { app } = electron;
  const timers = options.timers ?? realTimers;
  const cleanups: (() => void)[] = [];
  let quitting = false;
  let disposed = false;
  let session: SessionView | null = null;
  let lastView: TrayView = core.tray();
  /** The desk settings as the core applies them (IT's locks included); closing hides until they say otherwise. */
  let settings: DeskSettingsView | null = null;

  const isOurRendererUrl = rendererUrlMatcher(options.renderer);
  if (options.renderer.kind === 'app') serveRenderer(electron.protocol, options.renderer.dir);

  // Lifecycle: quitting is known before windows get 'close', so closing then really closes.
  const onBeforeQuit = () => {
    quitting = true;
  };
  const keepRunning = () => undefined; // registering 'window-all-closed' keeps the app alive in the tray
  app.on('before-quit', onBeforeQuit);
  app.on('window-all-closed', keepRunning);

  const window = createMainWindow({
    createWindow: electron.createWindow,
    shell: electron.shell,
    preloadPath: options.preloadPath,
    isOurRendererUrl,
    isQuitting: () => quitting,
    hideOnClose: () => settings?.hideToTrayOnClose ?? true,
    quit: () => quit(),
    devTools: options.devTools,
    log,
  });
  // Windows shutdown, restart or log-off: let the window close instead of hiding.
  window.on('query-session-end', onBeforeQuit);
  window.on('session-end', onBeforeQuit);

  const showWindow = () => showAndFocus(window);
  const quit = () => {
    quitting = true;
    app.quit();
  };
  const onActivate = () => showWindow(); // macOS: dock icon clicked
  app.on('activate', onActivate);
  cleanups.push(() => app.removeListener('activate', onActivate));

  const load = () => loadRenderer(window, options.renderer);
  const watchdog = watchRenderer({ window, reload: load, isQuitting: () => quitting, timers, log });
  cleanups.push(() => watchdog.dispose());

  const ipc = registerIpc({ ipcMain: electron.ipcMain, window, isOurRendererUrl, call: (name, args) => core.call(name, args), log });
  cleanups.push(() => ipc.dispose());

  const notifier = createChatNotifier({
    createNotification: electron.createNotification,
    isSupported: electron.notificationsSupported,
    openChat: (chatId) => {
      showWindow();
      ipc.sendPush({ type: 'focusChat', chatId });
    },
    escapeMarkup: options.platform === 'linux',
    log,
  });
  cleanups.push(() => notifier.dispose());
  // A chat offered to this librarian, a note for them: their own notifications (sounds come from the core).
  const handoffs = createHandoffNotifications({
    createNotification: electron.createNotification,
    isSupported: electron.notificationsSupported,
    me: () => session?.operator ?? null,
    showDesk: () => showWindow(),
    escapeMarkup: options.platform === 'linux',
    log,
  });
  cleanups.push(() => handoffs.dispose());

  const icons = createIconSet(options.iconsDir, electron.loadImage);
  const badge = createBadge({ platform: options.platform, app, window, icons });
  const flash = createAttentionFlasher(window);

  const presenceShown = (): Presence | null => (session && session.status !== 'signed_out' && session.operator ? session.presence : null);
  const patronCampus = () => session?.operator?.campus ?? null;

  const tray = createDeskTray(
    {
      createTray: electron.createTray,
      buildMenu: electron.buildMenu,
      icons,
      actions: {
        showWindow,
        mute: (minutes) => {
          core.call('alerts.mute', { minutes }).then(
            (outcome) => {
              if (!outcome.ok) log('warn', 'mute failed', { minutes, error: outcome.error.message });
            },
            (error: unknown) => log('error', 'mute failed', { minutes, error: String(error) }),
          );
        },
        setPresence: (presence) => {
          core.setPresence(presence, 'operator');
        },
        setOpenAtLogin: (enabled) => {
          if (settings?.locked.includes('startAtLogin')) return; // IT's choice (the item is disabled too)
          options.loginItem.setEnabled(enabled);
          tray.update({ openAtLogin: options.loginItem.isEnabled() });
          // Kept by the core as the desk's choice, so the settings panel shows it.
          core.call('settings.set', { startAtLogin: enabled }).then(
            (outcome) => {
              if (!outcome.ok) log('warn', 'start at login not kept', { error: outcome.error.message });
            },
            (error: unknown) => log('error', 'start at login not kept', { error: String(error) }),
          );
        },
        openPatronPage: () => {
          const campus = patronCampus();
          if (!options.embedded || !campus) return;
          openExternalSafely(electron.shell, options.embedded.patronUrl(campus), (error) =>
            log('warn', 'could not open the patron page', { error: String(error) }),
          );
        },
        quit,
      },
    },
    { view: lastView, presence: null, openAtLogin: options.loginItem.isEnabled(), canOpenPatronPage: options.embedded !== null },
  );
  cleanups.push(() => tray.dispose());

  const showView = (view: TrayView) => {
    lastView = view;
    // Badge first: it is the one that must clear the instant the count reaches 0.
    badge(view);
    flash(view.state === 'urgent');
    tray.update({ view });
  };
  showView(lastView);
  cleanups.push(core.onTray(showView));

  const noteSession = (next: SessionView) => {
    session = next;
    tray.update({ presence: presenceShown() });
  };
  /** The desk settings from the core: closing, and start at login applied to the OS where someone (or IT) chose it. */
  const applySettings = (next: DeskSettingsView) => {
    settings = next;
    if (next.startAtLogin === null) {
      // Nobody (and not IT) has chosen yet: what the OS has is the desk's choice, so the panel can show it.
      core.call('settings.set', { startAtLogin: options.loginItem.isEnabled() }).catch(() => undefined);
    } else if (next.startAtLogin !== options.loginItem.isEnabled()) {
      options.loginItem.setEnabled(next.startAtLogin);
    }
    tray.update({ openAtLogin: options.loginItem.isEnabled(), openAtLoginLocked: next.locked.includes('startAtLogin') });
  };
  let sessionPushed = false;
  let settingsPushed = false;
  cleanups.push(
    core.onPush((push: Push) => {
      ipc.sendPush(push);
      notifier.handlePush(push);
      handoffs.handlePush(push);
      if (push.type === 'session') {
        sessionPushed = true;
        noteSession(push.session);
      } else if (push.type === 'settings') {
        settingsPushed = true;
        applySettings(push.settings);
      }
    }),
  );
  // IT's settings, once at start: the desk's locks and the longest mute the tray may offer.
  core.call('settings.get', {}).then(
    (outcome) => {
      const parsed = outcome.ok ? DeskSettingsView.safeParse(outcome.value) : null;
      if (parsed?.success && !settingsPushed && !disposed) applySettings(parsed.data);
    },
    (error: unknown) => log('warn', 'could not read the desk settings', { error: String(error) }),
  );
  core.call('machine.get', {}).then(
    (outcome) => {
      const parsed = outcome.ok ? MachineView.safeParse(outcome.value) : null;
      if (parsed?.success && !disposed) tray.update({ maxMuteMinutes: parsed.data.limits.maxMuteMinutes });
    },
    (error: unknown) => log('warn', 'could not read the machine settings', { error: String(error) }),
  );
  // The session as it stands now; a push that arrived meanwhile is newer and wins.
  core.call('session.get', {}).then(
    (outcome) => {
      if (outcome.ok && !sessionPushed && !disposed) noteSession(outcome.value);
    },
    (error: unknown) => log('warn', 'could not read the session', { error: String(error) }),
  );

  const away = createAwayReasons(core);
  const power = watchPower({
    powerMonitor: electron.powerMonitor,
    core,
    away,
    timers,
    idleAwayMinutes: options.idleAwayMinutes ?? (() => core.idleAwayMinutes()),
    log,
  });
  cleanups.push(() => power.dispose());

  electron.setApplicationMenu(
    electron.buildMenu(appMenuTemplate(options.platform, options.devTools, { hideWindow: () => window.hide(), quit })),
  );

  // Stop the core (close the backend link, flush) before the process exits; bounded, so a
  // stuck stop can never keep a quitting app alive.
  let coreStopped = false;
  let stopping = false;
  const onWillQuit = (event: { preventDefault(): void }) => {
    if (coreStopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    dispose();
    let timer: unknown = null;
    const timeout = new Promise<void>((resolve) => {
      timer = timers.setTimeout(() => {
        log('warn', 'the core did not stop in time; quitting anyway');
        resolve();
      }, CORE_STOP_TIMEOUT_MS);
    });
    Promise.race([core.stop(), timeout])
      .catch((error: unknown) => log('error', 'core stop failed', { error: String(error) }))
      .finally(() => {
        timers.clearTimeout(timer);
        coreStopped = true;
        app.quit();
      });
  };
  app.on('will-quit', onWillQuit);

  function dispose() {
    if (disposed) return;
    disposed = true;
    // Newest first: listeners go before the things they drive.
    for (const cleanup of cleanups.reverse()) {
      try {
        cleanup();
      } catch (error) {
        log('warn', 'cleanup failed', { error: String(error) });
      }
    }
  }

  return {
    window,
    load,
    showWindow,
    quit,
    isQuitting: () => quitting,
    dispose,
  };
}
