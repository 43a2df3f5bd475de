import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { type AlertTiming, AlertTiming as TimingSchema, DEFAULT_TIMING } from '../../src/shared/alerts';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { type BridgeServer, startBridgeServer } from '../../src/main/browser/bridge-server';
import { MainCore } from '../../src/main/core/main-core';
import type { PlayedSound } from '../../src/shared/diagnostics/calls';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { startTestBackend } from './backend';
import { waitFor } from './wait';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/** One librarian at their desk: a main core signed in, and the browser shell serving the board. */
export interface Librarian {
  core: MainCore;
  bridge: BridgeServer;
  close(): Promise<void>;
}

/** Start a librarian's client: a main core signed in to the backend, served by the browser shell. */
export async function startLibrarian(backend: { server: { url: string } }, username: string, timing: AlertTiming, tuning: { alertGapMs?: number } = {}): Promise<Librarian> {
  const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-desk-'));
  const core = new MainCore({ settings: new SettingsStore(dataDir), tokenStore: new MemoryTokenStore(), timing, embedded: null, dataDir, ...tuning });
  await core.signIn(backend.server.url, username, `${username}-password-123`);
  await waitFor(() => core.sessionView().status === 'online', `${username} online`);
  const bridge = await startBridgeServer({ core, rendererDir: resolve('out/web') });
  return {
    core,
    bridge,
    async close() {
      await bridge.close();
      await core.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Every sound the librarian's page started, as it reported them to main's diagnostics (oldest
 * first): which sound, when it was decided and played, and whether the page was hidden.
 */
export async function soundsPlayed(librarian: Librarian): Promise<PlayedSound[]> {
  const outcome = await librarian.core.call('diagnostics.get', {});
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value.sounds.recent;
}

/** A backend with operators on two campuses. */
export async function startWorld(timing: Partial<AlertTiming> = {}, server: Parameters<typeof startTestBackend>[1] = {}) {
  const full = TimingSchema.parse({ ...DEFAULT_TIMING, ...timing });
  const backend = await startTestBackend(full, server);
  const [home, other] = backend.server.campuses;
  if (!home || !other) throw new Error('need two campuses');
  const addOperator = (username: string, name: string, campus: string) =>
    backend.server.addOperator({ username, name, campus, password: `${username}-password-123` });
  return { backend, home, other, timing: full, addOperator };
}
