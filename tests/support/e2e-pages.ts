import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Librarian } from './harness';

/**
 * Pages for an end-to-end test, each in its own browser context (no storage, cookies or audio
 * shared): a librarian's desk, a patron at the widget, and claiming a chat as a librarian does.
 * Every page error or stray browser dialog is kept in `problems`, for the test to expect none.
 */
export interface E2ePages {
  problems: string[];
  open(url: string): Promise<Page>;
  desk(librarian: Librarian): Promise<Page>;
  /** A patron at a campus's widget who has started a chat and is waiting. */
  patronChat(backendUrl: string, campus: string, name: string, question: string): Promise<Page>;
  /** Claims the waiting chat with this question (past the second-chat warning); its chat id. */
  claim(page: Page, question: string): Promise<string>;
  closeAll(): Promise<void>;
}

/** `browser` is read when a page opens, so the pages can be made before beforeAll launches it. */
export function e2ePages(browser: () => Browser, viewport = { width: 1366, height: 768 }): E2ePages {
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const open = async (url: string): Promise<Page> => {
    const context = await browser().newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(url);
    return page;
  };
  return {
    problems,
    open,
    async desk(librarian) {
      const page = await open(librarian.bridge.operatorUrl);
      await page.waitForSelector('[data-testid=board]');
      return page;
    },
    async patronChat(backendUrl, campus, name, question) {
      const patron = await open(`${backendUrl}/widget?campus=${campus}`);
      await patron.fill('#patron-name', name);
      await patron.fill('#patron-question', question);
      await patron.click('#start-chat');
      await patron.waitForSelector('#status >> text=Waiting for a librarian');
      return patron;
    },
    async claim(page, question) {
      const card = page.locator('[data-testid^=chat-][data-state=waiting]', { hasText: question });
      await card.locator('[data-testid=claim]').click();
      const claimAnyway = page.locator('[data-testid=claim-anyway]');
      if (await claimAnyway.isVisible().catch(() => false)) await claimAnyway.click();
      const pane = page.locator('[data-testid=chat-pane]', { hasText: question });
      await pane.waitFor();
      return (await pane.getAttribute('data-chat-id')) ?? '';
    },
    async closeAll() {
      for (const context of contexts) await context.close().catch(() => undefined);
    },
  };
}
