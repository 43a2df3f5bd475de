import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closingTimeAnswer } from '../../src/shared/campuses/hours';
import type { TestBackend } from '../support/backend';
import { type Librarian, launchChromium, startLibrarian, startWorld } from '../support/harness';

let browser: Browser;
let backend: TestBackend;
let ada: Librarian; // Tunxis, admin
let bo: Librarian; // Gateway, librarian
let cy: Librarian; // Gateway, admin
const problems: string[] = [];

const FAQS = {
  tunxis: [
    { id: '201', question: 'How do I renew a book?', answer: 'Renew online in My Account, or call the circulation desk.', topics: ['Borrowing'], permalink: 'https://tunxis.libanswers.example/faq/201' },
    { id: '202', question: 'What are the library hours?', answer: 'See the hours on the library website.', topics: ['Hours'], permalink: 'https://tunxis.libanswers.example/faq/202' },
  ],
  gateway: [{ id: '301', question: 'How do I renew a laptop loan?', answer: 'Bring it to the desk.', topics: ['Technology'], permalink: 'https://gateway.libanswers.example/faq/301' }],
};

async function openPage(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return page;
}

beforeAll(async () => {
  const world = await startWorld();
  backend = world.backend;
  backend.server.addOperator({ username: 'ada', name: 'Ada Admin', campus: 'tunxis', password: 'ada-password-123', role: 'admin' });
  world.addOperator('bo', 'Bo Librarian', 'gateway');
  backend.server.addOperator({ username: 'cy', name: 'Cy Admin', campus: 'gateway', password: 'cy-password-123', role: 'admin' });
  for (const [campus, faqs] of Object.entries(FAQS)) {
    const path = join(backend.dir, `${campus}.json`);
    writeFileSync(path, JSON.stringify(faqs));
    await backend.server.importFaqs(campus, { kind: 'json', path });
  }
  [ada, bo, cy, browser] = await Promise.all([
    startLibrarian(backend, 'ada', world.timing),
    startLibrarian(backend, 'bo', world.timing),
    startLibrarian(backend, 'cy', world.timing),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([ada?.close(), bo?.close(), cy?.close()]);
  await backend?.close();
});

describe('knowledge at the librarian’s fingertips, in Chromium', () => {
  it('an admin edits Tunxis’s phone and hours in the app; another librarian sees them without a reload', async () => {
    const adaPage = await openPage(ada.bridge.operatorUrl);
    const boPage = await openPage(bo.bridge.operatorUrl);
    await Promise.all([adaPage.waitForSelector('[data-testid=board]'), boPage.waitForSelector('[data-testid=board]')]);
    // Both open Tunxis's card from the directory.
    for (const page of [adaPage, boPage]) {
      await page.click('[data-testid=open-directory]');
      await page.locator('[data-testid=directory] button', { hasText: 'Tunxis Campus Library' }).click();
      await page.waitForSelector('[data-testid=campus-info][data-campus=tunxis]');
    }
    expect(await boPage.locator('[data-testid=campus-phone] dd').textContent()).toContain('860-773-1550');
    expect(await boPage.locator('[data-testid=edit-campus]').count()).toBe(0);
    await boPage.screenshot({ path: '.tmp/knowledge-directory.png' });

    await adaPage.click('[data-testid=edit-campus]');
    await adaPage.fill('[data-testid=edit-phone]', '860-773-1599');
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) await adaPage.fill(`[data-testid=edit-hours-${day}]`, day === 'sun' ? 'closed' : '08:00-21:00');
    await adaPage.screenshot({ path: '.tmp/knowledge-editor.png' });
    await adaPage.click('[data-testid=save-campus]');
    await adaPage.waitForSelector('[data-testid=campus-info][data-campus=tunxis]');

    await expect.poll(() => boPage.locator('[data-testid=campus-phone] dd').textContent(), { timeout: 10_000 }).toContain('860-773-1599');
    expect(await boPage.locator('[data-testid=campus-phone] [title*="Entered in Deskbell by Ada Admin"]').count()).toBe(1);
    await expect.poll(() => boPage.locator('[data-testid=hours-today]').textContent()).toMatch(/Today: (8:00 AM–9:00 PM|closed)/);
    await Promise.all([adaPage.close(), boPage.close()]);
  });

  it('a Tunxis patron’s chat: FAQs scoped to Tunxis, a search, the answer inserted as a labelled permalink the patron sees as a link; "closes today" answered for Tunxis', async () => {
    const adaPage = await openPage(ada.bridge.operatorUrl);
    await adaPage.waitForSelector('[data-testid=board]');
    const patron = await openPage(`${backend.server.url}/widget?campus=tunxis`);
    await patron.fill('#patron-name', 'Maya');
    await patron.fill('#patron-question', 'Can I renew my book online?');
    await patron.click('#start-chat');

    const card = adaPage.locator('[data-testid^=chat-][data-state=waiting]').first();
    await card.waitFor();
    await card.locator('[data-testid=claim]').click();
    await adaPage.waitForSelector('[data-testid=chat-pane]');

    // The panel is already scoped to the patron's campus.
    const panel = adaPage.locator('[data-testid=faq-panel]');
    await expect.poll(() => panel.getAttribute('data-scope')).toBe('tunxis');
    await expect.poll(() => adaPage.locator('[data-testid=faq-status]').textContent()).toContain('3 FAQs on this computer');
    await adaPage.fill('[data-testid=faq-search]', 'renw');
    const hit = adaPage.locator('[data-testid=faq-hit]');
    await expect.poll(() => hit.count()).toBe(1);
    expect(await hit.first().getAttribute('data-campus')).toBe('tunxis');
    expect(await hit.first().locator('.faq-question mark').textContent()).toBe('renew');
    // All campuses: Gateway's FAQ too.
    await adaPage.check('[data-testid=faq-all-campuses]');
    await expect.poll(() => hit.count()).toBe(2);
    await adaPage.uncheck('[data-testid=faq-all-campuses]');
    await expect.poll(() => hit.count()).toBe(1);
    await adaPage.screenshot({ path: '.tmp/knowledge-faq.png' });

    await hit.first().locator('[data-testid=faq-insert]').click();
    const composer = adaPage.locator('[data-testid=composer]');
    await expect.poll(() => composer.inputValue()).toBe(
      'Renew online in My Account, or call the circulation desk.\n\nMore: [How do I renew a book?](https://tunxis.libanswers.example/faq/201)',
    );
    await adaPage.click('[data-testid=send]');
    const link = patron.locator('#messages [data-from=operator] a[data-testid=message-link]');
    await link.waitFor();
    expect(await link.textContent()).toBe('How do I renew a book?');
    expect(await link.getAttribute('href')).toBe('https://tunxis.libanswers.example/faq/201');
    expect(await patron.locator('#messages').textContent()).not.toContain('](https://');
    // The librarian's transcript shows the same labelled link.
    expect(await adaPage.locator('[data-testid=message] a[data-testid=message-link]').textContent()).toBe('How do I renew a book?');

    // A patron cannot dress a link up: their "[label](url)" is shown exactly as typed, on both sides.
    const disguised = '[Tunxis library sign-in](https://evil.example/login)';
    await patron.fill('#message-input', disguised);
    await patron.click('#send');
    const patronLine = adaPage.locator('[data-testid=message][data-from=patron]', { hasText: 'evil.example' });
    await patronLine.waitFor();
    expect(await patronLine.locator('.text').textContent()).toBe(disguised);
    expect(await patronLine.locator('a').count()).toBe(0);
    expect(await patron.locator('#messages [data-from=patron] a').count()).toBe(0);

    // "What time does the library close today?" answered for Tunxis in one click, as an editable message.
    const before = Date.now();
    await adaPage.click('[data-testid=chat-pane] [data-testid=closes-today]');
    const tunxis = ada.core.state.campuses.find((c) => c.id === 'tunxis')!;
    expect(tunxis.schedule.weekly).not.toBeNull();
    const expected = [closingTimeAnswer(tunxis, before).text, closingTimeAnswer(tunxis, Date.now()).text];
    await expect.poll(() => composer.inputValue()).toMatch(/Tunxis Campus Library/);
    expect(expected).toContain(await composer.inputValue());
    await composer.press('End');
    await composer.type(' See you soon!');
    await adaPage.click('[data-testid=send]');
    await patron.waitForSelector(`#messages [data-from=operator] >> text=${expected[1]!.slice(0, 30)}`);
    await adaPage.screenshot({ path: '.tmp/knowledge-chat.png' });
    await patron.screenshot({ path: '.tmp/knowledge-patron.png' });
    expect(problems).toEqual([]);
    await Promise.all([adaPage.close(), patron.close()]);
  });
  it('two admins edit Tunxis at once: the second is told another admin saved first and reloads, never overwriting', async () => {
    const adaPage = await openPage(ada.bridge.operatorUrl);
    await adaPage.waitForSelector('[data-testid=board]');
    await adaPage.click('[data-testid=open-directory]');
    await adaPage.locator('[data-testid=directory] button', { hasText: 'Tunxis Campus Library' }).click();
    await adaPage.click('[data-testid=edit-campus]');
    await adaPage.fill('[data-testid=edit-address]', 'Ada typed this address');

    // Meanwhile Cy, another admin at another desk, saves a new phone number.
    const live = cy.core.state.campuses.find((c) => c.id === 'tunxis')!;
    expect(await cy.core.call('campus.update', { campus: { ...live, phone: '860-773-1777' } })).toMatchObject({ ok: true });
    // Ada's form says so at once, before Ada saves.
    const notice = adaPage.locator('[data-testid=edit-conflict]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Someone else saved a change to Tunxis Campus Library while you were editing it');
    // Saving anyway is refused by the backend, which names who saved first; nothing is overwritten.
    await adaPage.click('[data-testid=save-campus]');
    await expect.poll(() => notice.textContent()).toMatch(/Cy Admin saved a change \(.+\) to the Tunxis Campus Library after you opened it/);
    expect(await adaPage.locator('[data-testid=campus-editor]').count()).toBe(1);
    expect(cy.core.state.campuses.find((c) => c.id === 'tunxis')).toMatchObject({ phone: '860-773-1777', address: live.address });
    await adaPage.screenshot({ path: '.tmp/knowledge-conflict.png' });

    // Reload: the form shows Cy's phone, and Ada's change saved now keeps it.
    await adaPage.click('[data-testid=reload-campus]');
    expect(await adaPage.locator('[data-testid=edit-phone]').inputValue()).toBe('860-773-1777');
    expect(await notice.count()).toBe(0);
    await adaPage.fill('[data-testid=edit-address]', 'Farmington, CT');
    await adaPage.click('[data-testid=save-campus]');
    await adaPage.waitForSelector('[data-testid=campus-info][data-campus=tunxis]');
    await expect.poll(() => cy.core.state.campuses.find((c) => c.id === 'tunxis')?.address).toBe('Farmington, CT');
    expect(cy.core.state.campuses.find((c) => c.id === 'tunxis')?.phone).toBe('860-773-1777');
    expect(problems).toEqual([]);
    await adaPage.close();
  });
});
