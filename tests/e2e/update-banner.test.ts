/**
 * What the librarian sees of an update, in Chromium: while they hold a chat the banner only
 * says it waits; once the chat ends it offers the restart, which takes a second click. The
 * updater is a stand-in port here (the real electron-updater flow: tests/electron/updates.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatronClient } from '../../src/dev/patron-client';
import { type BridgeServer, startBridgeServer } from '../../src/main/browser/bridge-server';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { MachinePolicy } from '../../src/main/core/machine-settings/machine-policy';
import { readMachineSettings } from '../../src/main/core/machine-settings/read';
import { MainCore } from '../../src/main/core/main-core';
import type { UpdaterEvent, UpdaterPort } from '../../src/main/core/ports';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import type { TestBackend } from '../support/backend';
import { launchChromium, startWorld } from '../support/harness';
import { waitFor } from '../support/wait';

class StandInUpdater implements UpdaterPort {
  readonly currentVersion = '0.1.0';
  installs = 0;
  private readonly listeners = new Set<(event: UpdaterEvent) => void>();
  configure() {}
  async check() {}
  installNow() {
    this.installs += 1;
  }
  onEvent(listener: (event: UpdaterEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  report(event: UpdaterEvent) {
    for (const listener of this.listeners) listener(event);
  }
}

let browser: Browser;
let backend: TestBackend;
let core: MainCore;
let bridge: BridgeServer;
let dataDir: string;
let patron: PatronClient;
let homeCampus = '';
const updater = new StandInUpdater();

beforeAll(async () => {
  const world = await startWorld();
  backend = world.backend;
  homeCampus = world.home.id;
  world.addOperator('ada', 'Ada Lovelace', world.home.id);
  dataDir = mkdtempSync(join(tmpdir(), 'deskbell-update-banner-'));
  writeFileSync(join(dataDir, 'machine.json'), JSON.stringify({ updates: { url: 'https://updates.example.edu/deskbell/' } }));
  core = new MainCore({
    settings: new SettingsStore(dataDir),
    machine: new MachinePolicy(readMachineSettings(join(dataDir, 'machine.json'))),
    tokenStore: new MemoryTokenStore(),
    timing: world.timing,
    embedded: null,
    dataDir,
    updater,
    updateTuning: { firstCheckAfterMs: 3_600_000 },
  });
  await core.signIn(backend.server.url, 'ada', 'ada-password-123');
  await waitFor(() => core.sessionView().status === 'online', 'online');
  bridge = await startBridgeServer({ core, rendererDir: resolve('out/web') });
  browser = await launchChromium();
});

afterAll(async () => {
  patron?.close();
  await browser?.close();
  await bridge?.close();
  await core?.stop();
  await backend?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the update banner', () => {
  it('waits while the librarian holds a chat, then offers the restart, confirmed by a second click', async () => {
    const page = await browser.newPage();
    await page.goto(bridge.operatorUrl);
    await page.waitForSelector('[data-testid=board]');
    patron = new PatronClient(backend.server.url);
    const chatId = await patron.start(homeCampus, 'Maya', 'Do you have a scanner?');
    await page.locator(`[data-testid=chat-${chatId}] [data-testid=claim]`).click();
    await page.waitForSelector('[data-testid=composer]');

    updater.report({ type: 'available', version: '0.2.0' });
    updater.report({ type: 'downloaded', version: '0.2.0' });
    const banner = page.locator('[data-testid=update-banner]');
    await expect.poll(() => banner.getAttribute('data-held')).toBe('true');
    expect(await banner.textContent()).toContain('waits until you have no chat open');
    expect(await page.locator('[data-testid=install-update]').count()).toBe(0);

    await page.click('[data-testid=end-chat]');
    await page.click('[data-testid=end-chat]');
    await expect.poll(() => banner.getAttribute('data-held')).toBe('false');
    const button = page.locator('[data-testid=install-update]');
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await button.textContent()).toBe('Restart now?');
    expect(updater.installs).toBe(0);
    await page.keyboard.press('Enter');
    await waitFor(() => updater.installs === 1, 'the install');
    await expect.poll(() => banner.textContent()).toContain('Installing Deskbell 0.2.0');
    await page.close();
  });
});
