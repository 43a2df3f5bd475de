/**
 * Accounts managed in the app, over the real HTTP and websocket server: each action by an
 * administrator of the account's campus and by the head of reference, refused for a librarian
 * and for another campus's administrator; a disabled librarian cut off at once (socket closed,
 * held chat back in the queue, token refused, sign-in refused); a temporary password that must be
 * changed at the first sign-in; the last administrator kept; metrics for administrators only; and
 * every action in the audit log, which nothing may change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_PROTOCOL_VERSION } from '../../src/shared/protocol';
import { AccountList, AccountReply, TemporaryPasswordReply } from '../../src/shared/accounts/schemas';
import { AuditPage } from '../../src/shared/audit/schemas';
import {
  command,
  inspectDb,
  nextEvent,
  openOperatorSocket,
  PASSWORD,
  type SignedInOperator,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';

let t: TestServer & { problems: string[] };
let db: ReturnType<typeof inspectDb>;
let gatewayAdmin: SignedInOperator;
let tunxisAdmin: SignedInOperator;
let head: SignedInOperator;
let librarian: SignedInOperator;

/** What the tests read of an answer (each is checked against its schema where it matters). */
interface Answer {
  account?: { role?: string; campus?: string };
  operator?: { name?: string };
  error?: { code?: string };
}

