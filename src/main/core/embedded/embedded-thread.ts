/**
 * The embedded backend in a thread of its own (src/server/embed-worker.ts), as the core's
 * EmbeddedBackend port. In one thread with the core, every patron's frame, every snapshot built
 * for a colleague and every collection of the backend's heap held up the desk's own ping
 * decisions; a desk whose app hosts the consortium's backend would hear its alerts late under
 * exactly the load that makes them matter. The core reaches the backend over its socket as ever;
 * only sign-in and close cross the thread boundary, as checked messages.
 */
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
}

export type StartThread = (data: EmbeddedThreadData) => Worker;
const startBackendThread: StartThread = (data) => startCoreWorker('embedded-backend', data);

/** How long a close waits for the backend to shut its sockets and database before the thread is stopped. */
const CLOSE_WAIT_MS = 5_000;

/** The embedded backend could not start: its reason, as the thread gave it. */
export class EmbeddedBackendFailed extends Error {}

/** Start the embedded backend in its own thread; resolves once it listens, rejects if it cannot start. */
export function startEmbeddedThread(options: EmbeddedThreadOptions, start: StartThread = startBackendThread): Promise<EmbeddedBackend> {
  const log = options.log ?? (() => undefined);
  const data: EmbeddedThreadData = {
    task: 'embedded-backend',
    dataDir: options.dataDir,
    ...(options.timing ? { timing: options.timing } : {}),
    ...(options.widgetDir ? { widgetDir: options.widgetDir } : {}),
    ...(options.campus !== undefined ? { campus: options.campus } : {}),
    ...(options.deskCampus ? { deskCampus: options.deskCampus } : {}),
  };
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
    let ended = false;
    let closed: Promise<void> | null = null;
    const say = (message: ToEmbeddedThread) => thread.postMessage(message);
    const end = (why: string) => {
      if (ended) return;
      ended = true;
      for (const pending of signIns.values()) pending.reject(new Error(why));
      signIns.clear();
      if (!started) reject(new EmbeddedBackendFailed(why));
      // After a start, only an unexpected end is news: a close asked for it.
      else if (!closed) log('error', `the embedded backend stopped: ${why}`);
    };

    thread.on('message', (raw: unknown) => {
      const parsed = FromEmbeddedThread.safeParse(raw);
      if (!parsed.success) return log('warn', 'the embedded backend thread sent a message of an unknown shape; ignored');
      const message = parsed.data;
      switch (message.type) {
        case 'log':
          return log(message.level, message.message, message.data);
        case 'ready': {
          started = true;
          const { url, campuses } = message;
          resolve({
            url,
            campuses,
            patronUrl: (campusId) => `${url}/widget?campus=${encodeURIComponent(campusId)}`,
            signInDeskOperator: () =>
              new Promise<LoginResponse>((signedIn, failed) => {
                if (ended) return failed(new Error('the embedded backend is not running'));
                const id = nextSignIn++;
                signIns.set(id, { resolve: signedIn, reject: failed });
                say({ type: 'signIn', id });
              }),
            close: () => (closed ??= closeThread(thread, () => ended, say)),
          });
          return;
        }
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
