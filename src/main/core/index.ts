import { AlertTiming, DEFAULT_TIMING } from '../../shared/alerts/policy';
import type { CapabilityOptions } from './capabilities';
import { MainCore } from './main-core';
import type { CoreOptions } from './ports';
import { SettingsStore } from './settings/settings-store';

export type { CoreHandle } from './handle';
export type { CoreOptions, EmbeddedBackend, LogFn, SavedSession, ShellServices, TokenStore } from './ports';
export { MainCore } from './main-core';

export type StartCoreOptions = CoreOptions & Pick<CapabilityOptions, 'linkTuning' | 'alertGapMs'>;

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
    timing,
    dataDir: options.dataDir,
    tokenStore: options.tokenStore,
    configuredBackendUrl: options.backendUrl ?? null,
    embedded,
    services: options.services,
    log: options.log,
    linkTuning: options.linkTuning,
    alertGapMs: options.alertGapMs,
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
