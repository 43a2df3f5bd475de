import { PatronClient } from '../src/dev/patron-client';
import { launchChromium } from '../tests/support/harness';
import { waitFor } from '../tests/support/wait';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';
import { join } from 'node:path';
import { BridgeClient, HEAP_SNAPSHOT_DIR, procStats, spawnBackend, spawnCore } from './processes';

const MiB = 2 ** 20;
const SHIFT_HOURS = 8;
const PASSWORD = 'bench-password-123';

export interface MemorySample {
  label: string;
  chatsDone: number;
  coreRssMiB: number;
  coreHeapMiB: number;
  rendererHeapMiB: number;
  rendererDomNodes: number;
  chatsInCoreMemory: number;
  backendRssMiB: number;
}
export interface ShiftResult {
  chats: number;
  concurrency: number;
  messagesPerChat: number;
  seconds: number;
  samples: MemorySample[];
  growthPercent: { coreRss: number; coreHeap: number; rendererHeap: number; backendRss: number };
  /**
   * Hour 1 to the end: what grows with chats. V8's compiled code for the day's paths (about a
   * mebibyte in the core, half that in the renderer) is made in the first hour and then stays,
   * however many chats follow (the same at 6,000 chats as at 2,000).
   */
  afterFirstHour: { coreHeapPercent: number; rendererHeapPercent: number; coreHeapBytesPerChat: number; rendererHeapBytesPerChat: number };
}

const pct = (a: number, b: number) => Math.round(((b - a) / a) * 1000) / 10;

/**
 * A working day compressed: `chats` patrons arrive through the real backend (own process),
 * the main core (own process, browser shell) claims, answers and ends each, and the renderer
 * in Chromium follows every event. Memory is sampled after a full GC after a warm-up and at the
 * end of each of eight "hours". With DESKBELL_HEAP_SNAPSHOTS set, the core writes a heap snapshot
 * at the first and last sample (compare them with bench/heap-diff.ts).
 */
