/**
 * Internal notes over real sockets: to one librarian, to a campus, to everyone on shift; each
 * reaches exactly its readers (author and audience), with read marks per thread; a note inside a
 * chat is the holder's only and never reaches the patron.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_PROTOCOL_VERSION } from '../../src/shared/protocol';
import {
  clientId,
  command,
  nextEvent,
  openOperatorSocket,
  type OperatorFrame,
  type SignedInOperator,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';

let t: TestServer & { problems: string[] };
let ada: SignedInOperator; // capital
let bo: SignedInOperator; // tunxis
let cy: SignedInOperator; // tunxis
let di: SignedInOperator; // gateway

beforeAll(async () => {
  t = await startTestServer();
  ada = await signInOperator(t, 'Ada Capital', 'capital');
  bo = await signInOperator(t, 'Bo Tunxis', 'tunxis');
  cy = await signInOperator(t, 'Cy Tunxis', 'tunxis');
  di = await signInOperator(t, 'Di Gateway', 'gateway');
});
afterAll(async () => {
  await t?.close();
});

/** Every desk hears of `seq`-ordered events only after a round trip; then the note events each socket holds. */
async function notesSeenBy(ops: SignedInOperator[]): Promise<Map<SignedInOperator, string[]>> {
  const seen = new Map<SignedInOperator, string[]>();
  for (const op of ops) {
    await op.socket.sync();
    const notes = op.socket
      .drain()
      .flatMap((f) => (f.type === 'event' && f.event.type === 'note.posted' ? [f.event.note.text] : []));
    seen.set(op, notes);
  }
  return seen;
}

const ack = (frame: OperatorFrame) => expect(frame).toMatchObject({ type: 'ack' });

