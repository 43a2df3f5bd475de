import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBackend } from '../support/backend';
import { type Librarian, soundsPlayed, startLibrarian, startWorld } from '../support/harness';
import { type BackgroundableChromium, launchBackgroundableChromium } from '../support/hidden-page';
import { waitFor } from '../support/wait';

const TIMING = { beepIntervalMs: 900, urgentAfterMs: 2_700, ticketOfferAfterMs: 600_000 };

let chromium: BackgroundableChromium;
let backend: TestBackend;
let ada: Librarian;
let campus: string;

beforeAll(async () => {
  const world = await startWorld(TIMING);
  backend = world.backend;
  campus = world.home.id;
  world.addOperator('ada', 'Ada Hidden', campus);
  [ada, chromium] = await Promise.all([
    startLibrarian(backend, 'ada', world.timing),
    launchBackgroundableChromium({ args: ['--autoplay-policy=no-user-gesture-required'] }),
  ]);
});

afterAll(async () => {
  await chromium?.close();
  await ada?.close();
  await backend?.close();
});

describe('alerts while the window is in the background', () => {
  it('requests and plays every beep at its deadline with the page hidden', async () => {
    const board = await chromium.newPage();
    await board.goto(ada.bridge.operatorUrl);
    await board.waitForSelector('[data-testid=board]');
    await chromium.hide(board, 'minimize');
    expect(await chromium.visibility(board)).toBe('hidden');

    const requested: { sound: string; decidedAt: number }[] = [];
    ada.core.onPush((push) => {
      if (push.type === 'sound') requested.push({ sound: push.sound, decidedAt: push.decidedAt });
    });
    const patron = await chromium.newPage();
    await patron.goto(`${backend.server.url}/widget?campus=${campus}`);
    await patron.fill('#patron-name', 'Maya');
    await patron.fill('#patron-question', 'Are you open late tonight?');
    await patron.click('#start-chat');

    const played = await waitFor(
      () => soundsPlayed(ada).then((log) => (log.some((s) => s.sound === 'urgent') ? log : null)),
      'the urgent beep played in the hidden page',
      15_000,
    );
    expect(await chromium.visibility(board)).toBe('hidden');
    expect(played.map((s) => s.sound).slice(0, 4)).toEqual(['ping-1', 'ping-2', 'ping-3', 'urgent']);
    expect(played.slice(0, 4).every((s) => s.hidden)).toBe(true);
    // Each sound played in the page is one main requested, in the same order.
    expect(requested.slice(0, 4).map((r) => r.sound)).toEqual(['ping-1', 'ping-2', 'ping-3', 'urgent']);
    // Main decided each at its own deadline, never early and never bunched up, although the
    // hidden page's own timers are throttled: beep i falls due at createdAt + i * interval.
    const createdAt = Object.values(ada.core.state.chats)[0]!.createdAt;
    for (let i = 0; i < 3; i++) expect(requested[i]!.decidedAt).toBeGreaterThanOrEqual(createdAt + i * TIMING.beepIntervalMs - 20); // two clocks: allow their drift
    expect(requested[3]!.decidedAt).toBeGreaterThanOrEqual(createdAt + TIMING.urgentAfterMs - 20);
    // The page's audio context kept running in the background.
    expect(await board.evaluate(() => (window as unknown as { Howler?: { ctx?: AudioContext } }).Howler?.ctx?.state ?? 'n/a')).not.toBe('suspended');

    await chromium.show(board);
    await board.locator('[data-level=urgent]').first().waitFor();
    await patron.close();
    await board.close();
  });
});
