/**
 * The core's UpdaterPort around electron-updater. The updater object is injected (main.ts
 * passes electron-updater's autoUpdater for this platform; tests pass a real updater class
 * built without Electron), so this module never loads Electron itself.
 *
 * What it sets: a generic provider at IT's URL, the download in the background as soon as a
 * check finds a newer version, and the install at the next quit if the librarian has not
 * restarted for it before. When to offer an earlier restart is the core's decision
 * (src/main/core/updates): never while the librarian holds a chat.
 *
 * What it refuses: an update whose manifest is not signed by a key this build trusts, or whose
 * file is not the one the signed manifest lists (update-signature.ts), and on Windows one whose
 * installer is not Authenticode-signed by the publisher the build names. Such a file is deleted,
 * reported as an error, and never run: electron-updater runs an installer only through
 * `install` (both the confirmed restart and the install at quit), which is gated here on the
 * verified file, hashed again at that moment.
 */
import { rm } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import type { AppUpdater } from 'electron-updater';
import type { LogFn, UpdaterEvent, UpdaterPort } from '../../core/ports';
import { sha512OfFileSync, verifyUpdate } from './update-signature';

/** What of electron-updater's AppUpdater the port uses; `install` is BaseUpdater's (Windows, Linux), the one way an installer runs. */
export type AppUpdaterLike = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'logger' | 'setFeedURL' | 'checkForUpdates' | 'quitAndInstall' | 'on'> & {
  install?: (isSilent?: boolean, isForceRunAfter?: boolean) => boolean;
};

/** electron-updater's Authenticode check (NsisUpdater.verifyUpdateCodeSignature): null when signed by one of the names, else why not. */
export type CodeSignatureCheck = (publisherNames: string[], file: string) => Promise<string | null>;

export interface UpdateTrust {
  /** Ed25519 public keys (update-trust.ts); an empty list refuses every update. */
  keys: readonly KeyObject[];
  /** Windows: the installer's Authenticode publisher must be one of these (none: not checked). */
  windowsPublisherNames: readonly string[];
}

export interface UpdaterPortDeps {
  updater: AppUpdaterLike;
  currentVersion: string;
  log: LogFn;
  trust: UpdateTrust;
  platform: NodeJS.Platform;
  /** Windows, when publisher names are set. */
  codeSignature?: CodeSignatureCheck;
}

const text = (message: unknown): string => (message instanceof Error ? message.message : String(message)).slice(0, 500);

export function createUpdaterPort(deps: UpdaterPortDeps): UpdaterPort {
  const { updater, log } = deps;
  const listeners = new Set<(event: UpdaterEvent) => void>();
  const emit = (event: UpdaterEvent) => {
    for (const listener of listeners) listener(event);
  };
  /** The downloaded file that passed every check, and its hash then; null until one has. */
  let verified: { file: string; sha512: string; version: string } | null = null;
  /** Each download's check; a newer download makes an older check's result moot. */
  let round = 0;

  const codeSignatureRefusal = async (file: string): Promise<string | null> => {
    if (deps.platform !== 'win32' || deps.trust.windowsPublisherNames.length === 0) return null;
    if (!deps.codeSignature) return 'no Authenticode check is available to confirm the publisher';
    const why = await deps.codeSignature([...deps.trust.windowsPublisherNames], file).catch((error: unknown) => `the Authenticode check failed: ${text(error)}`);
    return why === null ? null : `the installer is not signed by ${deps.trust.windowsPublisherNames.join(' or ')}: ${text(why)}`;
  };

  const checkDownload = async (manifest: { version: string; downloadedFile: string }): Promise<void> => {
    const mine = ++round;
    verified = null;
    const verdict = await verifyUpdate(manifest, manifest.downloadedFile, deps.trust.keys);
    const refusal = verdict.ok ? await codeSignatureRefusal(manifest.downloadedFile) : verdict.reason;
    if (mine !== round) return;
    if (verdict.ok && refusal === null) {
      verified = { file: manifest.downloadedFile, sha512: verdict.sha512, version: manifest.version };
      log('info', 'update signature verified', { version: manifest.version });
      emit({ type: 'downloaded', version: manifest.version });
      return;
    }
    const reason = refusal ?? 'refused';
    log('warn', `update refused: ${reason}`, { version: manifest.version, file: manifest.downloadedFile });
    // A refused file is never left where an install could pick it up.
    await rm(manifest.downloadedFile, { force: true }).catch((error: unknown) => log('warn', 'could not delete the refused update', { error: text(error) }));
    emit({ type: 'error', message: `update ${manifest.version} refused: ${reason}` });
  };

  /** Why the file electron-updater is about to run must not run; null when it is the verified one, unchanged. */
  const installRefusal = (): string | null => {
    if (!verified) return 'no downloaded update has passed its signature check';
    try {
      if (sha512OfFileSync(verified.file) !== verified.sha512) return 'the downloaded update changed after its signature check';
    } catch (error) {
      return `the downloaded update cannot be read: ${text(error)}`;
    }
    return null;
  };

  const install = updater.install?.bind(updater);
  if (install) {
    // Both ways electron-updater runs an installer (quitAndInstall and the install at quit) go through install().
    updater.install = (isSilent, isForceRunAfter) => {
      const refusal = installRefusal();
      if (refusal === null) return install(isSilent, isForceRunAfter);
      log('warn', `update install refused: ${refusal}`);
      return false;
    };
  }

  updater.autoDownload = true;
  // Without the gate (macOS's Squirrel updater), nothing installs by itself at quit: only installNow, after the check.
  updater.autoInstallOnAppQuit = install !== undefined;
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
  // Reported as downloaded only once its signature has verified (checkDownload).
  updater.on('update-downloaded', (event) => {
    checkDownload(event).catch((error: unknown) => {
      // Whatever went wrong, nothing was marked verified: the file stays uninstallable.
      log('warn', `update refused: its check failed (${text(error)})`, { version: event.version });
      emit({ type: 'error', message: `update ${event.version} refused: its check failed` });
    });
  });
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
      const refusal = installRefusal();
      if (refusal !== null) {
        log('warn', `update install refused: ${refusal}`);
        throw new Error(refusal);
      }
      // Silent (IT's per-machine installs need no clicks) and start again once installed.
      updater.quitAndInstall(true, true);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
