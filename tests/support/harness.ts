import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { type AlertTiming, AlertTiming as TimingSchema, DEFAULT_TIMING } from '../../src/shared/alerts';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { type BridgeServer, startBridgeServer } from '../../src/main/browser/bridge-server';
import { DeskCore } from '../../src/main/core/desk-core';
import { SettingsStore } from '../../src/main/core/settings-store';
import { startTestBackend, type TestBackend } from './backend';
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

export interface Desk {
  core: DeskCore;
  bridge: BridgeServer;
  close(): Promise<void>;
}

/** One librarian's client: a main core signed in to the backend, served by the browser shell. */
export async function startDesk(backend: TestBackend, username: string, timing: AlertTiming, tuning: { alertGapMs?: number } = {}): Promise<Desk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-desk-'));
  const core = new DeskCore({ settings: new SettingsStore(dataDir), tokenStore: new MemoryTokenStore(), timing, embedded: false, ...tuning });
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

/** A backend with operators on two campuses. */
export async function startDeskWorld(timing: Partial<AlertTiming> = {}) {
  const full = TimingSchema.parse({ ...DEFAULT_TIMING, ...timing });
  const backend = await startTestBackend(full);
  const [home, other] = backend.server.campuses;
  if (!home || !other) throw new Error('need two campuses');
  const addOperator = (username: string, name: string, campus: string) =>
    backend.server.addOperator({ username, name, campus, password: `${username}-password-123` });
  return { backend, home, other, timing: full, addOperator };
}
