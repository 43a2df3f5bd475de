import type { Worker } from 'node:worker_threads';
import { type BackendAccess, SyncError } from '../faqs/sync';
import { startCoreWorker } from '../workers';
import { SyncWorkerResult } from './sync-worker';

/**
 * Run a transcript sync of the index file at `path` in a worker thread (see sync-worker.ts):
 * resolves as the in-thread sync does, and fails with a SyncError the same way.
 */
export function syncInWorker(path: string, backend: BackendAccess, start: (data: unknown) => Worker = (data) => startCoreWorker('transcript-sync', data)): Promise<{ pages: number; changes: number }> {
  return new Promise((resolve, reject) => {
    const worker = start({ path, backend: { url: backend.url, token: backend.token } });
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
    worker.once('error', (error) => settle(() => reject(new Error(`the transcript sync worker failed: ${error.message}`))));
    worker.once('exit', (code) => settle(() => reject(new Error(`the transcript sync worker stopped (exit code ${code}) before it answered`))));
  });
}
