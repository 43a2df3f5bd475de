/**
 * Accounts and the audit log end to end in Chromium: an administrator adds a librarian (the
 * temporary password shown once), disables a colleague by keyboard after a confirmation (their
 * desk is signed out at once), resets a password, and reads them in the audit log; the sign-in form asks a
 * librarian with a temporary password to choose their own and tells a disabled one so in words.
 * axe finds nothing critical, serious or moderate on either panel or the new-password form.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { type BridgeServer, startBridgeServer } from '../../src/main/browser/bridge-server';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import type { TestBackend } from '../support/backend';
import { e2ePages } from '../support/e2e-pages';
import { type Librarian, launchChromium, startLibrarian, startWorld } from '../support/harness';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let browser: Browser;
let backend: TestBackend;
let world: Awaited<ReturnType<typeof startWorld>>;
let ada: Librarian; // Tunxis, administrator
let lou: Librarian; // Tunxis, librarian: disabled in the test
const pages = e2ePages(() => browser);

async function axeProblems(page: Page, include: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).setLegacyMode(true).include(include).analyze();
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious' || v.impact === 'moderate')
    .map((v) => `${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

beforeAll(async () => {
  world = await startWorld({ beepIntervalMs: 7_000, urgentAfterMs: 20_000, ticketOfferAfterMs: 600_000 });
  backend = world.backend;
  backend.server.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: 'ada-password-123', role: 'admin' });
  world.addOperator('lou', 'Lou Reed', 'tunxis');
  world.addOperator('bo', 'Bo Diddley', 'gateway');
  [ada, lou, browser] = await Promise.all([startLibrarian(backend, 'ada', world.timing), startLibrarian(backend, 'lou', world.timing), launchChromium()]);
});

afterAll(async () => {
  await pages.closeAll();
  await browser?.close();
  await Promise.all([ada?.close(), lou?.close()]);
  await backend?.close();
});

let temporaryPassword = '';

describe('the accounts panel', () => {
  it("lists the campus's accounts, adds one with a temporary password, and disables one by keyboard after asking", async () => {
    const page = await pages.desk(ada);
    await page.click('[data-testid=open-menu]');
    await page.click('[data-testid=open-accounts]');
    const rows = page.getByTestId('account-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.locator('[data-testid=account-row][data-username=bo]').count()).toBe(0);
    expect(await page.locator('#accounts-title').textContent()).toMatch(/^Accounts · Tunxis/);

    // Add: by keyboard, Enter submits; the temporary password is shown once, as text.
    await page.getByTestId('add-account').press('Enter');
    await page.getByTestId('new-username').fill('nia');
    await page.getByTestId('new-name').fill('Nia <b>New</b>');
    await page.getByTestId('new-name').press('Enter');
    const said = page.getByTestId('accounts-said');
    // A new password hash is deliberately slow (scrypt), the more on a shared machine.
    await expect.poll(() => said.textContent(), { timeout: 20_000 }).toContain('Give them this temporary password');
    temporaryPassword = /temporary password: (\S+)\./.exec((await said.textContent()) ?? '')?.[1] ?? '';
    expect(temporaryPassword).toMatch(/^[a-z2-9]{14}$/);
    await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(3);
    expect(await page.locator('.account-name b').count()).toBe(0);

    // Disable Lou, by keyboard: pick the row, the button, then confirm (the confirmation takes the focus).
    await page.locator('[data-testid=account-row][data-username=lou]').press('Enter');
    await page.getByTestId('account-disable').press('Enter');
    expect(await page.getByTestId('account-confirm-question').textContent()).toContain('Disable Lou Reed?');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('account-confirm');
    expect(await axeProblems(page, '[data-testid=accounts-panel]')).toEqual([]);
    await page.keyboard.press('Enter');
    await expect.poll(() => said.textContent(), { timeout: 10_000 }).toContain('Lou Reed is disabled');
    // Lou's desk is signed out at once.
    await expect.poll(() => lou.core.sessionView().status, { timeout: 10_000 }).toBe('signed_out');
    await expect.poll(() => page.getByTestId('account-status').textContent(), { timeout: 5_000 }).toContain('Disabled');

    // A refusal shows in words: Ada cannot disable herself (no button), and the backend refuses a head for her.
    expect(await page.locator('[data-testid=account-row][data-username=ada]').count()).toBe(1);
    await page.locator('[data-testid=account-row][data-username=ada]').click();
    expect(await page.getByTestId('account-disable').count()).toBe(0);
    expect(await page.getByTestId('account-reset-password').count()).toBe(0);

    // Reset Nia's password before she ever signed in: a new temporary one replaces the first.
    await page.locator('[data-testid=account-row][data-username=nia]').press('Enter');
    await page.getByTestId('account-reset-password').press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => said.textContent(), { timeout: 20_000 }).toContain('Give Nia <b>New</b> this temporary password');
    const first = temporaryPassword;
    temporaryPassword = /temporary password: (\S+)\./.exec((await said.textContent()) ?? '')?.[1] ?? '';
    expect(temporaryPassword).toMatch(/^[a-z2-9]{14}$/);
    expect(await backend.server.login('nia', first)).toBeNull();
    expect(await axeProblems(page, '[data-testid=accounts-panel]')).toEqual([]);
    expect(pages.problems).toEqual([]);
  }, 120_000);

  it('the audit log shows the three actions, newest first, as text', async () => {
    const page = await pages.desk(ada);
    await page.click('[data-testid=open-menu]');
    await page.click('[data-testid=open-audit]');
    const entries = page.getByTestId('audit-entry');
    await expect.poll(() => entries.count(), { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    expect(await entries.nth(0).getAttribute('data-action')).toBe('account.reset-password');
    expect(await entries.nth(0).textContent()).toContain('Ada Lovelace reset the password of nia');
    expect(await entries.nth(0).textContent()).not.toContain(temporaryPassword);
    expect(await entries.nth(1).textContent()).toContain('Ada Lovelace disabled the account lou');
    expect(await entries.nth(1).textContent()).toContain('disabled: false → true');
    expect(await entries.nth(2).textContent()).toContain('added the account nia');
    expect(await page.locator('[data-testid=audit-panel] b').count()).toBe(0);
    expect(await axeProblems(page, '[data-testid=audit-panel]')).toEqual([]);
    expect(pages.problems).toEqual([]);
  }, 120_000);
});

describe("the head of reference's accounts", () => {
  it('lists every campus and moves a librarian to another campus', async () => {
    backend.server.addOperator({ username: 'hana', name: 'Hana Head', campus: 'capital', password: 'hana-password-123', role: 'head' });
    const hana = await startLibrarian(backend, 'hana', world.timing);
    try {
      const page = await pages.desk(hana);
      await page.click('[data-testid=open-menu]');
      await page.click('[data-testid=open-accounts]');
      await expect.poll(() => page.locator('#accounts-title').textContent(), { timeout: 5_000 }).toBe('Accounts · every campus');
      await page.locator('[data-testid=account-row][data-username=bo]').click();
      await page.getByTestId('account-campus').selectOption('tunxis');
      await page.getByTestId('account-save-campus').click();
      const said = page.getByTestId('accounts-said');
      await expect.poll(() => said.textContent(), { timeout: 10_000 }).toMatch(/^Bo Diddley now belongs to Tunxis/);
      expect(await page.locator('[data-testid=account-row][data-username=bo]').textContent()).toContain('Tunxis');
      expect(await axeProblems(page, '[data-testid=accounts-panel]')).toEqual([]);
      expect(pages.problems).toEqual([]);
    } finally {
      await hana.close();
    }
  }, 120_000);
});

describe('the sign-in form', () => {
  let core: MainCore;
  let bridge: BridgeServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deskbell-accounts-signin-'));
    core = new MainCore({ settings: new SettingsStore(dir), tokenStore: new MemoryTokenStore(), timing: world.timing, embedded: null, dataDir: dir, configuredBackendUrl: backend.server.url });
    bridge = await startBridgeServer({ core, rendererDir: resolve('out/web') });
  });
  afterAll(async () => {
    await bridge?.close();
    await core?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says a disabled account is disabled, and has a librarian with a temporary password choose their own', async () => {
    const page = await pages.open(bridge.operatorUrl);
    const error = page.getByTestId('sign-in-error');
    await page.getByTestId('username').fill('lou');
    await page.getByTestId('password').fill('lou-password-123');
    await page.getByTestId('password').press('Enter');
    await expect.poll(() => error.textContent(), { timeout: 20_000 }).toBe('this account is disabled: ask an administrator of your campus');

    await page.getByTestId('username').fill('nia');
    await page.getByTestId('password').fill(temporaryPassword);
    await page.getByTestId('password').press('Enter');
    await page.getByTestId('choose-password').waitFor({ timeout: 20_000 });
    expect(await error.count()).toBe(0);
    expect(await axeProblems(page, 'form')).toEqual([]);
    await page.getByTestId('new-password').fill('nias own password');
    await page.getByTestId('repeat-password').fill('nias own passwort');
    await page.getByTestId('repeat-password').press('Enter');
    await expect.poll(() => error.textContent()).toBe('The two new passwords are not the same.');
    await page.getByTestId('repeat-password').fill('nias own password');
    await page.getByTestId('repeat-password').press('Enter');
    await page.getByTestId('board').waitFor({ timeout: 20_000 });
    expect(core.sessionView().operator?.name).toBe('Nia <b>New</b>');
    // The temporary password no longer works; hers does.
    expect(await backend.server.login('nia', temporaryPassword)).toBeNull();
    expect(await backend.server.login('nia', 'nias own password')).not.toBeNull();
    expect(pages.problems).toEqual([]);
  }, 120_000);
});
