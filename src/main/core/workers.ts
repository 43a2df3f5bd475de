/**
 * The core's work off its own thread, started the same way from the built app and from source:
 * worker threads (the embedded backend) and child processes (a first transcript sync). Built
 * (electron-vite, electron.vite.config.ts), each entry is a file next to out/main/index.js; from
 * source (the browser shell under tsx, the tests) the entry loads through tsx's loader, which
 * neither a worker nor a child inherits from the code that starts it. No entry may import this
 * module (see process-task.ts).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { processTaskArgument } from './process-task';

/** Each entry's built file's name, and its source relative to this file. */
const THREADS = {
  // The embedded backend's thread: server code, reached only as a file to run (the core never imports it).
  'embedded-backend': '../../server/embed-worker.ts',
} as const;
const PROCESSES = {
  'transcript-sync': './transcripts/sync-process.ts',
} as const;
export type CoreWorker = keyof typeof THREADS;
export type CoreProcess = keyof typeof PROCESSES;
/** Every entry the build must emit beside index.js. */
export const CORE_ENTRY_SOURCES: Readonly<Record<CoreWorker | CoreProcess, string>> = { ...THREADS, ...PROCESSES };

const fromSource = (): boolean => import.meta.url.endsWith('.ts');

export function startCoreWorker(name: CoreWorker, workerData: unknown): Worker {
  const here = import.meta.url;
  if (!fromSource()) return new Worker(new URL(`./${name}.js`, here), { workerData });
  const entry = new URL(THREADS[name], here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * A child process with an IPC channel, for work whose memory must leave with it (a thread's
 * native allocations stay in this process's allocator after the thread ends). Its task data is
 * sent as a message, never as an argument: arguments are visible to every user of the machine.
 * In the desktop app, Electron runs the child as Node (ELECTRON_RUN_AS_NODE, set by its fork).
 */
export function startCoreProcess(name: CoreProcess): ChildProcess {
  const here = import.meta.url;
  const args = [processTaskArgument(name)];
  // Never the parent's flags (an --inspect port, a profiler): the child is a plain run of its entry.
  if (!fromSource()) return fork(fileURLToPath(new URL(`./${name}.js`, here)), args, { execArgv: [] });
  return fork(fileURLToPath(new URL(PROCESSES[name], here)), args, { execArgv: ['--import', import.meta.resolve('tsx')] });
}