async function api(token: string | null, path: string, body?: unknown): Promise<{ status: number; body: Answer }> {
  const response = await fetch(`${t.server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: ((await response.json().catch(() => null)) ?? {}) as Answer };
}

const login = (username: string, password: string, extra: Record<string, string> = {}) => api(null, '/api/login', { username, password, ...extra });

/** An account at a campus, signed in with a socket (the helper's usernames are unique). */
async function librarianAt(name: string, campus: string): Promise<SignedInOperator> {
  return signInOperator(t, name, campus);
}

const usernameOf = (operatorId: string): string => (db.db.prepare('SELECT username FROM operators WHERE id = ?').get(operatorId) as { username: string }).username;
const audit = (action: string) => db.db.prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY id').all(action) as { actor_id: string | null; actor_name: string; target: string; campus: string; before: string | null; after: string | null }[];

beforeAll(async () => {
  t = await startTestServer({ transferAcceptMs: 10 * 60_000 });
  gatewayAdmin = await signInOperator(t, 'Gale Gateway', 'gateway', 'admin');
  tunxisAdmin = await signInOperator(t, 'Tess Tunxis', 'tunxis', 'admin');
  t.server.addOperator({ username: 'head-of-ref', name: 'Hana Head', campus: 'capital', password: PASSWORD, role: 'head' });
  const headLogin = await t.server.login('head-of-ref', PASSWORD);
  const headSocket = await openOperatorSocket(t);
  headSocket.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: headLogin!.token });
  await headSocket.expect('welcome');
  await headSocket.expect('snapshot');
  head = { operator: headLogin!.operator, token: headLogin!.token, socket: headSocket, streamId: '', snapshotSeq: 0, snapshot: undefined as never };
  librarian = await librarianAt('Lou Gateway', 'gateway');
  db = inspectDb(t);
});
afterAll(async () => {
  db?.close();
  await t?.close();
});

describe('who sees which accounts', () => {
  it("an administrator lists their own campus's accounts, the head every campus's; a librarian is refused", async () => {
    const mine = AccountList.parse((await api(gatewayAdmin.token, '/api/accounts')).body);
    expect(new Set(mine.accounts.map((a) => a.campus))).toEqual(new Set(['gateway']));
    expect(mine.you).toEqual({ id: gatewayAdmin.operator.id, role: 'admin', campus: 'gateway' });
    const lou = mine.accounts.find((a) => a.id === librarian.operator.id);
    expect(lou).toMatchObject({ role: 'librarian', disabled: false, presence: 'online', mustChangePassword: false });
    expect(lou?.lastSignInAt).toBeGreaterThan(0);
    const all = AccountList.parse((await api(head.token, '/api/accounts')).body);
    expect(new Set(all.accounts.map((a) => a.campus))).toEqual(new Set(['gateway', 'tunxis', 'capital']));
    expect(all.you.role).toBe('head');
    expect(await api(librarian.token, '/api/accounts')).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await api(null, '/api/accounts')).status).toBe(401);
  });

  it("the head travels to the desk as an administrator, so every admin's panel still opens", () => {
    expect(head.operator.role).toBe('admin');
  });
});

describe('adding an account with a temporary password', () => {
  it('the librarian must choose their own password at the first sign-in; the temporary one then stops working', async () => {
    const added = await api(gatewayAdmin.token, '/api/accounts/add', { username: 'New.Person', name: 'Nia New', campus: 'gateway', role: 'librarian' });
    expect(added.status).toBe(200);
    const reply = TemporaryPasswordReply.parse(added.body);
    expect(reply.account).toMatchObject({ username: 'new.person', mustChangePassword: true, role: 'librarian' });
    const temporary = reply.temporaryPassword;
    expect(await login('new.person', temporary)).toMatchObject({ status: 403, body: { error: { code: 'password_change_required' } } });
    expect(await login('new.person', temporary, { newPassword: temporary })).toMatchObject({ status: 400 });
    expect((await login('new.person', 'wrong password!', { newPassword: 'my own password' })).status).toBe(401);
    const changed = await login('new.person', temporary, { newPassword: 'my own password' });
    expect(changed.status).toBe(200);
    expect(changed.body.operator?.name).toBe('Nia New');
    expect((await login('new.person', temporary)).status).toBe(401);
    expect((await login('new.person', 'my own password')).status).toBe(200);
    expect(audit('account.add').at(-1)).toMatchObject({ actor_id: gatewayAdmin.operator.id, target: 'new.person', campus: 'gateway', before: null });
  });

  it("refused at another campus, as head by an administrator, for a librarian, for a taken username or a bad body; nothing is added", async () => {
    const before = db.counts().operators;
    expect(await api(gatewayAdmin.token, '/api/accounts/add', { username: 'elsewhere', name: 'E', campus: 'tunxis', role: 'librarian' })).toMatchObject({ status: 403 });
    expect(await api(gatewayAdmin.token, '/api/accounts/add', { username: 'wannabe', name: 'W', campus: 'gateway', role: 'head' })).toMatchObject({ status: 403 });
    expect(await api(librarian.token, '/api/accounts/add', { username: 'sneaky', name: 'S', campus: 'gateway', role: 'librarian' })).toMatchObject({ status: 403 });
    expect(await api(gatewayAdmin.token, '/api/accounts/add', { username: 'new.person', name: 'Dup', campus: 'gateway', role: 'librarian' })).toMatchObject({ status: 409 });
    expect(await api(gatewayAdmin.token, '/api/accounts/add', { username: 'x', name: 'Bad', campus: 'gateway', role: 'librarian' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await api(gatewayAdmin.token, '/api/accounts/add', { username: 'extra', name: 'Extra', campus: 'gateway', role: 'librarian', admin: true })).toMatchObject({ status: 400 });
    expect(db.counts().operators).toBe(before);
  });
});

describe('disabling a librarian', () => {
  it('closes their socket at once, puts their chat back in the queue, refuses their token and their sign-in; enabling lets them in again', async () => {
    const dee = await librarianAt('Dee Gateway', 'gateway');
    const username = usernameOf(dee.operator.id);
    const patron = await startPatronChat(t, { campus: 'gateway', name: 'Maya', question: 'Renew a book?' });
    expect(await command(dee, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
    // A colleague is offering Dee another chat: the offer must not wait for someone who is gone.
    const offered = await startPatronChat(t, { campus: 'gateway', name: 'Sol', question: 'Interlibrary loan?' });
    expect(await command(gatewayAdmin, { kind: 'claim', chatId: offered.chatId })).toMatchObject({ type: 'ack' });
    expect(await command(gatewayAdmin, { kind: 'transfer.offer', chatId: offered.chatId, to: dee.operator.id })).toMatchObject({ type: 'ack' });
    const offerId = (await nextEvent(gatewayAdmin.socket, 'transfer.offered')).event.offer.id;
    gatewayAdmin.socket.drain();

    // Refused first for a librarian and for another campus's administrator: nothing changes.
    expect(await api(librarian.token, '/api/accounts/disable', { operatorId: dee.operator.id })).toMatchObject({ status: 403 });
    expect(await api(tunxisAdmin.token, '/api/accounts/disable', { operatorId: dee.operator.id })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(db.db.prepare('SELECT disabled_at FROM operators WHERE id = ?').get(dee.operator.id)).toEqual({ disabled_at: null });

    const disabled = await api(gatewayAdmin.token, '/api/accounts/disable', { operatorId: dee.operator.id });
    expect(disabled.status).toBe(200);
    expect(AccountReply.parse(disabled.body).account).toMatchObject({ disabled: true, presence: 'offline' });
    // Their open socket is told and closed.
    const closed = await dee.socket.take((f) => f.type === 'error' && f.code === 'unauthorized', 'the sign-out');
    expect(closed).toMatchObject({ code: 'unauthorized' });
    await expect.poll(() => dee.socket.closeCode, { timeout: 5000 }).toBe(4401);
    // Their chat is back in its campus's queue, and every desk hears of it.
    const requeued = await nextEvent(gatewayAdmin.socket, 'chat.requeued', (e) => e.chat.id === patron.chatId);
    expect(requeued.event.chat).toMatchObject({ state: 'waiting', campus: 'gateway' });
    expect(db.db.prepare('SELECT state, claimed_by FROM chats WHERE id = ?').get(patron.chatId)).toEqual({ state: 'waiting', claimed_by: null });
    await nextEvent(gatewayAdmin.socket, 'operator.presence', (e) => e.operator.id === dee.operator.id && e.operator.presence === 'offline');
    expect((await nextEvent(gatewayAdmin.socket, 'transfer.closed', (e) => e.offerId === offerId)).event).toMatchObject({ state: 'declined' });
    // Their token opens nothing, and the right password says the account is disabled (a wrong one says nothing more).
    expect((await api(dee.token, '/api/tickets')).status).toBe(401);
    const again = await openOperatorSocket(t);
    again.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: dee.token });
    expect(await again.expect('error')).toMatchObject({ code: 'unauthorized' });
    expect(await login(username, PASSWORD)).toMatchObject({ status: 403, body: { error: { code: 'account_disabled' } } });
    expect((await login(username, 'not the password')).status).toBe(401);
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM devices WHERE operator_id = ?').get(dee.operator.id)).toEqual({ n: 0 });
    const entry = audit('account.disable').at(-1);
    expect(entry).toMatchObject({ actor_id: gatewayAdmin.operator.id, actor_name: 'Gale Gateway', target: username, campus: 'gateway' });
    expect(JSON.parse(entry!.before!)).toMatchObject({ disabled: false });
    expect(JSON.parse(entry!.after!)).toMatchObject({ disabled: true });

    expect((await api(gatewayAdmin.token, '/api/accounts/enable', { operatorId: dee.operator.id })).status).toBe(200);
    expect((await login(username, PASSWORD)).status).toBe(200);
    expect(audit('account.enable').at(-1)).toMatchObject({ target: username });
  });
});

describe('resetting a password, ending sessions', () => {
  it('a reset gives a temporary password, ends the sessions and closes the desk; the old password no longer works', async () => {
    const rae = await librarianAt('Rae Gateway', 'gateway');
    const username = usernameOf(rae.operator.id);
    expect(await api(tunxisAdmin.token, '/api/accounts/reset-password', { operatorId: rae.operator.id })).toMatchObject({ status: 403 });
    const reset = TemporaryPasswordReply.parse((await api(gatewayAdmin.token, '/api/accounts/reset-password', { operatorId: rae.operator.id })).body);
    expect(reset.account.mustChangePassword).toBe(true);
    await expect.poll(() => rae.socket.closeCode, { timeout: 5000 }).toBe(4401);
    expect((await login(username, PASSWORD)).status).toBe(401);
    expect(await login(username, reset.temporaryPassword)).toMatchObject({ status: 403, body: { error: { code: 'password_change_required' } } });
    expect((await login(username, reset.temporaryPassword, { newPassword: 'a fresh one here' })).status).toBe(200);
    expect(audit('account.reset-password').at(-1)).toMatchObject({ target: username });
    // The audit keeps no password, temporary or hashed.
    expect(JSON.stringify(audit('account.reset-password'))).not.toContain(reset.temporaryPassword);
    expect(JSON.stringify(audit('account.reset-password'))).not.toContain('scrypt');
  });

  it('ending the sessions closes every desk and forgets every device token; the password still works', async () => {
    const sam = await librarianAt('Sam Tunxis', 'tunxis');
    const username = usernameOf(sam.operator.id);
    expect(await api(gatewayAdmin.token, '/api/accounts/end-sessions', { operatorId: sam.operator.id })).toMatchObject({ status: 403 });
    expect((await api(tunxisAdmin.token, '/api/accounts/end-sessions', { operatorId: sam.operator.id })).status).toBe(200);
    await expect.poll(() => sam.socket.closeCode, { timeout: 5000 }).toBe(4401);
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE operator_id = ?').get(sam.operator.id)).toEqual({ n: 0 });
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM devices WHERE operator_id = ?').get(sam.operator.id)).toEqual({ n: 0 });
    expect((await login(username, PASSWORD)).status).toBe(200);
    expect(audit('account.end-sessions').at(-1)).toMatchObject({ actor_id: tunxisAdmin.operator.id, target: username, campus: 'tunxis' });
  });
});

describe('roles and campuses', () => {
  it('an administrator makes their own campus’s librarian an admin and back; only the head makes a head or moves a campus', async () => {
    const ike = await librarianAt('Ike Gateway', 'gateway');
    expect((await api(gatewayAdmin.token, '/api/accounts/role', { operatorId: ike.operator.id, role: 'admin' })).body.account?.role).toBe('admin');
    expect(await api(tunxisAdmin.token, '/api/accounts/role', { operatorId: ike.operator.id, role: 'librarian' })).toMatchObject({ status: 403 });
    expect(await api(gatewayAdmin.token, '/api/accounts/role', { operatorId: ike.operator.id, role: 'head' })).toMatchObject({ status: 403 });
    expect(await api(gatewayAdmin.token, '/api/accounts/campus', { operatorId: ike.operator.id, campus: 'tunxis' })).toMatchObject({ status: 403 });
    expect(await api(head.token, '/api/accounts/campus', { operatorId: ike.operator.id, campus: 'nowhere' })).toMatchObject({ status: 400 });
    expect((await api(head.token, '/api/accounts/campus', { operatorId: ike.operator.id, campus: 'tunxis' })).body.account?.campus).toBe('tunxis');
    // Now a Tunxis account: Gateway's administrator no longer manages it, Tunxis's does.
    expect(await api(gatewayAdmin.token, '/api/accounts/role', { operatorId: ike.operator.id, role: 'librarian' })).toMatchObject({ status: 403 });
    expect((await api(tunxisAdmin.token, '/api/accounts/role', { operatorId: ike.operator.id, role: 'librarian' })).body.account?.role).toBe('librarian');
    // The role is read from the database on each request: demoted, the account is refused at once.
    expect((await api(ike.token, '/api/accounts')).status).toBe(403);
    const moved = audit('account.campus').at(-1);
    expect(JSON.parse(moved!.before!)).toMatchObject({ campus: 'gateway' });
    expect(JSON.parse(moved!.after!)).toMatchObject({ campus: 'tunxis' });
    expect(audit('account.role').length).toBeGreaterThanOrEqual(2);
  });

  it("an administrator cannot touch the head's account, nor disable themselves; the last head cannot be removed", async () => {
    expect(await api(gatewayAdmin.token, '/api/accounts/disable', { operatorId: gatewayAdmin.operator.id })).toMatchObject({ status: 403 });
    const capitalAdmin = await signInOperator(t, 'Cal Capital', 'capital', 'admin');
    expect(await api(capitalAdmin.token, '/api/accounts/disable', { operatorId: head.operator.id })).toMatchObject({ status: 403 });
    expect(await api(head.token, '/api/accounts/role', { operatorId: head.operator.id, role: 'admin' })).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect(await api(head.token, '/api/accounts/disable', { operatorId: head.operator.id })).toMatchObject({ status: 403 });
    expect(db.db.prepare('SELECT role, disabled_at FROM operators WHERE id = ?').get(head.operator.id)).toEqual({ role: 'head', disabled_at: null });
  });
});

describe('metrics and the audit log', () => {
  it('/api/metrics and its reset are for administrators only', async () => {
    expect(await api(librarian.token, '/api/metrics')).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await api(librarian.token, '/api/metrics?reset=1')).toMatchObject({ status: 403 });
    expect((await api(null, '/api/metrics')).status).toBe(401);
    expect((await api(gatewayAdmin.token, '/api/metrics')).status).toBe(200);
  });

  it('template and directory edits reach the audit log too, in the same transaction as their own records', async () => {
    const template = { id: 'closing.audit', category: 'closing', label: 'Audit check', text: 'Bye, {patron}!', shortcut: 'auditbye', audience: 'patron', check: false };
    expect(await command(gatewayAdmin, { kind: 'template.save', scope: 'gateway', template })).toMatchObject({ type: 'ack' });
    const added = audit('template.add').at(-1);
    expect(added).toMatchObject({ actor_id: gatewayAdmin.operator.id, actor_name: 'Gale Gateway', target: 'gateway/closing.audit', campus: 'gateway', before: null });
    expect(JSON.parse(added!.after!)).toMatchObject({ text: 'Bye, {patron}!' });
    const campus = gatewayAdmin.snapshot.campuses.find((c) => c.id === 'gateway')!;
    expect(await command(gatewayAdmin, { kind: 'campus.update', campus: { ...campus, phone: '203-285-2000' } })).toMatchObject({ type: 'ack' });
    const edit = audit('directory.campus').at(-1);
    expect(edit).toMatchObject({ actor_id: gatewayAdmin.operator.id, target: 'gateway', campus: 'gateway' });
    expect(JSON.parse(edit!.after!)).toMatchObject({ phone: '203-285-2000' });
  });

  it('is read newest first, a page at a time: an administrator their campus and the consortium, the head everything; a librarian nothing', async () => {
    const first = AuditPage.parse((await api(head.token, '/api/audit?limit=3')).body);
    expect(first.entries).toHaveLength(3);
    expect(first.entries[0]!.id).toBeGreaterThan(first.entries[1]!.id);
    const second = AuditPage.parse((await api(head.token, `/api/audit?limit=3&before=${first.next}`)).body);
    expect(second.entries[0]!.id).toBeLessThan(first.entries[2]!.id);
    const all = AuditPage.parse((await api(head.token, '/api/audit?limit=100')).body);
    expect(new Set(all.entries.map((e) => e.campus))).toEqual(new Set(['gateway', 'tunxis']));
    const gateway = AuditPage.parse((await api(gatewayAdmin.token, '/api/audit?limit=100')).body);
    expect(gateway.entries.length).toBeGreaterThan(0);
    expect(gateway.entries.every((e) => e.campus === 'gateway' || e.campus === null)).toBe(true);
    expect((await api(librarian.token, '/api/audit')).status).toBe(403);
    expect((await api(head.token, '/api/audit?limit=0')).status).toBe(400);
    expect((await api(head.token, '/api/audit?before=abc')).status).toBe(400);
  });

  it('cannot be changed: no route writes it, and the database refuses UPDATE and DELETE', async () => {
    expect((await api(head.token, '/api/audit', {})).status).toBe(405);
    const Database = (await import('better-sqlite3')).default;
    const writable = new Database(t.dbPath);
    try {
      const before = writable.prepare('SELECT COUNT(*) AS n FROM audit_log').get();
      expect(() => writable.prepare("UPDATE audit_log SET actor_name = 'someone else'").run()).toThrow(/append-only/);
      expect(() => writable.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(writable.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual(before);
    } finally {
      writable.close();
    }
  });
});
