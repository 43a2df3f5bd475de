/**
 * How both shells start the product: IT's machine-wide settings read once, the embedded
 * backend unless a backend URL is given (in a thread of its own, src/server/embed-worker.ts),
 * the main core signed in to it, and the simulated patrons of `--demo`.
 */
import type { AlertTiming } from '../shared/alerts/policy';
import { DemoPatrons } from '../dev/demo-patrons';
import { MachinePolicy, type MainCore, startCore, type StartCoreOptions } from './core';
import { startEmbeddedThread } from './core/embedded/embedded-thread';
import { chooseBackendUrl } from './core/machine-settings/backend-choice';
import { logMachineSettings, readMachineSettings } from './core/machine-settings/read';
import type { MachineSettingsGuard } from './core/machine-settings/system-guard';
import type { EmbeddedBackend } from './core/ports';

export interface LaunchOptions extends Omit<StartCoreOptions, 'embedded' | 'machine'> {
  /** Embedded mode only: simulated patrons arrive so a newcomer sees and hears it work. */
  demo?: boolean;
  /** The prebuilt patron widget for the embedded backend (the desktop build's out/widget). */
  widgetDir?: string;
  /** Embedded mode: the desk librarian's home campus (default: IT's home campus, else the first in the config). */
  campus?: string | null;
  timing?: Partial<AlertTiming>;
  /** IT's machine-wide settings file (see core/machine-settings/location.ts); null reads none. */
  machineSettingsPath?: string | null;
  /** The installed app's: refuses a settings file a non-administrator can change (core/machine-settings/system-guard.ts). */
  machineSettingsGuard?: MachineSettingsGuard;
}

export interface Launched {
  core: MainCore;
  /** The embedded backend (in its own thread), when there is one. */
  embedded: EmbeddedBackend | null;
  machine: MachinePolicy;
}

export async function launchCore(options: LaunchOptions): Promise<Launched> {
  const log = options.log ?? (() => undefined);
  let machine = MachinePolicy.none();
  if (options.machineSettingsPath) {
    const file = readMachineSettings(options.machineSettingsPath, options.machineSettingsGuard);
    logMachineSettings(file, log);
    machine = new MachinePolicy(file);
  }
  const backendUrl = chooseBackendUrl(options.backendUrl, machine, log);
  let embedded: EmbeddedBackend | null = null;
  if (!backendUrl && machine.backendUnknown()) {
    log('error', "the machine settings file has a problem and names no usable backend: not starting the built-in backend; the desk signs in to the library's service by hand until IT fixes the file");
  } else if (!backendUrl) {
    // In a thread of its own: the backend's load never holds up this desk's ping decisions.
    embedded = await startEmbeddedThread({
      dataDir: options.dataDir,
      timing: options.timing,
      log: options.log,
      widgetDir: options.widgetDir,
      campus: options.campus,
      deskCampus: machine.value('homeCampus'),
    });
  } else if (options.demo) {
    log('warn', '--demo needs the embedded backend; the machine settings name a backend, so there are no simulated patrons');
  }
  const core = await startCore({ ...options, backendUrl, embedded, machine });
  if (embedded && options.demo) {
    const demo = new DemoPatrons(embedded.url, embedded.campuses, options.log);
    demo.start();
    core.onStop(() => demo.stop());
  }
  return { core, embedded, machine };
}
