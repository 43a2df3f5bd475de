/**
 * Message templates on the backend: seeded with the defaults, edited by administrators only
 * (the backend's own record of roles), per institution and per campus, synced to every desk,
 * validated, recorded, and kept across a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../src/shared/templates/defaults';
import { templateTextFor } from '../../src/shared/templates/select';
import { startServer } from '../../src/server';
import { clientId, command, inspectDb, nextEvent, type SignedInOperator, signInOperator, startPatronChat, startTestServer, type TestServer } from '../support/server';

let t: TestServer & { problems: string[] };
let admin: SignedInOperator;
let librarian: SignedInOperator;
const thanks = { id: 'closing.thanks', category: 'closing', label: 'Close warmly', text: 'Thanks for stopping by, {patron}!', shortcut: 'bye', audience: 'patron', check: false };

beforeAll(async () => {
  t = await startTestServer();
  admin = await signInOperator(t, 'Ada Admin', 'tunxis', 'admin');
  librarian = await signInOperator(t, 'Bo Librarian', 'gateway');
});
afterAll(async () => {
  admin?.socket.close();
  librarian?.socket.close();
  await t?.close();
});

describe('message templates', () => {
  it('a new backend has every default, for the whole institution, in the snapshot', () => {
    const institution = librarian.snapshot.templates.filter((e) => e.scope === 'institution' && !e.deleted);
    expect(institution.map((e) => e.template.id).sort()).toEqual(DEFAULT_TEMPLATES.map((d) => d.id).sort());
  });

  it('an admin’s edit reaches every desk; a campus version applies to that campus only', async () => {
    expect(await command(admin, { kind: 'template.save', scope: 'institution', template: thanks })).toMatchObject({ type: 'ack' });
    const changed = await nextEvent(librarian.socket, 'templates.changed');
    expect(changed.event.entries).toMatchObject([{ scope: 'institution', template: { text: 'Thanks for stopping by, {patron}!' }, updatedBy: 'Ada Admin', deleted: false }]);
    expect(await command(admin, { kind: 'template.save', scope: 'tunxis', template: { ...thanks, text: 'Thanks from Tunxis, {patron}!' } })).toMatchObject({ type: 'ack' });
    await nextEvent(librarian.socket, 'templates.changed', (e) => e.entries[0]?.scope === 'tunxis');
    // Saving the same thing again changes nothing and tells nobody.
    expect(await command(admin, { kind: 'template.save', scope: 'tunxis', template: { ...thanks, text: 'Thanks from Tunxis, {patron}!' } })).toMatchObject({ type: 'ack' });
    const cy = await signInOperator(t, 'Cy Librarian', 'norwalk');
    expect(templateTextFor(cy.snapshot.templates, 'closing.thanks', 'tunxis')).toBe('Thanks from Tunxis, {patron}!');
    expect(templateTextFor(cy.snapshot.templates, 'closing.thanks', 'norwalk')).toBe('Thanks for stopping by, {patron}!');
    // Removing the campus version: the institution's applies again.
    expect(await command(admin, { kind: 'template.delete', scope: 'tunxis', id: 'closing.thanks' })).toMatchObject({ type: 'ack' });
    const removed = await nextEvent(cy.socket, 'templates.changed', (e) => e.entries[0]?.deleted === true);
    expect(removed.event.entries[0]).toMatchObject({ scope: 'tunxis', deleted: true });
    cy.socket.close();
  });

  it('a librarian’s edit is refused by the backend and changes nothing', async () => {
    const db = inspectDb(t);
    const before = db.db.prepare('SELECT * FROM templates ORDER BY scope, id').all();
    expect(await command(librarian, { kind: 'template.save', scope: 'institution', template: { ...thanks, text: 'hacked' } })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await command(librarian, { kind: 'template.delete', scope: 'institution', id: 'crisis.988' })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(db.db.prepare('SELECT * FROM templates ORDER BY scope, id').all()).toEqual(before);
    db.close();
  });

  it('refuses a template with an unknown variable, an unknown campus, a bad name, and a removal of nothing', async () => {
    expect(await command(admin, { kind: 'template.save', scope: 'institution', template: { ...thanks, text: 'Hi {patorn}' } })).toMatchObject({ type: 'error', code: 'invalid_frame', message: expect.stringContaining('{patorn}') });
    expect(await command(admin, { kind: 'template.save', scope: 'atlantis', template: thanks })).toMatchObject({ type: 'error', code: 'not_found' });
    expect(await command(admin, { kind: 'template.delete', scope: 'gateway', id: 'closing.thanks' })).toMatchObject({ type: 'error', code: 'not_found' });
    const id = clientId('raw');
    admin.socket.sendRaw(JSON.stringify({ type: 'cmd', id, cmd: { kind: 'template.save', scope: 'institution', template: { ...thanks, id: 'Has Spaces' } } }));
    expect(await admin.socket.take((f) => f.type === 'error' && f.id === id, 'refusal')).toMatchObject({ code: 'invalid_frame' });
  });

  it('a hand-off notice is a template: the patron reads the campus’s version, else the institution’s, else the default', async () => {
    const notice = { id: 'ticket.ask-email', category: 'handoff', label: 'Ask for an email', text: 'Tunxis here: may we have your email, so the {campus} can write back?', shortcut: '', audience: 'notice', check: false };
    // A notice is filled with its own variables only, and stays a notice.
    expect(await command(admin, { kind: 'template.save', scope: 'tunxis', template: { ...notice, text: 'Hi {patron}, your email?' } })).toMatchObject({ type: 'error', code: 'invalid_frame', message: expect.stringContaining('{patron}') });
    expect(await command(admin, { kind: 'template.save', scope: 'tunxis', template: { ...notice, audience: 'patron' } })).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect(await command(admin, { kind: 'template.save', scope: 'tunxis', template: notice })).toMatchObject({ type: 'ack' });
    const asked = async (campus: string) => {
      const patron = await startPatronChat(t, { campus, name: 'Maya' });
      expect(await command(admin, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
      expect(await command(admin, { kind: 'ticket.ask_email', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
      const line = await patron.socket.take((f) => f.type === 'message' && f.message.from === 'operator', 'the ask for an email');
      expect(await command(admin, { kind: 'end', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
      patron.socket.close();
      return line.type === 'message' ? line.message.text : '';
    };
    const byDefault = 'Could you give me your email address? Then a librarian at the Gateway Campus Library can follow up if we get cut off or need more time.';
    expect(await asked('tunxis')).toBe('Tunxis here: may we have your email, so the Tunxis Campus Library can write back?');
    expect(await asked('gateway')).toBe(byDefault);
    expect(await command(admin, { kind: 'template.save', scope: 'institution', template: { ...notice, text: 'Your email, please, for the {campus}?' } })).toMatchObject({ type: 'ack' });
    expect(await asked('gateway')).toBe('Your email, please, for the Gateway Campus Library?');
    // Removed by an administrator: the default still answers, so a patron is never told nothing.
    expect(await command(admin, { kind: 'template.delete', scope: 'institution', id: 'ticket.ask-email' })).toMatchObject({ type: 'ack' });
    expect(await asked('gateway')).toBe(byDefault);
  });

  it('keeps edits and removals across a restart, records who did what, and never seeds a removed default back', async () => {
    expect(await command(admin, { kind: 'template.delete', scope: 'institution', id: 'crisis.trevor' })).toMatchObject({ type: 'ack' });
    const db = inspectDb(t);
    const edits = db.db.prepare('SELECT operator_name, scope, template_id, action FROM template_edits ORDER BY id').all();
    expect(edits).toEqual([
      { operator_name: 'Ada Admin', scope: 'institution', template_id: 'closing.thanks', action: 'save' },
      { operator_name: 'Ada Admin', scope: 'tunxis', template_id: 'closing.thanks', action: 'add' },
      { operator_name: 'Ada Admin', scope: 'tunxis', template_id: 'closing.thanks', action: 'delete' },
      { operator_name: 'Ada Admin', scope: 'tunxis', template_id: 'ticket.ask-email', action: 'add' },
      { operator_name: 'Ada Admin', scope: 'institution', template_id: 'ticket.ask-email', action: 'save' },
      { operator_name: 'Ada Admin', scope: 'institution', template_id: 'ticket.ask-email', action: 'delete' },
      { operator_name: 'Ada Admin', scope: 'institution', template_id: 'crisis.trevor', action: 'delete' },
    ]);
    db.close();
    admin.socket.close();
    librarian.socket.close();
    await t.server.close();
    const again = await startServer({ dbPath: t.dbPath, port: 0, passwordHashN: 1 << 14, log: () => undefined });
    try {
      const restarted = { ...t, server: again, wsUrl: (path: '/ws/operator' | '/ws/patron') => `${again.url.replace(/^http/, 'ws')}${path}` };
      const dee = await signInOperator(restarted, 'Dee Librarian');
      expect(templateTextFor(dee.snapshot.templates, 'closing.thanks', 'gateway')).toBe('Thanks for stopping by, {patron}!');
      expect(templateTextFor(dee.snapshot.templates, 'crisis.trevor', null)).toBeNull();
      dee.socket.close();
    } finally {
      await again.close();
    }
  });
});
