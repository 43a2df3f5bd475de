/**
 * The command line's account commands against the database of a running server, as an
 * administrator would run them: disable, enable, reset-password, end-sessions (and set-role,
 * add-operator), each written to the audit log as 'command line'. The running server hears of a
 * disable from the log and cuts the librarian off within seconds: socket closed, chat requeued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServerCli } from '../support/server-cli';
import { command, inspectDb, nextEvent, PASSWORD, type SignedInOperator, signInOperator, startPatronChat, startTestServer, type TestServer } from '../support/server';

let t: TestServer & { problems: string[] };
let db: ReturnType<typeof inspectDb>;
let admin: SignedInOperator;

const usernameOf = (operatorId: string): string => (db.db.prepare('SELECT username FROM operators WHERE id = ?').get(operatorId) as { username: string }).username;
const lastAudit = () => db.db.prepare('SELECT actor_id, actor_name, action, target, campus, before, after FROM audit_log ORDER BY id DESC LIMIT 1').get() as Record<string, string | null>;
const cli = (...args: string[]) => runServerCli([...args, '--db', t.dbPath]);
const login = async (username: string, password: string, newPassword?: string) =>
  (
    await fetch(`${t.server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, ...(newPassword ? { newPassword } : {}) }),
    })
  ).status;

beforeAll(async () => {
  t = await startTestServer();
  db = inspectDb(t);
  admin = await signInOperator(t, 'Ada Admin', 'gateway', 'admin');
});
afterAll(async () => {
  db?.close();
  await t?.close();
});

describe('account commands', () => {
  it('disable: the running server closes the desk and requeues the chat within seconds; the log says command line; enable undoes it', async () => {
    const lee = await signInOperator(t, 'Lee Gateway', 'gateway');
    const username = usernameOf(lee.operator.id);
    const patron = await startPatronChat(t, { campus: 'gateway' });
    expect(await command(lee, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
    const run = await cli('disable', '--username', username);
    expect(run, run.err).toMatchObject({ code: 0 });
    expect(run.out).toContain(`disabled Lee Gateway (${username})`);
    expect(lastAudit()).toMatchObject({ actor_id: null, actor_name: 'command line', action: 'account.disable', target: username, campus: 'gateway' });
    await expect.poll(() => lee.socket.closeCode, { timeout: 8000 }).toBe(4401);
    const { event } = await nextEvent(admin.socket, 'chat.requeued', (e) => e.chat.id === patron.chatId);
    expect(event.chat.state).toBe('waiting');
    expect(await login(username, PASSWORD)).toBe(403);
    expect(await cli('enable', '--username', username)).toMatchObject({ code: 0 });
    expect(lastAudit()).toMatchObject({ action: 'account.enable', actor_name: 'command line' });
    expect(await login(username, PASSWORD)).toBe(200);
  });

  it('reset-password prints a temporary password that must be replaced; end-sessions ends every session', async () => {
    const kim = await signInOperator(t, 'Kim Gateway', 'gateway');
    const username = usernameOf(kim.operator.id);
    const reset = await cli('reset-password', '--username', username);
    expect(reset.code, reset.err).toBe(0);
    const temporary = /temporary password for .*: (\S+)/.exec(reset.out)?.[1] ?? '';
    expect(temporary).toMatch(/^[a-z2-9]{14}$/);
    expect(lastAudit()).toMatchObject({ action: 'account.reset-password', target: username });
    expect(JSON.stringify(lastAudit())).not.toContain(temporary);
    expect(await login(username, temporary)).toBe(403);
    expect(await login(username, temporary, 'kims own password')).toBe(200);
    await expect.poll(() => kim.socket.closeCode, { timeout: 8000 }).toBe(4401);

    const jo = await signInOperator(t, 'Jo Gateway', 'gateway');
    const ended = await cli('end-sessions', '--username', usernameOf(jo.operator.id));
    expect(ended.code, ended.err).toBe(0);
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE operator_id = ?').get(jo.operator.id)).toEqual({ n: 0 });
    expect(lastAudit()).toMatchObject({ action: 'account.end-sessions' });
    await expect.poll(() => jo.socket.closeCode, { timeout: 8000 }).toBe(4401);
  });

  it('set-role and add-operator are audited; the head is made here; the last administrator and unknown names are refused with one line', async () => {
    const made = await runServerCli(['add-operator', '--username', 'hh', '--name', 'Hal Head', '--campus', 'capital', '--head', '--db', t.dbPath], { env: { DESKBELL_PASSWORD: 'a long password' } });
    expect(made.code, made.err).toBe(0);
    expect(made.out).toContain('added head of reference Hal Head');
    expect(lastAudit()).toMatchObject({ action: 'account.add', target: 'hh', actor_name: 'command line' });
    expect(JSON.parse(lastAudit().after ?? '{}')).toMatchObject({ role: 'head', campus: 'capital' });
    // The only head cannot be demoted; once another exists, it can.
    const refused = await cli('set-role', '--username', 'hh', '--role', 'librarian');
    expect(refused.code).toBe(2);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(refused.err).toContain('last head of reference');
    expect(await cli('set-role', '--username', usernameOf(admin.operator.id), '--role', 'head')).toMatchObject({ code: 0 });
    expect(lastAudit()).toMatchObject({ action: 'account.role', actor_name: 'command line' });
    expect(await cli('set-role', '--username', 'hh', '--role', 'librarian')).toMatchObject({ code: 0 });
    const unknown = await cli('disable', '--username', 'nobody-here');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no account with username "nobody-here"');
    expect((await cli('disable')).code).toBe(2);
  });
});
