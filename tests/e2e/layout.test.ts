/**
 * The workspace fits a reference-desk PC. At 1366x768 (the usual desk), 1024x768 (the oldest)
 * and 1920x1080, with a populated desk: every panel of the dock, opened by its shortcut where it
 * has one and by its opener otherwise, shows at least 260 px of itself (cut by every clipping
 * ancestor and the window), or all of itself when it is shorter; nothing is wider than the window
 * and every top-bar control is on screen; an urgent chat is in view; the crisis panel takes the
 * tool area whole; the template picker is not covered. Geometry, not pixels.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_SIZES, openPanel, panelIds } from '../support/dock-page';
import { PatronClient } from '../../src/dev/patron-client';
import { launchChromium } from '../support/harness';
import { type PopulatedDesk, startPopulatedDesk } from '../support/populated-desk';

const MIN_PANEL_PX = 260;

let browser: Browser;
let desk: PopulatedDesk;
const problems: string[] = [];

beforeAll(async () => {
  [desk, browser] = await Promise.all([startPopulatedDesk(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await desk?.close();
});

/** How much of an element is on screen: its box cut by the window and by every ancestor that clips. */
function shownHeight(page: Page, selector: string): Promise<{ shown: number; full: number }> {
  return page.$eval(selector, (element) => {
    const box = element.getBoundingClientRect();
    let top = Math.max(box.top, 0);
    let bottom = Math.min(box.bottom, window.innerHeight);
    for (let a = element.parentElement; a; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const clip = a.getBoundingClientRect();
      top = Math.max(top, clip.top);
      bottom = Math.min(bottom, clip.bottom);
    }
    return { shown: Math.max(0, bottom - top), full: element.scrollHeight };
  });
}

