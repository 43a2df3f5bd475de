/**
 * electron-vite: the desktop app's three builds into out/.
 *   out/main/index.js      the main process (ESM; package.json "main" points here),
 *                          with the entries of the core's worker threads and child processes beside it
 *   out/preload/index.cjs  the sandboxed preload: ONE CommonJS file, since a sandboxed
 *                          preload can require nothing but a few Electron modules
 *   out/renderer/          the React renderer, built by the same config as the browser mode
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { CORE_ENTRY_SOURCES } from './src/main/core/workers';
import { rendererConfig } from './vite.web.config';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Dependencies load from node_modules at run time; better-sqlite3 is a native addon
      // (rebuilt for Electron when packaging) and must never be bundled.
      externalizeDeps: { include: ['better-sqlite3'] },
      // The core's worker threads and child processes are entries of their own, next to index.js (src/main/core/workers.ts).
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/main/electron/main.ts'),
          ...Object.fromEntries(Object.entries(CORE_ENTRY_SOURCES).map(([name, source]) => [name, resolve(root, 'src/main/core', source)])),
        },
      },
      sourcemap: true,
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Bundle everything (zod and src/shared included): nothing may be required at run time.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: rendererConfig('out/renderer'),
});
