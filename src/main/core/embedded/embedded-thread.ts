/**
 * The embedded backend in a thread of its own (src/server/embed-worker.ts), as the core's
 * EmbeddedBackend port. In one thread with the core, every patron's frame, every snapshot built
 * for a colleague and every collection of the backend's heap held up the desk's own ping
 * decisions; a desk whose app hosts the consortium's backend would hear its alerts late under
 * exactly the load that makes them matter. The core reaches the backend over its socket as ever;
 * only sign-in and close cross the thread boundary, as checked messages.
 *
 * A backend whose thread dies is started again on the same port, from the same database: the
 * desk's link reconnects and resumes as after any network drop, and the patrons' pages find it
 * where it was. In one thread with the app, such a crash took the whole app down; in its own, it
 * would otherwise leave the desk offline until someone restarted the app.
 */
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import type { AlertTiming } from '../../../shared/alerts/policy';
import { type EmbeddedThreadData, FromEmbeddedThread, type ToEmbeddedThread } from '../../../shared/embedded/thread-messages';
import type { LoginResponse } from '../../../shared/session/schemas';
import type { EmbeddedBackend, LogFn } from '../ports';
import { startCoreWorker } from '../workers';

export interface EmbeddedThreadOptions {
  dataDir: string;
  timing?: Partial<AlertTiming>;
  widgetDir?: string;
  campus?: string | null;
  deskCampus?: string;
  log?: LogFn;
  /** The waits before each restart after an unexpected end, the last repeated (tests shorten them). */
  restartDelaysMs?: readonly number[];
}

export type StartThread = (data: EmbeddedThreadData) => Worker;
const startBackendThread: StartThread = (data) => startCoreWorker('embedded-backend', data);

/** How long a close waits for the backend to shut its sockets and database before the thread is stopped. */
const CLOSE_WAIT_MS = 5_000;
/** A crash restarts the backend after 1 s; one that keeps failing is tried less often, every 30 s at most. */
const RESTART_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
/** A backend that ran this long had recovered: its next crash starts the delays over. */
const STEADY_MS = 60_000;

/** The embedded backend could not start: its reason, as the thread gave it. */
export class EmbeddedBackendFailed extends Error {}

/** One backend thread, once it listens. */
interface BackendThread {
  url: string;
  campuses: EmbeddedBackend['campuses'];
  signIn(): Promise<LoginResponse>;
  close(): Promise<void>;
}

/**
 * Start the embedded backend in its own thread; resolves once it listens, rejects if it cannot
 * start. After that, a thread that ends unasked is logged and started again (see the top).
 */
