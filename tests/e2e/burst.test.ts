/**
 * A burst of chats at once, drawn in batches (one render a frame): every card is on the board,
 * and the tab's title, set once a frame, still counts every waiting chat.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatronClient } from '../../src/dev/patron-client';
import type { TestBackend } from '../support/backend';
import { type Librarian, launchChromium, startLibrarian, startWorld } from '../support/harness';

const BURST = 20;
let browser: Browser;
let backend: TestBackend;
let cy: Librarian;
let home = '';

beforeAll(async () => {
  const world = await startWorld({ beepIntervalMs: 7_000, urgentAfterMs: 20_000, ticketOfferAfterMs: 600_000 });
  backend = world.backend;
  home = world.home.id;
  world.addOperator('cy', 'Cy Young', home);
  [cy, browser] = await Promise.all([startLibrarian(backend, 'cy', world.timing), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await cy?.close();
  await backend?.close();
});

describe('a burst of chats', () => {
  it(`${BURST} chats at once: every card drawn, the title counts them all, and a claim brings the count down`, async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(cy.bridge.operatorUrl);
    await page.waitForSelector('[data-testid=board]');
    const patrons = Array.from({ length: BURST }, () => new PatronClient(backend.server.url));
    try {
      const ids = await Promise.all(patrons.map((p, i) => p.start(home, `Burst ${i}`, `Question ${i}`)));
      await expect.poll(() => page.locator('[data-state=waiting]').count()).toBe(BURST);
      await expect.poll(() => page.title()).toBe(`(${BURST}) Deskbell`);
      expect((await cy.core.call('chat.claim', { chatId: ids[0] ?? '' })).ok).toBe(true);
      await expect.poll(() => page.title()).toBe(`(${BURST - 1}) Deskbell`);
      expect(await page.locator('[data-state=waiting]').count()).toBe(BURST - 1);
      expect(problems).toEqual([]);
    } finally {
      for (const p of patrons) p.close();
      await page.close();
    }
  });
});
