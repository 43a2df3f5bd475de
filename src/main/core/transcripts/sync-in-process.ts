import type { ChildProcess } from 'node:child_process';
import type { LogFn } from '../ports';
import { type BackendAccess, SyncError } from '../faqs/sync';
import { startCoreProcess } from '../workers';
import { syncTranscripts } from './sync';
import type { TranscriptIndex } from './transcript-index';
import { type SyncProcessData, SyncProcessReady, SyncProcessResult } from './sync-messages';

/** Starts the child that runs the sync: the built or source entry (tests pass their own). */
export type StartSyncProcess = () => ChildProcess;
const startSyncProcess: StartSyncProcess = () => startCoreProcess('transcript-sync');

/**
 * How long a child may take to say it is listening. Electron starting itself as Node can take
 * half a second on an old desk PC; one that has not spoken in this time is not going to.
 */
export const SYNC_PROCESS_READY_MS = 30_000;

/** The child could not run at all (its file missing, or the platform refused it): nothing was synced by it. */
export class SyncProcessUnavailable extends Error {}

/**
 * Run a transcript sync of the index file at `path` in a child process (see sync-process.ts):
 * resolves as the in-thread sync does, and fails with a SyncError the same way.
 */
export function syncInProcess(path: string, backend: BackendAccess, start: StartSyncProcess = startSyncProcess, readyWithinMs = SYNC_PROCESS_READY_MS): Promise<{ pages: number; changes: number }> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = start();
    } catch (error) {
      reject(new SyncProcessUnavailable(`the transcript sync process could not start: ${String(error)}`));
      return;
    }
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(silent);
      outcome();
      // It exits by itself once it has answered; this ends one that has not (or will not).
      if (child.exitCode === null && child.signalCode === null) child.kill();
    };
    const silent = setTimeout(() => settle(() => reject(new SyncProcessUnavailable(`the transcript sync process did not start listening within ${readyWithinMs / 1000} s`))), readyWithinMs);
    const task: SyncProcessData = { task: 'transcript-sync', path, backend: { url: backend.url, token: backend.token } };
    let asked = false;
    child.on('message', (message: unknown) => {
      if (!asked && SyncProcessReady.safeParse(message).success) {
        asked = true;
        clearTimeout(silent);
        // A failed send is followed by the child's 'error' or 'exit' below.
        child.send(task, (error) => {
          if (error) settle(() => reject(new SyncProcessUnavailable(`the transcript sync process could not be given its task: ${error.message}`)));
        });
        return;
      }
      const result = SyncProcessResult.safeParse(message);
      if (!asked || !result.success) return settle(() => reject(new SyncError('the transcript sync process answered in an unexpected shape')));
      const value = result.data;
      if (value.ok) settle(() => resolve({ pages: value.pages, changes: value.changes }));
      else settle(() => reject(value.sync ? new SyncError(value.message, value.unauthorized) : new Error(value.message)));
    });
    // Before it answers, an error or an exit means it never ran its sync (it answers even when the sync fails).
    child.once('error', (error) => settle(() => reject(new SyncProcessUnavailable(`the transcript sync process failed: ${error.message}`))));
    child.once('exit', (code, signal) => settle(() => reject(new SyncProcessUnavailable(`the transcript sync process stopped (${signal ?? `exit code ${code}`}) before it answered`))));
  });
}

/**
 * A first sync: in a child process, or, when one cannot run here (a packaging or platform fault
 * no test on this machine can reach: Electron's RunAsNode fuse turned off, say), in this thread
 * as before, so a desk is never left without its transcripts. The fallback is logged, as it
 * blocks this thread page by page.
 */
export async function syncStartingOver(index: TranscriptIndex, backend: BackendAccess, log: LogFn, start: StartSyncProcess = startSyncProcess): Promise<{ pages: number; changes: number }> {
  try {
    return await syncInProcess(index.path, backend, start);
  } catch (error) {
    if (!(error instanceof SyncProcessUnavailable)) throw error;
    log('warn', 'transcript sync process unavailable: syncing in the main thread', { error: error.message });
    return syncTranscripts(index, backend, Date.now);
  }
}
