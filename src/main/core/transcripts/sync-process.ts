/**
 * A first transcript sync in a child process of the core (started by src/main/core/workers.ts):
 * the thousands of rows and the FTS build are written off the core's thread, which keeps deciding
 * pings meanwhile, and every byte the sync's pages took leaves with the process. (In a worker
 * thread, the allocator kept part of it in the core for good: docs/architecture.md has the
 * figures.) The core's own connection keeps searching the file (WAL): it sees each page once
 * committed.
 *
 * It says it is ready, waits for one message (SyncProcessData), answers with one
 * (SyncProcessResult), and exits; it also exits when the core goes, as nobody would read its answer.
 */
import { SyncError } from '../faqs/sync';
import { processTaskArgument } from '../process-task';
import { syncTranscripts } from './sync';
import { SyncProcessData, type SyncProcessReady, type SyncProcessResult } from './sync-messages';
import { TranscriptIndex } from './transcript-index';
import { messageOf } from '../../../shared/narrow';

async function run(data: SyncProcessData): Promise<SyncProcessResult> {
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

// Only as the child started for this task: the built entries share chunks, and this module is
// also loaded where it must do nothing (the tests' own processes have an IPC channel too).
const send = process.send?.bind(process);
if (send && process.argv.includes(processTaskArgument('transcript-sync'))) {
  process.once('disconnect', () => process.exit(0));
  process.once('message', (message: unknown) => {
    const data = SyncProcessData.safeParse(message);
    const result: Promise<SyncProcessResult> = data.success ? run(data.data) : Promise.resolve({ ok: false, message: 'the transcript sync process was sent no task it knows', sync: false, unauthorized: false });
    // Disconnecting once the answer is written lets the process end (see 'disconnect' above).
    void result.then((answer) => send(answer, undefined, undefined, () => process.disconnect()));
  });
  send({ ready: true } satisfies SyncProcessReady);
}
