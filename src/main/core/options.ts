import type { AlertTiming } from '../../shared/alerts';
import type { Operator } from '../../shared/protocol';

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
}

export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;

export interface CoreOptions {
  /** Folder for settings, the FAQ cache and the embedded backend's database. */
  dataDir: string;
  /** A configured backend; when absent the core starts the embedded backend on 127.0.0.1. */
  backendUrl?: string | null;
  /** Embedded mode only: simulated patrons arrive so a newcomer sees and hears it work. */
  demo?: boolean;
  tokenStore: TokenStore;
  /** The prebuilt patron widget for the embedded backend (the desktop build's out/widget). */
  widgetDir?: string;
  /** Shorter alert timings for tests. */
  timing?: Partial<AlertTiming>;
  log?: LogFn;
}

/** Shell services the core may use; each is optional so the browser shell can omit what it lacks. */
export interface ShellServices {
  /** Open an already-validated http(s) or mailto URL in the system browser. */
  openExternal?(url: string): Promise<void>;
}