export async function startEmbeddedThread(options: EmbeddedThreadOptions, start: StartThread = startBackendThread): Promise<EmbeddedBackend> {
  const log = options.log ?? (() => undefined);
  const delays = options.restartDelaysMs ?? RESTART_DELAYS_MS;
  const data: EmbeddedThreadData = {
    task: 'embedded-backend',
    dataDir: options.dataDir,
    ...(options.timing ? { timing: options.timing } : {}),
    ...(options.widgetDir ? { widgetDir: options.widgetDir } : {}),
    ...(options.campus !== undefined ? { campus: options.campus } : {}),
    ...(options.deskCampus ? { deskCampus: options.deskCampus } : {}),
  };
  let current: BackendThread | null = null;
  let closing = false;
  let failures = 0;
  let runningSince = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let restarting: Promise<void> | null = null;

  const ended = (why: string) => {
    current = null;
    if (closing) return;
    if (performance.now() - runningSince >= STEADY_MS) failures = 0;
    const delay = delays[Math.min(failures, delays.length - 1)] ?? 0;
    failures++;
    log('error', `the embedded backend stopped: ${why}; starting it again in ${delay / 1000} s`);
    timer = setTimeout(() => {
      timer = null;
      restarting = restart().finally(() => (restarting = null));
    }, delay);
  };

  const first = await runThread(data, start, log, ended);
  current = first;
  runningSince = performance.now();
  const url = first.url;
  const again: EmbeddedThreadData = { ...data, port: Number(new URL(url).port) };

  const restart = async () => {
    if (closing) return;
    try {
      const thread = await runThread(again, start, log, ended);
      if (thread.url !== url) {
        // It cannot be reached where the desk looks for it: as good as not started.
        await thread.close();
        throw new Error(`it listened at ${thread.url}, not ${url}`);
      }
      if (closing) return void (await thread.close());
      current = thread;
      runningSince = performance.now();
      log('info', 'the embedded backend is running again', { url });
    } catch (error) {
      if (!closing) ended(`it could not start again: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  let closed: Promise<void> | null = null;
  return {
    url,
    campuses: first.campuses,
    patronUrl: (campusId) => `${url}/widget?campus=${encodeURIComponent(campusId)}`,
    signInDeskOperator: () => current?.signIn() ?? Promise.reject(new Error('the embedded backend is not running')),
    close: () =>
      (closed ??= (async () => {
        closing = true;
        if (timer) clearTimeout(timer);
        // A restart under way finishes first, and closes what it started.
        await restarting;
        await current?.close();
        current = null;
      })()),
  };
}

/** One thread of the backend, until it listens; `ended` hears of an end nobody asked for after that. */
function runThread(data: EmbeddedThreadData, start: StartThread, log: LogFn, ended: (why: string) => void): Promise<BackendThread> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = start(data);
    } catch (error) {
      reject(new EmbeddedBackendFailed(`the embedded backend thread could not start: ${String(error)}`));
      return;
    }
    const thread = worker;
    const signIns = new Map<number, { resolve: (login: LoginResponse) => void; reject: (error: Error) => void }>();
    let nextSignIn = 0;
    let started = false;
    let over = false;
    let closed: Promise<void> | null = null;
    const say = (message: ToEmbeddedThread) => thread.postMessage(message);
    const end = (why: string) => {
      if (over) return;
      over = true;
      for (const pending of signIns.values()) pending.reject(new Error(why));
      signIns.clear();
      if (!started) reject(new EmbeddedBackendFailed(why));
      // After a start, only an unexpected end is news: a close asked for it.
      else if (!closed) ended(why);
    };

    thread.on('message', (raw: unknown) => {
      const parsed = FromEmbeddedThread.safeParse(raw);
      if (!parsed.success) return log('warn', 'the embedded backend thread sent a message of an unknown shape; ignored');
      const message = parsed.data;
      switch (message.type) {
        case 'log':
          return log(message.level, message.message, message.data);
        case 'ready':
          started = true;
          resolve({
            url: message.url,
            campuses: message.campuses,
            signIn: () =>
              new Promise<LoginResponse>((signedIn, failed) => {
                if (over) return failed(new Error('the embedded backend is not running'));
                const id = nextSignIn++;
                signIns.set(id, { resolve: signedIn, reject: failed });
                say({ type: 'signIn', id });
              }),
            close: () => (closed ??= closeThread(thread, () => over, say)),
          });
          return;
        case 'failed':
          return end(message.message);
        case 'signedIn':
        case 'signInFailed': {
          const pending = signIns.get(message.id);
          if (!pending) return;
          signIns.delete(message.id);
          if (message.type === 'signedIn') pending.resolve(message.login);
          else pending.reject(new Error(message.message));
          return;
        }
        case 'closed':
          return end('closed');
      }
    });
    thread.on('error', (error) => end(`its thread failed: ${error.message}`));
    thread.on('exit', (code) => end(`its thread ended (exit code ${code})`));
  });
}

/** Ask the backend to close (sockets, then its database), then stop its thread; at most CLOSE_WAIT_MS for a backend that does not answer. */
async function closeThread(thread: Worker, ended: () => boolean, say: (message: ToEmbeddedThread) => void): Promise<void> {
  if (!ended()) {
    const done = new Promise<void>((resolve) => {
      thread.once('exit', () => resolve());
      thread.on('message', (raw: unknown) => {
        if (FromEmbeddedThread.safeParse(raw).data?.type === 'closed') resolve();
      });
      setTimeout(resolve, CLOSE_WAIT_MS).unref();
    });
    say({ type: 'close' });
    await done;
  }
  await thread.terminate();
}
