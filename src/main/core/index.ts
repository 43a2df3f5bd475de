import { AlertTiming, DEFAULT_TIMING } from '../../shared/alerts/policy';
import type { CapabilityOptions } from './capabilities';
import { MainCore } from './main-core';
import { MachinePolicy } from './machine-settings/machine-policy';
import type { CoreOptions } from './ports';
import { SettingsStore } from './settings/settings-store';

export type { CoreHandle } from './handle';
export type { CoreOptions, EmbeddedBackend, LogFn, SavedSession, ShellServices, TokenStore, UpdaterEvent, UpdaterPort } from './ports';
export { MainCore } from './main-core';
export { MachinePolicy } from './machine-settings/machine-policy';

export type StartCoreOptions = CoreOptions &
  Pick<CapabilityOptions, 'linkTuning' | 'alertGapMs' | 'updateTuning' | 'waitingWatchTuning'> & {
    /** IT's machine-wide settings, read by the shell at start; none by default. */
    machine?: MachinePolicy;
  };

/**
 * Start the main core: signed in as the embedded backend's desk operator when the shell
 * handed one in (the default), else against the configured backend URL, resuming a saved
 * session if there is one.
 */
export async function startCore(options: StartCoreOptions): Promise<MainCore> {
  const timing = AlertTiming.parse({ ...DEFAULT_TIMING, ...options.timing });
  const embedded = options.embedded ?? null;
  const core = new MainCore({
    settings: new SettingsStore(options.dataDir, options.log),
    machine: options.machine ?? MachinePolicy.none(),
    timing,
    dataDir: options.dataDir,
    tokenStore: options.tokenStore,
    configuredBackendUrl: options.backendUrl ?? null,
    embedded,
    services: options.services,
    log: options.log,
    linkTuning: options.linkTuning,
    alertGapMs: options.alertGapMs,
    updater: options.updater,
    updateTuning: options.updateTuning,
    waitingWatchTuning: options.waitingWatchTuning,
  });
  if (embedded) {
    // The core was handed the embedded backend: it closes with the core.
    core.onStop(() => embedded.close());
    await core.signInEmbedded();
  } else if (options.backendUrl) {
    await core.resume(options.backendUrl.replace(/\/+$/, ''));
  }
  return core;
}
