/**
 * Two rough edges of a librarian's day, in Chromium: a line typed while the link is down is shown
 * in the conversation as not sent yet, then once as sent; and a transfer offer quotes the
 * patron's question when they typed it in the name box (not the "please help" below it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatronClient } from '../../src/dev/patron-client';
import { type BridgeServer, startBridgeServer } from '../../src/main/browser/bridge-server';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import type { TestBackend } from '../support/backend';
import { type Librarian, launchChromium, startLibrarian, startWorld } from '../support/harness';
import { FaultyProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';

const HOSTILE = 'See <img src=x onerror="window.__pwned=1"> and [this](javascript:alert(1))';

let browser: Browser;
let backend: TestBackend;
let home: { id: string; name: string };
let proxy: FaultyProxy;
/** Ada's desk reaches the backend through the proxy, which the test cuts. */
let ada: { core: MainCore; bridge: BridgeServer; dataDir: string };
let bo: Librarian;
const patrons: PatronClient[] = [];
const pageErrors: string[] = [];

async function openPage(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => {
    pageErrors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  return page;
}

beforeAll(async () => {
  const world = await startWorld({ ticketOfferAfterMs: 3_600_000 });
  backend = world.backend;
  home = world.home;
  world.addOperator('ada', 'Ada Lovelace', world.home.id);
  world.addOperator('bo', 'Bo Diddley', world.other.id);
  proxy = new FaultyProxy(backend.server.port);
  const proxyUrl = await proxy.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-e2e-unsent-'));
  const core = new MainCore({
    settings: new SettingsStore(dataDir),
    tokenStore: new MemoryTokenStore(),
    timing: world.timing,
    embedded: null,
    dataDir,
    linkTuning: { heartbeatMs: 300, backoffBaseMs: 20, backoffCapMs: 200 },
  });
  await core.signIn(proxyUrl, 'ada', 'ada-password-123');
  await waitFor(() => core.sessionView().status === 'online', 'ada online');
  ada = { core, bridge: await startBridgeServer({ core, rendererDir: resolve('out/web') }), dataDir };
  [bo, browser] = await Promise.all([startLibrarian(backend, 'bo', world.timing), launchChromium()]);
});

afterAll(async () => {
  for (const patron of patrons) patron.close();
  await browser?.close();
  await ada?.bridge.close();
  await ada?.core.stop();
  if (ada) rmSync(ada.dataDir, { recursive: true, force: true });
  await bo?.close();
  await proxy?.close();
  await backend?.close();
  expect(pageErrors).toEqual([]);
});

/** A patron's chat on Ada's home campus, claimed by Ada in her page, which shows it. */
async function claimedByAda(page: Page, name: string, question: string): Promise<string> {
  const patron = new PatronClient(backend.server.url);
  patrons.push(patron);
  const chatId = await patron.start(home.id, name, question);
  await waitFor(() => ada.core.state.chats[chatId], 'the chat on Ada’s desk');
  await page.locator(`[data-testid="chat-${chatId}"] [data-testid=claim]`).click();
  await page.waitForSelector('[data-testid=chat-pane] [data-testid=composer]');
  return chatId;
}

describe('the conversation while the link is down', () => {
  it('shows each line typed offline as not sent yet, as text, then once as sent when the link is back', async () => {
    const page = await openPage(ada.bridge.operatorUrl);
    await page.waitForSelector('[data-testid=board]');
    const chatId = await claimedByAda(page, 'Maya', 'Where are the study rooms?');

    proxy.cut();
    await waitFor(() => ada.core.sessionView().status !== 'online', 'Ada offline');
    const composer = page.locator('[data-testid=chat-pane] [data-testid=composer]');
    for (const text of ['Let me look that up.', HOSTILE]) {
      await composer.fill(text);
      await composer.press('Enter');
    }
    const messages = page.locator('[data-testid=chat-pane] [data-testid=messages]');
    const unsent = messages.locator('[data-testid=unsent-message]');
    // The reply box sends one line at a time: the second waits in the renderer until the first is stored.
    await expect.poll(() => unsent.count()).toBeGreaterThanOrEqual(1);
    expect(await unsent.first().textContent()).toContain('Not sent yet');
    expect(await unsent.first().locator('.text').textContent()).toBe('Let me look that up.');
    expect(await messages.locator('[data-testid=message]', { hasText: 'Let me look that up.' }).count()).toBe(0);

    proxy.restore();
    await waitFor(() => ada.core.state.chats[chatId]?.messages.some((m) => m.text === HOSTILE), 'both lines stored');
    await expect.poll(() => unsent.count()).toBe(0);
    for (const text of ['Let me look that up.', HOSTILE]) {
      await expect.poll(() => messages.locator('.message .text', { hasText: text }).count()).toBe(1);
    }
    // The patron's own markup and link syntax stay text: no image, no javascript: link.
    expect(await messages.locator('img, a[href^="javascript:"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect((await ada.core.call('chat.end', { chatId })).ok).toBe(true);
    await page.close();
  });

  it('a line shown as not sent yet is never on screen twice while it is being stored', async () => {
    const page = await openPage(ada.bridge.operatorUrl);
    await page.waitForSelector('[data-testid=board]');
    const chatId = await claimedByAda(page, 'Jo', 'Can I print in color?');
    proxy.cut();
    await waitFor(() => ada.core.sessionView().status !== 'online', 'Ada offline');
    const text = 'Yes, at 50 cents a page.';
    // Counted in the page on every change of the conversation, so no frame with two copies is missed.
    await page.evaluate((line) => {
      const w = window as unknown as { __most: number };
      w.__most = 0;
      const list = document.querySelector('[data-testid=chat-pane] [data-testid=messages]')!;
      new MutationObserver(() => {
        const copies = [...list.querySelectorAll('.text')].filter((el) => el.textContent === line).length;
        w.__most = Math.max(w.__most, copies);
      }).observe(list, { childList: true, subtree: true, characterData: true });
    }, text);
    const composer = page.locator('[data-testid=chat-pane] [data-testid=composer]');
    await composer.fill(text);
    await composer.press('Enter');
    await page.locator('[data-testid=unsent-message]', { hasText: text }).waitFor();
    proxy.restore();
    await page.locator('[data-testid=message]', { hasText: text }).waitFor();
    await expect.poll(() => page.locator('[data-testid=unsent-message]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __most: number }).__most)).toBe(1);
    expect((await ada.core.call('chat.end', { chatId })).ok).toBe(true);
    await page.close();
  });
});

describe('a transfer offer', () => {
  it('quotes the question the patron typed in the name box, not the line below it', async () => {
    const adaPage = await openPage(ada.bridge.operatorUrl);
    const boPage = await openPage(bo.bridge.operatorUrl);
    await boPage.waitForSelector('[data-testid=board]');
    const asked = 'where are the nursing journals?';
    const chatId = await claimedByAda(adaPage, asked, 'please help');
    const offered = await ada.core.call('transfer.offer', { chatId, to: bo.core.sessionView().operator!.id, note: '' });
    expect(offered.ok).toBe(true);
    const question = boPage.locator('[data-testid=incoming-offer] [data-testid=offer-question]');
    await question.waitFor();
    expect(await question.textContent()).toContain(asked);
    await adaPage.close();
    await boPage.close();
  });
});
