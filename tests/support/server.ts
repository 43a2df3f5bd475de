import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import type { z } from 'zod';
import type { DeskEvent } from '../../src/shared/desk';
import type { Operator } from '../../src/shared/session/schemas';
import {
  OperatorClientFrame,
  OperatorServerFrame,
  operatorServerTypes,
  parseFrame,
  PatronClientFrame,
  PatronServerFrame,
  patronServerTypes,
  OPERATOR_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
} from '../../src/shared/protocol';
import { type RunningServer, type ServerOptions, startServer } from '../../src/server';

export const PASSWORD = 'correct horse battery';

export interface TestServer {
  server: RunningServer;
  dir: string;
  dbPath: string;
  wsUrl(path: '/ws/operator' | '/ws/patron'): string;
  close(): Promise<void>;
}

/**
 * A real server on 127.0.0.1:0 with its SQLite file in a fresh temp folder; problems are collected, not printed.
 * Every patron of a test comes from 127.0.0.1, so the per-address start budget is raised unless a test sets it.
 */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer & { problems: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-server-test-'));
  const dbPath = join(dir, 'desk.db');
  const problems: string[] = [];
  const server = await startServer({
    dbPath,
    host: '127.0.0.1',
    port: 0,
    log: (level, message, data) => {
      if (level === 'error' || level === 'warn') problems.push(`${level}: ${message} ${JSON.stringify(data ?? {})}`);
    },
    // Tests create many accounts: the earlier scrypt cost (2^14) keeps them fast. accounts.test.ts checks the default.
    passwordHashN: 1 << 14,
    // The widget is never closed by the wall clock in a test; tests of the chat hours set 'directory'.
    chatHours: 'always-open',
    // Every join compares the kept snapshot with one built afresh: a stale part is a logged error.
    verifySnapshots: true,
    ...options,
    limits: { patronStartBurst: 1000, ...options.limits },
  });
  return {
    server,
    dir,
    dbPath,
    problems,
    wsUrl: (path) => `${server.url.replace(/^http/, 'ws')}${path}`,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
      // Whatever else a test checks, a stale kept snapshot part fails it.
      const stale = problems.filter((p) => p.includes('a kept snapshot part differs'));
      if (stale.length > 0) throw new Error(`the snapshot cache went stale:\n${stale.join('\n')}`);
    },
  };
}

type Schema = typeof OperatorServerFrame | typeof PatronServerFrame;

/**
 * A websocket client that validates every frame it receives against the server schema
 * (a nonconforming frame fails the test) and lets the test await frames in order.
 */
export class TestSocket<S extends Schema> {
  /** Frames received and not yet taken by the test, in arrival order. */
  private readonly queue: z.infer<S>[] = [];
  private waiter: (() => void) | null = null;
  readonly invalid: string[] = [];
  closeCode: number | null = null;
  closeReason = '';
  private readonly closed: Promise<number>;

