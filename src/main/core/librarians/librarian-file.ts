import type { LogFn } from '../ports';
import { SyncError } from '../faqs/sync';
import { messageOf } from '../../../shared/narrow';

export interface LibrarianFileOptions<T> {
  /** What the file is, for the log and the status ("the FAQ cache"). */
  what: string;
  open(operatorId: string): T;
  /** One sync run for this file, or null when there is nothing to do now. It may throw. */
  sync(file: T): Promise<void> | null;
  /** The status changed (opened, closed, a run started or ended). */
  changed(): void;
  log: LogFn;
  retryMs: number;
}

/**
 * A SQLite file of one librarian's own (the FAQ cache, the transcript index), kept as both
 * capabilities need it: opened when they sign in, closed when they sign out or another signs
 * in; synced one run at a time (asked again meanwhile: once more afterwards); a failed run
 * retried later, unless the backend refused the session.
 */
export class LibrarianFile<T extends { close(): void }> {
  private current: T | null = null;
  private operatorId: string | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  /** Why the file could not be opened or the last run failed; null once a run succeeds. */
  error: string | null = null;

  constructor(private readonly options: LibrarianFileOptions<T>) {}

  get file(): T | null {
    return this.current;
  }

  get syncing(): boolean {
    return this.running !== null;
  }

  /** The run in progress, to wait for (null when idle). */
  get run(): Promise<void> | null {
    return this.running;
  }

  /** The signed-in librarian now (null: nobody): their file open, anyone else's closed. */
  follow(operatorId: string | null): void {
    if (operatorId === this.operatorId) return;
    this.close();
    if (operatorId) this.open(operatorId);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current?.close();
    this.current = null;
    this.operatorId = null;
    this.options.changed();
  }

  /** Sync now, or once more after the run in progress. */
  requestSync(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    const file = this.current;
    const run = file ? this.options.sync(file) : null;
    if (!file || !run) return;
    this.running = run
      .then(() => {
        this.error = null;
      })
      .catch((error: unknown) => this.failed(file, error))
      .finally(() => {
        this.running = null;
        this.options.changed();
        if (this.again) {
          this.again = false;
          this.requestSync();
        }
      });
    this.options.changed();
  }

  /** Sync after `delayMs` (a burst of changes is fetched in one go); a sync already due stands. */
  syncSoon(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.requestSync();
    }, delayMs);
    this.timer.unref();
  }

  private open(operatorId: string): void {
    try {
      this.current = this.options.open(operatorId);
      this.operatorId = operatorId;
      this.error = null;
    } catch (error) {
      this.options.log('error', `cannot open ${this.options.what}`, { error: String(error) });
      this.error = `cannot open ${this.options.what}: ${messageOf(error)}`;
    }
    this.options.changed();
  }

  private failed(file: T, error: unknown): void {
    if (file !== this.current) return; // signed out meanwhile: the closed file's run does not matter
    this.error = error instanceof SyncError ? error.message : `${this.options.what} failed to sync: ${messageOf(error)}`;
    this.options.log('warn', `${this.options.what} failed to sync`, { error: this.error });
    if (!(error instanceof SyncError && error.unauthorized)) this.syncSoon(this.options.retryMs);
  }
}
