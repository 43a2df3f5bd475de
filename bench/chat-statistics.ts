/**
 * Chat statistics for a year of a busy consortium: 100,000 chats over the 18 campuses, with
 * transfers, requeues, tickets (and their deliveries) and ratings, written straight into a real
 * SQLite file in the real schema. The real server answers GET /api/statistics for a month, a term
 * and the year, 50 times each, while 100 operators are connected over websockets (in their own
 * process), after one first answer for the year (the server reads the settled days of the last
 * 400 in the background after its start, during the idle watch here; days whose chats have all
 * ended are kept, so answers read only the open ones); reported: each answer's time
 * (p50, p99) and CPU, and the worst event-loop block while they run
 * (perf_hooks monitorEventLoopDelay, and a 1 ms timer's worst lateness), beside the same with no
 * requests. The server runs in this process, so the block is the server's own.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { TZDate } from '@date-fns/tz';
import { startServer } from '../src/server';
import { defaultCampuses } from '../src/server/campuses/config';
import { openDatabase } from '../src/server/platform/db';
import { AccountStore } from '../src/server/session/accounts';
import { ChatStatistics } from '../src/shared/statistics/schemas';
import { rng } from './faq-search';
import { type Summary, summarize } from './stats';

const TSX = ['--import', 'tsx'];
const PASSWORD = 'correct horse battery';
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** The seeded year, in New York days: December 2025 to November 2026. */
const YEAR = { from: '2025-12-01', to: '2026-11-30' };
export const STATISTICS_RANGES = [
  { label: 'month', from: '2026-10-01', to: '2026-10-31' },
  { label: 'term', from: '2026-08-01', to: '2026-11-30' },
  { label: 'year', ...YEAR },
] as const;

/** How busy each hour of the week is (the desk's day: weekdays 8-22, weekends lighter). */
function hourWeight(weekday: number, hour: number): number {
  const open = hour >= 8 && hour < 22 ? 1 : hour >= 6 && hour < 24 ? 0.25 : 0.04;
  const peak = hour >= 10 && hour < 15 ? 1.8 : 1;
  return open * peak * (weekday >= 5 ? 0.45 : 1);
}

interface Seeded {
  chats: number;
  transfers: number;
  requeues: number;
  tickets: number;
  ratings: number;
  seedMs: number;
  operatorIds: string[];
}

