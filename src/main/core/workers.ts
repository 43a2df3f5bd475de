/**
 * The core's worker threads, started the same way from the built app and from source. Built
 * (electron-vite, electron.vite.config.ts), each entry is a file next to out/main/index.js; from
 * source (the browser shell under tsx, the tests) the worker loads its .ts entry through tsx's
 * loader, which a worker does not inherit from the thread that starts it.
 */
import { Worker } from 'node:worker_threads';

/** Each worker's entry: its built file's name, and its source relative to this file. */
const ENTRIES = {
  'transcript-sync': './transcripts/sync-worker.ts',
  // The embedded backend's thread: server code, reached only as a file to run (the core never imports it).
  'embedded-backend': '../../server/embed-worker.ts',
} as const;
export type CoreWorker = keyof typeof ENTRIES;
export const CORE_WORKER_SOURCES: Readonly<Record<CoreWorker, string>> = ENTRIES;

export function startCoreWorker(name: CoreWorker, workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), { workerData });
  const entry = new URL(ENTRIES[name], here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
