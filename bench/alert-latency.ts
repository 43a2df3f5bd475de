import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import type { SoundRequest } from '../src/shared/api';
import { PlayedSound } from '../src/shared/diagnostics/calls';
import { PatronClient } from '../src/dev/patron-client';
import { launchChromium, type Librarian, startLibrarian } from '../tests/support/harness';
import { waitFor } from '../tests/support/wait';
import { fmt, type Summary, summarize } from './stats';
import { type BackendThread, startBackendThread } from './backend-thread';
import { wsRelaysAfterIdle, wsRoundTrips } from './ws-floor';

const stamp = () => performance.timeOrigin + performance.now();
/** Chats before the timed ones, as many as the floors warm up with: a desk at work has run this code before. */
const WARM_UP = 20;
/** Between timed chats: chats do not arrive back to back at a desk, and the board finishes drawing the last one. */
const QUIET_GAP_MS = 25;

export interface AlertLatencyResult {
  chats: number;
  floor: Summary;
  /** A frame relayed socket to socket by a plain ws server in a thread of its own after the same quiet gap: the path without Deskbell. */
  relayFloor: Summary;
  /** From the patron's "start chat" to the core's decision. */
  core: Summary;
  /** From the backend publishing the new chat to the core's decision: the measure. */
  eventToDecision: Summary;
  eventOverRelayFloorP99: number;
  chromium: Summary;
  coreOverFloorP99: number;
  coreOverRelayFloorP99: number;
  chromiumOverFloorP99: number;
  burst?: { waiting: number; firstSoundDecidedMs: number; firstSoundPlayedMs: number; soundsInFirst3s: number; allCardsOnBoardMs: number; lastArrivalToDrawnMs: number; firstArrivalToDecisionMs: number };
}

/**
 * Every sound the page reports starting (stamped in the page), as it reaches the core. Read from
 * the call itself: asking the core's diagnostics for them forces a full collection each time
 * under --expose-gc (its heap figures come after one), and polling it every 2 ms stalled this
 * process, backend and core alike, for ~50 ms at a time.
 */
function soundReports(librarian: Librarian): Map<string, PlayedSound> {
  const reports = new Map<string, PlayedSound>();
  const call = librarian.core.call.bind(librarian.core);
  librarian.core.call = (name, args) => {
    if (name === 'diagnostics.soundPlayed') {
      const played = PlayedSound.safeParse(args);
      if (played.success) reports.set(played.data.soundId, played.data);
    }
    return call(name, args);
  };
  return reports;
}

/** When the page started the sound `soundId`. */
async function playedAt(reports: Map<string, PlayedSound>, soundId: string): Promise<number> {
  return waitFor(() => reports.get(soundId)?.playedAt ?? 0, `sound ${soundId} played in Chromium`, 10_000, 2);
}

/**
 * Alert latency from the patron's "start chat" to (a) the main core's decision to play and
 * (b) howler's play call in Chromium, one chat at a time, and then with `burst` chats arriving at once.
 */
export async function alertLatency(chats: number, burst: number): Promise<AlertLatencyResult> {
  const floor = summarize(await wsRoundTrips(chats));
  const relayFloor = summarize(await wsRelaysAfterIdle(chats, QUIET_GAP_MS));
  // The backend in a thread of its own, as the app runs its embedded backend; the core in this one.
  const world = await startBackendThread();
  await world.addOperator('ada', 'Ada Bench', world.home.id);
  await world.addOperator('cy', 'Cy Burst', world.home.id);
  // The 1 s quiet gap merges beeps that fall due together; off here, to time each chat alone.
  const desk = await startLibrarian({ server: world }, 'ada', world.timing, { alertGapMs: 0 });
  let deskClosed: Promise<void> | null = null;
  const closeDesk = () => (deskClosed ??= desk.close());
  const browser = await launchChromium();
  const page = await browser.newPage();
  await page.goto(desk.bridge.operatorUrl);
  await page.waitForSelector('[data-testid=board]');

  const reports = soundReports(desk);
  const decisions = new Map<string, SoundRequest>();
  desk.core.onPush((push) => {
    if (push.type === 'sound') for (const id of push.chatIds) decisions.set(id, push);
  });
  const core: number[] = [];
  const fromEvent: number[] = [];
  const chromium: number[] = [];
  try {
    for (let i = 0; i < chats + WARM_UP; i++) {
      // Each patron is its own connection, as in the widget; the clock starts once it is open.
      const patron = new PatronClient(world.url);
      await patron.opened;
      const t0 = stamp();
      const chatId = await patron.start(world.home.id, `Bench ${i}`, 'What time do you close?');
      const decision = await waitFor(() => decisions.get(chatId), `decision for ${chatId}`, 10_000, 1);
      const played = await playedAt(reports, decision.id);
      const published = await waitFor(() => world.publishedAt(chatId), `the backend's event for ${chatId}`, 10_000, 1);
      if (i >= WARM_UP) {
        core.push(decision.decidedAt - t0);
        fromEvent.push(decision.decidedAt - published);
        chromium.push(played - t0);
      }
      const ended = await desk.core.call('chat.end', { chatId });
      if (!ended.ok) throw new Error(`could not end ${chatId}: ${ended.error.message}`);
      patron.close();
      await new Promise((r) => setTimeout(r, QUIET_GAP_MS));
    }

    // Ada's desk goes first: each librarian's core runs in their own app, and one left in this
    // process would handle every chat of the burst in the same event loop before Cy's could.
    await page.close();
    await closeDesk();
    let burstResult: AlertLatencyResult['burst'];
    if (burst > 0) burstResult = await burstLatency(world, browser, burst);

    const coreS = summarize(core);
    const eventS = summarize(fromEvent);
    const chromiumS = summarize(chromium);
    return {
      chats,
      floor,
      relayFloor,
      core: coreS,
      eventToDecision: eventS,
      eventOverRelayFloorP99: Math.round((eventS.p99 / relayFloor.p99) * 10) / 10,
      chromium: chromiumS,
      coreOverFloorP99: Math.round((coreS.p99 / floor.p99) * 10) / 10,
      coreOverRelayFloorP99: Math.round((coreS.p99 / relayFloor.p99) * 10) / 10,
      chromiumOverFloorP99: Math.round((chromiumS.p99 / floor.p99) * 10) / 10,
      burst: burstResult,
    };
  } finally {
    await browser.close();
    await closeDesk();
    await world.close();
  }
}

