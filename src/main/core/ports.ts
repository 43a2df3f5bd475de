/**
 * What the core needs from outside and is handed by a shell: where the session token lives,
 * what the host can do, and (in embedded mode) the backend running in this process. The core
 * never imports Electron or the server; it sees only these shapes.
 */
import type { AlertTiming } from '../../shared/alerts/policy';
import type { Campus } from '../../shared/campuses/schemas';
import type { LoginResponse, Operator } from '../../shared/session/schemas';

/** A signed-in session, kept by the shell: Electron encrypts it with safeStorage. */
export interface SavedSession {
  backendUrl: string;
  token: string;
  operator: Operator;
}

/** Where the session token lives between runs. Injected so the core never touches Electron. */
export interface TokenStore {
  load(): Promise<SavedSession | null>;
  save(session: SavedSession): Promise<void>;
  clear(): Promise<void>;
  /**
   * Where this computer's device tokens live (the desktop app: encrypted with safeStorage like
   * the session). Without one, the core keeps them in a file of its own (the browser shell).
   */
  readonly deviceTokens?: DeviceTokenStore;
}

/**
 * The device tokens this computer holds, per backend and username (see core/session/device-tokens.ts).
 * Losing one only costs its exemption from the sign-in slowdown, so neither call throws.
 */
export interface DeviceTokenStore {
  get(backendUrl: string, username: string): Promise<string | undefined>;
  set(backendUrl: string, username: string, token: string): Promise<void>;
}

export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;

/** Shell services the core may use; each is optional so the browser shell can omit what it lacks. */
export interface ShellServices {
  /** Open an already-validated http(s) or mailto URL in the system browser. */
  openExternal?(url: string): Promise<void>;
}

/** The backend running inside this app (the default), in a thread of its own: core/embedded/embedded-thread.ts provides it. */
export interface EmbeddedBackend {
  /** Its base URL on 127.0.0.1. */
  readonly url: string;
  readonly campuses: readonly Campus[];
  /** The patron widget's page for a campus (the tray's "open patron page" in embedded mode). */
  patronUrl(campusId: string): string;
  /** Sign in the local desk operator, made on first run; again whenever the session is refused. */
  signInDeskOperator(): Promise<LoginResponse>;
  close(): Promise<void>;
}

export interface CoreOptions {
  /** Folder for settings and local caches. */
  dataDir: string;
  /** A configured backend; used when there is no embedded backend. */
  backendUrl?: string | null;
  /** The in-process backend (embedded mode): the core signs in its desk operator. */
  embedded?: EmbeddedBackend | null;
  tokenStore: TokenStore;
  /** Shorter alert timings for tests. */
  timing?: Partial<AlertTiming>;
  services?: ShellServices;
  log?: LogFn;
  /** The desktop app's updater; the browser shell has none. */
  updater?: UpdaterPort | null;
}

/** What the app's updater reports (electron-updater's events, as the core needs them). */
export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string };

/**
 * The desktop app's own updater (electron-updater, in src/main/electron/updates), as the core
 * drives it. It downloads in the background whatever a check finds, and installs a downloaded
 * update at the next quit by itself; the core decides when to offer an earlier restart.
 */
export interface UpdaterPort {
  /** The version running now. */
  readonly currentVersion: string;
  /** The generic update server: the folder holding latest.yml and the installers. */
  configure(feedUrl: string): void;
  /** Ask the server now; resolves when the check (not the download) is done. */
  check(): Promise<void>;
  /** Quit and install the downloaded update, then start again. */
  installNow(): void;
  onEvent(listener: (event: UpdaterEvent) => void): () => void;
}
