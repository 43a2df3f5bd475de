import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { BridgeServerFrame, type CallArgs, type CallName, type CallOutcome } from '../src/shared/api';
import { BENCH_CORE_ENTRY } from './build-core';

const TSX = ['--import', 'tsx'];

function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${seen.slice(-500)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (seen += c.toString()));
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}: ${seen.slice(-500)}`)));
  });
}

export interface ProcessHandle {
  child: ChildProcess;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * `DESKBELL_PROFILE_DIR=/some/dir npm run bench -- --only X` writes a V8 CPU profile of each
 * spawned process there (open it in Chrome DevTools' Performance panel): how the figures are explained.
 */
const PROFILE = process.env.DESKBELL_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.DESKBELL_PROFILE_DIR] : [];
/** `DESKBELL_HEAP_SNAPSHOTS=/some/dir`: the core writes a heap snapshot there on SIGUSR2 (bench/heap-diff.ts compares two). */
export const HEAP_SNAPSHOT_DIR = process.env.DESKBELL_HEAP_SNAPSHOTS ?? null;
const SNAPSHOTS = HEAP_SNAPSHOT_DIR ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${HEAP_SNAPSHOT_DIR}`] : [];

/** The backend as in a real deployment: `npm run server` in its own process. */
export async function spawnBackend(operators: { username: string; name: string; campus: string; password: string }[], seed?: (dbPath: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-bench-backend-'));
  const db = join(dir, 'desk.db');
  for (const op of operators) {
    execFileSync(process.execPath, [...TSX, 'src/server/cli.ts', 'add-operator', '--username', op.username, '--name', op.name, '--campus', op.campus, '--db', db], {
      env: { ...process.env, DESKBELL_PASSWORD: op.password },
      stdio: 'pipe',
    });
  }
  // Data a benchmark needs before the server starts (stored chats), written into the migrated database.
  seed?.(db);
  // All simulated patrons share 127.0.0.1: lift the per-address limits for anonymous patrons.
  const limits = ['--limit', 'patronStartBurst=100000', '--limit', 'patronConnectionsPerAddress=10000'];
  const child = spawn(process.execPath, [...PROFILE, ...TSX, 'src/server/cli.ts', '--port', '0', '--db', db, ...limits], { stdio: ['ignore', 'pipe', 'pipe'] });
  const [, url] = await waitForLine(child, /Deskbell server at (http:\/\/\S+)/, 'backend');
  return {
    child,
    url: url as string,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The main core as the browser shell runs it, in its own process, signed in as `username`. */
export async function spawnCore(backendUrl: string, username: string, password: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-bench-core-'));
  const login = await fetch(`${backendUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  const session = (await login.json()) as { token: string; operator: unknown };
  writeFileSync(join(dataDir, 'session.json'), JSON.stringify({ backendUrl, token: session.token, operator: session.operator }), { mode: 0o600 });
  // The core as the app ships it, built (bench/build-core.ts; run.ts builds it first).
  const child = spawn(process.execPath, ['--expose-gc', ...PROFILE, ...SNAPSHOTS, BENCH_CORE_ENTRY, '--backend-url', backendUrl, '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [, operatorUrl] = await waitForLine(child, /Operator board: (http:\/\/\S+)/, 'core');
  return {
    child,
    operatorUrl: operatorUrl as string,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** CPU seconds (user + system) and RSS of a process, from /proc. */
export function procStats(pid: number): { cpuSeconds: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuSeconds: ticks / hz, rssBytes: rssKb * 1024 };
}

/** A client of the browser shell's bridge: makes the same calls the renderer makes. */
export class BridgeClient {
  private readonly socket: WebSocket;
  private next = 1;
  private readonly pending = new Map<number, (o: CallOutcome<CallName>) => void>();
  readonly opened: Promise<void>;

  constructor(operatorUrl: string) {
    const url = new URL(operatorUrl);
    const secret = new URLSearchParams(url.hash.slice(1)).get('secret') ?? '';
    this.socket = new WebSocket(`ws://${url.host}/bridge?secret=${encodeURIComponent(secret)}`, { origin: url.origin });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('message', (data) => {
      const frame = BridgeServerFrame.safeParse(JSON.parse(data.toString()));
      if (!frame.success || frame.data.type !== 'result') return;
      const done = this.pending.get(frame.data.id);
      this.pending.delete(frame.data.id);
      done?.(frame.data.ok ? { ok: true, value: frame.data.value as never } : { ok: false, error: frame.data.error });
    });
  }

  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallOutcome<K>> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (o: CallOutcome<CallName>) => void);
      this.socket.send(JSON.stringify({ type: 'call', id, name, args }));
    });
  }

  close(): void {
    this.socket.close();
  }
}
