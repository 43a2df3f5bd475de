/**
 * A shared desk PC: librarian A signs in through the form in Chromium, claims a chat, leaves a
 * draft, mutes and goes away; then signs out, and B signs in at the same desk (the same main
 * core, the same data folder, the same browser page). Nothing of A's must be visible to B: not
 * in main (desk, session, token, mute, presence, sounds, cached files), not in the renderer
 * (board, drafts, open chat, notices, storage), and A's session is over on the server.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeServer, startBridgeServer } from '../../src/main/browser/bridge-server';
import { FileTokenStore } from '../../src/main/browser/file-token-store';
import { ensureLibrarianDir, librarianDir } from '../../src/main/core/librarians/librarian-dir';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import type { TestBackend } from '../support/backend';
import { launchChromium, startWorld } from '../support/harness';
import { waitFor } from '../support/wait';

const DRAFT = 'Draft for Maya: the interlibrary loan form is at';
const CACHED = 'faq cache of librarian A';

let browser: Browser;
let backend: TestBackend;
let core: MainCore;
let bridge: BridgeServer;
let dataDir: string;
let page: Page;
let homeCampus: string;
let homeName: string;
let ada: { id: string };
let bo: { id: string };

beforeAll(async () => {
  const world = await startWorld();
  backend = world.backend;
  homeCampus = world.home.id;
  ada = world.addOperator('ada', 'Ada Lovelace', world.home.id);
  bo = world.addOperator('bo', 'Bo Diddley', world.other.id);
  // A is an admin (may edit the campus directory); B is not.
  world.backend.server.setRole('ada', 'admin');
  homeName = world.home.name;
  dataDir = mkdtempSync(join(tmpdir(), 'deskbell-shared-desk-'));
  core = new MainCore({
    settings: new SettingsStore(dataDir),
    tokenStore: new FileTokenStore(join(dataDir, 'session.json')),
    timing: world.timing,
    embedded: null,
    dataDir,
  });
  bridge = await startBridgeServer({ core, rendererDir: resolve('out/web') });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(bridge.operatorUrl);
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  await core?.stop();
  await backend?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function signInThroughTheForm(username: string): Promise<void> {
  await page.waitForSelector('form[aria-label="Sign in"]');
  await page.fill('[data-testid=backend-url]', backend.server.url);
  await page.fill('[data-testid=username]', username);
  await page.fill('[data-testid=password]', `${username}-password-123`);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=board]');
}

/** Everything the page holds that a person could see or a script could read back. */
async function pageContents(p: Page) {
  return p.evaluate(() => ({
    text: document.body.innerText,
    fields: [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value),
    storage: localStorage.length + sessionStorage.length,
    openChat: document.querySelector('[data-testid=chat-pane]')?.getAttribute('data-chat-id') ?? null,
    notices: document.querySelectorAll('[data-testid=notice]').length,
  }));
}

