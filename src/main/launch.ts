/**
 * How both shells start the product: the embedded backend unless a backend URL is given
 * (loaded only then, through the server's one embedding entry), the main core signed in to
 * it, and the simulated patrons of `--demo`.
 */
import type { AlertTiming } from '../shared/alerts/policy';
import { DemoPatrons } from '../dev/demo-patrons';
import { type MainCore, startCore, type StartCoreOptions } from './core';
import type { EmbeddedBackend } from './core/ports';

export interface LaunchOptions extends Omit<StartCoreOptions, 'embedded'> {
  /** Embedded mode only: simulated patrons arrive so a newcomer sees and hears it work. */
  demo?: boolean;
  /** The prebuilt patron widget for the embedded backend (the desktop build's out/widget). */
  widgetDir?: string;
  /** Embedded mode: the desk librarian's home campus (default: the first in the config). */
  campus?: string | null;
  timing?: Partial<AlertTiming>;
}

export interface Launched {
  core: MainCore;
  /** The in-process backend, when there is one. */
  embedded: EmbeddedBackend | null;
}

export async function launchCore(options: LaunchOptions): Promise<Launched> {
  let embedded: EmbeddedBackend | null = null;
  if (!options.backendUrl) {
    const { startEmbeddedServer } = await import('../server/embed');
    embedded = await startEmbeddedServer({ dataDir: options.dataDir, timing: options.timing, log: options.log, widgetDir: options.widgetDir, campus: options.campus });
  }
  const core = await startCore({ ...options, embedded });
  if (embedded && options.demo) {
    const demo = new DemoPatrons(embedded.url, embedded.campuses, options.log);
    demo.start();
    core.onStop(() => demo.stop());
  }
  return { core, embedded };
}