  private constructor(
    readonly ws: WebSocket,
    schema: S,
    types: ReadonlySet<string>,
    private readonly clientSchema: z.ZodType,
  ) {
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '<binary>' : data.toString();
      // As large as the desktop client accepts: a snapshot of a busy desk is far above one command's size.
      const parsed = parseFrame(text, schema, types, 16 * 1024 * 1024, OPERATOR_PROTOCOL_VERSION);
      const value = parsed.ok ? (parsed.value as { type: string; frames?: unknown[] }) : null;
      // A batch (operator sockets) is its frames, in order: tests look at frames, not at how they were packed.
      if (value?.type === 'batch') for (const frame of value.frames ?? []) this.queue.push(frame as z.infer<S>);
      else if (parsed.ok) this.queue.push(parsed.value as z.infer<S>);
      else this.invalid.push(`${parsed.message}: ${text.slice(0, 300)}`);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        this.wake();
        resolve(code);
      }),
    );
  }

  static async open<S extends Schema>(
    url: string,
    schema: S,
    types: ReadonlySet<string>,
    clientSchema: z.ZodType,
    headers: Record<string, string> = {},
  ): Promise<TestSocket<S>> {
    const ws = new WebSocket(url, { headers });
    const socket = new TestSocket(ws, schema, types, clientSchema);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return socket;
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** Send a frame that must be valid by the client schema: tests prove the server's answers to well-formed frames. */
  send(frame: unknown): void {
    const checked = this.clientSchema.safeParse(frame);
    if (!checked.success) throw new Error(`test tried to send an invalid frame: ${checked.error.message}`);
    this.ws.send(JSON.stringify(frame));
  }

  /** Send anything, for the bad-frame tests. */
  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  private async waitFor<T>(find: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.invalid.length > 0) throw new Error(`server sent a frame that fails the schema: ${this.invalid[0]}`);
      const found = find();
      if (found !== undefined) return found;
      if (this.closeCode !== null) throw new Error(`socket closed (${this.closeCode}) while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; pending: ${JSON.stringify(this.queue).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Take the first pending frame that matches, waiting for it; frames before it stay pending. */
  take(match: (frame: z.infer<S>) => boolean, what = 'a matching frame', timeoutMs = 10_000): Promise<z.infer<S>> {
    return this.waitFor(
      () => {
        const index = this.queue.findIndex(match);
        return index < 0 ? undefined : this.queue.splice(index, 1)[0];
      },
      what,
      timeoutMs,
    );
  }

  /** The very next frame, which must be of this type. */
  async expect<T extends z.infer<S>['type']>(type: T, what?: string): Promise<Extract<z.infer<S>, { type: T }>> {
    const frame = await this.waitFor(() => this.queue.shift(), what ?? type, 10_000);
    if (frame.type !== type) throw new Error(`expected ${type} but got ${JSON.stringify(frame).slice(0, 400)}`);
    return frame as Extract<z.infer<S>, { type: T }>;
  }

  /** Frames received and not yet taken. */
  pending(): z.infer<S>[] {
    return [...this.queue];
  }

  /** Drop everything pending. */
  drain(): z.infer<S>[] {
    return this.queue.splice(0, this.queue.length);
  }

  /**
   * Round trip: a ping answered means every frame the server sent before it has arrived
   * (one socket is ordered). The pong is taken; other frames stay pending.
   */
  async sync(): Promise<void> {
    const n = Math.floor(Math.random() * 1e9);
    this.send({ type: 'ping', n });
    await this.take((f) => f.type === 'pong' && (f as { n: number }).n === n, 'pong');
  }

  waitClosed(): Promise<number> {
    return this.closed;
  }

  close(): void {
    this.ws.close();
  }

  terminate(): void {
    this.ws.terminate();
  }
}

export type OperatorSocket = TestSocket<typeof OperatorServerFrame>;
export type PatronSocket = TestSocket<typeof PatronServerFrame>;
export type OperatorFrame = z.infer<typeof OperatorServerFrame>;
export type PatronFrame = z.infer<typeof PatronServerFrame>;

export const openOperatorSocket = (t: TestServer, headers: Record<string, string> = {}): Promise<OperatorSocket> =>
  TestSocket.open(t.wsUrl('/ws/operator'), OperatorServerFrame, operatorServerTypes, OperatorClientFrame, headers);
/** `headers`, e.g. X-Forwarded-For, for the per-address limit tests. */
export const openPatronSocket = (t: TestServer, headers: Record<string, string> = {}): Promise<PatronSocket> =>
  TestSocket.open(t.wsUrl('/ws/patron'), PatronServerFrame, patronServerTypes, PatronClientFrame, headers);

export interface SignedInOperator {
  operator: Operator;
  token: string;
  socket: OperatorSocket;
  streamId: string;
  snapshotSeq: number;
  snapshot: Extract<OperatorFrame, { type: 'snapshot' }>['snapshot'];
}

let accountCounter = 0;
/** A new account (unique username), signed in, with a socket past welcome and snapshot. */
export async function signInOperator(t: TestServer, name: string, campus = 'gateway', role: 'librarian' | 'admin' = 'librarian'): Promise<SignedInOperator> {
  const username = `op${++accountCounter}-${process.pid}`;
  t.server.addOperator({ username, name, campus, password: PASSWORD, role });
  const login = await t.server.login(username, PASSWORD);
  if (!login) throw new Error('login failed');
  const socket = await openOperatorSocket(t);
  socket.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: login.token });
  const welcome = await socket.expect('welcome');
  const snapshot = await socket.expect('snapshot');
  return { operator: login.operator, token: login.token, socket, streamId: welcome.streamId, snapshotSeq: snapshot.seq, snapshot: snapshot.snapshot };
}

/** The next desk event of a kind, skipping others (presence changes and the like). */
export async function nextEvent<T extends DeskEvent['type']>(
  socket: OperatorSocket,
  type: T,
  match: (event: Extract<DeskEvent, { type: T }>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<{ seq: number; event: Extract<DeskEvent, { type: T }> }> {
  const frame = await socket.take(
    (f) => f.type === 'event' && f.event.type === type && match(f.event as Extract<DeskEvent, { type: T }>),
    `event ${type}`,
    timeoutMs,
  );
  const { seq, event } = frame as Extract<OperatorFrame, { type: 'event' }>;
  return { seq, event: event as Extract<DeskEvent, { type: T }> };
}

let clientCounter = 0;
export const clientId = (prefix = 'c'): string => `${prefix}${(++clientCounter).toString(36)}x${process.pid}abcdef`.slice(0, 64);

/** Send one operator command and wait for its answer (ack or error). */
export async function command(op: SignedInOperator, cmd: object): Promise<OperatorFrame> {
  const id = clientId('cmd');
  op.socket.send({ type: 'cmd', id, cmd });
  return op.socket.take((f) => (f.type === 'ack' || f.type === 'error') && f.id === id, 'command answer');
}

/** Start a patron chat and consume started, status and the question message. */
export async function startPatronChat(
  t: TestServer,
  options: { campus?: string; name?: string; question?: string; headers?: Record<string, string> } = {},
): Promise<{ socket: PatronSocket; chatId: string; token: string; encounterId: string; startId: string }> {
  const socket = await openPatronSocket(t, options.headers);
  const startId = clientId('start');
  socket.send({
    type: 'start',
    v: PROTOCOL_VERSION,
    id: startId,
    campus: options.campus ?? 'gateway',
    name: options.name ?? 'Pat Patron',
    question: options.question ?? 'What time do you close today?',
  });
  const started = await socket.expect('started');
  await socket.expect('status');
  await socket.expect('message');
  return { socket, chatId: started.chatId, token: started.token, encounterId: started.encounterId, startId };
}

/** A second, read-only connection to the server's database for before/after comparisons. */
type TableCounts = Record<'operators' | 'sessions' | 'chats' | 'messages' | 'command_results', number>;

export function inspectDb(t: TestServer): { counts(): TableCounts; chats(): unknown[]; db: Database.Database; close(): void } {
  const db = new Database(t.dbPath, { readonly: true, fileMustExist: true });
  return {
    db,
    counts: () =>
      Object.fromEntries(
        ['operators', 'sessions', 'chats', 'messages', 'command_results'].map((table) => [
          table,
          (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
        ]),
      ) as TableCounts,
    chats: () => db.prepare('SELECT * FROM chats ORDER BY id').all(),
    close: () => db.close(),
  };
}