describe('a shared desk PC: A signs out, B signs in on the same data folder', () => {
  let chatId = '';
  let adaToken = '';

  it('A signs in through the form, claims a chat, leaves a draft, mutes and goes away', async () => {
    await signInThroughTheForm('ada');
    const patron = await browser.newPage();
    await patron.goto(`${backend.server.url}/widget?campus=${homeCampus}`);
    await patron.fill('#patron-name', 'Maya');
    await patron.fill('#patron-question', 'Where do I request a book from another library?');
    await patron.click('#start-chat');
    const card = page.locator('[data-testid^=chat-][data-state=waiting]').first();
    await card.waitFor();
    await card.locator('[data-testid=claim]').click();
    await page.waitForSelector('[data-testid=composer]');
    await page.fill('[data-testid=composer]', 'Hi Maya, let me look that up.');
    await page.click('[data-testid=send]');
    await patron.waitForSelector('#messages [data-from=operator]');
    await page.fill('[data-testid=composer]', DRAFT);
    await page.click('[data-testid=mute]');
    await page.selectOption('[data-testid=my-presence] select', 'away');
    chatId = (await page.locator('[data-testid=chat-pane]').getAttribute('data-chat-id')) ?? '';
    expect(chatId).not.toBe('');
    await waitFor(() => core.sessionView().presence === 'away', 'away');
    await waitFor(async () => {
      const alerts = await core.call('alerts.get', {});
      return alerts.ok && alerts.value.mutedUntil !== null;
    }, 'muted');
    // A's locally cached data, where capabilities keep it (the FAQ cache, transcripts).
    writeFileSync(join(ensureLibrarianDir(dataDir, ada.id), 'faq-cache.json'), JSON.stringify({ note: CACHED }));
    adaToken = (JSON.parse(readFileSync(join(dataDir, 'session.json'), 'utf8')) as { token: string }).token;
    // A leaves the directory open, with the home campus's editor half filled in.
    await page.click('[data-testid=open-directory]');
    await page.locator('[data-testid=directory] button', { hasText: homeName }).click();
    await page.click('[data-testid=edit-campus]');
    await page.fill('[data-testid=edit-phone]', 'half-typed by Ada');
    // The library's card took the dock from the directory, with the editor open in it.
    expect(await page.locator('[data-testid=campus-editor]').count()).toBe(1);
    expect(adaToken.length).toBeGreaterThan(16);
    await patron.close();
  });

  it('A signs out (confirming, since A holds a chat): the server session ends and main forgets A', async () => {
    await page.click('[data-testid=open-menu]');
    await page.click('[data-testid=sign-out]');
    await expect.poll(() => page.locator('[data-testid=sign-out]').textContent()).toContain('You hold 1 chat');
    await page.click('[data-testid=sign-out]');
    await page.waitForSelector('form[aria-label="Sign in"]');

    // The server: A's token no longer opens anything.
    const afterLogout = await fetch(`${backend.server.url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${adaToken}` } });
    expect(afterLogout.status).toBe(401);
    // The saved token is gone from the data folder.
    expect(existsSync(join(dataDir, 'session.json'))).toBe(false);
    // Main's memory: no desk, no session, no mute, no sounds naming A's chats.
    const view = core.sessionView();
    // Only the backend's address stays, to fill in the next librarian's form.
    expect(view).toMatchObject({ status: 'signed_out', operator: null, backendUrl: backend.server.url, presence: 'online', pending: 0 });
    expect(core.state.chats).toEqual({});
    expect(core.state.operators).toEqual({});
    const diagnostics = await core.call('diagnostics.get', {});
    expect(diagnostics.ok && diagnostics.value).toMatchObject({ chatsInMemory: 0, messagesInMemory: 0, sounds: { recent: [] } });
    const alerts = await core.call('alerts.get', {});
    expect(alerts.ok && alerts.value.mutedUntil).toBe(null);

    // The renderer: the sign-in form, empty, and nothing of A's anywhere in the page.
    const shown = await pageContents(page);
    expect(shown.text).not.toContain('Ada Lovelace');
    expect(shown.text).not.toContain('Maya');
    expect(shown.fields).toEqual([backend.server.url, '', '']);
    expect(shown.storage).toBe(0);
  });

  it("B signs in at the same desk and sees nothing that was A's", async () => {
    await signInThroughTheForm('bo');
    await waitFor(() => core.sessionView().status === 'online', 'B online');
    // Main: B's session, B's own presence and sounds; A's cached folder is not B's.
    expect(core.sessionView()).toMatchObject({ operator: { id: bo.id }, presence: 'online' });
    expect(librarianDir(dataDir, bo.id)).not.toBe(librarianDir(dataDir, ada.id));
    // B's folder holds only what B's session made (their own FAQ cache and transcript index), never a file of A's.
    const boDir = ensureLibrarianDir(dataDir, bo.id);
    const adaFiles = readdirSync(librarianDir(dataDir, ada.id));
    expect(adaFiles.length).toBeGreaterThan(0);
    expect(readdirSync(boDir).every((file) => file.startsWith('faq-cache.db') || file.startsWith('transcripts.db'))).toBe(true);
    const alerts = await core.call('alerts.get', {});
    expect(alerts.ok && alerts.value.mutedUntil).toBe(null);

    // The renderer: no draft, no open chat, no notices, no mute, B's name.
    await page.waitForSelector(`[data-testid=chat-${chatId}]`);
    const shown = await pageContents(page);
    expect(shown.text).toContain('Bo Diddley');
    expect(shown.text).not.toContain('Ada Lovelace ·'); // A's name only where the backend says A holds the chat
    expect(shown.fields.join('\n')).not.toContain(DRAFT);
    expect(shown.text).not.toContain(DRAFT);
    expect(shown.openChat).toBe(null);
    expect(shown.notices).toBe(0);
    expect(shown.storage).toBe(0);
    expect(await page.locator('[data-testid=mute-banner]').count()).toBe(0);
    expect(await page.locator('[data-testid=my-presence] select').inputValue()).toBe('online');
    // Not A's directory panel, nor A's campus editor: B, who is no admin, gets the campus card.
    expect(await page.locator('[data-testid=directory]').count()).toBe(0);
    await page.click('[data-testid=open-directory]');
    await page.locator('[data-testid=directory] button', { hasText: homeName }).click();
    await page.waitForSelector(`[data-testid=campus-info][data-campus=${homeCampus}]`);
    expect(await page.locator('[data-testid=campus-editor]').count()).toBe(0);
    expect(await page.locator('[data-testid=edit-campus]').count()).toBe(0);
    await page.click('[data-testid=open-directory]');
    // The chat A holds is the backend's to show every librarian: claimed by A, with no composer for B.
    // (A set "away" before signing out, and the board says so beside the name.)
    await expect.poll(() => page.locator(`[data-testid=chat-${chatId}] [data-testid=claimed-by]`).textContent()).toMatch(/^Claimed by Ada Lovelace( \(away\))?$/);
    expect(await page.locator('[data-testid=composer]').count()).toBe(0);
  });

  it("A, back later, finds the draft gone too: the renderer dropped it, it did not only hide it", async () => {
    await page.click('[data-testid=open-menu]');
    await page.click('[data-testid=sign-out]');
    await page.waitForSelector('form[aria-label="Sign in"]');
    await signInThroughTheForm('ada');
    await page.locator(`[data-testid=chat-${chatId}] footer button`, { hasText: 'Open' }).click();
    await page.waitForSelector('[data-testid=composer]');
    expect(await page.locator('[data-testid=composer]').inputValue()).toBe('');
    // A's own cache is still there for A.
    expect(readFileSync(join(librarianDir(dataDir, ada.id), 'faq-cache.json'), 'utf8')).toContain(CACHED);
    expect(await core.call('chat.end', { chatId })).toMatchObject({ ok: true });
  });
});
