/**
 * The desk by keyboard alone, and checked by axe-core: claim, reply and end without a mouse,
 * with the focus where the next action is; the skip link; Escape closing what was opened; the
 * live region; and zero critical, serious or moderate violations on the board (every card
 * state), a chat, every panel of the dock and every dialog, populated (colleagues online,
 * tickets, transcripts, FAQs), at each desk size (1366x768, 1024x768, 1920x1080).
 */
import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBackend } from '../support/backend';
import { DESK_SIZES, openPanel, panelIds } from '../support/dock-page';
import { type Librarian, launchChromium, startLibrarian, startWorld } from '../support/harness';
import { type PopulatedDesk, startPopulatedDesk } from '../support/populated-desk';

const TIMING = { beepIntervalMs: 500, urgentAfterMs: 1_500, ticketOfferAfterMs: 600_000 };
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let browser: Browser;
let backend: TestBackend;
let ada: Librarian; // Tunxis, admin
let bo: Librarian; // Gateway
let populated: PopulatedDesk;
const problems: string[] = [];
const timings: string[] = [];

async function openPage(url: string): Promise<Page> {
  // A context of its own: axe finishes its run in a second page of the same context.
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  // The context goes with its page. When the browser is already closing (afterAll), closing the
  // context is refused with "Target page, context or browser has been closed": nothing is left
  // to close then, and an unawaited refusal was an unhandled rejection that failed a CI run.
  page.on('close', () => void context.close().catch(() => undefined));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return page;
}

async function patronStarts(name: string, question: string, campus = 'tunxis'): Promise<Page> {
  const patron = await openPage(`${backend.server.url}/widget?campus=${campus}`);
  await patron.fill('#patron-name', name);
  await patron.fill('#patron-question', question);
  await patron.click('#start-chat');
  await patron.waitForSelector('#status >> text=/Waiting/');
  return patron;
}

const focused = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? document.activeElement?.tagName ?? null);

