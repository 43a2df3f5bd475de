/**
 * The backend under load, in its own process: 100 operators signed in (half of them claiming
 * and answering), patrons starting chats over 20 s and each sending a line every 10 s. Measured
 * from each patron line to every operator's event, claim acks, a late operator's snapshot, and
 * the backend's event loop, memory and CPU; beside a plain `ws` relay to the same sockets at the
 * same rate in the same run (the floor). Then the patrons are raised step by step to find the knee.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { AccountStore } from '../src/server/session/accounts';
import { openDatabase } from '../src/server/platform/db';
import { procStats } from './processes';
import { type Summary, summarize } from './stats';

const TSX = ['--import', 'tsx'];
const PASSWORD = 'load-bench-password';
const stamp = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Late joins once every chat is open: each a librarian not yet on (so their own presence event
 * comes with it). The backend's event-loop max over a fixed window that starts with a join is set
 * beside the max over as long a window right after it without one (JOIN_WINDOW_MS each, one pair
 * per join), since the crowd's own traffic stalls the loop too.
 */
export interface LateJoins {
  count: number;
  /** Joins with no snapshot within the operators' limit (15 s): the backend is saturated. */
  failed: number;
  bytes: number;
  /** Hello to snapshot received, at the operator. */
  snapshotMs: Summary;
  /** Building the snapshot frame on the backend. */
  buildMs: Summary;
  loopMaxDuringJoinMs: Summary;
  loopMaxQuietMs: Summary;
}

const LATE_JOINS = 5;
/** Each late join is measured in a window this long, and so is the quiet window beside it. */
const JOIN_WINDOW_MS = 2_000;

/**
 * The load generators' own CPU, in % of one core over the run: the 100 operators (one process)
 * and the patrons (this process). On a 2-core machine they share the cores with the server under
 * test: near 100 % they, not the server, are what is measured.
 */
export interface GeneratorCpu {
  operatorsPercent: number;
  patronsPercent: number;
}

/** Start counting the generators' CPU; the returned function reads it. */
function generatorCpu(operatorsPid: number): () => GeneratorCpu {
  const wall = stamp();
  const operators = procStats(operatorsPid).cpuSeconds;
  const patrons = process.cpuUsage();
  return () => {
    const ms = stamp() - wall;
    const own = process.cpuUsage(patrons);
    return {
      operatorsPercent: Math.round(((procStats(operatorsPid).cpuSeconds - operators) * 1000 * 1000) / ms) / 10,
      patronsPercent: Math.round(((own.user + own.system) / 1000 / ms) * 1000) / 10,
    };
  };
}

