/**
 * A real backend in a worker thread of the bench's process, as the app runs its embedded backend
 * (src/main/core/embedded/embedded-thread.ts), with operators the bench can add. It reports when
 * it published each new chat (the backend's event, where the ping clock starts), stamped
 * on the monotonic clock both threads share.
 */
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Campus } from '../src/shared/campuses/schemas';
import { type AlertTiming, AlertTiming as TimingSchema, DEFAULT_TIMING } from '../src/shared/alerts';
import { startTestBackend } from '../tests/support/backend';

type ToThread = { type: 'addOperator'; username: string; name: string; campus: string } | { type: 'close' };
type FromThread =
  | { type: 'ready'; url: string; campuses: Campus[] }
  | { type: 'added'; username: string }
  | { type: 'published'; chatId: string; hrMs: number }
  | { type: 'closed' };

const TASK = 'bench-backend';
const hrMs = () => Number(process.hrtime.bigint()) / 1e6;

export interface BackendThread {
  url: string;
  home: Campus;
  timing: AlertTiming;
  /** Operators sign in with `${username}-password-123`, as tests/support/harness.ts expects. */
  addOperator(username: string, name: string, campus: string): Promise<void>;
  /** When the backend published chat.created for `chatId`, as performance.timeOrigin + now() of this thread; undefined until it has. */
  publishedAt(chatId: string): number | undefined;
  close(): Promise<void>;
}

export async function startBackendThread(): Promise<BackendThread> {
  const timing = TimingSchema.parse(DEFAULT_TIMING);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: { task: TASK, timing } });
  // This thread's stamp of a moment on the shared monotonic clock.
  const toStamp = (hr: number) => performance.timeOrigin + performance.now() - (hrMs() - hr);
  const published = new Map<string, number>();
  const waiting: ((message: FromThread) => boolean)[] = [];
  worker.on('message', (message: FromThread) => {
    if (message.type === 'published') published.set(message.chatId, toStamp(message.hrMs));
    const i = waiting.findIndex((w) => w(message));
    if (i >= 0) waiting.splice(i, 1);
  });
  const next = <T extends FromThread['type']>(type: T, match: (m: Extract<FromThread, { type: T }>) => boolean = () => true) =>
    new Promise<Extract<FromThread, { type: T }>>((resolve, reject) => {
      worker.once('error', reject);
      waiting.push((m) => {
        if (m.type !== type || !match(m as Extract<FromThread, { type: T }>)) return false;
        resolve(m as Extract<FromThread, { type: T }>);
        return true;
      });
    });
  const ready = await next('ready');
  const home = ready.campuses[0];
  if (!home) throw new Error('the backend has no campuses');
  const say = (message: ToThread) => worker.postMessage(message);
  return {
    url: ready.url,
    home,
    timing,
    async addOperator(username, name, campus) {
      const added = next('added', (m) => m.username === username);
      say({ type: 'addOperator', username, name, campus });
      await added;
    },
    publishedAt: (chatId) => published.get(chatId),
    async close() {
      const closed = next('closed');
      say({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}

async function serve(port: NonNullable<typeof parentPort>, timing: AlertTiming): Promise<void> {
  const say = (message: FromThread) => port.postMessage(message);
  const backend = await startTestBackend(timing);
  backend.server.observe((event) => {
    if (event.type === 'chat.created') say({ type: 'published', chatId: event.chat.id, hrMs: hrMs() });
  });
  port.on('message', (message: ToThread) => {
    if (message.type === 'addOperator') {
      backend.server.addOperator({ username: message.username, name: message.name, campus: message.campus, password: `${message.username}-password-123` });
      say({ type: 'added', username: message.username });
    } else {
      void backend.close().then(() => say({ type: 'closed' }));
    }
  });
  say({ type: 'ready', url: backend.server.url, campuses: backend.server.campuses });
}

const data = workerData as { task?: string; timing?: AlertTiming } | null;
if (!isMainThread && parentPort && data?.task === TASK && data.timing) void serve(parentPort, data.timing);
