import { DEFAULT_TIMING } from '../../shared/alerts';
import { AlertTiming } from '../../shared/alerts';
import { DemoPatrons } from './demo-patrons';
import { DeskCore, type DeskCoreDeps } from './desk-core';
import { type EmbeddedBackend, startEmbeddedBackend } from './embedded-backend';
import type { CoreOptions, ShellServices } from './options';
import { SettingsStore } from './settings-store';
import type { CoreHandle } from './types';

export type { CoreHandle } from './types';
export type { CoreOptions, SavedSession, TokenStore, ShellServices } from './options';
export { DeskCore } from './desk-core';

export interface RunningCore extends CoreHandle {
  readonly core: DeskCore;
  /** Present in embedded mode: the in-process backend. */
  readonly embedded: { url: string; patronUrl(campusId: string): string } | null;
}

/**
 * Start the main core: embedded backend by default (signed in as the local operator), or
 * a configured backend URL (resuming a saved session if there is one).
 */
export async function startCore(options: CoreOptions & { services?: ShellServices; linkTuning?: DeskCoreDeps['linkTuning'] }): Promise<RunningCore> {
  const timing = AlertTiming.parse({ ...DEFAULT_TIMING, ...options.timing });
  const settings = new SettingsStore(options.dataDir, options.log);
  let embedded: EmbeddedBackend | null = null;
  let demo: DemoPatrons | null = null;
  if (!options.backendUrl) embedded = await startEmbeddedBackend(options.dataDir, timing, options.log, options.widgetDir);

  const embeddedLogin = embedded
    ? async () => {
        const login = await embedded.login();
        return { backendUrl: embedded.server.url, token: login.token, operator: login.operator };
      }
    : undefined;
  const core = new DeskCore({
    reauthenticate: embeddedLogin,
    settings,
    tokenStore: options.tokenStore,
    timing,
    embedded: embedded !== null,
    services: options.services,
    log: options.log,
    linkTuning: options.linkTuning,
  });

  if (embedded && embeddedLogin) {
    await core.adopt(await embeddedLogin());
    if (options.demo) {
      demo = new DemoPatrons(embedded.server.url, embedded.server.campuses, options.log);
      demo.start();
    }
  } else if (options.backendUrl) {
    await core.resume(options.backendUrl.replace(/\/+$/, ''));
  }

  const server = embedded?.server ?? null;
  return {
    core,
    embedded: server ? { url: server.url, patronUrl: (campus) => `${server.url}/widget?campus=${encodeURIComponent(campus)}` } : null,
    call: (name, args) => core.call(name, args),
    onPush: (listener) => core.onPush(listener),
    tray: () => core.tray(),
    onTray: (listener) => core.onTray(listener),
    setPresence: (presence, reason) => core.setPresence(presence, reason),
    reconnectNow: () => core.reconnectNow(),
    async stop() {
      demo?.stop();
      await core.stop();
      await server?.close();
    },
  };
}
