/**
 * The Electron entry point (built to out/main/index.js). The only module that imports
 * the real 'electron': it reads the launch options, takes the single-instance lock,
 * starts the main core and hands both to the desktop shell.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  shell,
  Tray,
} from 'electron';
import electronUpdater from 'electron-updater';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { installedMachineSettingsPath, machineSettingsPath, WINDOWS_DEFAULT_PROGRAM_DATA } from '../core/machine-settings/location';
import { type MachineSettingsGuard, systemGuard } from '../core/machine-settings/system-guard';
import { launchCore } from '../launch';
import type { DesktopShell } from './desktop-shell';
import { startDesktopShell } from './desktop-shell';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES } from './app-protocol';
import { parseLaunchOptions, LaunchOptionError, type LaunchOptions } from './launch-options';
import { createLoginItem } from './login-item';
import { createFileLog } from './log';
import { rendererLocationFrom } from './renderer-location';
import { claimSingleInstance } from './single-instance';
import { createSafeTokenStore } from './session/token-store';
import { createUpdaterPort } from './updates/updater-port';
import { trustedUpdateKeys } from './updates/update-signature';
import { UPDATE_PUBLIC_KEYS, WINDOWS_PUBLISHER_NAMES } from './updates/update-trust';

/** Must equal appId in electron-builder.yml: Windows ties notifications to it. */
const APP_USER_MODEL_ID = 'edu.ctstate.deskbell';

// One data folder whatever the package name says, fixed before anything reads it
// (the single-instance lock and the logs live under it).
app.setName('Deskbell');
app.setPath('userData', join(app.getPath('appData'), 'Deskbell'));
if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
// Pings must play in a window nobody has clicked since the app started.
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
// Our renderer's scheme must be known before the app is ready (see app-protocol.ts).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

const log = createFileLog({ dir: app.getPath('logs'), minLevel: app.isPackaged ? 'info' : 'debug' });

/** Shows why the app cannot run and exits; nothing after it may start anything. */
function fatal(title: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  log('error', title, { error: message, stack: error instanceof Error ? error.stack : undefined });
  dialog.showErrorBox(title, message);
  app.exit(1);
}

/** null when the options are unusable (the app is then exiting). */
function readLaunchOptions(): LaunchOptions | null {
  try {
    return parseLaunchOptions(process.argv.slice(1), process.env);
  } catch (error) {
    if (!(error instanceof LaunchOptionError)) throw error;
    fatal('Deskbell: bad command-line option', error);
    return null;
  }
}

let desktop: DesktopShell | null = null;
let showWhenReady = false;

/** Start at login on Linux: the command the autostart entry runs. */
function linuxLaunchCommand(): string[] {
  if (process.env.APPIMAGE) return [process.env.APPIMAGE];
  return app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()];
}

/** Windows' ProgramData as the system records it; the usual C:\ProgramData (and a log line) where that cannot be read. */
function programDataFolder(guard: MachineSettingsGuard): string {
  if (process.platform !== 'win32') return WINDOWS_DEFAULT_PROGRAM_DATA;
  const folder = guard.programData();
  if (folder === null) log('warn', 'the ProgramData folder could not be read from the registry; looking for the machine settings under the default', { folder: WINDOWS_DEFAULT_PROGRAM_DATA });
  return folder ?? WINDOWS_DEFAULT_PROGRAM_DATA;
}

/** electron-updater's updater for this platform, behind the port that checks every update's signature. */
function desktopUpdater() {
  const updater = electronUpdater.autoUpdater;
  return createUpdaterPort({
    updater,
    currentVersion: app.getVersion(),
    log,
    platform: process.platform,
    trust: { keys: trustedUpdateKeys(UPDATE_PUBLIC_KEYS, log), windowsPublisherNames: WINDOWS_PUBLISHER_NAMES },
    codeSignature: updater instanceof electronUpdater.NsisUpdater ? (names, file) => updater.verifyUpdateCodeSignature(names, file) : undefined,
  });
}

