/**
 * The embedded backend's own thread (started by src/main/core/embedded/embedded-thread.ts; the
 * messages are src/shared/embedded/thread-messages.ts). Here the backend's event loop and heap
 * are its own: a burst of patrons, a snapshot for a late join or a collection of its heap no
 * longer stalls the desk's loop, which decides the pings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type FromEmbeddedThread, EmbeddedThreadData, ToEmbeddedThread } from '../shared/embedded/thread-messages';
import { messageOf } from '../shared/narrow';
import { type EmbeddedServer, startEmbeddedServer } from './embed';

function serve(port: NonNullable<typeof parentPort>, data: EmbeddedThreadData): void {
  const say = (message: FromEmbeddedThread) => {
    try {
      port.postMessage(message);
    } catch {
      // A log line whose data cannot cross threads (a function in it) still says what happened.
      if (message.type === 'log') port.postMessage({ ...message, data: { note: 'its data could not be passed on' } });
    }
  };
  let closing = false;
  // Null when it could not start (the thread then says why and ends).
  const started: Promise<EmbeddedServer | null> = startEmbeddedServer({
    dataDir: data.dataDir,
    timing: data.timing,
    widgetDir: data.widgetDir,
    campus: data.campus,
    deskCampus: data.deskCampus,
    port: data.port,
    log: (level, message, logData) => say({ type: 'log', level, message, ...(logData ? { data: logData } : {}) }),
  }).then(
    (server) => {
      if (!closing) say({ type: 'ready', url: server.url, campuses: [...server.campuses] });
      return server;
    },
    (error: unknown) => {
      say({ type: 'failed', message: messageOf(error) });
      port.close();
      return null;
    },
  );
  // Once, whenever asked (a close asked for while it starts waits for the start).
  const close = async () => {
    if (closing) return;
    closing = true;
    const server = await started;
    try {
      await server?.close();
    } catch (error) {
      say({ type: 'log', level: 'error', message: 'the embedded backend did not close cleanly', data: { error: messageOf(error) } });
    }
    say({ type: 'closed' });
    port.close();
  };
  port.on('message', (raw: unknown) => {
    const message = ToEmbeddedThread.safeParse(raw);
    if (!message.success) return say({ type: 'log', level: 'warn', message: 'the embedded backend thread ignored a message it does not know' });
    if (message.data.type === 'close') return void close();
    const { id } = message.data;
    void started.then((server) => {
      if (!server || closing) return say({ type: 'signInFailed', id, message: 'the embedded backend is not running' });
      server.signInDeskOperator().then(
        (login) => say({ type: 'signedIn', id, login }),
        (error: unknown) => say({ type: 'signInFailed', id, message: messageOf(error) }),
      );
    });
  });
}

// Only a thread started for this task serves: a bundle may load this module elsewhere.
const data = EmbeddedThreadData.safeParse(workerData);
if (parentPort && data.success) serve(parentPort, data.data);
