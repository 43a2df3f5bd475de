/**
 * The core the benchmarks spawn, built as the desktop app ships its main process: the browser
 * shell's entry (src/main/browser/cli.ts) through the app's own electron-vite main config, with
 * the entries of the core's worker threads and child processes beside it (src/main/core/workers.ts).
 * From source, under tsx, each of them first starts tsx's loader and compiles its modules (about
 * 0.3 s on this machine for the transcript sync's), which the app never does. Only the
 * `--backend-url` mode is used: the embedded backend's widget files are not copied here.
 */
import { join, resolve } from 'node:path';
import type { InlineConfig } from 'vite';
import { CORE_ENTRY_SOURCES } from '../src/main/core/workers';

const root = resolve(import.meta.dirname, '..');
/** Inside the repo, so the bundle finds node_modules (ws, zod, better-sqlite3) at run time, as the app does. */
export const BENCH_CORE_DIR = join(root, 'out', 'bench-core');
export const BENCH_CORE_ENTRY = join(BENCH_CORE_DIR, 'cli.js');

export async function buildBenchCore(): Promise<void> {
  const previous = process.env.NODE_ENV_ELECTRON_VITE;
  process.env.NODE_ENV_ELECTRON_VITE = 'production';
  try {
    const { resolveConfig } = await import('electron-vite');
    const { build } = await import('vite');
    const resolved = await resolveConfig({ configFile: join(root, 'electron.vite.config.ts'), root, logLevel: 'silent' }, 'build', 'production');
    const main = resolved.config?.main;
    if (!main?.build) throw new Error('electron.vite.config.ts has no main build');
    const input = {
      cli: join(root, 'src/main/browser/cli.ts'),
      ...Object.fromEntries(Object.entries(CORE_ENTRY_SOURCES).map(([name, source]) => [name, join(root, 'src/main/core', source)])),
    };
    await build({
      ...main,
      logLevel: 'warn',
      build: { ...main.build, outDir: BENCH_CORE_DIR, emptyOutDir: true, rolldownOptions: { ...main.build.rolldownOptions, input } },
    } as InlineConfig);
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV_ELECTRON_VITE;
    else process.env.NODE_ENV_ELECTRON_VITE = previous;
  }
}
