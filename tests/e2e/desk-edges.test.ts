/**
 * Rough edges of a librarian's day, end to end in Chromium: Ada at Capital and Bo at Tunxis,
 * each at their own desk on one real backend, patrons at the Tunxis widget. A chat handed on
 * keeps the sender's tab, which says where it went until dismissed; a chat not in front that
 * needs a word is marked on its tab; the crisis panel names a missing counseling page in words
 * and keeps the silence nudge away; the board shows who is away.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Librarian, launchChromium, startLibrarian, startWorld } from '../support/harness';
import type { TestBackend } from '../support/backend';
import { e2ePages } from '../support/e2e-pages';

const TIMING = { beepIntervalMs: 1_000, urgentAfterMs: 3_000, ticketOfferAfterMs: 60_000 };

let browser: Browser;
let backend: TestBackend;
let ada: Librarian; // Capital
let bo: Librarian; // Tunxis
let boId = '';

const pages = e2ePages(() => browser);
const { desk, claim, problems } = pages;
const patronChat = (name: string, question: string) => pages.patronChat(backend.server.url, 'tunxis', name, question);

const tab = (page: Page, chatId: string) => page.locator(`[data-testid=chat-tab][data-chat-id="${chatId}"]`);
/** What a tab says of its hand-over now, or null: for polling, without waiting for the element. */
const handedOverText = async (page: Page, chatId: string) => {
  const said = tab(page, chatId).locator('[data-testid=tab-handed-over]');
  return (await said.count()) > 0 ? said.textContent() : null;
};
/** An attribute now, or null when the element is not there (yet). */
const attributeNow = async (page: Page, selector: string, name: string) => ((await page.locator(selector).count()) > 0 ? page.locator(selector).getAttribute(name) : null);

beforeAll(async () => {
  const world = await startWorld(TIMING, { transferAcceptMs: 20_000 });
  backend = world.backend;
  world.addOperator('ada', 'Ada Lovelace', 'capital');
  boId = world.addOperator('bo', 'Bo Diddley', 'tunxis').id;
  [ada, bo, browser] = await Promise.all([startLibrarian(backend, 'ada', world.timing), startLibrarian(backend, 'bo', world.timing), launchChromium()]);
});

afterAll(async () => {
  await pages.closeAll();
  await browser?.close();
  await Promise.all([ada?.close(), bo?.close()]);
  await backend?.close();
});