/**
 * `burst` chats arrive at once for a desk with the production quiet gap: one ping at once,
 * the others covered by it instead of a pile of overlapping sounds; every card still drawn.
 */
async function burstLatency(world: BackendThread, browser: Browser, burst: number): Promise<NonNullable<AlertLatencyResult['burst']>> {
  const desk = await startLibrarian({ server: world }, 'cy', world.timing);
  const reports = soundReports(desk);
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(desk.bridge.operatorUrl);
  await page.waitForSelector('[data-testid=board]');
  // The desk as a librarian has it: a chat open in front and a panel (the campus card) beside it.
  const held = new PatronClient(world.url);
  const heldId = await held.start(world.home.id, 'Held', 'A chat in front');
  await desk.core.call('chat.claim', { chatId: heldId });
  await page.click(`[data-testid=chat-${heldId}] button:has-text("Open")`);
  await page.click('[data-testid=open-campus]');
  await page.waitForSelector('[data-testid=campus-info]');
  // Past the quiet gap after the held chat's ping, so the burst's first ping is its own.
  await new Promise((r) => setTimeout(r, 1_500));
  // When the last of the burst reached the desk's core (the page draws from there).
  let lastArrival = 0;
  const off = desk.core.onPush((push) => {
    if (push.type !== 'desk' || push.action.type !== 'chat.created') return;
    lastArrival = stamp();
  });
  const patrons = await Promise.all(
    Array.from({ length: burst }, async () => {
      const p = new PatronClient(world.url);
      await p.opened;
      return p;
    }),
  );
  try {
    const t0 = stamp();
    const burstIds = await Promise.all(patrons.map((p, i) => p.start(world.home.id, `Burst ${i}`, 'Is the library open?')));
    await page.waitForFunction((n) => document.querySelectorAll('[data-state=waiting]').length >= n, burst, { polling: 5, timeout: 20_000 });
    const drawnAt = stamp();
    const boardComplete = drawnAt - t0;
    await new Promise((r) => setTimeout(r, 3_000));
    // Only the burst's sounds: the held chat rang before it.
    const log = [...reports.values()].filter((s) => s.decidedAt >= t0).sort((a, b) => a.decidedAt - b.decidedAt);
    const first = log[0];
    if (!first) throw new Error('no sound for the burst');
    // When the backend published the first of the burst (not the desk's push: that leaves the
    // core after its followers, the ping among them, have run).
    const firstPublished = Math.min(...burstIds.map((id) => world.publishedAt(id) ?? Infinity));
    return {
      waiting: burst,
      firstSoundDecidedMs: Math.round((first.decidedAt - t0) * 100) / 100,
      firstSoundPlayedMs: Math.round((first.playedAt - t0) * 100) / 100,
      soundsInFirst3s: log.filter((s) => s.playedAt - t0 < 3_000).length,
      allCardsOnBoardMs: Math.round(boardComplete),
      lastArrivalToDrawnMs: Math.round(drawnAt - lastArrival),
      firstArrivalToDecisionMs: Math.round((first.decidedAt - firstPublished) * 100) / 100,
    };
  } finally {
    off();
    held.close();
    for (const p of patrons) p.close();
    await page.close();
    await desk.close();
  }
}

export function printAlertLatency(r: AlertLatencyResult): void {
  console.log(`Alert latency over ${r.chats} chats (one at a time)`);
  console.log(`  ws round trip (floor)      ${fmt(r.floor)}`);
  console.log(`  ws relay after idle        ${fmt(r.relayFloor)}   (patron socket -> plain ws server in a thread -> desk socket, ${QUIET_GAP_MS} ms quiet before each)`);
  console.log(`  backend event -> decision  ${fmt(r.eventToDecision)}   p99 = ${r.eventOverRelayFloorP99}x relay floor  (aim <= 5 ms)`);
  console.log(`  start -> core decision     ${fmt(r.core)}   p99 = ${r.coreOverFloorP99}x floor, ${r.coreOverRelayFloorP99}x relay floor`);
  console.log(`  start -> howler play       ${fmt(r.chromium)}   p99 = ${r.chromiumOverFloorP99}x floor  (aim <= 50 ms)`);
  if (r.burst) {
    const b = r.burst;
    console.log(`  ${b.waiting} chats arriving at once: first ping decided at ${b.firstSoundDecidedMs} ms, played at ${b.firstSoundPlayedMs} ms after the starts were sent;`);
    console.log(`    decided ${b.firstArrivalToDecisionMs} ms after the backend published the first chat (aim <= 50 ms of the first chat);`);
    console.log(`    ${b.soundsInFirst3s} sound(s) in the first 3 s (the rest covered by it); all ${b.waiting} cards on the board at ${b.allCardsOnBoardMs} ms,`);
    console.log(`    ${b.lastArrivalToDrawnMs} ms after the last chat reached the desk's core (aim <= 200 ms; with a chat open and the campus card beside it, at 1366x768)`);
  }
}
