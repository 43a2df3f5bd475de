/**
 * Issue 17, item 1, on the desk: while the librarian's network is flooding the backend with
 * failed sign-ins, the sign-in form says so, with the seconds to wait, in words (Chromium, the
 * browser shell, a real backend); and her right password still gets her to the board.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { type BridgeServer, startBridgeServer } from '../../src/main/browser/bridge-server';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { DEFAULT_TIMING } from '../../src/shared/alerts';
import { launchChromium } from '../support/harness';
import { PASSWORD, startTestServer, type TestServer } from '../support/server';

let backend: TestServer;
let browser: Browser;
let core: MainCore;
let bridge: BridgeServer;
let page: Page;
let dir: string;

beforeAll(async () => {
  // A small burst, and failures forgotten only once an hour, so the flood below is enough and stays.
  backend = await startTestServer({ limits: { loginAddressBurst: 5, loginAddressIntervalMs: 3_600_000 } });
  backend.server.addOperator({ username: 'ada', name: 'Ada Librarian', campus: 'tunxis', password: PASSWORD });
  dir = mkdtempSync(join(tmpdir(), 'deskbell-flood-form-'));
  core = new MainCore({ settings: new SettingsStore(dir), tokenStore: new MemoryTokenStore(), timing: DEFAULT_TIMING, embedded: null, dataDir: dir, configuredBackendUrl: backend.server.url });
  bridge = await startBridgeServer({ core, rendererDir: resolve('out/web') });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(bridge.operatorUrl);
});
afterAll(async () => {
  await page?.close();
  await browser?.close();
  await bridge?.close();
  await core?.stop();
  await backend?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the sign-in form during a flood from its network', () => {
  it('shows the flood and the seconds to wait in words; the right password still signs in', async () => {
    // The flood: failures with made-up names from the same address as the desk (loopback).
    for (let i = 0; i < 10; i++) {
      await fetch(`${backend.server.url}/api/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: `guess-${i}`, password: 'not-the-password' }),
      });
    }
    const url = page.getByTestId('backend-url');
    await expect.poll(() => url.inputValue()).toBe(backend.server.url);
    await page.getByTestId('username').fill('someone-else');
    await page.getByTestId('password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByTestId('sign-in-error');
    await expect.poll(() => error.textContent()).toMatch(/too many failed sign-ins from this network; try again in \d+ s/);

    await page.getByTestId('username').fill('ada');
    await page.getByTestId('password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('board').waitFor();
    expect(await page.getByTestId('sign-in-error').count()).toBe(0);
  });
});
