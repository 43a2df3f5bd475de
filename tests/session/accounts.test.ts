import { spawn } from 'node:child_process';
import { createHash, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_PROTOCOL_VERSION } from '../../src/shared/protocol';
import { LoginResponse } from '../../src/shared/session/schemas';
import { DeskbellServerError, startServer } from '../../src/server';
import { waitFor } from '../support/wait';
import { inspectDb, openOperatorSocket, PASSWORD, signInOperator, startPatronChat, startTestServer, type TestServer } from '../support/server';
import { runServerCli } from '../support/server-cli';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('accounts', () => {
  let t: TestServer & { problems: string[] };
  let db: ReturnType<typeof inspectDb>;

  beforeAll(async () => {
    t = await startTestServer();
    db = inspectDb(t);
  });
  afterAll(async () => {
    db?.close();
    await t?.close();
  });

  it('stores an scrypt hash with its parameters, never the password', () => {
    const operator = t.server.addOperator({ username: 'Hash.Check', name: 'Hana Hash', campus: 'western', password: PASSWORD });
    expect(operator).toMatchObject({ name: 'Hana Hash', campus: 'western' });
    const row = db.db.prepare('SELECT username, password_hash FROM operators WHERE id = ?').get(operator.id) as { username: string; password_hash: string };
    expect(row.username).toBe('hash.check');
    expect(row.password_hash).not.toContain(PASSWORD);
    const [scheme, N, r, p, salt, key] = row.password_hash.split('$') as [string, string, string, string, string, string];
    expect(scheme).toBe('scrypt');
    const derived = scryptSync(PASSWORD, Buffer.from(salt, 'base64url'), Buffer.from(key, 'base64url').length, {
      N: Number(N),
      r: Number(r),
      p: Number(p),
      maxmem: 256 * Number(N) * Number(r),
    });
    expect(derived.toString('base64url')).toBe(key);
    expect(Number(N)).toBeGreaterThanOrEqual(16384);
    // A second account with the same password gets a different salt.
    const twin = t.server.addOperator({ username: 'hash.twin', name: 'Twin', campus: 'western', password: PASSWORD });
    const twinHash = (db.db.prepare('SELECT password_hash FROM operators WHERE id = ?').get(twin.id) as { password_hash: string }).password_hash;
    expect(twinHash).not.toBe(row.password_hash);
  });

  it('new hashes cost N = 2^16 by default; a 2^14 hash from before still verifies, and is upgraded at its next sign-in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deskbell-scrypt-test-'));
    const dbPath = join(dir, 'desk.db');
    const hashOf = (username: string) => {
      const check = new Database(dbPath, { readonly: true });
      try {
        return (check.prepare('SELECT password_hash FROM operators WHERE username = ?').get(username) as { password_hash: string }).password_hash;
      } finally {
        check.close();
      }
    };
    const costOf = (hash: string) => hash.split('$').slice(1, 4).map(Number);
    try {
      // The cost this suite's servers use (and every server used before it was raised).
      const before = await startServer({ dbPath, port: 0, passwordHashN: 1 << 14, log: () => {} });
      before.addOperator({ username: 'legacy', name: 'Lee Legacy', campus: 'gateway', password: PASSWORD });
      await before.close();
      const legacy = hashOf('legacy');
      expect(costOf(legacy)).toEqual([16384, 8, 1]);

      const server = await startServer({ dbPath, port: 0, log: () => {} });
      try {
        server.addOperator({ username: 'fresh', name: 'Fran Fresh', campus: 'gateway', password: PASSWORD });
        expect(costOf(hashOf('fresh'))).toEqual([65536, 8, 1]);
        // A wrong password changes nothing.
        expect(await server.login('legacy', 'not the password')).toBeNull();
        expect(hashOf('legacy')).toBe(legacy);
        expect(await server.login('legacy', PASSWORD)).toMatchObject({ operator: { name: 'Lee Legacy' } });
        const upgraded = hashOf('legacy');
        expect(costOf(upgraded)).toEqual([65536, 8, 1]);
        expect(await server.login('legacy', PASSWORD)).toMatchObject({ operator: { name: 'Lee Legacy' } });
        expect(hashOf('legacy')).toBe(upgraded);
        expect(await server.login('legacy', 'not the password')).toBeNull();
        expect(await server.login('fresh', PASSWORD)).toMatchObject({ operator: { name: 'Fran Fresh' } });
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('login returns a random token that is stored only as its sha256', async () => {
    t.server.addOperator({ username: 'tok', name: 'Toby Token', campus: 'gateway', password: PASSWORD });
    const first = await t.server.login('TOK', PASSWORD);
    const second = await t.server.login('tok', PASSWORD);
    expect(LoginResponse.parse(first)).toMatchObject({ operator: { name: 'Toby Token' } });
    expect(first?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first?.token).not.toBe(second?.token);
    const sessions = db.db.prepare('SELECT * FROM sessions').all() as Record<string, unknown>[];
    const dump = JSON.stringify(sessions);
    expect(dump).not.toContain(first?.token);
    expect(dump).not.toContain(second?.token);
    expect(sessions.map((s) => s.token_hash)).toEqual(expect.arrayContaining([sha256(first?.token ?? ''), sha256(second?.token ?? '')]));
  });

  it('wrong password and unknown user both give null', async () => {
    t.server.addOperator({ username: 'wrong', name: 'Wren', campus: 'gateway', password: PASSWORD });
    expect(await t.server.login('wrong', 'not the password')).toBeNull();
    expect(await t.server.login('nobody-here', PASSWORD)).toBeNull();
  });

  it('addOperator refuses a bad campus, a duplicate username and bad input with typed errors, adding nothing', () => {
    const before = db.counts().operators;
    const attempt = (input: { username: string; name: string; campus: string; password: string }) => {
      try {
        t.server.addOperator(input);
      } catch (error) {
        return error;
      }
      return null;
    };
    const badCampus = attempt({ username: 'x-campus', name: 'X', campus: 'narnia', password: PASSWORD });
    expect(badCampus).toBeInstanceOf(DeskbellServerError);
    expect(badCampus).toMatchObject({ code: 'unknown_campus', message: expect.stringContaining('unknown campus "narnia"') });
    t.server.addOperator({ username: 'dupe', name: 'Dupe One', campus: 'gateway', password: PASSWORD });
    expect(attempt({ username: 'DUPE', name: 'Dupe Two', campus: 'gateway', password: PASSWORD })).toMatchObject({ code: 'duplicate_username' });
    expect(attempt({ username: 'short-pw', name: 'Short', campus: 'gateway', password: 'abc' })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('password'),
    });
    expect(attempt({ username: 'has space', name: 'Space', campus: 'gateway', password: PASSWORD })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('username'),
    });
    expect(attempt({ username: 'noname', name: '   ', campus: 'gateway', password: PASSWORD })).toMatchObject({ code: 'invalid_input' });
    expect(db.counts().operators).toBe(before + 1);
  });

  it('logout ends the session: the live socket is closed with 4401 and the token no longer works', async () => {
    t.server.addOperator({ username: 'leaver', name: 'Lee Leaver', campus: 'gateway', password: PASSWORD });
    const session = await t.server.login('leaver', PASSWORD);
    if (!session) throw new Error('login failed');
    const socket = await openOperatorSocket(t);
    socket.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: session.token });
    await socket.expect('welcome');
    const response = await fetch(`${t.server.url}/api/logout`, { method: 'POST', headers: { Authorization: `Bearer ${session.token}` } });
    expect(response.status).toBe(204);
    expect(await socket.waitClosed()).toBe(4401);
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE token_hash = ?').get(sha256(session.token))).toEqual({ n: 0 });
    const again = await openOperatorSocket(t);
    again.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: session.token });
    expect(await again.expect('error')).toMatchObject({ code: 'unauthorized' });
    expect(await again.waitClosed()).toBe(4401);
    const twice = await fetch(`${t.server.url}/api/logout`, { method: 'POST', headers: { Authorization: `Bearer ${session.token}` } });
    expect(twice.status).toBe(401);
  });

  it('after logout, a client that ignores the close frame can neither claim nor send on its old socket', async () => {
    t.server.addOperator({ username: 'lingerer', name: 'Lin Lingerer', campus: 'gateway', password: PASSWORD });
    const session = await t.server.login('lingerer', PASSWORD);
    if (!session) throw new Error('login failed');
    const watcher = await signInOperator(t, 'Wanda Watcher');
    const chat = await startPatronChat(t);
    const socket = await openOperatorSocket(t);
    socket.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: session.token });
    await socket.expect('welcome');
    await socket.expect('snapshot');
    await socket.sync();
    socket.drain();
    await watcher.socket.sync();
    watcher.socket.drain();
    const before = { counts: db.counts(), chats: db.chats() };

    // The client stops reading, so it never sees the server's close frame, and keeps writing.
    const raw = (socket.ws as unknown as { _socket: Socket })._socket;
    raw.pause();
    const response = await fetch(`${t.server.url}/api/logout`, { method: 'POST', headers: { Authorization: `Bearer ${session.token}` } });
    expect(response.status).toBe(204);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    socket.send({ type: 'cmd', id: 'after-logout-claim', cmd: { kind: 'claim', chatId: chat.chatId } });
    socket.send({ type: 'cmd', id: 'after-logout-send', cmd: { kind: 'send', chatId: chat.chatId, text: 'sent after sign-out' } });
    socket.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: watcher.token });
    raw.resume();

    // The server revoked the session before closing: its last word is unauthorized, then 4401.
    // (It can send nothing after its close frame, so the commands get no answer of their own.)
    expect(await socket.waitClosed()).toBe(4401);
    // The only change is the ended session: no claim, no message, no stored command.
    expect(db.counts()).toEqual({ ...before.counts, sessions: before.counts.sessions - 1 });
    expect(db.chats()).toEqual(before.chats);
    expect(socket.pending()).toEqual([{ type: 'error', code: 'unauthorized', message: expect.stringContaining('signed out') }]);
    await watcher.socket.sync();
    const events = watcher.socket.drain().filter((f) => f.type === 'event' && f.event.type !== 'operator.presence');
    expect(events).toEqual([]);
    watcher.socket.close();
    chat.socket.close();
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function runCli(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<Run> {
  const { code, out, err } = await runServerCli(args, options);
  return { code, stdout: out, stderr: err };
}

describe('the CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'deskbell-cli-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('add-operator (password from the environment or stdin) creates accounts the server signs in', async () => {
    const dbPath = join(dir, 'cli.db');
    const fromEnv = await runCli(['add-operator', '--username', 'cli.env', '--name', 'Cleo Env', '--campus', 'naugatuck-valley', '--db', dbPath], {
      env: { DESKBELL_PASSWORD: 'env-password-123' },
    });
    expect(fromEnv.stderr).toBe('');
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toContain('added operator Cleo Env');
    const fromStdin = await runCli(['add-operator', '--username', 'cli.stdin', '--name', 'Stan Stdin', '--campus', 'state-library', '--db', dbPath], {
      stdin: 'stdin-password-456\n',
    });
    expect(fromStdin.code).toBe(0);

    const server = await startServer({ dbPath, port: 0, log: () => {} });
    try {
      expect(await server.login('cli.env', 'env-password-123')).toMatchObject({ operator: { name: 'Cleo Env', campus: 'naugatuck-valley' } });
      expect(await server.login('cli.stdin', 'stdin-password-456')).toMatchObject({ operator: { name: 'Stan Stdin' } });
      expect(await server.login('cli.stdin', 'stdin-password-456\n')).toBeNull();
    } finally {
      await server.close();
    }
    const check = new Database(dbPath, { readonly: true });
    const hashes = check.prepare('SELECT password_hash FROM operators').all() as { password_hash: string }[];
    check.close();
    expect(hashes.every((h) => h.password_hash.startsWith('scrypt$') && !h.password_hash.includes('password'))).toBe(true);
  });

  it('bad input fails with a clear message and a non-zero exit, and adds nobody', async () => {
    const dbPath = join(dir, 'bad.db');
    const [badCampus, missingName, noPassword, unknownFlag] = await Promise.all([
      runCli(['add-operator', '--username', 'u1', '--name', 'U One', '--campus', 'hogwarts', '--db', dbPath], { env: { DESKBELL_PASSWORD: 'long-enough-1' } }),
      runCli(['add-operator', '--username', 'u2', '--campus', 'gateway', '--db', dbPath], { env: { DESKBELL_PASSWORD: 'long-enough-1' } }),
      runCli(['add-operator', '--username', 'u3', '--name', 'U Three', '--campus', 'gateway', '--db', dbPath]),
      runCli(['add-operator', '--username', 'u4', '--name', 'U Four', '--campus', 'gateway', '--bogus', 'x', '--db', dbPath], {
        env: { DESKBELL_PASSWORD: 'long-enough-1' },
      }),
    ]);
    expect(badCampus.code).not.toBe(0);
    expect(badCampus.stderr).toContain('unknown campus "hogwarts"');
    expect(missingName.code).not.toBe(0);
    expect(missingName.stderr).toContain('--name is required');
    expect(noPassword.code).not.toBe(0);
    expect(noPassword.stderr).toContain('DESKBELL_PASSWORD');
    expect(unknownFlag.code).not.toBe(0);
    expect(unknownFlag.stderr).toContain('--bogus');
    for (const run of [badCampus, missingName, noPassword, unknownFlag]) expect(run.stderr).not.toMatch(/\n\s+at /);
    const check = new Database(dbPath);
    const count = check.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'operators'").get() as { n: number };
    const operators = count.n ? (check.prepare('SELECT COUNT(*) AS n FROM operators').get() as { n: number }).n : 0;
    check.close();
    expect(operators).toBe(0);
  });

  it('serve prints the URLs, answers, and exits cleanly on SIGTERM', async () => {
    const dbPath = join(dir, 'serve.db');
    // Node itself (with tsx as a loader) rather than npx, so the signal reaches the server process.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', '--port', '0', '--db', dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const match = /Deskbell server at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match && stdout.includes('Patron widget:')) resolve(match[1] as string);
      });
      child.on('exit', () => reject(new Error(`server exited early: ${stderr}`)));
    });
    expect(stdout).toContain(`Patron widget: ${url}/widget?campus=`);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: shutting down');
  });

  it('serve --trust-proxy and --limit reach the server: the sign-in budget follows the forwarded address', async () => {
    const dbPath = join(dir, 'proxy.db');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli.ts', '--port', '0', '--db', dbPath, '--trust-proxy', 'loopback', '--limit', 'loginPairBurst=1', '--limit', 'loginPairIntervalMs=3600000'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const match = /Deskbell server at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
          if (match) resolve(match[1] as string);
        });
        child.on('exit', () => reject(new Error(`server exited early: ${stderr}`)));
      });
      const login = (forwardedFor: string) =>
        fetch(`${url}/api/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
          body: JSON.stringify({ username: 'nobody', password: 'guess' }),
        }).then((r) => r.status);
      expect([await login('198.51.100.1'), await login('198.51.100.1'), await login('198.51.100.2')]).toEqual([401, 429, 401]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('serve refuses unknown or invalid limits and a malformed DESKBELL_TRUST_PROXY, and --help documents both', async () => {
    const dbPath = join(dir, 'refused.db');
    const [unknown, invalid, malformed, badEnv, help] = await Promise.all([
      runCli(['--port', '0', '--db', dbPath, '--limit', 'nope=3']),
      runCli(['--port', '0', '--db', dbPath, '--limit', 'patronMaxPayloadBytes=1000']),
      runCli(['--port', '0', '--db', dbPath, '--limit', 'messagesPerChat']),
      runCli(['--port', '0', '--db', dbPath], { env: { DESKBELL_TRUST_PROXY: 'maybe' } }),
      runCli(['--help']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown limit "nope"');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('patronMaxPayloadBytes');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('NAME=N');
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toContain('DESKBELL_TRUST_PROXY');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--trust-proxy');
    expect(help.stdout).toContain('DESKBELL_TRUST_PROXY=LIST');
    expect(help.stdout).toContain('patronConnectionsPerAddress=20');
  });

  it('every command answers --help at once with every flag, environment variable and the valid campus ids', async () => {
    const [serve, serveShort, addOperator, badLevel] = await Promise.all([
      runCli(['serve', '--help']),
      runCli(['-h']),
      runCli(['add-operator', '--help']),
      runCli(['--port', '0', '--db', join(dir, 'level.db'), '--log-level', 'chatty']),
    ]);
    for (const run of [serve, serveShort, addOperator]) expect(run.code).toBe(0);
    for (const flag of ['--port', '--host', '--db', '--config', '--trust-proxy', '--limit', '--log-level', 'DESKBELL_PORT', 'DESKBELL_HOST', 'DESKBELL_DB', 'DESKBELL_CONFIG', 'DESKBELL_LIMITS', 'DESKBELL_LOG_LEVEL', 'maxOpenChats=', '--ticket-delivery', 'DESKBELL_TICKET_DELIVERY', 'DESKBELL_SMTP_HOST', '--transfer-accept-seconds', 'DESKBELL_TRANSFER_ACCEPT_SECONDS', '--chat-hours', 'DESKBELL_CHAT_HOURS']) {
      expect(serve.stdout, flag).toContain(flag);
    }
    expect(serveShort.stdout).toBe(serve.stdout);
    for (const flag of ['--username', '--name', '--campus', '--db', '--config', 'DESKBELL_PASSWORD']) expect(addOperator.stdout, flag).toContain(flag);
    for (const run of [serve, addOperator]) expect(run.stdout).toMatch(/campus ids: asnuntuck, capital, .*tunxis.*system-office/);
    expect(badLevel.code).toBe(2);
    expect(badLevel.stderr).toContain('log level must be one of debug, info, warn, error');
  });

  it('serve logs JSON lines: a refused sign-in once, with its reason, and never the password', async () => {
    const dbPath = join(dir, 'json-log.db');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', '--port', '0', '--db', dbPath, '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await waitFor(() => /Deskbell server at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1], 'the server URL', 30_000);
      const response = await fetch(`${url}/api/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'someone', password: 'correct-horse-SECRET-42' }),
      });
      expect(response.status).toBe(401);
      await waitFor(() => stderr.includes('sign-in refused'), 'the refusal in the log');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const lines = stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.every((l) => typeof l.time === 'string' && typeof l.level === 'string' && typeof l.msg === 'string')).toBe(true);
    const refusals = lines.filter((l) => l.msg === 'sign-in refused');
    expect(refusals).toEqual([expect.objectContaining({ level: 'warn', reason: 'wrong_username_or_password', username: 'someone' })]);
    expect(lines.some((l) => l.msg === 'deskbell server listening')).toBe(true);
    expect(stderr).not.toContain('correct-horse-SECRET-42');
  });
});