describe('notes between librarians', () => {
  it('a direct note reaches the addressee and the author only', async () => {
    await notesSeenBy([ada, bo, cy, di]);
    ack(await command(ada, { kind: 'note.send', to: { kind: 'operator', operatorId: bo.operator.id }, text: 'Can you take a Tunxis chat?' }));
    const seen = await notesSeenBy([ada, bo, cy, di]);
    expect(seen.get(ada)).toEqual(['Can you take a Tunxis chat?']);
    expect(seen.get(bo)).toEqual(['Can you take a Tunxis chat?']);
    expect(seen.get(cy)).toEqual([]);
    expect(seen.get(di)).toEqual([]);
  });

  it('a campus note reaches that campus and the author; a shift note reaches everyone', async () => {
    ack(await command(di, { kind: 'note.send', to: { kind: 'campus', campus: 'tunxis' }, text: 'Tunxis: your printer is out' }));
    let seen = await notesSeenBy([ada, bo, cy, di]);
    expect([seen.get(ada), seen.get(bo), seen.get(cy), seen.get(di)]).toEqual([[], ['Tunxis: your printer is out'], ['Tunxis: your printer is out'], ['Tunxis: your printer is out']]);
    ack(await command(bo, { kind: 'note.send', to: { kind: 'shift' }, text: 'Stepping away for 5 minutes' }));
    seen = await notesSeenBy([ada, bo, cy, di]);
    for (const op of [ada, bo, cy, di]) expect(seen.get(op)).toEqual(['Stepping away for 5 minutes']);
  });

  it('a new desk gets only the notes its librarian may read in its snapshot, with the read marks', async () => {
    ack(await command(bo, { kind: 'notes.read', thread: 'shift', seq: 1_000_000 }));
    const again = await openOperatorSocket(t);
    again.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: cy.token });
    await again.expect('welcome');
    const snapshot = (await again.expect('snapshot')).snapshot;
    expect(snapshot.notes.items.map((n) => n.text)).toEqual(['Tunxis: your printer is out', 'Stepping away for 5 minutes']);
    expect(snapshot.notes.read).toEqual({});
    again.close();

    const boDesk = await openOperatorSocket(t);
    boDesk.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: bo.token });
    await boDesk.expect('welcome');
    const boSnapshot = (await boDesk.expect('snapshot')).snapshot;
    expect(boSnapshot.notes.items.map((n) => n.text)).toEqual(['Can you take a Tunxis chat?', 'Tunxis: your printer is out', 'Stepping away for 5 minutes']);
    expect(boSnapshot.notes.read).toEqual({ shift: 1_000_000 });
    expect(boSnapshot.notes.items[0]).toMatchObject({ from: { id: ada.operator.id }, to: { kind: 'operator', operatorId: bo.operator.id }, toOperator: { id: bo.operator.id, name: 'Bo Tunxis' } });
    boDesk.close();
  });

  it('a read mark goes to the reader’s desks only, and never moves back', async () => {
    await notesSeenBy([ada, bo]);
    ack(await command(ada, { kind: 'notes.read', thread: `op:${bo.operator.id}`, seq: 5 }));
    ack(await command(ada, { kind: 'notes.read', thread: `op:${bo.operator.id}`, seq: 2 }));
    const read = await nextEvent(ada.socket, 'notes.read');
    expect(read.event).toEqual({ type: 'notes.read', thread: `op:${bo.operator.id}`, seq: 5 });
    await bo.socket.sync();
    expect(bo.socket.drain().filter((f) => f.type === 'event' && f.event.type === 'notes.read')).toEqual([]);
    const db = new Database(t.dbPath, { readonly: true });
    expect(db.prepare('SELECT seq FROM note_reads WHERE operator_id = ? AND thread = ?').get(ada.operator.id, `op:${bo.operator.id}`)).toEqual({ seq: 5 });
    db.close();
  });

  it('refuses what goes nowhere, each with a typed error that changes nothing', async () => {
    const before = (await notesSeenBy([ada])).get(ada);
    expect(before).toEqual([]);
    expect(await command(ada, { kind: 'note.send', to: { kind: 'operator', operatorId: ada.operator.id }, text: 'to me' })).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect(await command(ada, { kind: 'note.send', to: { kind: 'operator', operatorId: 'op_nobody' }, text: 'x' })).toMatchObject({ type: 'error', code: 'not_found' });
    expect(await command(ada, { kind: 'note.send', to: { kind: 'campus', campus: 'atlantis' }, text: 'x' })).toMatchObject({ type: 'error', code: 'not_found' });
    expect(await command(ada, { kind: 'note.send', to: { kind: 'shift' }, text: 'x', about: 'nochat1234' })).toMatchObject({ type: 'error', code: 'not_found' });
    // Not even a valid frame: an empty note, a bad thread.
    const id = clientId('bad');
    ada.socket.sendRaw(JSON.stringify({ type: 'cmd', id, cmd: { kind: 'note.send', to: { kind: 'shift' }, text: '   ' } }));
    expect(await ada.socket.take((f) => f.type === 'error' && f.id === id)).toMatchObject({ code: 'invalid_frame' });
    const id2 = clientId('bad');
    ada.socket.sendRaw(JSON.stringify({ type: 'cmd', id: id2, cmd: { kind: 'notes.read', thread: 'everyone', seq: 1 } }));
    expect(await ada.socket.take((f) => f.type === 'error' && f.id === id2)).toMatchObject({ code: 'invalid_frame' });
    expect((await notesSeenBy([ada, bo, cy, di])).get(bo)).toEqual([]);
  });
});

describe('notes inside a chat', () => {
  it('only the holder writes one (the patron side is tests/chats/visibility.test.ts)', async () => {
    const patron = await startPatronChat(t, { campus: 'tunxis', name: 'Maya', question: 'Do you have CINAHL?' });
    // Not claimed yet: nobody holds it.
    expect(await command(bo, { kind: 'note.chat', chatId: patron.chatId, text: 'mine?' })).toMatchObject({ type: 'error', code: 'not_yours' });
    ack(await command(bo, { kind: 'claim', chatId: patron.chatId }));
    expect(await command(cy, { kind: 'note.chat', chatId: patron.chatId, text: 'I am not the holder' })).toMatchObject({ type: 'error', code: 'not_yours' });
    expect(await command(bo, { kind: 'note.chat', chatId: 'nochat1234', text: 'x' })).toMatchObject({ type: 'error', code: 'not_found' });
    ack(await command(bo, { kind: 'note.chat', chatId: patron.chatId, text: 'INTERNAL: nursing student' }));
    const seenByCy = await nextEvent(cy.socket, 'chat.message', (e) => e.message.visibility === 'operators');
    expect(seenByCy.event.message).toMatchObject({ text: 'INTERNAL: nursing student', from: 'operator', authorName: 'Bo Tunxis' });
    ack(await command(bo, { kind: 'end', chatId: patron.chatId }));
    expect(await command(bo, { kind: 'note.chat', chatId: patron.chatId, text: 'after the end' })).toMatchObject({ type: 'error', code: 'chat_ended' });
    patron.socket.close();
    expect(t.problems).toEqual([]);
  });
});
