import type { Page } from 'playwright-core';

/** The desk sizes a reference-desk PC has: the usual, the oldest, the roomiest. */
export const DESK_SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** Every panel opener on the page: the dock's strip (chat and desk) and the top bar's menu, as panel ids. */
export async function panelIds(page: Page): Promise<{ strip: string[]; menu: string[] }> {
  const ids = (selector: string) =>
    page.$$eval(selector, (buttons) => buttons.map((b) => (b as HTMLElement).dataset.testid?.replace(/^open-/, '') ?? '').filter((id) => id !== ''));
  const strip = await ids('[data-testid=dock] .dock-opener');
  await page.click('[data-testid=open-menu]');
  const menu = await ids('[data-testid=desk-menu] .dock-opener');
  await page.keyboard.press('Escape');
  return { strip, menu };
}

/** Open one panel as a librarian would with the mouse (from the menu when it lives there); resolves when it is drawn. */
export async function openPanel(page: Page, id: string, inMenu: boolean): Promise<void> {
  if ((await page.getAttribute('[data-testid=dock]', 'data-panel')) === id && (await page.$(`[data-testid=dock-panel-${id}]`))) return;
  // A panel that takes the dock whole (the crisis panel) hides the strip: close it first, as a librarian would.
  if (!inMenu && (await page.$('[data-testid=dock].whole'))) await page.click('[data-testid=dock-close]');
  if (inMenu) await page.click('[data-testid=open-menu]');
  await page.click(`[data-testid=open-${id}]`);
  await page.waitForSelector(`[data-testid=dock-panel-${id}]`);
}