export async function simulateShift(chats: number, concurrency = 4, messagesPerChat = 3): Promise<ShiftResult> {
  const backend = await spawnBackend([{ username: 'ada', name: 'Ada Shift', campus: 'gateway', password: PASSWORD }]);
  const core = await spawnCore(backend.url, 'ada', PASSWORD);
  const browser = await launchChromium();
  const started = Date.now();
  try {
    const page = await browser.newPage();
    await page.goto(core.operatorUrl);
    await page.waitForSelector('[data-testid=board]');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const desk = new BridgeClient(core.operatorUrl);
    await desk.opened;
    const pid = core.child.pid ?? 0;

    const samples: MemorySample[] = [];
    const sample = async (label: string, chatsDone: number) => {
      const diag = await desk.call('diagnostics.get', {});
      if (!diag.ok) throw new Error(diag.error.message);
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
      const s: MemorySample = {
        label,
        chatsDone,
        coreRssMiB: Math.round((procStats(pid).rssBytes / MiB) * 10) / 10,
        coreHeapMiB: Math.round((diag.value.heapUsedBytes / MiB) * 10) / 10,
        rendererHeapMiB: Math.round((metric('JSHeapUsedSize') / MiB) * 10) / 10,
        rendererDomNodes: metric('Nodes'),
        chatsInCoreMemory: diag.value.chatsInMemory,
        backendRssMiB: Math.round((procStats(backend.child.pid ?? 0).rssBytes / MiB) * 10) / 10,
      };
      samples.push(s);
      // Only at the ends: a snapshot costs the core resident memory of its own.
      if (HEAP_SNAPSHOT_DIR && (label === 'start' || label === `hour ${SHIFT_HOURS}`)) {
        console.log(`  heap snapshot ${label}: core ${await writeHeapSnapshot(pid, HEAP_SNAPSHOT_DIR)}`);
        console.log(`  heap snapshot ${label}: renderer ${await writeRendererSnapshot(cdp, HEAP_SNAPSHOT_DIR, label)}`);
      }
      console.log(`  ${label.padEnd(7)} after ${String(chatsDone).padStart(4)} chats: core RSS ${s.coreRssMiB} MiB, heap ${s.coreHeapMiB} MiB; renderer heap ${s.rendererHeapMiB} MiB, ${s.rendererDomNodes} DOM nodes; ${s.chatsInCoreMemory} chats in core memory; backend RSS ${s.backendRssMiB} MiB`);
    };

    let done = 0;
    const oneChat = async (i: number) => {
      const patron = new PatronClient(backend.url);
      try {
        const chatId = await patron.start('gateway', `Patron ${i}`, `Question ${i}: do you have the ENG 101 textbook?`);
        const claimed = await desk.call('chat.claim', { chatId });
        if (!claimed.ok) throw new Error(`claim ${chatId}: ${claimed.error.message}`);
        for (let m = 0; m < messagesPerChat; m++) {
          patron.say(`patron message ${m} in chat ${i}`);
          const sent = await desk.call('chat.send', { chatId, text: `librarian answer ${m} in chat ${i}` });
          if (!sent.ok) throw new Error(`send: ${sent.error.message}`);
        }
        await waitFor(() => patron.unacknowledged === 0, 'patron messages acknowledged', 30_000, 5);
        const ended = await desk.call('chat.end', { chatId });
        if (!ended.ok) throw new Error(`end: ${ended.error.message}`);
      } finally {
        patron.close();
      }
      done += 1;
    };
    const runUntil = async (target: number) => {
      let next = done;
      const worker = async () => {
        while (next < target) await oneChat(next++);
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    };

    // An 8-hour desk shift compressed: after a warm-up, a sample at the end of each "hour" (an eighth of the chats).
    const warmup = Math.min(100, Math.floor(chats / 10));
    await runUntil(warmup);
    await sample('start', done);
    for (let hour = 1; hour <= SHIFT_HOURS; hour++) {
      await runUntil(warmup + Math.round(((chats - warmup) * hour) / SHIFT_HOURS));
      await sample(`hour ${hour}`, done);
    }
    desk.close();

    const first = samples[0] as MemorySample;
    const hourOne = samples[1] as MemorySample;
    const last = samples[samples.length - 1] as MemorySample;
    const perChat = (from: number, to: number) => Math.round(((to - from) * MiB) / (last.chatsDone - hourOne.chatsDone));
    return {
      chats,
      concurrency,
      messagesPerChat,
      seconds: Math.round((Date.now() - started) / 1000),
      samples,
      growthPercent: {
        coreRss: pct(first.coreRssMiB, last.coreRssMiB),
        coreHeap: pct(first.coreHeapMiB, last.coreHeapMiB),
        rendererHeap: pct(first.rendererHeapMiB, last.rendererHeapMiB),
        backendRss: pct(first.backendRssMiB, last.backendRssMiB),
      },
      afterFirstHour: {
        coreHeapPercent: pct(hourOne.coreHeapMiB, last.coreHeapMiB),
        rendererHeapPercent: pct(hourOne.rendererHeapMiB, last.rendererHeapMiB),
        coreHeapBytesPerChat: perChat(hourOne.coreHeapMiB, last.coreHeapMiB),
        rendererHeapBytesPerChat: perChat(hourOne.rendererHeapMiB, last.rendererHeapMiB),
      },
    };
  } finally {
    await browser.close();
    await core.stop();
    await backend.stop();
  }
}

/** Ask the core (started with --heapsnapshot-signal) for a heap snapshot; the file once written whole. */
async function writeHeapSnapshot(pid: number, dir: string): Promise<string> {
  const before = new Set(existsSync(dir) ? readdirSync(dir) : []);
  process.kill(pid, 'SIGUSR2');
  for (let lastSize = -1; ; ) {
    await new Promise((r) => setTimeout(r, 500));
    const made = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!made) continue;
    const size = statSync(join(dir, made)).size;
    if (size > 0 && size === lastSize) return join(dir, made);
    lastSize = size;
  }
}

/** The renderer's heap snapshot, through the DevTools protocol (what DevTools' Memory tab takes). */
async function writeRendererSnapshot(cdp: CDPSession, dir: string, label: string): Promise<string> {
  const chunks: string[] = [];
  const onChunk = ({ chunk }: { chunk: string }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `renderer-${label.replace(/\W+/g, '-')}-${Date.now()}.heapsnapshot`);
  writeFileSync(path, chunks.join(''));
  return path;
}

/** CPU of an idle main core (signed in, heartbeats running, nobody waiting) over `seconds`. */
export async function idleCpu(seconds: number): Promise<{ seconds: number; cpuSeconds: number; percentOfOneCore: number; rssMiB: number }> {
  const backend = await spawnBackend([{ username: 'ada', name: 'Ada Idle', campus: 'gateway', password: PASSWORD }]);
  const core = await spawnCore(backend.url, 'ada', PASSWORD);
  try {
    const pid = core.child.pid ?? 0;
    await new Promise((r) => setTimeout(r, 5_000)); // let start-up work finish
    const before = procStats(pid);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const after = procStats(pid);
    const wall = (Date.now() - t0) / 1000;
    const cpu = after.cpuSeconds - before.cpuSeconds;
    return { seconds: Math.round(wall), cpuSeconds: Math.round(cpu * 100) / 100, percentOfOneCore: Math.round((cpu / wall) * 10000) / 100, rssMiB: Math.round((after.rssBytes / MiB) * 10) / 10 };
  } finally {
    await core.stop();
    await backend.stop();
  }
}