async function start(launch: LaunchOptions): Promise<void> {
  const userData = app.getPath('userData');
  // Installed, IT's file is found and checked by what the OS says (system-guard.ts), never the environment.
  const guard = app.isPackaged ? systemGuard(process.platform) : undefined;
  const { core, embedded } = await launchCore({
    // IT's machine-wide settings: /etc/deskbell/config.json, C:\ProgramData\Deskbell\config.json, ... (docs/deploy.md).
    // Installed, a file at the usual place cannot be sidestepped by a flag or a user's environment.
    machineSettingsPath: guard
      ? installedMachineSettingsPath(launch.machineSettings, process.env, process.platform, existsSync, (message, data) => log('warn', message, data), programDataFolder(guard), (path) =>
          guard.writableByNonAdmins(path),
        )
      : machineSettingsPath(launch.machineSettings, process.env, process.platform),
    machineSettingsGuard: guard,
    // electron-updater works only in a packaged app; the core asks it only if IT named an update server.
    // An update installs only when its manifest is signed by a key built into this app (updates/update-trust.ts).
    updater: app.isPackaged ? desktopUpdater() : null,
    dataDir: userData,
    // out/main/index.js -> out/widget, prebuilt by scripts/build-widget.ts (in the asar when packaged).
    widgetDir: join(import.meta.dirname, '..', 'widget'),
    backendUrl: launch.backendUrl,
    demo: launch.demo,
    campus: launch.campus,
    tokenStore: createSafeTokenStore({ safeStorage, dir: userData, platform: process.platform, log }),
    log,
    // The core has validated the URL (isSafeExternalUrl) before it gets here.
    services: { openExternal: (url) => shell.openExternal(url) },
  });

  const here = import.meta.dirname;
  desktop = startDesktopShell({
    electron: {
      app,
      ipcMain,
      shell,
      powerMonitor,
      protocol,
      createWindow: (options) => new BrowserWindow(options),
      createTray: (image) => new Tray(image),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the shell's menus come only from buildMenu above, Electron Menus
      setApplicationMenu: (menu) => Menu.setApplicationMenu(menu as Menu | null),
      createNotification: (options) => new Notification(options),
      notificationsSupported: () => Notification.isSupported(),
      loadImage: (path) => {
        const image = nativeImage.createFromPath(path);
        if (image.isEmpty()) log('warn', 'icon missing or unreadable', { path });
        return image;
      },
    },
    core,
    embedded,
    // A packaged app never takes its page from the environment.
    renderer: rendererLocationFrom(app.isPackaged ? {} : process.env, join(here, '../renderer')),
    preloadPath: join(here, '../preload/index.cjs'),
    // Packaged: electron-builder copies assets/icons to resources/icons.
    iconsDir: app.isPackaged ? join(process.resourcesPath, 'icons') : join(app.getAppPath(), 'assets', 'icons'),
    platform: process.platform,
    loginItem: createLoginItem({
      platform: process.platform,
      app,
      autostartDir: join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart'),
      command: linuxLaunchCommand(),
      log,
    }),
    devTools: !app.isPackaged,
    log,
  });
  await desktop.load();
  // Normally shown on 'ready-to-show'; this covers a page that never paints (and a second launch meanwhile).
  if (showWhenReady || !desktop.window.isVisible()) desktop.showWindow();
  log('info', 'Deskbell started', { embedded: embedded !== null, demo: launch.demo, version: app.getVersion() });
}

function run(launch: LaunchOptions): void {
  if (!claimSingleInstance(app, () => (desktop ? desktop.showWindow() : (showWhenReady = true)))) {
    // Another Deskbell runs: it has been asked to show itself.
    app.quit();
    return;
  }
  // A service manager's or the session's TERM: quit properly (stop the core, close the link).
  process.once('SIGTERM', () => (desktop ? desktop.quit() : app.quit()));
  app
    .whenReady()
    .then(() => start(launch))
    .catch((error: unknown) => fatal('Deskbell could not start', error));
}

const launch = readLaunchOptions();
if (launch) run(launch);
