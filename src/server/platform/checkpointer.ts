/**
 * The WAL checkpoint, off the event loop. SQLite's own checkpoint runs inside whichever COMMIT
 * pushes the WAL past 1,000 pages: it copies the pages back and fsyncs, 4-6 ms on a desk PC, and
 * the chat start or message that happened to commit then waits for it (and so does the ping).
 * Here a worker thread with its own connection checkpoints on a timer instead (PASSIVE: it never
 * blocks the writer), and only once it runs does the main connection's own threshold go up.
 *
 * Up, not off: under a sustained write rate a checkpoint from another connection never quite
 * catches the writer, and the WAL can only start over once it has (the load benchmark's WAL grew
 * to 8 GB with the threshold at 0, and every read slowed with it). At the higher threshold the
 * writer finishes the job itself, cheaply, since the worker has copied most of the pages already.
 * A worker that cannot start, or stops, hands the job back to SQLite's automatic checkpoint.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db';
import type { LogFn } from './log';

/** SQLite's default: what the main connection goes back to whenever the worker is not running. */
const AUTOCHECKPOINT_PAGES = 1000;
/** With the worker running: the WAL (16 MiB of 4 KiB pages) past which a commit checkpoints anyway. */
export const WORKER_AUTOCHECKPOINT_PAGES = 4000;

export interface CheckpointerOptions {
  /** How often the worker checkpoints. Cheap when the WAL holds nothing new. */
  everyMs?: number;
  log: LogFn;
}

export interface Checkpointer {
  /** Resolves once the worker has taken over or has been found unable to (then the automatic checkpoint stays). */
  readonly ready: Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Plain CommonJS, evaluated as the worker's script, so no build step has to produce a worker file
 * for the server (it runs from source under tsx, bundled in the desktop app, and from `npm run server`).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ type: 'failed', message: String(error && error.message || error) });
  }
};
checkpoint();
parentPort.postMessage({ type: 'ready' });
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

function driverPath(): string {
  return createRequire(import.meta.url).resolve('better-sqlite3');
}

/** Start checkpointing `db` (the file at `path`) from a worker thread. In-memory databases have no WAL: nothing to do. */
export function startCheckpointer(db: Db, path: string, options: CheckpointerOptions): Checkpointer {
  if (path === ':memory:' || path === '') return { ready: Promise.resolve(false), stop: async () => {} };
  const log = options.log;
  let worker: Worker | null;
  let running = false;
  // Set by stop(): a late 'ready' must not raise the threshold again, nor an exit warn.
  let stopped = false;
  const handBack = (why: string, data: Record<string, unknown> = {}) => {
    if (!running) return;
    running = false;
    // The main connection may be closed already (a worker ending at shutdown): nothing to hand back then.
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    log('warn', `WAL checkpoints are back in the request path: ${why}`, data);
  };
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver: driverPath(), everyMs: options.everyMs ?? 250 } });
  } catch (error) {
    log('warn', 'WAL checkpoint worker could not start; SQLite checkpoints in the request path', { error: String(error) });
    return { ready: Promise.resolve(false), stop: async () => {} };
  }
  const started = worker;
  const ready = new Promise<boolean>((resolve) => {
    started.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'ready') {
        if (stopped || !db.open) return resolve(false);
        db.pragma(`wal_autocheckpoint = ${WORKER_AUTOCHECKPOINT_PAGES}`);
        running = true;
        resolve(true);
      } else if (message.type === 'failed') {
        log('warn', 'a WAL checkpoint failed; the next one retries', { error: message.message });
      }
    });
    started.on('error', (error) => {
      resolve(false);
      if (running) handBack('the checkpoint worker failed', { error: String(error) });
      else if (!stopped) log('warn', 'WAL checkpoint worker could not start; SQLite checkpoints in the request path', { error: String(error) });
    });
    started.on('exit', (code) => {
      resolve(false);
      worker = null;
      handBack('the checkpoint worker stopped', { code });
    });
  });
  return {
    ready,
    async stop() {
      stopped = true;
      const stopping = worker;
      if (!stopping) return;
      worker = null;
      // Before the worker's last checkpoint: from here the main connection checkpoints itself again.
      if (running && db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      running = false;
      const exited = new Promise<void>((resolve) => stopping.once('exit', () => resolve()));
      stopping.postMessage('stop');
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref());
      await Promise.race([exited, timeout]);
      await stopping.terminate();
    },
  };
}