/** Everything written in one transaction, with prepared statements matching the real schema. */
export function seedYear(dbPath: string, chatCount: number, operatorCount: number): Seeded {
  const started = performance.now();
  const db = openDatabase(dbPath);
  const campuses = defaultCampuses().map((c) => c.id);
  const accounts = new AccountStore(db, new Set(campuses), Date.now, { N: 1 << 14, r: 8, p: 1 });
  const operatorIds: string[] = [];
  for (let i = 0; i < operatorCount; i++) {
    operatorIds.push(accounts.addOperator({ username: `op${i}`, name: `Librarian ${i}`, campus: campuses[i % campuses.length] ?? 'gateway', password: PASSWORD, role: i === 0 ? 'admin' : 'librarian' }).id);
  }
  const random = rng(16);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  // The year's hours, weighted, so chats fall where a real desk's do (New York wall clock).
  const start = new TZDate(2025, 11, 1, 0, 0, 0, 'America/New_York').getTime();
  const end = new TZDate(2026, 11, 1, 0, 0, 0, 'America/New_York').getTime();
  const hours: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (let at = start; at < end; at += 3_600_000) {
    const local = new TZDate(at, 'America/New_York');
    total += hourWeight((local.getDay() + 6) % 7, local.getHours());
    hours.push(at);
    cumulative.push(total);
  }
  const hourAt = (x: number): number => {
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return hours[lo] ?? start;
  };
  const insertChat = db.prepare(
    `INSERT INTO chats (id, encounter_id, campus, patron_name, question, name_is_question, state, created_at, claimed_by, claimed_at, ended_at, end_reason,
       ticket_offered_at, patron_token_hash, start_client_id, first_claimed_at, first_claimed_by, first_ticket_offer_at, start_campus, transcript_rev)
     VALUES (@id, @encounter, @campus, 'Pat Patron', 'Where can I find peer-reviewed articles on nursing ethics?', 0, 'ended', @createdAt, @holder, @claimedAt, @endedAt, @endReason,
       @offer, 'hash', @startId, @firstAt, @firstBy, @offer, @startCampus, @rev)`,
  );
  const insertTransfer = db.prepare(`INSERT INTO transfers (id, chat_id, from_id, to_id, note, created_at, expires_at, state, closed_at) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?)`);
  const insertRequeue = db.prepare('INSERT INTO chat_requeues (chat_id, by_id, from_campus, to_campus, at) VALUES (?, ?, ?, ?, ?)');
  const insertTicket = db.prepare(
    `INSERT INTO tickets (id, encounter_id, chat_id, campus, patron_name, email, no_email, question, transcript, status, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'Pat Patron', 'pat@example.edu', 0, 'Where can I find peer-reviewed articles?', '[]', 'closed', ?, ?, ?)`,
  );
  const insertOutbox = db.prepare(`INSERT INTO ticket_outbox (ticket_id, channel, target, state, attempts) VALUES (?, ?, 'queue', ?, 1)`);
  const insertRating = db.prepare(`INSERT INTO chat_feedback (chat_id, campus, operator_id, rating, comment, at) VALUES (?, ?, ?, ?, '', ?)`);
  const counts = { transfers: 0, requeues: 0, tickets: 0, ratings: 0 };
  db.transaction(() => {
    for (let i = 0; i < chatCount; i++) {
      const id = `chat${i.toString(36).padStart(6, '0')}`;
      const createdAt = hourAt(random() * total) + Math.floor(random() * 3_600_000);
      const campus = pick(campuses);
      // Most pickups are quick; a tail waits past the goal and the ticket offer; some never get one.
      const roll = random();
      const pickup = roll < 0.93 ? Math.round(2_000 + 40_000 * random() ** 2 + (roll > 0.85 ? 60_000 * random() : 0)) : null;
      const offer = pickup === null || pickup > 60_000 ? createdAt + 60_000 : null;
      const firstBy = pickup === null ? null : pick(operatorIds);
      let holder = firstBy;
      let startCampus: string | null = null;
      let chatCampus = campus;
      const length = 3 * MINUTE + Math.round(random() * 20 * MINUTE);
      let endReason = pickup === null ? (random() < 0.6 ? 'patron_left' : 'ticket') : random() < 0.9 ? 'operator' : 'patron_left';
      // Hand-offs refer to the chat: written after it.
      const handoffs: (() => void)[] = [];
      if (pickup !== null && firstBy !== null && random() < 0.06) {
        // A transfer to a librarian, most accepted.
        const to = pick(operatorIds.filter((op) => op !== firstBy));
        const state = pick(['accepted', 'accepted', 'accepted', 'declined', 'expired', 'cancelled'] as const);
        const at = createdAt + pickup + MINUTE;
        if (state === 'accepted') holder = to;
        handoffs.push(() => insertTransfer.run(`tr${i}`, id, firstBy, to, at, at + MINUTE, state, at + 20 * SECOND));
        counts.transfers++;
      } else if (pickup !== null && firstBy !== null && random() < 0.012) {
        // Back to another campus's queue, where someone else takes it.
        chatCampus = pick(campuses.filter((c) => c !== campus));
        startCampus = campus;
        const [from, to, at] = [campus, chatCampus, createdAt + pickup + 2 * MINUTE];
        handoffs.push(() => insertRequeue.run(id, firstBy, from, to, at));
        holder = pick(operatorIds);
        counts.requeues++;
      }
      const endedAt = createdAt + (pickup ?? 90 * SECOND) + (pickup === null ? 0 : length);
      insertChat.run({
        id,
        encounter: `E${i.toString(36).padStart(8, '0')}`,
        campus: chatCampus,
        createdAt,
        holder,
        claimedAt: pickup === null ? null : createdAt + pickup,
        endedAt,
        endReason,
        offer,
        startId: `start-${id}`,
        firstAt: pickup === null ? null : createdAt + pickup,
        firstBy,
        startCampus,
        rev: i + 1,
      });
      for (const handoff of handoffs) handoff();
      const madeTicket = endReason === 'ticket' || (pickup !== null && random() < 0.03);
      if (madeTicket) {
        const ticketId = `tk${i}`;
        insertTicket.run(ticketId, `T${i.toString(36).padStart(8, '0')}`, id, campus, endReason === 'ticket' ? null : holder, endedAt, endedAt);
        const channel = pick(['email', 'email', 'libanswers', 'none'] as const);
        if (channel !== 'none') insertOutbox.run(ticketId, channel, pick(['sent', 'sent', 'sent', 'sent', 'failed', 'pending'] as const));
        counts.tickets++;
        if (endReason !== 'ticket') endReason = 'operator';
      }
      if (holder !== null && endReason === 'operator' && random() < 0.3) {
        insertRating.run(id, chatCampus, holder, pick([5, 5, 5, 4, 4, 3, 2, 1]), endedAt + 30 * SECOND);
        counts.ratings++;
      }
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { chats: chatCount, ...counts, seedMs: Math.round(performance.now() - started), operatorIds };
}

/** The operators' process (bench/load/operators.ts): N sockets that follow the desk. */
async function connectOperators(url: string, tokens: string[]): Promise<ChildProcess> {
  const child = fork(join(import.meta.dirname, 'load', 'operators.ts'), [], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: { type: string; error?: string }) => {
      if (message.type === 'ready') resolve();
      else if (message.type === 'failed') reject(new Error(message.error));
    });
    child.send({ type: 'start', mode: 'backend', url, tokens, claimers: 0 });
  });
  return child;
}

