/**
 * Where a head librarian finds things: the Tickets panel opens on what its button counts (every
 * campus's open tickets, not only the librarian's own), and an incident report stored where no
 * mail is set up has a screen for an administrator, and only for one.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/harness';
import { type PopulatedDesk, startPopulatedDesk } from '../support/populated-desk';

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

async function open(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('[data-testid=board]');
  return page;
}

describe('the tickets panel', () => {
  it('shows first what its button counts: the open tickets of every campus', async () => {
    const page = await open(desk.ada.bridge.operatorUrl);
    // One open ticket at Norwalk (Ada's campus) and one at Gateway.
    await expect.poll(() => page.locator('[data-testid=badge-tickets]').textContent()).toBe('2');
    await page.click('[data-testid=open-tickets]');
    await page.waitForSelector('[data-testid=tickets-panel]');
    await expect.poll(() => page.locator('.ticket-row[data-status=open]').count()).toBe(2);
    expect(await page.locator('[data-testid=tickets-campus]').inputValue()).toBe('');
    await page.close();
  });
});

describe('incident reports without mail', () => {
  it('an administrator reads the director’s queue in the app; a librarian has no such screen and the backend refuses them', async () => {
    const filed = await desk.ada.core.call('incident.report', { chatId: desk.ended, note: 'Threats after two warnings <b>bold</b>.' });
    expect(filed.ok).toBe(true);
    const page = await open(desk.ada.bridge.operatorUrl);
    await page.click('[data-testid=open-menu]');
    await page.click('[data-testid=open-incidents]');
    const report = page.locator('[data-testid=incident-report]');
    await report.first().waitFor();
    expect(await report.count()).toBe(1);
    // No mail on this backend and no director's address for Norwalk: stored, waiting, and said so.
    expect(['no-mail-setup', 'no-director-email']).toContain(await report.getAttribute('data-delivery'));
    expect(await report.textContent()).toContain('stored in the director’s queue');
    // The note is text, never markup; the patron's name and the transcript are there for the director.
    expect(await report.locator('.incident-note').textContent()).toBe('Threats after two warnings <b>bold</b>.');
    expect(await report.locator('b').count()).toBe(0);
    expect(await report.textContent()).toContain('Grace');
    await report.locator('summary').click();
    expect(await report.locator('.incident-transcript').textContent()).toContain('On Sundays we are open 1 to 5 pm.');
    // "Not emailed only" is the default; the report is one of those.
    expect(await page.locator('[data-testid=incidents-waiting]').isChecked()).toBe(true);

    const lee = await open(desk.lee.bridge.operatorUrl);
    await lee.click('[data-testid=open-menu]');
    await lee.waitForSelector('[data-testid=desk-menu]');
    expect(await lee.locator('[data-testid=open-incidents]').count()).toBe(0);
    const refused = await desk.lee.core.call('incidents.list', { campus: null, limit: 10 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('forbidden');
    expect(problems).toEqual([]);
    await Promise.all([page.close(), lee.close()]);
  });
});