/** The page and every panel body scroll no wider than they are. */
const overflowX = (page: Page) =>
  page.evaluate(() => {
    const wide: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) wide.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
    for (const el of document.querySelectorAll<HTMLElement>('.dock-body, .top-bar, .board, .chat-pane')) {
      if (el.scrollWidth > el.clientWidth + 1) wide.push(`${el.className.split(' ')[0]} ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return wide;
  });

/** Top-bar controls not wholly inside the window. */
const offScreenControls = (page: Page) =>
  page.$$eval('.top-bar button, .top-bar select, .top-bar .waiting-count, .top-bar .link', (controls) =>
    controls
      .filter((c) => {
        const r = c.getBoundingClientRect();
        return r.left < 0 || r.right > window.innerWidth || r.top < 0 || r.bottom > window.innerHeight || r.width === 0;
      })
      .map((c) => c.textContent ?? c.tagName),
  );

/** Open the page at a size, with Ada's chat in front. */
async function deskAt(size: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport: size });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(desk.ada.bridge.operatorUrl);
  await page.waitForSelector('[data-level=urgent]', { timeout: 20_000 });
  await page.click(`[data-testid=chat-${desk.mine}] button:has-text("Open")`);
  await page.waitForSelector('[data-testid=chat-pane][data-state=claimed]');
  return page;
}

describe.each(DESK_SIZES)('at $width x $height', (size) => {
  it('every panel shows at least 260 px, nothing is wider than the window, the header and an urgent chat are on screen', async () => {
    const page = await deskAt(size);
    expect(await overflowX(page)).toEqual([]);
    expect(await offScreenControls(page)).toEqual([]);
    // An urgent chat (every waiting chat here is past the urgent mark) is in view on the board.
    expect((await shownHeight(page, '[data-level=urgent]')).shown).toBeGreaterThan(40);

    const { strip, menu } = await panelIds(page);
    // Every capability's panel is reachable: the chat's five, the desk's seven, the menu's eight (Ada is an administrator).
    expect([...strip].sort()).toEqual(['abuse', 'campus', 'crisis', 'directory', 'faqs', 'interview', 'notes', 'templates', 'tickets', 'transcript', 'transcripts', 'who'].sort());
    expect([...menu].sort()).toEqual(['accounts', 'audit', 'incidents', 'ratings', 'settings', 'shortcuts', 'statistics', 'template-editor']);
    const shortcuts: Record<string, string> = { templates: 'Alt+Slash', interview: 'Alt+KeyI', crisis: 'Alt+KeyH', abuse: 'Alt+KeyA', faqs: 'Alt+KeyQ', transcripts: 'Alt+KeyS', shortcuts: 'F1' };
    const short: string[] = [];
    for (const id of [...strip, ...menu]) {
      const key = shortcuts[id];
      if (key) {
        await page.locator('[data-testid=composer]').focus();
        await page.keyboard.press(key);
        await page.waitForSelector(`[data-testid=dock-panel-${id}]`);
      } else {
        await openPanel(page, id, menu.includes(id));
      }
      const body = `[data-testid=dock-panel-${id}]`;
      // The panel's own content, as far as it is on screen: cut by the dock body and the window.
      const { shown, full } = await shownHeight(page, `${body} > *`);
      // A pixel of slack: boxes are fractional, scrollHeight is not.
      if (shown + 1 < Math.min(MIN_PANEL_PX, full)) short.push(`${id}: ${Math.round(shown)} of ${full} px`);
      expect(await overflowX(page), id).toEqual([]);
      expect(await offScreenControls(page), id).toEqual([]);
      if (id === 'crisis') {
        // The crisis panel takes the tool area whole: no other opener competes with it.
        expect(await page.locator('[data-testid=dock-desk-tools]').count()).toBe(0);
        const dock = await page.$eval('[data-testid=dock]', (d) => d.getBoundingClientRect().height);
        expect((await shownHeight(page, body)).shown).toBeGreaterThan(dock * 0.85);
      }
      if (id === 'statistics') {
        // A wide panel: the conversation's column and the dock's together, and the board (an urgent chat) still in view.
        expect(await page.$eval('[data-testid=dock]', (d) => d.getBoundingClientRect().width)).toBeGreaterThan(700);
        expect((await shownHeight(page, '[data-level=urgent]')).shown).toBeGreaterThan(40);
      }
      await page.keyboard.press('Escape');
      await page.waitForSelector(`[data-testid=dock][data-panel=faqs]`);
    }
    expect(short).toEqual([]);
    await page.close();
  });
});

describe('at 1366 x 768', () => {
  it('the template picker is on top, not covered, and the reply box stays in view', async () => {
    const page = await deskAt({ width: 1366, height: 768 });
    const composer = page.locator('[data-testid=composer]');
    await composer.fill('/');
    await page.waitForSelector('[data-testid=template-picker] li');
    const covered = await page.$eval('[data-testid=template-picker]', (picker) => {
      const r = picker.getBoundingClientRect();
      const points = [
        [r.left + 8, r.top + 8],
        [r.right - 8, r.top + 8],
        [r.left + r.width / 2, r.top + r.height / 2],
        [r.left + 8, r.bottom - 8],
      ] as const;
      return points.filter(([x, y]) => !picker.contains(document.elementFromPoint(x, y))).length;
    });
    expect(covered).toBe(0);
    expect((await shownHeight(page, '[data-testid=composer]')).shown).toBeGreaterThan(30);
    await composer.fill('');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('at 1024 x 768, a chat from a campus with a long name', () => {
  it("keeps the patron's name whole in its tab, on one line; the campus gives way and keeps its whole name as its title", async () => {
    const patron = new PatronClient(desk.backendUrl);
    try {
      const chatId = await patron.start('southern', 'Jordan', 'Can I renew a laptop loan?');
      const claimed = await desk.ada.core.call('chat.claim', { chatId });
      expect(claimed.ok).toBe(true);
      const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
      await page.goto(desk.ada.bridge.operatorUrl);
      const tab = page.locator(`[data-testid=chat-tab][data-chat-id="${chatId}"]`);
      await tab.waitFor();
      const name = await tab.locator('.tab-name').evaluate((e) => ({ text: e.textContent, cut: e.scrollWidth > e.clientWidth }));
      expect(name).toEqual({ text: 'Jordan', cut: false });
      const campus = tab.locator('.tab-campus');
      expect(await campus.getAttribute('title')).toBe(await campus.textContent());
      expect(await campus.textContent()).toMatch(/^Southern Connecticut State University/);
      // One line: as tall as a tab whose campus name is short.
      const heights = await page.$$eval('[data-testid=chat-tab]', (tabs) => tabs.map((t) => Math.round(t.getBoundingClientRect().height)));
      expect(new Set(heights).size).toBe(1);
      await page.close();
    } finally {
      patron.close();
    }
  });
});
