/**
 * The desk by keyboard alone, and checked by axe-core: claim, reply and end without a mouse,
 * with the focus where the next action is; the skip link; Escape closing what was opened; the
 * live region; and zero critical, serious or moderate violations on the board (every card
 * state), a chat, each drawer and panel, and each dialog.
 */
import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBackend } from '../support/backend';
import { type Librarian, launchChromium, startLibrarian, startWorld } from '../support/harness';

const TIMING = { beepIntervalMs: 500, urgentAfterMs: 1_500, ticketOfferAfterMs: 600_000 };
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let browser: Browser;
let backend: TestBackend;
let ada: Librarian; // Tunxis, admin
let bo: Librarian; // Gateway
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
async function violations(page: Page, what: string, include?: string): Promise<string[]> {
  // Legacy mode runs axe in the page itself: no second page per run (the default opens one to finish each run).
  let builder = new AxeBuilder({ page }).withTags(WCAG).setLegacyMode(true);
  if (include) builder = builder.include(include);
  const started = Date.now();
  const result = await builder.analyze();
  timings.push(`${what}: ${Date.now() - started} ms`);
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious' || v.impact === 'moderate')
    .map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}: ${v.nodes[0]?.failureSummary ?? ''}`);
}

beforeAll(async () => {
  const world = await startWorld(TIMING);
  backend = world.backend;
  backend.server.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: 'ada-password-123', role: 'admin' });
  world.addOperator('bo', 'Bo Librarian', 'gateway');
  [ada, bo, browser] = await Promise.all([startLibrarian(backend, 'ada', world.timing), startLibrarian(backend, 'bo', world.timing), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([ada?.close(), bo?.close()]);
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
    expect(await page.locator('[data-testid=end-chat]').textContent()).toBe('Really end?');
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

describe('axe-core', () => {
  it('finds no critical, serious or moderate violation on the board, a chat, each drawer, panel and dialog', async () => {
    const page = await openPage(ada.bridge.operatorUrl);
    const boPage = await openPage(bo.bridge.operatorUrl);
    await page.waitForSelector('[data-testid=board]');
    const found: string[] = [];

    // Every card state: waiting (own campus, other campus), urgent, claimed by me, claimed by someone else, ended.
    const ended = await patronStarts('Ended Patron', 'An answered question');
    const mine = await patronStarts('Mia', 'how do I cite a podcast in APA?', 'tunxis');
    const theirs = await patronStarts('Theo', 'Where is the Gateway library?', 'gateway');
    const urgent = await patronStarts('Uma', 'Is anyone there?', 'tunxis');
    await boPage.locator('[data-testid^=chat-]', { hasText: 'Where is the Gateway library?' }).locator('[data-testid=claim]').click();
    await page.locator('[data-testid^=chat-]', { hasText: 'An answered question' }).locator('[data-testid=claim]').click();
    // Ada still holds the keyboard test's chats: a further claim asks first.
    await page.locator('[data-testid=claim-anyway]').click();
    await page.locator('[data-testid=chat-pane][data-state=claimed]', { hasText: 'An answered question' }).waitFor();
    await page.locator('[data-testid=end-chat]').click();
    await page.locator('[data-testid=end-chat]').click();
    await page.locator('[data-testid=chat-pane][data-state=ended]').waitFor();
    await page.locator('[data-testid^=chat-][data-level=urgent]').first().waitFor({ timeout: 10_000 });
    const fresh = await patronStarts('Fay', 'Just arrived', 'gateway');
    await page.locator('[data-testid^=chat-][data-level=other]').first().waitFor();
    for (const fold of await page.locator('[data-testid=ended-fold] summary').all()) await fold.click();
    found.push(...(await violations(page, 'board')));

    await page.locator('[data-testid^=chat-]', { hasText: 'cite a podcast' }).locator('[data-testid=claim]').click();
    await page.locator('[data-testid^=chat-]', { hasText: 'cite a podcast' }).locator('[data-testid=claim-anyway]').click().catch(() => undefined);
    await page.locator('[data-testid=chat-pane][data-state=claimed]').waitFor();
    await mine.fill('#message-input', 'see https://apastyle.apa.org for the rules');
    await mine.click('#send');
    await page.locator('[data-testid=composer]').fill('Try https://apastyle.apa.org/style-grammar-guidelines, Merry Christmas');
    await page.locator('[data-testid=composer]').press('Enter'); // the warnings show
    found.push(...(await violations(page, 'chat', '.side')));
    for (const drawer of ['templates', 'checklist', 'crisis', 'abuse', 'transcript']) {
      await page.locator(`[data-testid=drawer-${drawer}]`).click();
      if (drawer === 'transcript') await page.click('[data-testid=transcript-view]');
      if (drawer === 'checklist') {
        await page.click('[data-testid=location-off]');
        await page.click('[data-testid=assignment-yes]');
      }
      found.push(...(await violations(page, `drawer ${drawer}`, '[data-testid=chat-pane]')));
    }
    await page.locator('[data-testid=composer]').fill('/');
    await page.waitForSelector('[data-testid=template-picker]');
    found.push(...(await violations(page, 'template picker', '[data-testid=chat-pane]')));
    await page.locator('[data-testid=composer]').fill('');

    // Dialogs.
    await page.click('[data-testid=insert-link]');
    await page.waitForSelector('[data-testid=link-dialog]');
    found.push(...(await violations(page, 'link dialog', '[data-testid=link-dialog]')));
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=drawer-abuse]').click();
    await page.click('[data-testid=report-incident]');
    await page.waitForSelector('[data-testid=incident-dialog]');
    found.push(...(await violations(page, 'incident dialog', '[data-testid=incident-dialog]')));
    await page.keyboard.press('Escape');
    await page.click('[data-testid=edit-patron]');
    found.push(...(await violations(page, 'patron form', '[data-testid=chat-pane]')));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+KeyC');
    await page.waitForSelector('[data-testid=claim-confirm]');
    found.push(...(await violations(page, 'claim warning', '[data-testid=claim-confirm]')));
    await page.keyboard.press('Escape');

    // Side panels and the campus card.
    await page.click('[data-testid=patron-card-name]');
    await page.waitForSelector('[data-testid=campus-info]');
    found.push(...(await violations(page, 'campus card', '[data-testid=campus-info]')));
    await page.keyboard.press('Escape');
    for (const [button, panel] of [
      ['open-transcripts', 'transcripts-panel'],
      ['open-template-editor', 'template-editor'],
      ['open-shortcuts', 'shortcuts-help'],
      ['open-directory', 'directory'],
    ] as const) {
      await page.click(`[data-testid=${button}]`);
      await page.waitForSelector(`[data-testid=${panel}]`);
      if (panel === 'template-editor') await page.locator('[data-testid=template-entry] button').first().click();
      if (panel === 'transcripts-panel') await page.fill('[data-testid=transcript-words]', 'answered');
      found.push(...(await violations(page, panel, `[data-testid=${panel}]`)));
      await page.keyboard.press('Escape');
    }
    await page.click('button:text("Settings")');
    await page.waitForSelector('[data-testid=settings]');
    found.push(...(await violations(page, 'settings', '[data-testid=settings]')));
    await page.screenshot({ path: '.tmp/accessibility.png' });

    // The patron's page too.
    found.push(...(await violations(mine, 'patron widget')));
    writeFileSync('.tmp/axe-violations.txt', found.join('\n'));
    writeFileSync('.tmp/axe-timings.txt', timings.join('\n'));
    expect(found.join('\n')).toBe('');
    expect(problems).toEqual([]);
    await Promise.all([page.close(), boPage.close(), ended.close(), mine.close(), theirs.close(), urgent.close(), fresh.close()]);
  }, 300_000); // some twenty axe runs on a shared machine
});