interface BlockFigures {
  /** monitorEventLoopDelay's worst delay, ms (its resolution is 1 ms). */
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
  /** A 1 ms interval timer's worst lateness, ms. */
  timerLatenessMaxMs: number;
  /**
   * The most CPU time this process used between two ticks of that timer, ms: a block of our own
   * work. On a busy machine the lateness above also counts the time the OS ran someone else; this does not.
   */
  cpuBetweenTicksMaxMs: number;
}

/** Watch this process's event loop while `work` runs. */
async function watchLoop<T>(work: () => Promise<T>): Promise<{ result: T; block: BlockFigures }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let worst = 0;
  let lastCpu = process.cpuUsage();
  let worstCpu = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 1);
    last = now;
    const cpu = process.cpuUsage();
    worstCpu = Math.max(worstCpu, (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000);
    lastCpu = cpu;
  }, 1);
  histogram.enable();
  try {
    const result = await work();
    return {
      result,
      block: { loopDelayMaxMs: round(histogram.max / 1e6), loopDelayP99Ms: round(histogram.percentile(99) / 1e6), timerLatenessMaxMs: round(worst), cpuBetweenTicksMaxMs: round(worstCpu) },
    };
  } finally {
    histogram.disable();
    clearInterval(timer);
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

export interface RangeFigures {
  label: string;
  from: string;
  to: string;
  chatsInRange: number;
  answer: Summary;
  /** This process's CPU time (user + system, every thread) per answer: the server's work, little affected by other load on the machine. */
  cpuMsPerAnswer: number;
  block: BlockFigures;
  responseBytes: number;
}

export interface ChatStatisticsBench {
  seeded: Omit<Seeded, 'operatorIds'>;
  operatorsConnected: number;
  requestsPerRange: number;
  /** The same watch over 15 s with nothing asked (it includes the server's background read of the settled days after its start). */
  idle: BlockFigures;
  /** The year's first answer after the start. */
  coldYear: { ms: number; cpuMs: number; block: BlockFigures };
  ranges: RangeFigures[];
  /** The machine's 1-minute load average before and after (other work on it shows in every wall-clock figure). */
  loadAverage: { before: number; after: number };
}

export async function chatStatisticsBench(chatCount = 100_000, operators = 100, requests = 50): Promise<ChatStatisticsBench> {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-statistics-bench-'));
  const dbPath = join(dir, 'desk.db');
  let child: ChildProcess | null = null;
  const { operatorIds, ...seeded } = seedYear(dbPath, chatCount, operators + 1);
  const server = await startServer({
    dbPath,
    host: '127.0.0.1',
    port: 0,
    passwordHashN: 1 << 14,
    chatHours: 'always-open',
    log: (level, message, data) => {
      if (level === 'error') console.error(`  server: ${message} ${JSON.stringify(data ?? {})}`);
    },
  });
  try {
    const tokens: string[] = [];
    for (let i = 0; i <= operators; i++) {
      const login = await server.login(`op${i}`, PASSWORD);
      if (!login) throw new Error(`op${i} could not sign in`);
      tokens.push(login.token);
    }
    const [adminToken, ...operatorTokens] = tokens;
    void operatorIds;
    child = await connectOperators(server.url, operatorTokens);
    // The timed answers are only read, not parsed: the client's work would count as the server's block.
    const ask = async (from: string, to: string) => {
      const response = await fetch(`${server.url}/api/statistics?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${adminToken}` } });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`statistics answered ${response.status}: ${text.slice(0, 200)}`);
      return text;
    };
    // The seeding's garbage is this process's, not the server's: collected before anything is watched.
    globalThis.gc?.();
    const loadBefore = round(loadavg()[0] ?? 0);
    // A span like the requests' with the operators connected and nothing asked, for comparison.
    await sleep(500);
    const idle = (await watchLoop(() => sleep(15_000))).block;
    const coldCpu = process.cpuUsage();
    const cold = await watchLoop(async () => {
      const begun = performance.now();
      await ask(YEAR.from, YEAR.to);
      return performance.now() - begun;
    });
    const coldCpuUsed = process.cpuUsage(coldCpu);
    const coldYear = { ms: round(cold.result), cpuMs: round((coldCpuUsed.user + coldCpuUsed.system) / 1000), block: cold.block };
    const ranges: RangeFigures[] = [];
    for (const range of STATISTICS_RANGES) {
      const first = await ask(range.from, range.to);
      const warm = { figures: ChatStatistics.parse(JSON.parse(first)), bytes: first.length };
      const cpuBefore = process.cpuUsage();
      const { result: times, block } = await watchLoop(async () => {
        const ms: number[] = [];
        for (let i = 0; i < requests; i++) {
          const begun = performance.now();
          await ask(range.from, range.to);
          ms.push(performance.now() - begun);
        }
        return ms;
      });
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMsPerAnswer = round((cpu.user + cpu.system) / 1000 / requests);
      ranges.push({ label: range.label, from: range.from, to: range.to, chatsInRange: warm.figures.all.started, answer: summarize(times), cpuMsPerAnswer, block, responseBytes: warm.bytes });
    }
    const loadAverage = { before: loadBefore, after: round(loadavg()[0] ?? 0) };
    return { seeded, operatorsConnected: operatorTokens.length, requestsPerRange: requests, idle, coldYear, ranges, loadAverage };
  } finally {
    if (child) {
      child.send({ type: 'stop' });
      await Promise.race([new Promise((r) => child?.once('exit', r)), sleep(5_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printChatStatisticsBench(result: ChatStatisticsBench): void {
  const s = result.seeded;
  console.log(`  seeded ${s.chats} chats, ${s.transfers} transfers, ${s.requeues} requeues, ${s.tickets} tickets, ${s.ratings} ratings over 18 campuses in ${s.seedMs} ms`);
  console.log(`  machine load average ${result.loadAverage.before} before, ${result.loadAverage.after} after (${cpus().length} CPUs)`);
  const block = (b: BlockFigures) => `loop delay max ${b.loopDelayMaxMs} ms, 1 ms timer late by at most ${b.timerLatenessMaxMs} ms, most CPU between its ticks ${b.cpuBetweenTicksMaxMs} ms`;
  console.log(`  ${result.operatorsConnected} operators connected; 15 s nothing asked (the background read of the settled days after the start included): ${block(result.idle)}`);
  const cold = result.coldYear;
  console.log(`  the year's first answer: ${cold.ms} ms, CPU ${cold.cpuMs} ms; ${block(cold.block)}`);
  for (const range of result.ranges) {
    console.log(
      `  ${range.label.padEnd(5)} ${range.from}..${range.to} (${range.chatsInRange} chats, ${Math.round(range.responseBytes / 1024)} KiB): ` +
        `answer p50 ${range.answer.p50.toFixed(1)} ms  p99 ${range.answer.p99.toFixed(1)} ms  max ${range.answer.max.toFixed(1)} ms (n=${range.answer.n}), CPU ${range.cpuMsPerAnswer} ms each; ` +
        `${block(range.block)} (aim: year < 200 ms, block < 20 ms)`,
    );
  }
}