describe('a librarian’s day: hand-overs, tabs, the crisis panel, who is away', () => {
  it('a chat handed to a colleague, and one sent to a queue: the sender’s tab says where each went, and closes when dismissed', async () => {
    const [adaPage, boPage] = await Promise.all([desk(ada), desk(bo)]);
    const patron = await patronChat('Maya', 'Can I get CINAHL from home?');
    const first = await claim(adaPage, 'Can I get CINAHL from home?');

    await adaPage.click('[data-testid=open-transfer]');
    const dialog = adaPage.locator('[data-testid=transfer-dialog]');
    await dialog.locator(`[data-testid=transfer-to-${boId}]`).click();
    await dialog.locator('[data-testid=offer-transfer]').click();
    await boPage.locator('[data-testid=incoming-offer] [data-testid=accept-offer]').click();

    // Ada's tab stays and says where the chat went.
    await expect.poll(() => handedOverText(adaPage, first), { timeout: 10_000 }).toBe('Handed to Bo Diddley at Tunxis');
    expect(await tab(adaPage, first).getAttribute('data-handed-over')).toBe('librarian');
    // Opened, the chat says so too; dismissing it closes the tab.
    await tab(adaPage, first).click();
    const note = adaPage.locator('[data-testid=handed-over]');
    await note.waitFor();
    expect(await note.textContent()).toContain('Handed to Bo Diddley at Tunxis Campus Library');
    await note.locator('[data-testid=dismiss-handed-over]').click();
    await tab(adaPage, first).waitFor({ state: 'detached' });

    // A second chat, sent to the Tunxis queue: "Sent to the Tunxis queue"; Delete on the tab dismisses it.
    const other = await patronChat('Rex', 'Where are the study rooms?');
    const second = await claim(adaPage, 'Where are the study rooms?');
    await adaPage.click('[data-testid=open-transfer]');
    await dialog.locator('[data-testid=queue-campus]').selectOption('tunxis');
    await dialog.locator('[data-testid=send-to-queue]').click();
    await expect.poll(() => handedOverText(adaPage, second), { timeout: 10_000 }).toBe('Sent to the Tunxis queue');
    await tab(adaPage, second).focus();
    await adaPage.keyboard.press('Delete');
    await tab(adaPage, second).waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
    await Promise.all([adaPage.close(), boPage.close(), patron.close(), other.close()]);
  });

  it('a held chat not in front that needs a word is marked on its tab', async () => {
    expect((await ada.core.call('settings.set', { nudges: { deadAirMs: 1_000 } })).ok).toBe(true);
    try {
      const adaPage = await desk(ada);
      const patronA = await patronChat('Lee', 'Do you have the Bio 101 textbook on reserve?');
      const a = await claim(adaPage, 'Do you have the Bio 101 textbook on reserve?');
      const patronB = await patronChat('Kim', 'Can I print in color?');
      const b = await claim(adaPage, 'Can I print in color?');
      // B is in front; A waits for a word: its tab is marked, B's is not.
      await expect.poll(() => tab(adaPage, a).getAttribute('data-nudge'), { timeout: 10_000 }).toBe('dead-air');
      expect(await tab(adaPage, a).locator('[data-testid=tab-nudge]').textContent()).toContain('needs you: the patron is waiting for a word');
      expect(await tab(adaPage, b).getAttribute('data-nudge')).toBeNull();
      // In front, the chat shows the nudge itself, and the mark goes from its tab.
      await tab(adaPage, a).click();
      await adaPage.locator(`[data-testid=chat-pane][data-chat-id="${a}"] [data-testid=nudge-dead-air]`).waitFor();
      expect(await tab(adaPage, a).getAttribute('data-nudge')).toBeNull();
      for (const id of [a, b]) expect((await ada.core.call('chat.end', { chatId: id })).ok).toBe(true);
      await Promise.all([adaPage.close(), patronA.close(), patronB.close()]);
    } finally {
      await ada.core.call('settings.set', { nudges: { deadAirMs: 60_000 } });
    }
  });

  it('the crisis panel names a missing counseling page in words, and its chat gets no silence nudge', async () => {
    expect((await ada.core.call('settings.set', { nudges: { silenceNoticeMs: 1_000 } })).ok).toBe(true);
    try {
      const adaPage = await desk(ada);
      const patronA = await patronChat('Noor', 'Is the library open on Sunday?');
      const a = await claim(adaPage, 'Is the library open on Sunday?');
      const patronB = await patronChat('Kai', 'I need help, I do not feel safe.');
      const b = await claim(adaPage, 'I do not feel safe');
      await adaPage.fill('[data-testid=composer]', 'I am here with you.');
      await adaPage.click('[data-testid=send]');
      // The crisis panel, opened by its shortcut. Tunxis has no counseling page in the directory: said in words.
      await adaPage.keyboard.press('Alt+KeyH');
      const panel = adaPage.locator('[data-testid=crisis-panel]');
      await panel.waitFor();
      const counseling = panel.locator('[data-testid=send-crisis\\.counseling]');
      expect(await counseling.isDisabled()).toBe(true);
      expect(await counseling.textContent()).toContain('no counseling page in the directory');
      expect(await counseling.getAttribute('title')).toContain('The directory has no counseling page for Tunxis Campus Library');
      expect(await counseling.getAttribute('title')).not.toContain('{');
      expect(await panel.locator('[data-testid=crisis-counseling]').textContent()).toBe('no counseling page in the directory');

      // A, answered after B and then quiet past the threshold, is offered the silence notice...
      await tab(adaPage, a).click();
      await adaPage.fill('[data-testid=composer]', 'Let me check the Sunday hours.');
      await adaPage.click('[data-testid=send]');
      await adaPage.locator(`[data-testid=chat-pane][data-chat-id="${a}"] [data-testid=nudge-silence]`).waitFor({ timeout: 10_000 });
      // ...while B's patron, quiet longer still, is not: the crisis panel was used in that chat.
      expect(await tab(adaPage, b).getAttribute('data-nudge')).toBeNull();
      await tab(adaPage, b).click();
      await adaPage.locator(`[data-testid=chat-pane][data-chat-id="${b}"]`).waitFor();
      expect(await adaPage.locator('[data-testid=nudge-silence]').count()).toBe(0);
      expect(problems).toEqual([]);
      for (const id of [a, b]) expect((await ada.core.call('chat.end', { chatId: id })).ok).toBe(true);
      await Promise.all([adaPage.close(), patronA.close(), patronB.close()]);
    } finally {
      await ada.core.call('settings.set', { nudges: { silenceNoticeMs: 300_000 } });
    }
  });

  it('the board shows who is away, on their campus’s queue', async () => {
    const [adaPage, boPage] = await Promise.all([desk(ada), desk(bo)]);
    const patron = await patronChat('Jo', 'When does the library close today?');
    await adaPage.locator('[data-testid^=chat-][data-state=waiting]', { hasText: 'When does the library close' }).waitFor();
    const onQueue = `[data-testid=queue-tunxis] [data-testid=queue-staff-${boId}]`;
    const boOnQueue = adaPage.locator(onQueue);
    await expect.poll(() => attributeNow(adaPage, onQueue, 'data-presence')).toBe('online');
    bo.core.setPresence('away', 'operator');
    await expect.poll(() => attributeNow(adaPage, onQueue, 'data-presence')).toBe('away');
    expect(await boOnQueue.textContent()).toContain('Bo Diddley (away)');
    // Bo's own board: a waiting chat rings only once urgent while away, and says so.
    await boPage.locator('[data-testid^=chat-][data-state=waiting] [data-testid=held-away]').first().waitFor();
    // Bo's own status is in Bo's header, marked, so Away is never forgotten.
    await expect.poll(() => boPage.locator('[data-testid=my-presence]').getAttribute('data-presence')).toBe('away');
    expect(await boPage.locator('[data-testid=my-presence] select').inputValue()).toBe('away');
    expect(await boPage.locator('[data-testid=my-presence]').evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    bo.core.setPresence('online', 'operator');
    await expect.poll(() => boOnQueue.getAttribute('data-presence')).toBe('online');
    await Promise.all([adaPage.close(), boPage.close(), patron.close()]);
  });
});
