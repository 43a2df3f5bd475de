import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Campus } from '../../src/shared/campuses/schemas';
import { clientId, command, nextEvent, signInOperator, startTestServer, type TestServer } from '../support/server';
import { runServerCli } from '../support/server-cli';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer();
});
afterEach(async () => {
  await t.close();
});

const tunxisOf = (snapshot: { campuses: Campus[] }): Campus => {
  const campus = snapshot.campuses.find((c) => c.id === 'tunxis');
  if (!campus) throw new Error('no tunxis');
  return campus;
};

describe('the campus directory', () => {
  it('is seeded from the config, with sources, hours and the chat service, into every snapshot', async () => {
    const op = await signInOperator(t, 'Reader');
    const tunxis = tunxisOf(op.snapshot);
    expect(tunxis).toMatchObject({ phone: '860-773-1550', timeZone: 'America/New_York', facts: { phone: { check: false } } });
    expect(op.snapshot.campuses).toHaveLength(18);
    expect(op.snapshot.chatService.rota.tue).toContain('tunxis');
    expect(op.operator.role).toBeUndefined();
  });

  it("an admin edits Tunxis's phone: stored with who, what and when, and every desk sees it live", async () => {
    const admin = await signInOperator(t, 'Ada Admin', 'tunxis', 'admin');
    const other = await signInOperator(t, 'Bo Librarian', 'gateway');
    expect(admin.operator.role).toBe('admin');
    const before = tunxisOf(admin.snapshot);
    const edited: Campus = {
      ...before,
      phone: '860-773-1551',
      schedule: { weekly: { sun: [], mon: [{ open: '08:00', close: '20:00' }], tue: [], wed: [], thu: [], fri: [], sat: [] }, exceptions: [] },
    };
    expect(await command(admin, { kind: 'campus.update', campus: edited })).toMatchObject({ type: 'ack' });
    const { event } = await nextEvent(other.socket, 'campus.updated');
    expect(event.campus).toMatchObject({ id: 'tunxis', phone: '860-773-1551' });
    // The old source no longer vouches for the new number: it says who entered it, and when.
    const today = new Date().toISOString().slice(0, 10);
    expect(event.campus.facts.phone).toEqual({ source: 'Entered in Deskbell by Ada Admin', seen: today, check: false });
    expect(event.campus.facts.hours).toEqual({ source: 'Entered in Deskbell by Ada Admin', seen: today, check: false });
    expect(event.campus.facts.website).toEqual(before.facts.website);
    await nextEvent(admin.socket, 'campus.updated');

    // The record: who, which fields, before and after.
    const db = new Database(t.dbPath, { readonly: true });
    try {
      const edits = db.prepare('SELECT * FROM directory_edits').all() as { operator_id: string; operator_name: string; target: string; fields: string; before: string; after: string; at: number }[];
      expect(edits).toHaveLength(1);
      expect(edits[0]).toMatchObject({ operator_id: admin.operator.id, operator_name: 'Ada Admin', target: 'tunxis' });
      expect(JSON.parse(edits[0]!.fields)).toEqual(['phone', 'schedule', 'facts']);
      expect(JSON.parse(edits[0]!.before).phone).toBe('860-773-1550');
      expect(JSON.parse(edits[0]!.after).phone).toBe('860-773-1551');
    } finally {
      db.close();
    }
    // A newcomer gets it in the snapshot; the widget's list and the restart keep it.
    const late = await signInOperator(t, 'Late');
    expect(tunxisOf(late.snapshot).phone).toBe('860-773-1551');
    // Saving the same again is no change: no event, no record.
    expect(await command(admin, { kind: 'campus.update', campus: event.campus })).toMatchObject({ type: 'ack' });
    // A later edit's event is the next one each desk gets: none came between.
    expect(await command(admin, { kind: 'campus.update', campus: { ...event.campus, address: 'Farmington, CT' } })).toMatchObject({ type: 'ack' });
    expect((await nextEvent(other.socket, 'campus.updated')).event.campus.address).toBe('Farmington, CT');
    expect(other.socket.pending().filter((f) => f.type === 'event' && f.event.type === 'campus.updated')).toEqual([]);
    const check = new Database(t.dbPath, { readonly: true });
    try {
      const fields = (check.prepare('SELECT fields FROM directory_edits ORDER BY id').all() as { fields: string }[]).map((r) => JSON.parse(r.fields) as string[]);
      expect(fields).toEqual([['phone', 'schedule', 'facts'], ['address', 'facts']]);
    } finally {
      check.close();
    }
  });

  it("a librarian's edit is refused by the backend, whatever the client claims about itself", async () => {
    const librarian = await signInOperator(t, 'Lee Librarian', 'tunxis');
    const campus = { ...tunxisOf(librarian.snapshot), phone: '000' };
    const refused = await command(librarian, { kind: 'campus.update', campus });
    expect(refused).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await command(librarian, { kind: 'chatService.update', chatService: librarian.snapshot.chatService })).toMatchObject({ type: 'error', code: 'forbidden' });
    // Made admin by the server's own records (the CLI's set-role), the same account may; demoted, it may not.
    const other = await signInOperator(t, 'Watcher');
    const db = new Database(t.dbPath, { readonly: true });
    const row = db.prepare('SELECT username FROM operators WHERE id = ?').get(librarian.operator.id) as { username: string };
    db.close();
    expect(t.server.setRole(row.username, 'admin')).toBe(true);
    expect(await command(librarian, { kind: 'campus.update', campus })).toMatchObject({ type: 'ack' });
    await nextEvent(other.socket, 'campus.updated', (e) => e.campus.phone === '000');
    t.server.setRole(row.username, 'librarian');
    expect(await command(librarian, { kind: 'campus.update', campus: { ...campus, phone: '111' } })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(other.socket.pending().filter((f) => f.type === 'event' && f.event.type === 'campus.updated')).toEqual([]);
  });

  it("two admins edit the same campus from the same revision: the second is refused as a conflict, naming the first, and changes nothing", async () => {
    const ada = await signInOperator(t, 'Ada Admin', 'tunxis', 'admin');
    const cy = await signInOperator(t, 'Cy Admin', 'gateway', 'admin');
    const base = tunxisOf(ada.snapshot);
    expect(base.revision).toBe(0);
    expect(await command(ada, { kind: 'campus.update', campus: { ...base, phone: '860-773-1600' } })).toMatchObject({ type: 'ack' });
    const { event } = await nextEvent(cy.socket, 'campus.updated');
    expect(event.campus).toMatchObject({ phone: '860-773-1600', revision: 1 });
    // Cy's form was opened on revision 0: saving it would silently undo Ada's phone.
    const stale = await command(cy, { kind: 'campus.update', campus: { ...base, address: '11 Library Lane' } });
    expect(stale).toMatchObject({ type: 'error', code: 'conflict', message: expect.stringMatching(/^Ada Admin saved a change \(.+\) to the Tunxis Campus Library after you opened it\. Reload/) });
    const now = await signInOperator(t, 'Check');
    expect(tunxisOf(now.snapshot)).toMatchObject({ phone: '860-773-1600', address: base.address, revision: 1 });
    // Reloaded (the latest revision), Cy's change goes through and keeps Ada's.
    expect(await command(cy, { kind: 'campus.update', campus: { ...event.campus, address: '11 Library Lane' } })).toMatchObject({ type: 'ack' });
    const after = (await nextEvent(ada.socket, 'campus.updated', (e) => e.campus.address === '11 Library Lane')).event.campus;
    expect(after).toMatchObject({ phone: '860-773-1600', address: '11 Library Lane', revision: 2 });
    const db = new Database(t.dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT operator_name FROM directory_edits ORDER BY id').all()).toEqual([{ operator_name: 'Ada Admin' }, { operator_name: 'Cy Admin' }]);
    } finally {
      db.close();
    }

    // The chat service too.
    const service = ada.snapshot.chatService;
    expect(await command(ada, { kind: 'chatService.update', chatService: { ...service, rotaNote: 'Sundays: Naugatuck Valley' } })).toMatchObject({ type: 'ack' });
    expect(await command(cy, { kind: 'chatService.update', chatService: { ...service, hoursNote: 'Tentative' } })).toMatchObject({ type: 'error', code: 'conflict', message: expect.stringContaining('Ada Admin saved a change') });
    const check = await signInOperator(t, 'Check again');
    expect(check.snapshot.chatService).toMatchObject({ rotaNote: 'Sundays: Naugatuck Valley', hoursNote: service.hoursNote, revision: 1 });
  });

  it('validates every edit: bad facts and hours are refused and change nothing', async () => {
    const admin = await signInOperator(t, 'Ada Admin', 'tunxis', 'admin');
    const base = tunxisOf(admin.snapshot);
    const bad: [string, unknown][] = [
      ['a website that is not http(s)', { ...base, website: 'javascript:alert(1)' }],
      ['an email that is not one', { ...base, directorEmail: 'nobody' }],
      ['a closing time of 25:00', { ...base, schedule: { weekly: { ...{ sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] }, mon: [{ open: '09:00', close: '25:00' }] }, exceptions: [] } }],
      ['overlapping intervals', { ...base, schedule: { weekly: { sun: [], mon: [{ open: '09:00', close: '13:00' }, { open: '12:00', close: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [] }, exceptions: [] } }],
      ['an unknown time zone', { ...base, timeZone: 'Mars/Olympus_Mons' }],
      ['a seen date that is not a date', { ...base, facts: { phone: { source: 'x', seen: 'last week', check: false } } }],
    ];
    for (const [what, campus] of bad) {
      // Sent raw: the test client itself refuses to send a frame that fails the schema.
      const id = clientId('bad');
      admin.socket.sendRaw(JSON.stringify({ type: 'cmd', id, cmd: { kind: 'campus.update', campus } }));
      const answer = await admin.socket.take((f) => (f.type === 'ack' || f.type === 'error') && f.id === id, what);
      expect(answer, what).toMatchObject({ type: 'error', code: 'invalid_frame' });
    }
    expect(await command(admin, { kind: 'campus.update', campus: { ...base, id: 'atlantis' } })).toMatchObject({ type: 'error', code: 'not_found' });
    const service = admin.snapshot.chatService;
    expect(await command(admin, { kind: 'chatService.update', chatService: { ...service, rota: { ...service.rota, mon: ['atlantis'] } } })).toMatchObject({
      type: 'error',
      code: 'invalid_frame',
      message: expect.stringContaining('atlantis'),
    });
    const again = await signInOperator(t, 'Check');
    expect(tunxisOf(again.snapshot)).toEqual(base);
  });

  it('an admin sets the all-libraries page of the chat service; everyone gets it', async () => {
    const admin = await signInOperator(t, 'Ada Admin', 'tunxis', 'admin');
    const other = await signInOperator(t, 'Bo');
    const chatService = { ...admin.snapshot.chatService, allLibrariesUrl: 'https://library.example.edu/all' };
    expect(await command(admin, { kind: 'chatService.update', chatService })).toMatchObject({ type: 'ack' });
    const { event } = await nextEvent(other.socket, 'chatService.updated');
    expect(event.chatService).toMatchObject({ allLibrariesUrl: 'https://library.example.edu/all', facts: { allLibrariesUrl: { source: 'Entered in Deskbell by Ada Admin' } } });
  });

  it('serves a public page of all campus libraries from the live directory, as text', async () => {
    const admin = await signInOperator(t, 'Ada Admin', 'tunxis', 'admin');
    const tunxis = tunxisOf(admin.snapshot);
    await command(admin, { kind: 'campus.update', campus: { ...tunxis, address: '<script>alert(1)</script> Farmington' } });
    const response = await fetch(`${t.server.url}/libraries`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('Tunxis Campus Library');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Farmington');
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="https://library.ctstate.edu/tunxis"');
    // A campus whose hours are not known says so plainly.
    expect(html).toMatch(/Gateway Campus Library<\/a><\/h2><dl>.*?<dt>Hours today<\/dt><dd>not known<\/dd>/);
  });

  it("speaks as a page, not as a librarian: a neutral status line, never the chat reply's voice", async () => {
    const admin = await signInOperator(t, 'Ada Admin', 'tunxis', 'admin');
    const tunxis = tunxisOf(admin.snapshot);
    const every = [{ open: '08:00', close: '20:00' }];
    const weekly = { sun: every, mon: every, tue: every, wed: every, thu: every, fri: every, sat: every };
    // Tunxis: a whole week. Gateway: only today's exception, so tomorrow is not known.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(Date.now());
    const gateway = admin.snapshot.campuses.find((c) => c.id === 'gateway')!;
    await command(admin, { kind: 'campus.update', campus: { ...tunxis, schedule: { weekly, exceptions: [] } } });
    await command(admin, { kind: 'campus.update', campus: { ...gateway, schedule: { weekly: null, exceptions: [{ date: today, hours: [{ open: '00:00', close: '24:00' }], note: '' }] } } });
    const html = await (await fetch(`${t.server.url}/libraries`)).text();
    expect(html).not.toMatch(/let me check|get right back|I don't have|in front of me/);
    expect(html).toMatch(/<dt>Now<\/dt><dd>(Open now, closes at 8:00 PM today|Closed now, opens (later today|tomorrow) at 8:00 AM)<\/dd>/);
    expect(html).toContain('<dt>Now</dt><dd>Open now; closing time not known</dd>');
  });
});

const runCli = runServerCli;

describe('the edit record, read back: `directory-edits`', () => {
  it('lists who changed a campus (or the chat service), when, and each field before and after, newest first', async () => {
    const admin = await signInOperator(t, 'Ada Admin', 'tunxis', 'admin');
    const tunxis = tunxisOf(admin.snapshot);
    expect(await command(admin, { kind: 'campus.update', campus: { ...tunxis, phone: '860-773-1551' } })).toMatchObject({ type: 'ack' });
    const { event } = await nextEvent(admin.socket, 'campus.updated');
    expect(await command(admin, { kind: 'campus.update', campus: { ...event.campus, address: 'Farmington, CT' } })).toMatchObject({ type: 'ack' });
    const listed = await runCli(['directory-edits', '--campus', 'tunxis', '--db', t.dbPath]);
    expect(listed.code).toBe(0);
    const lines = listed.out.trim().split('\n');
    expect(lines[0]).toBe('Tunxis Campus Library: 2 edits, newest first');
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC  Ada Admin \\(${admin.operator.id}\\)$`));
    expect(lines[2]).toBe('    address: "Farmington" -> "Farmington, CT"');
    expect(lines).toContain('    phone: "860-773-1550" -> "860-773-1551"');
    expect(lines.findIndex((l) => l.includes('address:'))).toBeLessThan(lines.findIndex((l) => l.includes('phone:')));
    expect((await runCli(['directory-edits', '--campus', 'tunxis', '--limit', '1', '--db', t.dbPath])).out).not.toContain('phone:');
    expect((await runCli(['directory-edits', '--chat-service', '--db', t.dbPath])).out).toBe('the chat service: no edits made in the app\n');
    const unknown = await runCli(['directory-edits', '--campus', 'atlantis', '--db', t.dbPath]);
    expect(unknown).toMatchObject({ code: 2, err: expect.stringContaining('unknown campus "atlantis"') });
    expect((await runCli(['directory-edits', '--db', t.dbPath])).code).toBe(2);
    const help = await runCli(['directory-edits', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--campus', '--chat-service', '--limit', '--db', 'DESKBELL_DB']) expect(help.out, flag).toContain(flag);
  }, 60_000);
});

describe('the directory survives a restart and the config stays only the seed', () => {
  it('keeps edits across a restart; a config change later adds new campuses but never overwrites stored ones', async () => {
    const admin = await signInOperator(t, 'Ada Admin', 'tunxis', 'admin');
    const tunxis = tunxisOf(admin.snapshot);
    await command(admin, { kind: 'campus.update', campus: { ...tunxis, phone: '860-555-0100' } });
    const { dbPath } = t;
    await t.server.close();
    const { startServer } = await import('../../src/server');
    const restarted = await startServer({ dbPath, port: 0, log: () => undefined, passwordHashN: 1 << 14 });
    try {
      expect(restarted.campuses.find((c) => c.id === 'tunxis')?.phone).toBe('860-555-0100');
    } finally {
      await restarted.close();
    }
    const withNew = await startServer({
      dbPath,
      port: 0,
      log: () => undefined,
      campuses: [{ ...tunxis, phone: 'from config' }, { ...tunxis, id: 'new-campus', name: 'New Campus Library' }],
    });
    try {
      expect(withNew.campuses.find((c) => c.id === 'tunxis')?.phone).toBe('860-555-0100');
      expect(withNew.campuses.map((c) => c.id)).toContain('new-campus');
      expect(withNew.campuses).toHaveLength(19);
    } finally {
      await withNew.close();
    }
    // afterEach closes t again: closing twice is harmless.
  });
});
