import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Librarian, launchChromium, soundsPlayed, startLibrarian, startWorld } from '../support/harness';
import type { TestBackend } from '../support/backend';
import { waitFor } from '../support/wait';

// Shortened workflow timings (the real ones are 7 s, 20 s and 60 s); the policy and the
// backend take them from configuration, so the sequence under test is the real one.
// Wide enough that an event-loop stall on a busy CI machine cannot skip a step.
const TIMING = { beepIntervalMs: 900, urgentAfterMs: 2_700, ticketOfferAfterMs: 4_000 };

let browser: Browser;
let backend: TestBackend;
let bo: Librarian; // an operator of ANOTHER campus than the patron's
let patronCampus: string;

beforeAll(async () => {
  const world = await startWorld(TIMING);
  backend = world.backend;
  patronCampus = world.home.id;
  world.addOperator('bo', 'Bo Other', world.other.id);
  [bo, browser] = await Promise.all([startLibrarian(backend, 'bo', world.timing), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await bo?.close();
  await backend?.close();
});

describe('escalation in Chromium through the browser shell', () => {
  it('escalates for another campus, turns urgent for everyone, then offers the patron a ticket', async () => {
    const board = await browser.newPage();
    await board.goto(bo.bridge.operatorUrl);
    await board.waitForSelector('[data-testid=board]');
    const patron = await browser.newPage();
    await patron.goto(`${backend.server.url}/widget?campus=${patronCampus}`);
    await patron.fill('#patron-name', 'Maya');
    await patron.fill('#patron-question', 'Is the library open on Sunday?');
    await patron.click('#start-chat');

    const card = board.locator('[data-testid^=chat-][data-state=waiting]').first();
    await card.waitFor();
    // Before the urgent mark: "waiting for <campus>" for an operator of another campus.
    expect(await card.getAttribute('data-level')).toBe('other');
    expect(await board.title()).toBe('(1) Deskbell'); // a background tab still shows someone waits
    await expect.poll(() => card.getAttribute('data-level'), { timeout: 10_000 }).toBe('urgent');
    expect(await card.locator('[data-testid=level]').textContent()).toMatch(/anyone on shift/i);
    await expect.poll(() => board.title()).toBe('(1!) Deskbell');
    expect(await board.locator('[data-testid=waiting-count]').getAttribute('class')).toContain('tray-urgent');

    // Every beep was requested by main and played, in escalating order, one sound each.
    const sounds = await waitFor(
      () => soundsPlayed(bo).then((log) => (log.some((s) => s.sound === 'urgent') ? log : null)),
      'the urgent beep',
    );
    expect(sounds.map((s) => s.sound).slice(0, 4)).toEqual(['ping-1', 'ping-2', 'ping-3', 'urgent']);
    // Quieter for another campus before the mark, full volume once urgent.
    expect(sounds[0]!.volume).toBeLessThan(sounds[3]!.volume);

    // At the ticket mark the patron is offered a ticket and the operator sees that it was.
    await patron.waitForSelector('#ticket-offer', { state: 'visible', timeout: 10_000 });
    expect(await patron.locator('#ticket-offer').textContent()).toMatch(/ticket/i);
    await card.locator('[data-testid=ticket-offered]').waitFor();

    // The patron leaves: the alert stops and the card leaves the waiting list.
    await patron.click('#leave');
    await board.locator('[data-testid^=chat-][data-state=waiting]').waitFor({ state: 'detached' });
    await expect.poll(() => board.title()).toBe('Deskbell');
    const countAfterLeave = (await soundsPlayed(bo)).length;
    await new Promise((r) => setTimeout(r, 3 * TIMING.beepIntervalMs + 3_000)); // longer than the urgent repeat
    expect((await soundsPlayed(bo)).length).toBe(countAfterLeave);
    await Promise.all([board.close(), patron.close()]);
  });
});
