import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import type { SoundRequest } from '../src/shared/api';
import { PatronClient } from '../src/main/core/patron-client';
import { launchChromium, startDesk, startDeskWorld } from '../tests/support/harness';
import { waitFor } from '../tests/support/wait';
import { fmt, type Summary, summarize } from './stats';
import { wsRoundTrips } from './ws-floor';

const stamp = () => performance.timeOrigin + performance.now();

export interface AlertLatencyResult {
  chats: number;
  floor: Summary;
  core: Summary;
  chromium: Summary;
  coreOverFloorP99: number;
  chromiumOverFloorP99: number;
  burst?: { waiting: number; core: Summary; chromium: Summary; sounds: number };
}

async function playedAt(page: Page, soundId: string): Promise<number> {
  return waitFor(
    () => page.evaluate((id) => window.deskbellSoundLog?.find((s) => s.id === id)?.playedAt ?? 0, soundId),
    `sound ${soundId} played in Chromium`,
    10_000,
    2,
  );
}

/**
 * Alert latency from the patron's "start chat" to (a) the main core's decision to play and
 * (b) howler's play call in Chromium, one chat at a time, and then with `burst` chats arriving at once.
 */
export async function alertLatency(chats: number, burst: number): Promise<AlertLatencyResult> {
  const floor = summarize(await wsRoundTrips(chats));
  const world = await startDeskWorld();
  world.addOperator('ada', 'Ada Bench', world.home.id);
  // The 1 s quiet gap merges beeps that fall due together; off here, to time each chat alone.
  const desk = await startDesk(world.backend, 'ada', world.timing, { alertGapMs: 0 });
  const browser = await launchChromium();
  const page = await browser.newPage();
  await page.goto(desk.bridge.operatorUrl);
  await page.waitForSelector('[data-testid=board]');

  const decisions = new Map<string, SoundRequest>();
  desk.core.onPush((push) => {
    if (push.type === 'sound') for (const id of push.chatIds) decisions.set(id, push);
  });
  const patron = new PatronClient(world.backend.server.url);
  await patron.opened;
  const core: number[] = [];
  const chromium: number[] = [];
  try {
    for (let i = 0; i < chats + 5; i++) {
      const t0 = stamp();
      const chatId = await patron.start(world.home.id, `Bench ${i}`, 'What time do you close?');
      const decision = await waitFor(() => decisions.get(chatId), `decision for ${chatId}`, 10_000, 1);
      const played = await playedAt(page, decision.id);
      if (i >= 5) {
        core.push(decision.decidedAt - t0);
        chromium.push(played - t0);
      }
      const ended = await desk.core.call('chat.end', { chatId });
      if (!ended.ok) throw new Error(`could not end ${chatId}: ${ended.error.message}`);
    }

    let burstResult: AlertLatencyResult['burst'];
    if (burst > 0) {
      const patrons = await Promise.all(Array.from({ length: burst }, async () => {
        const p = new PatronClient(world.backend.server.url);
        await p.opened;
        return p;
      }));
      const starts = new Map<string, number>();
      const soundsBefore = await page.evaluate(() => window.deskbellSoundLog?.length ?? 0);
      await Promise.all(
        patrons.map(async (p, i) => {
          const t0 = stamp();
          const id = await p.start(world.home.id, `Burst ${i}`, 'Is the library open?');
          starts.set(id, t0);
        }),
      );
      const burstCore: number[] = [];
      const burstChromium: number[] = [];
      for (const [chatId, t0] of starts) {
        const decision = await waitFor(() => decisions.get(chatId), `burst decision for ${chatId}`, 10_000, 1);
        burstCore.push(decision.decidedAt - t0);
        burstChromium.push((await playedAt(page, decision.id)) - t0);
      }
      const sounds = (await page.evaluate(() => window.deskbellSoundLog?.length ?? 0)) - soundsBefore;
      burstResult = { waiting: burst, core: summarize(burstCore), chromium: summarize(burstChromium), sounds };
      for (const p of patrons) p.close();
    }

    const coreS = summarize(core);
    const chromiumS = summarize(chromium);
    return {
      chats,
      floor,
      core: coreS,
      chromium: chromiumS,
      coreOverFloorP99: Math.round((coreS.p99 / floor.p99) * 10) / 10,
      chromiumOverFloorP99: Math.round((chromiumS.p99 / floor.p99) * 10) / 10,
      burst: burstResult,
    };
  } finally {
    patron.close();
    await browser.close();
    await desk.close();
    await world.backend.close();
  }
}

export function printAlertLatency(r: AlertLatencyResult): void {
  console.log(`Alert latency over ${r.chats} chats (one at a time)`);
  console.log(`  ws round trip (floor)      ${fmt(r.floor)}`);
  console.log(`  start -> core decision     ${fmt(r.core)}   p99 = ${r.coreOverFloorP99}x floor  (aim <= 5 ms)`);
  console.log(`  start -> howler play       ${fmt(r.chromium)}   p99 = ${r.chromiumOverFloorP99}x floor  (aim <= 50 ms)`);
  if (r.burst) {
    console.log(`  ${r.burst.waiting} chats arriving at once (1 s quiet gap on): ${r.burst.sounds} sounds played`);
    console.log(`    start -> core decision   ${fmt(r.burst.core)}`);
    console.log(`    start -> howler play     ${fmt(r.burst.chromium)}`);
  }
}
