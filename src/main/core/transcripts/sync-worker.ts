/**
 * A first transcript sync in a worker thread (src/main/core/workers.ts): the thousands of rows
 * and the FTS build are written off the core's thread, which keeps deciding pings meanwhile, and
 * the memory the sync's pages took goes away with the worker. The core's own connection keeps
 * searching the file (WAL): it sees each page once committed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { SyncError } from '../faqs/sync';
import { syncTranscripts } from './sync';
import { TranscriptIndex } from './transcript-index';
import { isRecord, messageOf } from '../../../shared/narrow';

export const SyncWorkerData = z.object({ task: z.literal('transcript-sync'), path: z.string().min(1), backend: z.object({ url: z.string().url(), token: z.string().min(1) }) });
export type SyncWorkerData = z.infer<typeof SyncWorkerData>;

/** The worker's one message: how the run went. */
export const SyncWorkerResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), pages: z.number().int().nonnegative(), changes: z.number().int().nonnegative() }),
  z.object({ ok: z.literal(false), message: z.string(), sync: z.boolean(), unauthorized: z.boolean() }),
]);
export type SyncWorkerResult = z.infer<typeof SyncWorkerResult>;

async function run(data: SyncWorkerData): Promise<SyncWorkerResult> {
  const index = new TranscriptIndex(data.path);
  try {
    const { pages, changes } = await syncTranscripts(index, data.backend, Date.now);
    return { ok: true, pages, changes };
  } catch (error) {
    const sync = error instanceof SyncError;
    return { ok: false, message: messageOf(error), sync, unauthorized: sync && error.unauthorized };
  } finally {
    index.close();
  }
}

const data = SyncWorkerData.safeParse(workerData);
if (parentPort && data.success) {
  const port = parentPort;
  void run(data.data).then((result) => port.postMessage(result));
} else if (parentPort && isRecord(workerData) && workerData.task === 'transcript-sync') {
  // Started as a sync without its data. A thread started for another task (the built app's
  // worker files share code) has nothing to say here.
  parentPort.postMessage({ ok: false, message: 'the transcript sync worker was started without its data', sync: false, unauthorized: false } satisfies SyncWorkerResult);
}
