import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Librarian, launchChromium, soundsPlayed, startLibrarian, startWorld } from '../support/harness';
import type { TestBackend } from '../support/backend';
import { waitFor } from '../support/wait';

const XSS = ['<img src=x onerror=alert(1)>', '<script>window.__pwned=1</script>', '<a href="javascript:alert(1)">click</a>'];

let browser: Browser;
let backend: TestBackend;
let ada: Librarian; // home campus of the patron
let bo: Librarian; // another campus
let homeCampus: { id: string; name: string };
const dialogs: string[] = [];

async function openPage(url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => dialogs.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return page;
}

beforeAll(async () => {
  const world = await startWorld();
  backend = world.backend;
  homeCampus = world.home;
  world.addOperator('ada', 'Ada Lovelace', world.home.id);
  world.addOperator('bo', 'Bo Diddley', world.other.id);
  [ada, bo, browser] = await Promise.all([startLibrarian(backend, 'ada', world.timing), startLibrarian(backend, 'bo', world.timing), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([ada?.close(), bo?.close()]);
  await backend?.close();
});

async function startPatron(name: string, question: string): Promise<Page> {
  const patron = await openPage(`${backend.server.url}/widget?campus=${homeCampus.id}`);
  await patron.fill('#patron-name', name);
  await patron.fill('#patron-question', question);
  return patron;
}

describe('one chat from patron to librarian, in Chromium', () => {
  it('shows a new chat within 1 s with a ping, claims, talks both ways, shows "claimed by" to others, ends', async () => {
    const adaPage = await openPage(ada.bridge.operatorUrl);
    const boPage = await openPage(bo.bridge.operatorUrl);
    await adaPage.waitForSelector('[data-testid=board]');
    await boPage.waitForSelector('[data-testid=board]');

    const patron = await startPatron('Maya', 'What time do you close today?');
    const clickedAt = Date.now();
    await patron.click('#start-chat');
    const card = adaPage.locator('[data-testid^=chat-][data-state=waiting]');
    await card.first().waitFor({ timeout: 5_000 });
    const shownAfter = Date.now() - clickedAt;
    expect(shownAfter).toBeLessThan(1_000);
    await expect.poll(() => card.first().getAttribute('data-level')).toBe('yours');
    await expect.poll(() => boPage.locator('[data-testid^=chat-][data-state=waiting]').first().getAttribute('data-level')).toBe('other');

    // The ping was requested by main and started by howler in the page.
    const sounds = await waitFor(
      () => soundsPlayed(ada).then((log) => log.filter((s) => s.sound === 'ping-1')).then((l) => (l.length > 0 ? l : null)),
      'ping-1 played',
    );
    expect(sounds[0]?.volume).toBeGreaterThan(0);
    // Audio is running (autoplay allowed, as in the desktop app), so no "sound is off" warning.
    await expect.poll(() => adaPage.locator('[data-testid=sound-gate]').count()).toBe(0);

    await card.first().locator('[data-testid=claim]').click();
    await adaPage.waitForSelector('[data-testid=chat-pane]');
    await expect.poll(() => boPage.locator('[data-testid=claimed-by]').first().textContent()).toBe('Claimed by Ada Lovelace');
    await patron.waitForSelector('#status >> text=/Ada Lovelace/');

    await adaPage.fill('[data-testid=composer]', 'Hi Maya! We close at 9 pm today.');
    await adaPage.click('[data-testid=send]');
    await patron.waitForSelector('#messages [data-from=operator] >> text=We close at 9 pm today.');
    await patron.fill('#message-input', 'Thanks a lot');
    await patron.click('#send');
    await adaPage.waitForSelector('[data-testid=message][data-from=patron] >> text=Thanks a lot');

    await adaPage.click('[data-testid=end-chat]');
    await adaPage.click('[data-testid=end-chat]'); // confirm
    await patron.waitForSelector('#status >> text=/ended/i');
    await expect.poll(() => boPage.locator('[data-state=ended]').count()).toBeGreaterThan(0);
    await Promise.all([adaPage.close(), boPage.close(), patron.close()]);
  });

  it('keeps hostile patron text inert on both pages', async () => {
    const adaPage = await openPage(ada.bridge.operatorUrl);
    await adaPage.waitForSelector('[data-testid=board]');
    const patron = await startPatron(XSS[0]!, XSS.join(' '));
    await patron.click('#start-chat');
    const card = adaPage.locator('[data-testid^=chat-][data-state=waiting]').first();
    await card.waitFor();
    await card.locator('[data-testid=claim]').click();
    await adaPage.waitForSelector('[data-testid=chat-pane]');
    for (const text of XSS) {
      await patron.fill('#message-input', text);
      await patron.click('#send');
    }
    await adaPage.fill('[data-testid=composer]', XSS[2]!);
    await adaPage.click('[data-testid=send]');
    await expect.poll(() => adaPage.locator('[data-testid=message][data-from=patron]').count()).toBe(1 + XSS.length);
    await expect.poll(() => patron.locator('#messages [data-from=operator]').count()).toBe(1);

    for (const page of [adaPage, patron]) {
      const probe = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
        imgs: document.querySelectorAll('img').length,
        scripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
        jsLinks: [...document.querySelectorAll('a')].filter((a) => a.href.startsWith('javascript:')).length,
        text: document.body.innerText,
      }));
      expect(probe.pwned).toBeNull();
      expect(probe.imgs).toBe(0);
      expect(probe.scripts).toBe(0);
      expect(probe.jsLinks).toBe(0);
      for (const text of XSS) expect(probe.text).toContain(text);
    }
    // The hostile name on the card is text too.
    expect(await adaPage.locator('[data-testid^=chat-] .question').first().textContent()).toContain('<script>');
    expect(dialogs).toEqual([]);
    const chatId = await adaPage.locator('[data-testid=chat-pane]').getAttribute('data-chat-id');
    expect(await ada.core.call('chat.end', { chatId: chatId ?? '' })).toMatchObject({ ok: true });
    await Promise.all([adaPage.close(), patron.close()]);
  });

  it('warns before a second chat, and keeps every unsent reply with its own chat', async () => {
    const adaPage = await openPage(ada.bridge.operatorUrl);
    await adaPage.waitForSelector('[data-testid=board]');
    const first = await startPatron('Ana', 'Where is the quiet floor?');
    await first.click('#start-chat');
    const second = await startPatron('Ben', 'Can I book a study room?');
    await second.click('#start-chat');
    const cardOf = (name: string) => adaPage.locator('[data-testid^=chat-][data-state=waiting]', { hasText: name });
    await cardOf('Ana').locator('[data-testid=claim]').click();
    await adaPage.waitForSelector('[data-testid=chat-pane] >> text=Where is the quiet floor?');

    // The second claim asks first.
    await cardOf('Ben').locator('[data-testid=claim]').click();
    await cardOf('Ben').locator('[data-testid=claim-anyway]').click();
    await adaPage.waitForSelector('[data-testid=chat-pane] >> text=Can I book a study room?');

    await adaPage.fill('[data-testid=composer]', 'Half a reply for Ben');
    await adaPage.locator('[data-testid^=chat-]', { hasText: 'Ana' }).locator('button', { hasText: 'Open' }).click();
    await adaPage.waitForSelector('[data-testid=chat-pane] >> text=Where is the quiet floor?');
    expect(await adaPage.inputValue('[data-testid=composer]')).toBe('');
    await adaPage.locator('[data-testid^=chat-]', { hasText: 'Ben' }).locator('button', { hasText: 'Open' }).click();
    await adaPage.waitForSelector('[data-testid=chat-pane] >> text=Can I book a study room?');
    expect(await adaPage.inputValue('[data-testid=composer]')).toBe('Half a reply for Ben');
    await Promise.all([adaPage.close(), first.close(), second.close()]);
  });
});