/** Violations axe rates critical, serious or moderate, named with where they are. */
async function violations(page: Page, what: string, include?: string, minorToo = false): Promise<string[]> {
  // Legacy mode runs axe in the page itself: no second page per run (the default opens one to finish each run).
  let builder = new AxeBuilder({ page }).withTags(WCAG).setLegacyMode(true);
  if (include) builder = builder.include(include);
  const started = Date.now();
  const result = await builder.analyze();
  timings.push(`${what}: ${Date.now() - started} ms`);
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious' || v.impact === 'moderate' || (minorToo && v.impact === 'minor'))
    .map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}: ${v.nodes[0]?.failureSummary ?? ''}`);
}

beforeAll(async () => {
  const world = await startWorld(TIMING);
  backend = world.backend;
  backend.server.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: 'ada-password-123', role: 'admin' });
  world.addOperator('bo', 'Bo Librarian', 'gateway');
  [ada, bo, browser] = await Promise.all([startLibrarian(backend, 'ada', world.timing), startLibrarian(backend, 'bo', world.timing), launchChromium()]);
  populated = await startPopulatedDesk();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([ada?.close(), bo?.close(), populated?.close()]);
  await backend?.close();
});

describe('by keyboard alone', () => {
  it('claims, replies and ends; the focus goes where the next action is; the skip link and Escape work; new chats are announced', async () => {
    const page = await openPage(ada.bridge.operatorUrl);
    await page.waitForSelector('[data-testid=board]');
    // The first Tab offers the skip link past the board.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('skip-link');

    const patron = await patronStarts('Kim', 'Can I print from my laptop?');
    await expect.poll(() => page.locator('[data-testid=live-polite]').textContent()).toContain('New chat at Tunxis Campus Library: Kim.');
    await expect.poll(() => page.locator('[data-testid=live-assertive]').textContent(), { timeout: 10_000 }).toContain('Urgent: Kim');

    await page.keyboard.press('Alt+KeyC');
    await page.locator('[data-testid=chat-pane][data-state=claimed]').waitFor();
    await expect.poll(() => focused(page)).toBe('composer');
    await page.keyboard.type('Yes: use the campus print app. Want the link?');
    await page.keyboard.press('Enter');
    await patron.waitForSelector('#messages [data-from=operator] >> text=/campus print app/');

    // Escape closes what was opened last: a drawer, a side panel, the campus card, the help.
    await page.keyboard.press('Alt+KeyH');
    await page.waitForSelector('[data-testid=crisis-panel]');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=crisis-panel]').count()).toBe(0);
    // The FAQs come back in the dock; Alt+Q still puts the keyboard in their search box.
    await page.keyboard.press('Alt+KeyQ');
    await expect.poll(() => focused(page)).toBe('faq-search');
    await page.keyboard.press('Alt+KeyS');
    await page.waitForSelector('[data-testid=transcripts-panel]');
    await expect.poll(() => focused(page)).toBe('transcript-words');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=transcripts-panel]').count()).toBe(0);
    await page.keyboard.press('F1');
    await page.waitForSelector('[data-testid=shortcuts-help]');
    expect(await page.locator('[data-testid=shortcuts-help]').textContent()).toContain('Alt+T');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=shortcuts-help]').count()).toBe(0);
    // Transfer and ticket have their keys: each opens its dialog for the chat in front; Escape closes
    // that dialog only (the crisis drawer behind it stays until the next Escape).
    await page.keyboard.press('Alt+KeyH');
    await page.waitForSelector('[data-testid=crisis-panel]');
    await page.keyboard.press('Alt+KeyT');
    await page.waitForSelector('[data-testid=transfer-dialog]');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=transfer-dialog]').count()).toBe(0);
    expect(await page.locator('[data-testid=crisis-panel]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=crisis-panel]').count()).toBe(0);
    await page.keyboard.press('Alt+KeyK');
    await page.waitForSelector('[data-testid=ticket-dialog]');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=ticket-dialog]').count()).toBe(0);

    // Back to the reply box, then end: Alt+X puts the focus on the confirmation, Enter ends.
    await page.keyboard.press('Alt+KeyR');
    expect(await focused(page)).toBe('composer');
    await page.keyboard.press('Alt+KeyX');
    await expect.poll(() => focused(page)).toBe('end-chat');
    // The button asks first; it says so once the focus has moved there.
    await expect.poll(() => page.locator('[data-testid=end-chat]').textContent()).toBe('Really end?');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=chat-pane][data-state=ended]').waitFor();
    await patron.waitForSelector('#status >> text=/ended/');

    // Alt+C while holding a chat warns first; Enter claims anyway.
    const one = await patronStarts('Lee', 'Are group study rooms free now?');
    const two = await patronStarts('Max', 'Is the library open Sunday?');
    await page.keyboard.press('Alt+KeyC');
    await page.locator('[data-testid=chat-pane][data-state=claimed]').waitFor();
    await page.keyboard.press('Alt+KeyC');
    await page.waitForSelector('[data-testid=claim-confirm]');
    await expect.poll(() => focused(page)).toBe('claim-confirm-yes');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=chat-tab]').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => focused(page)).toBe('composer');
    // Alt+↑ and Alt+↓ move between the chat tabs.
    const selected = () => page.locator('[data-testid=chat-tab][aria-selected=true]').getAttribute('data-chat-id');
    const before = await selected();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(selected).not.toBe(before);
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(selected).toBe(before);
    expect(problems).toEqual([]);
    await Promise.all([page.close(), patron.close(), one.close(), two.close()]);
  });
});

describe.each(DESK_SIZES)('axe-core at $width x $height', (size) => {
  it('finds no critical, serious or moderate violation on the board, a chat, every panel and every dialog, populated', async () => {
    // A desk mid-shift: two colleagues on (one at the patron's campus), tickets, transcripts, FAQs, notes.
    const page = await browser.newPage({ viewport: size });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(populated.ada.bridge.operatorUrl);
    await page.waitForSelector('[data-level=urgent]', { timeout: 20_000 });
    const at = `${size.width}x${size.height}`;
    const found: string[] = [];
    for (const fold of await page.locator('[data-testid=ended-fold] summary').all()) await fold.click();
    found.push(...(await violations(page, `${at} board`, '[data-testid=board]')));
    found.push(...(await violations(page, `${at} top bar`, '.top-bar')));

    await page.click(`[data-testid=chat-${populated.mine}] button:has-text("Open")`);
    await page.waitForSelector('[data-testid=chat-pane][data-state=claimed]');
    await page.locator('[data-testid=composer]').fill('Try https://apastyle.apa.org/style-grammar-guidelines, Merry Christmas');
    await page.locator('[data-testid=composer]').press('Enter'); // the warnings show
    found.push(...(await violations(page, `${at} chat`, '.workspace')));
    await page.locator('[data-testid=composer]').fill('/');
    await page.waitForSelector('[data-testid=template-picker]');
    found.push(...(await violations(page, `${at} template picker`, '.workspace')));
    await page.locator('[data-testid=composer]').fill('');

    // Every panel the registry offers, in its populated state.
    const { strip, menu } = await panelIds(page);
    expect(strip.length + menu.length).toBeGreaterThanOrEqual(15);
    await page.click('[data-testid=open-menu]');
    found.push(...(await violations(page, `${at} menu`, '[data-testid=desk-menu]')));
    await page.keyboard.press('Escape');
    for (const id of [...strip, ...menu]) {
      await openPanel(page, id, menu.includes(id));
      if (id === 'faqs') await page.fill('[data-testid=faq-search]', 'renew');
      if (id === 'transcripts') await page.fill('[data-testid=transcript-words]', 'Sunday');
      if (id === 'transcript') await page.click('[data-testid=transcript-view]');
      if (id === 'interview') {
        await page.click('[data-testid=location-off]');
        await page.click('[data-testid=assignment-yes]');
      }
      if (id === 'template-editor') await page.locator('[data-testid=template-entry] button').first().click();
      if (id === 'faqs') await page.locator('[data-testid=faq-hit]').first().waitFor();
      if (id === 'transcripts') await page.locator('[data-testid=transcript-hit]').first().waitFor();
      found.push(...(await violations(page, `${at} panel ${id}`, '[data-testid=dock]')));
      if (id === 'tickets') {
        await page.locator('.ticket-row').first().click();
        await page.waitForSelector('[data-testid=ticket-view]');
        found.push(...(await violations(page, `${at} ticket details`, '[data-testid=dock]')));
      }
    }

    // Dialogs: transfer (with colleagues online), ticket, link, incident report, the patron form, the claim warning, the chat note.
    await page.click('[data-testid=open-transfer]');
    await page.waitForSelector('[data-testid=transfer-dialog] [data-testid^=transfer-to-]');
    found.push(...(await violations(page, `${at} transfer dialog`, '[data-testid=transfer-dialog]')));
    await page.keyboard.press('Escape');
    await page.click('[data-testid=open-ticket]');
    await page.waitForSelector('[data-testid=ticket-dialog]');
    found.push(...(await violations(page, `${at} ticket dialog`, '[data-testid=ticket-dialog]')));
    await page.keyboard.press('Escape');
    await page.click('[data-testid=open-chat-note]');
    found.push(...(await violations(page, `${at} chat note`, '.workspace')));
    await page.click('[data-testid=open-chat-note]');
    await page.click('[data-testid=insert-link]');
    await page.waitForSelector('[data-testid=link-dialog]');
    found.push(...(await violations(page, `${at} link dialog`, '[data-testid=link-dialog]')));
    await page.keyboard.press('Escape');
    await openPanel(page, 'abuse', false);
    await page.click('[data-testid=report-incident]');
    await page.waitForSelector('[data-testid=incident-dialog]');
    found.push(...(await violations(page, `${at} incident dialog`, '[data-testid=incident-dialog]', true)));
    await page.keyboard.press('Escape');
    await page.click('[data-testid=edit-patron]');
    found.push(...(await violations(page, `${at} patron form`, '[data-testid=chat-pane]')));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+KeyC');
    await page.waitForSelector('[data-testid=claim-confirm]');
    found.push(...(await violations(page, `${at} claim warning`, '[data-testid=claim-confirm]')));
    await page.keyboard.press('Escape');
    await page.screenshot({ path: `.tmp/accessibility-${at}.png` });

    writeFileSync(`.tmp/axe-violations-${at}.txt`, found.join('\n'));
    writeFileSync(`.tmp/axe-timings-${at}.txt`, timings.join('\n'));
    expect(found.join('\n')).toBe('');
    expect(problems).toEqual([]);
    await page.close();
  }, 600_000); // some thirty axe runs on a shared machine
});

describe('axe-core on the patron widget', () => {
  it('finds no critical, serious or moderate violation on the patron page in a chat', async () => {
    const patron = await patronStarts('Mia', 'how do I cite a podcast in APA?');
    const found = await violations(patron, 'patron widget');
    expect(found.join('\n')).toBe('');
    await patron.close();
  });
});
