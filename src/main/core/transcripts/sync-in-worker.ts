import type { Worker } from 'node:worker_threads';
import type { LogFn } from '../ports';
import { type BackendAccess, SyncError } from '../faqs/sync';
import { startCoreWorker } from '../workers';
import { syncTranscripts } from './sync';
import type { TranscriptIndex } from './transcript-index';
import { SyncWorkerResult } from './sync-worker';

type StartWorker = (data: unknown) => Worker;
const startSyncWorker: StartWorker = (data) => startCoreWorker('transcript-sync', data);

/** The worker could not run at all (its file missing or refused by the platform): nothing was synced by it. */
export class WorkerUnavailable extends Error {}

/**
 * Run a transcript sync of the index file at `path` in a worker thread (see sync-worker.ts):
 * resolves as the in-thread sync does, and fails with a SyncError the same way.
 */
export function syncInWorker(path: string, backend: BackendAccess, start: StartWorker = startSyncWorker): Promise<{ pages: number; changes: number }> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = start({ task: 'transcript-sync', path, backend: { url: backend.url, token: backend.token } });
    } catch (error) {
      reject(new WorkerUnavailable(`the transcript sync worker could not start: ${String(error)}`));
      return;
    }
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      // Its index is closed before it answers; idle sockets must not keep the thread alive.
      void worker.terminate();
    };
    worker.once('message', (message: unknown) => {
      const result = SyncWorkerResult.safeParse(message);
      if (!result.success) return settle(() => reject(new SyncError('the transcript sync worker answered in an unexpected shape')));
      const value = result.data;
      if (value.ok) settle(() => resolve({ pages: value.pages, changes: value.changes }));
      else settle(() => reject(value.sync ? new SyncError(value.message, value.unauthorized) : new Error(value.message)));
    });
    // Before it answers, an error or an exit means it never ran its sync (it answers even when the sync fails).
    worker.once('error', (error) => settle(() => reject(new WorkerUnavailable(`the transcript sync worker failed: ${error.message}`))));
    worker.once('exit', (code) => settle(() => reject(new WorkerUnavailable(`the transcript sync worker stopped (exit code ${code}) before it answered`))));
  });
}

/**
 * A first sync: in a worker thread, or, when a worker cannot run here (a packaging or platform
 * fault no test on this machine can reach), in this thread as before, so a desk is never left
 * without its transcripts. The fallback is logged, as it blocks this thread page by page.
 */
export async function syncStartingOver(index: TranscriptIndex, backend: BackendAccess, log: LogFn, start: StartWorker = startSyncWorker): Promise<{ pages: number; changes: number }> {
  try {
    return await syncInWorker(index.path, backend, start);
  } catch (error) {
    if (!(error instanceof WorkerUnavailable)) throw error;
    log('warn', 'transcript sync worker unavailable: syncing in the main thread', { error: error.message });
    return syncTranscripts(index, backend, Date.now);
  }
}