export interface LoadStep {
  patrons: number;
  /** The plain relay at the same rate: its fan-out, and the patrons it could not connect (0 unless the machine itself is saturated). */
  floor: { fanout: Summary; patronErrors: number; generators: GeneratorCpu };
  backend: {
    fanout: Summary;
    claimAck: Summary;
    lateJoins: LateJoins;
    eventLoopDelayMs: { p50: number; p99: number; max: number };
    rssMiB: number;
    cpuPercentOfOneCore: number;
    openChats: number;
    generators: GeneratorCpu;
  };
  fanoutP99OverFloor: number;
  patronErrors: number;
  patronErrorKinds: Record<string, number>;
  operatorErrors: number;
  disconnects: number;
  seconds: number;
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${seen.slice(-400)}`)), 60_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}: ${seen.slice(-400)}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** The operators' process, and a typed request/answer over IPC. */
function operatorsProcess() {
  const child = fork(join(import.meta.dirname, 'load', 'operators.ts'), [], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string; error?: string }) => {
        if (message.type === 'failed') {
          child.off('message', onMessage);
          reject(new Error(message.error));
        } else if (message.type === type) {
          child.off('message', onMessage);
          resolve(message as T);
        }
      };
      child.on('message', onMessage);
    });
  return {
    child,
    async start(mode: 'backend' | 'floor', url: string, tokens: string[], claimers: number) {
      const ready = next('ready');
      child.send({ type: 'start', mode, url, tokens, claimers });
      await ready;
    },
    async report() {
      const answer = next<{ fanout: number[]; claimAcks: number[]; replies: number; errors: number; disconnects: number }>('report');
      child.send({ type: 'report' });
      return answer;
    },
    /** Hello to snapshot, or null when none came within the operators' limit. */
    async join(token: string) {
      const answer = next<{ ms: number | null }>('joined');
      child.send({ type: 'join', token });
      return (await answer).ms;
    },
    async stop() {
      child.send({ type: 'stop' });
      await stopChild(child);
    },
  };
}

/** Patrons in this process: each starts a chat at its moment in the ramp, then sends a line every `everyMs`. */
async function runPatrons(mode: 'backend' | 'floor', url: string, count: number, rampMs: number, everyMs: number, holdMs: number, campuses: string[]) {
  let errors = 0;
  let unopened = 0;
  let started = 0;
  const kinds = new Map<string, number>();
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  const startedAll = stamp();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await sleep((i / count) * rampMs);
      const socket = new WebSocket(mode === 'backend' ? `${url.replace(/^http/, 'ws')}/ws/patron` : `${url}/patron`);
      sockets.push(socket);
      let failed = false;
      socket.on('error', (error) => {
        failed = true;
        errors += 1;
        const kind = `socket error: ${error.message.slice(0, 60)}`;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      });
      // Opened, or given up on: a saturated backend may never answer the handshake.
      const opened = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), OPEN_LIMIT_MS);
        socket.once('open', () => (clearTimeout(timer), resolve(true)));
        socket.once('close', () => (clearTimeout(timer), resolve(false)));
      });
      if (!opened) {
        // Each patron counts once: as its error if it had one (refused), else as not opened in time.
        if (!failed) unopened += 1;
        // The error terminate() raises ("closed before the connection was established") is this
        // same patron again: it was counted twice before.
        socket.removeAllListeners('error');
        socket.on('error', () => undefined);
        socket.terminate();
        return;
      }
      let n = 0;
      const say = () => {
        if (socket.readyState !== WebSocket.OPEN) return;
        const text = `t=${stamp()} p${i} #${++n}`;
        socket.send(mode === 'backend' ? JSON.stringify({ type: 'say', id: `p${i}x${n}abcdefgh`, text }) : text);
      };
      if (mode === 'backend') {
        socket.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as { type: string; code?: string };
          if (frame.type === 'started') started += 1;
          if (frame.type === 'error') {
            errors += 1;
            const code = `error frame: ${frame.code ?? '?'}`;
            kinds.set(code, (kinds.get(code) ?? 0) + 1);
          }
        });
        socket.send(JSON.stringify({ type: 'start', v: 1, id: `start${i}xabcdefgh`, campus: campuses[i % campuses.length], name: `Patron ${i}`, question: 'Is the library open late tonight?' }));
      }
      // The first line at a random moment in the first interval, then every interval.
      const first = setTimeout(() => {
        say();
        timers.push(setInterval(say, everyMs));
      }, Math.random() * everyMs);
      timers.push(first);
    }),
  );
  const elapsed = stamp() - startedAll;
  await sleep(Math.max(0, holdMs - elapsed));
  return {
    /** Sockets in error, and patrons whose socket never opened (counted once each). */
    /** Chats the backend started (its `started` frame reached the patron). */
    started: () => started,
    errors: () => errors + unopened,
    /** What the errors were: error frames by code, socket errors by message, sockets never opened. */
    errorKinds: (): Record<string, number> => Object.fromEntries([...kinds, ...(unopened > 0 ? [[`not opened within ${OPEN_LIMIT_MS / 1000} s`, unopened] as const] : [])]),
    close() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.terminate();
    },
  };
}

/** A patron whose socket has not opened by then is counted as refused. */
const OPEN_LIMIT_MS = 15_000;
/** A saturated backend answers nothing in time: past this, the step is reported as saturated. */
const METRICS_LIMIT_MS = 20_000;

