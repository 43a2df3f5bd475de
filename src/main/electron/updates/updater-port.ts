/**
 * The core's UpdaterPort around electron-updater. The updater object is injected (main.ts
 * passes electron-updater's autoUpdater for this platform; tests pass a real updater class
 * built without Electron), so this module never loads Electron itself.
 *
 * What it sets: a generic provider at IT's URL, the download in the background as soon as a
 * check finds a newer version, and the install at the next quit if the librarian has not
 * restarted for it before. When to offer an earlier restart is the core's decision
 * (src/main/core/updates): never while the librarian holds a chat.
 */
import type { AppUpdater } from 'electron-updater';
import type { LogFn, UpdaterEvent, UpdaterPort } from '../../core/ports';

/** What of electron-updater's AppUpdater the port uses. */
export type AppUpdaterLike = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'logger' | 'setFeedURL' | 'checkForUpdates' | 'quitAndInstall' | 'on'>;

export interface UpdaterPortDeps {
  updater: AppUpdaterLike;
  currentVersion: string;
  log: LogFn;
}

const text = (message: unknown): string => (message instanceof Error ? message.message : String(message)).slice(0, 500);

export function createUpdaterPort(deps: UpdaterPortDeps): UpdaterPort {
  const { updater, log } = deps;
  const listeners = new Set<(event: UpdaterEvent) => void>();
  const emit = (event: UpdaterEvent) => {
    for (const listener of listeners) listener(event);
  };
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.logger = {
    info: (message: unknown) => log('debug', `updater: ${text(message)}`),
    warn: (message: unknown) => log('warn', `updater: ${text(message)}`),
    error: (message: unknown) => log('debug', `updater: ${text(message)}`), // reported once, through 'error' below
    debug: (message: string) => log('debug', `updater: ${text(message)}`),
  };
  updater.on('checking-for-update', () => emit({ type: 'checking' }));
  updater.on('update-available', (info) => emit({ type: 'available', version: info.version }));
  updater.on('update-not-available', () => emit({ type: 'not-available' }));
  updater.on('download-progress', (progress) => emit({ type: 'progress', percent: progress.percent }));
  updater.on('update-downloaded', (event) => emit({ type: 'downloaded', version: event.version }));
  updater.on('error', (error) => emit({ type: 'error', message: text(error) }));

  return {
    currentVersion: deps.currentVersion,
    configure(url) {
      updater.setFeedURL({ provider: 'generic', url });
    },
    async check() {
      // A failure arrives as the 'error' event as well; one report is enough. The background
      // download's promise is electron-updater's to report the same way; left alone, its
      // rejection (a bad checksum, a dropped connection) would be an unhandled one in main.
      const result = await updater.checkForUpdates().catch(() => null);
      result?.downloadPromise?.catch(() => undefined);
    },
    installNow() {
      // Silent (IT's per-machine installs need no clicks) and start again once installed.
      updater.quitAndInstall(true, true);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
