/**
 * The renderer plays the pings, so a crashed or hung renderer means silent alerts. This
 * reloads it after a crash, and crashes it deliberately (to reload) when it has hung for
 * too long. Reloads back off when crashes repeat, so a crash loop cannot spin the CPU.
 */
import type { LogFn } from '../core/ports';
import type { Timers, WindowLike } from './ports';

/** Chromium already waits ~30 s before calling a renderer unresponsive; give it as long again. */
export const HUNG_RENDERER_GRACE_MS = 30_000;
export const FIRST_RELOAD_DELAY_MS = 1_000;
export const MAX_RELOAD_DELAY_MS = 60_000;
/** A crash this long after the previous one starts the back-off afresh. */
const CRASH_MEMORY_MS = 10 * 60_000;

export interface RendererWatchdogDeps {
  window: WindowLike;
  reload: () => Promise<void>;
  isQuitting: () => boolean;
  timers: Timers;
  log: LogFn;
}

export function watchRenderer(deps: RendererWatchdogDeps): { dispose(): void } {
  const { window, timers, log } = deps;
  let recentCrashes = 0;
  let lastCrashAt = Number.NEGATIVE_INFINITY;
  let reloadTimer: unknown = null;
  let hungTimer: unknown = null;
  let disposed = false;

  const clearHung = () => {
    if (hungTimer !== null) timers.clearTimeout(hungTimer);
    hungTimer = null;
  };

  window.webContents.on('render-process-gone', (_event, details) => {
    clearHung();
    if (disposed || deps.isQuitting() || details.reason === 'clean-exit' || reloadTimer !== null) return;
    const now = timers.now();
    recentCrashes = now - lastCrashAt > CRASH_MEMORY_MS ? 1 : recentCrashes + 1;
    lastCrashAt = now;
    const delay = Math.min(MAX_RELOAD_DELAY_MS, FIRST_RELOAD_DELAY_MS * 2 ** (recentCrashes - 1));
    log('error', 'renderer gone: reloading', { reason: details.reason, exitCode: details.exitCode, delayMs: delay });
    reloadTimer = timers.setTimeout(() => {
      reloadTimer = null;
      if (disposed || deps.isQuitting() || window.isDestroyed()) return;
      deps.reload().catch((error: unknown) => log('error', 'renderer reload failed', { error: String(error) }));
    }, delay);
  });

  window.on('unresponsive', () => {
    if (hungTimer !== null || disposed) return;
    log('warn', 'renderer unresponsive');
    hungTimer = timers.setTimeout(() => {
      hungTimer = null;
      if (disposed || window.isDestroyed()) return;
      log('error', 'renderer still hung: restarting it');
      window.webContents.forcefullyCrashRenderer();
    }, HUNG_RENDERER_GRACE_MS);
  });
  window.on('responsive', clearHung);

  return {
    dispose() {
      disposed = true;
      clearHung();
      if (reloadTimer !== null) timers.clearTimeout(reloadTimer);
      reloadTimer = null;
    },
  };
}