async function metrics(url: string, token: string, reset = false) {
  const response = await fetch(`${url}/api/metrics${reset ? '?reset=1' : ''}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(METRICS_LIMIT_MS) });
  return (await response.json()) as {
    eventLoopDelayMs: { p50: number; p99: number; max: number };
    snapshots: { lastMs: number; lastBytes: number };
    rssBytes: number;
    cpuMs: { user: number; system: number };
  };
}

async function floorRun(operators: number, patrons: number, rampMs: number, everyMs: number, holdMs: number): Promise<LoadStep['floor']> {
  const server = spawn(process.execPath, [...TSX, join(import.meta.dirname, 'load', 'floor-server.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const [, port] = await waitForLine(server, /floor listening on (\d+)/, 'floor server');
  const url = `ws://127.0.0.1:${port}`;
  const ops = operatorsProcess();
  try {
    await ops.start('floor', url, [], operators);
    const generators = generatorCpu(ops.child.pid ?? 0);
    const crowd = await runPatrons('floor', url, patrons, rampMs, everyMs, holdMs, []);
    const used = generators();
    const report = await ops.report();
    crowd.close();
    return { fanout: summarize(report.fanout), patronErrors: crowd.errors(), generators: used };
  } finally {
    await ops.stop();
    await stopChild(server);
  }
}

async function backendRun(operators: number, patrons: number, rampMs: number, everyMs: number, holdMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-load-'));
  const dbPath = join(dir, 'load.db');
  // Accounts made here, with a cheap hash: the benchmark measures chats, not sign-in.
  const db = openDatabase(dbPath);
  const accounts = new AccountStore(db, new Set(['gateway', 'tunxis', 'capital', 'norwalk']), Date.now, { N: 1 << 14, r: 8, p: 1 });
  // The first late joiner reads the metrics, which are an administrator's.
  for (let i = 0; i < operators + LATE_JOINS; i++) {
    accounts.addOperator({ username: `op${i}`, name: `Operator ${i}`, campus: ['gateway', 'tunxis', 'capital', 'norwalk'][i % 4]!, password: PASSWORD, role: i === operators ? 'admin' : 'librarian' });
  }
  db.close();
  const limits = ['patronStartBurst=1000000', 'patronConnectionsPerAddress=100000', 'patronConnections=100000', 'maxOpenChats=100000', 'operatorPendingPerAddress=10000'];
  const server = spawn(process.execPath, [...TSX, 'src/server/cli.ts', '--port', '0', '--db', dbPath, '--log-level', 'error', ...limits.flatMap((l) => ['--limit', l])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [, url] = await waitForLine(server, /Deskbell server at (http:\/\/\S+)/, 'backend');
  const tokens: string[] = [];
  for (let i = 0; i < operators + LATE_JOINS; i++) {
    const login = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `op${i}`, password: PASSWORD }) });
    tokens.push(((await login.json()) as { token: string }).token);
  }
  const late = tokens.splice(operators);
  const ops = operatorsProcess();
  try {
    await ops.start('backend', url as string, tokens, Math.floor(operators / 2));
    // An administrator reads the metrics.
    const metricsToken = late[0] as string;
    const before = await metrics(url as string, metricsToken, true);
    const started = stamp();
    const generators = generatorCpu(ops.child.pid ?? 0);
    // The late joins come once the ramp is over, with every chat open.
    const crowdPromise = runPatrons('backend', url as string, patrons, rampMs, everyMs, holdMs, ['gateway', 'tunxis', 'capital', 'norwalk']);
    await sleep(rampMs + 3_000);
    const joins = { snapshotMs: [] as number[], buildMs: [] as number[], during: [] as number[], quiet: [] as number[], bytes: 0, failed: 0 };
    for (const token of late) {
      if (joins.failed > 0) break;
      try {
        // A window of fixed length with a join at its start, then one as long without: like for like,
        // each long enough for the loop-delay histogram to see the crowd's own stalls in both.
        await metrics(url as string, metricsToken, true);
        const windowStart = stamp();
        const joinMs = await ops.join(token);
        if (joinMs === null) {
          // Saturated: the rest would wait as long. The step is past the knee.
          joins.failed += 1;
          continue;
        }
        const snapshots = (await metrics(url as string, metricsToken)).snapshots;
        joins.snapshotMs.push(joinMs);
        joins.buildMs.push(snapshots.lastMs);
        joins.bytes = snapshots.lastBytes;
        await sleep(Math.max(0, JOIN_WINDOW_MS - (stamp() - windowStart)));
        joins.during.push((await metrics(url as string, metricsToken)).eventLoopDelayMs.max);
        await metrics(url as string, metricsToken, true);
        await sleep(JOIN_WINDOW_MS);
        joins.quiet.push((await metrics(url as string, metricsToken)).eventLoopDelayMs.max);
      } catch (error) {
        if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
        joins.failed += 1;
      }
    }
    const crowd = await crowdPromise;
    const used = generators();
    // Saturated, the backend may not answer even this: its figures are then unknown (NaN).
    const after = await metrics(url as string, metricsToken).catch(() => ({ eventLoopDelayMs: { p50: Number.NaN, p99: Number.NaN, max: Number.NaN }, rssBytes: Number.NaN, cpuMs: { user: Number.NaN, system: Number.NaN } }));
    const wallMs = stamp() - started;
    const report = await ops.report();
    crowd.close();
    const cpuMs = after.cpuMs.user + after.cpuMs.system - (before.cpuMs.user + before.cpuMs.system);
    return {
      fanout: summarize(report.fanout),
      claimAck: summarize(report.claimAcks),
      lateJoins: {
        count: joins.snapshotMs.length,
        failed: joins.failed,
        bytes: joins.bytes,
        snapshotMs: summarize(joins.snapshotMs),
        buildMs: summarize(joins.buildMs),
        loopMaxDuringJoinMs: summarize(joins.during),
        loopMaxQuietMs: summarize(joins.quiet),
      },
      eventLoopDelayMs: after.eventLoopDelayMs,
      rssMiB: Math.round(after.rssBytes / 2 ** 20),
      cpuPercentOfOneCore: Math.round((cpuMs / wallMs) * 1000) / 10,
      openChats: crowd.started(),
      generators: used,
      patronErrors: crowd.errors(),
      patronErrorKinds: crowd.errorKinds(),
      operatorErrors: report.errors,
      disconnects: report.disconnects,
    };
  } finally {
    await ops.stop();
    await stopChild(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function loadBenchmark(options: { operators: number; steps: number[]; rampMs: number; everyMs: number; holdMs: number }): Promise<LoadStep[]> {
  const steps: LoadStep[] = [];
  for (const patrons of options.steps) {
    const started = stamp();
    console.log(`  ${patrons} patrons, ${options.operators} operators: floor…`);
    const floor = await floorRun(options.operators, patrons, options.rampMs, options.everyMs, options.holdMs);
    console.log(`  ${patrons} patrons: backend…`);
    const backend = await backendRun(options.operators, patrons, options.rampMs, options.everyMs, options.holdMs);
    const { patronErrors, patronErrorKinds, operatorErrors, disconnects, ...figures } = backend;
    const step: LoadStep = {
      patrons,
      patronErrorKinds,
      floor,
      backend: figures,
      fanoutP99OverFloor: Math.round((backend.fanout.p99 / floor.fanout.p99) * 10) / 10,
      patronErrors,
      operatorErrors,
      disconnects,
      seconds: Math.round((stamp() - started) / 1000),
    };
    printStep(step);
    steps.push(step);
    // Past the knee: errors, dropped sockets, or lines taking over a second to reach the desks.
    if (patronErrors + operatorErrors + disconnects + backend.lateJoins.failed > 0 || backend.fanout.p99 > 1_000) break;
  }
  return steps;
}

export function printStep(s: LoadStep): void {
  const f = (x: Summary) => `p50 ${x.p50.toFixed(1)} ms, p99 ${x.p99.toFixed(1)} ms, max ${x.max.toFixed(1)} ms (n=${x.n})`;
  console.log(`    fan-out, patron line -> every operator: backend ${f(s.backend.fanout)}`);
  console.log(`                                            floor   ${f(s.floor.fanout)}   p99 ratio ${s.fanoutP99OverFloor}x`);
  console.log(`    claim ack: ${f(s.backend.claimAck)}`);
  const j = s.backend.lateJoins;
  const m = (x: Summary) => `median ${x.p50.toFixed(1)}, max ${x.max.toFixed(1)} ms`;
  if (j.failed > 0) console.log(`    a late join had no snapshot within 15 s: the backend is saturated (joins stopped there)`);
  console.log(`    ${j.count} late joins at ${s.backend.openChats} open chats (${Math.round(j.bytes / 1024)} KiB): snapshot received ${m(j.snapshotMs)}; built ${m(j.buildMs)}`);
  console.log(`      backend event loop max in a ${JOIN_WINDOW_MS / 1000} s window starting with a join: ${m(j.loopMaxDuringJoinMs)}; in as long a window without one: ${m(j.loopMaxQuietMs)}`);
  console.log(`    chats started: ${s.backend.openChats} of ${s.patrons}`);
  console.log(`    backend: RSS ${s.backend.rssMiB} MiB, CPU ${s.backend.cpuPercentOfOneCore}% of one core, loop delay p99 ${s.backend.eventLoopDelayMs.p99} ms`);
  const g = (x: GeneratorCpu) => `operators ${x.operatorsPercent}%, patrons ${x.patronsPercent}%`;
  console.log(`    load generators' CPU (of one core): ${g(s.floor.generators)} with the floor; ${g(s.backend.generators)} with the backend`);
  if (s.floor.patronErrors > 0) console.log(`    the floor could not connect ${s.floor.patronErrors} patrons either: the machine itself is saturated`);
  console.log(`    errors: patrons ${s.patronErrors}, operators ${s.operatorErrors}, disconnects ${s.disconnects}; ${s.seconds} s`);
  if (s.patronErrors > 0) console.log(`      patrons' errors: ${JSON.stringify(s.patronErrorKinds)}`);
}
