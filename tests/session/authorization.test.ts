/**
 * Authorisation on the server, each rule tried by the wrong librarian and with a patron's
 * token: only the holder writes in a chat, transfers it, ends it or makes it a ticket; only the
 * addressee accepts or declines a transfer (only the sender withdraws it); a patron's token
 * opens only that patron's chat; a note never reaches a patron. Every violation is a typed
 * error that changes nothing in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../src/shared/protocol';
import {
  clientId,
  command,
  inspectDb,
  nextEvent,
  openOperatorSocket,
  openPatronSocket,
  type OperatorFrame,
  type SignedInOperator,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';

let t: TestServer & { problems: string[] };
let ada: SignedInOperator; // holds the chat
let bo: SignedInOperator; // the addressee of its transfer
let cy: SignedInOperator; // neither
let db: ReturnType<typeof inspectDb>;
let patron: Awaited<ReturnType<typeof startPatronChat>>;
let other: Awaited<ReturnType<typeof startPatronChat>>;
let offerId: string;

/** Everything a refusal must leave as it was. */
function dbState() {
  const all = (sql: string) => db.db.prepare(sql).all();
  return {
    chats: all('SELECT id, state, campus, claimed_by, ended_at, end_reason, queued_at FROM chats ORDER BY id'),
    messages: all('SELECT id, chat_id, seq, visibility, text FROM messages ORDER BY chat_id, seq'),
    transfers: all('SELECT id, state, to_id FROM transfers ORDER BY id'),
    tickets: all('SELECT id, status FROM tickets ORDER BY id'),
    notes: all('SELECT seq FROM notes ORDER BY seq'),
  };
}

beforeAll(async () => {
  t = await startTestServer({ transferAcceptMs: 10 * 60_000 });
  ada = await signInOperator(t, 'Ada Capital', 'capital');
  bo = await signInOperator(t, 'Bo Tunxis', 'tunxis');
  cy = await signInOperator(t, 'Cy Gateway', 'gateway');
  db = inspectDb(t);
  patron = await startPatronChat(t, { campus: 'tunxis', name: 'Maya', question: 'Help with APA citations?' });
  other = await startPatronChat(t, { campus: 'gateway', name: 'Sam', question: 'Where do I pay a fine?' });
  expect(await command(ada, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
  expect(await command(ada, { kind: 'transfer.offer', chatId: patron.chatId, to: bo.operator.id })).toMatchObject({ type: 'ack' });
  offerId = (await nextEvent(bo.socket, 'transfer.offered')).event.offer.id;
});
afterAll(async () => {
  db?.close();
  await t?.close();
});

/** A command by the wrong librarian: this typed error, and nothing changed. */
async function refusedFor(op: SignedInOperator, cmd: object, code: string): Promise<void> {
  const before = dbState();
  const answer: OperatorFrame = await command(op, cmd);
  expect(answer, JSON.stringify(cmd)).toMatchObject({ type: 'error', code });
  expect(dbState(), JSON.stringify(cmd)).toEqual(before);
}

describe('only the holder writes, transfers, ends, or makes a ticket', () => {
  const holderOnly = () => [
    { kind: 'send', chatId: patron.chatId, text: 'not mine to say' },
    { kind: 'note.chat', chatId: patron.chatId, text: 'not mine to note' },
    { kind: 'ticket.ask_email', chatId: patron.chatId },
    { kind: 'transfer.offer', chatId: patron.chatId, to: cy.operator.id },
    { kind: 'transfer.queue', chatId: patron.chatId, campus: 'gateway' },
    { kind: 'end', chatId: patron.chatId },
    { kind: 'ticket.create', chatId: patron.chatId, email: 'maya@student.example.edu', noEmail: false, question: 'APA', despiteOnline: true },
  ];

  it('by the wrong librarian (not even the addressee of its transfer): not_yours, nothing changes', async () => {
    for (const cmd of holderOnly()) {
      await refusedFor(cy, cmd, 'not_yours');
      await refusedFor(bo, cmd, 'not_yours');
    }
  });

  it('on a waiting chat nobody holds: claim it first', async () => {
    for (const cmd of [
      { kind: 'send', chatId: other.chatId, text: 'x' },
      { kind: 'note.chat', chatId: other.chatId, text: 'x' },
      { kind: 'transfer.offer', chatId: other.chatId, to: bo.operator.id },
      { kind: 'transfer.queue', chatId: other.chatId, campus: 'tunxis' },
      { kind: 'ticket.create', chatId: other.chatId, email: '', noEmail: true, question: 'x', despiteOnline: true },
      { kind: 'ticket.ask_email', chatId: other.chatId },
    ]) {
      await refusedFor(cy, cmd, 'not_yours');
    }
  });
});

describe('only the addressee accepts or declines; only the sender withdraws', () => {
  it('by the wrong librarian: not_yours, nothing changes; the offer stays open', async () => {
    await refusedFor(cy, { kind: 'transfer.accept', offerId }, 'not_yours');
    await refusedFor(ada, { kind: 'transfer.accept', offerId }, 'not_yours');
    await refusedFor(cy, { kind: 'transfer.decline', offerId }, 'not_yours');
    await refusedFor(ada, { kind: 'transfer.decline', offerId }, 'not_yours');
    await refusedFor(bo, { kind: 'transfer.cancel', offerId }, 'not_yours');
    await refusedFor(cy, { kind: 'transfer.cancel', offerId }, 'not_yours');
    await refusedFor(cy, { kind: 'transfer.accept', offerId: 't_not_an_offer' }, 'not_found');
    expect(db.db.prepare('SELECT state FROM transfers WHERE id = ?').get(offerId)).toEqual({ state: 'pending' });
  });
});

describe('a patron’s token', () => {
  it('is no operator session: a hello with it is refused and the socket closed; HTTP reads with it get 401', async () => {
    const before = dbState();
    const socket = await openOperatorSocket(t);
    socket.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: patron.token });
    expect(await socket.expect('error')).toMatchObject({ code: 'unauthorized' });
    expect(await socket.waitClosed()).toBe(4401);
    for (const path of [`/api/chat-history?chat=${patron.chatId}`, '/api/tickets', '/api/ticket?id=k_x', '/api/faqs/changes?since=0']) {
      const response = await fetch(`${t.server.url}${path}`, { headers: { authorization: `Bearer ${patron.token}` } });
      expect(response.status, path).toBe(401);
    }
    expect(dbState()).toEqual(before);
  });

  it('cannot send operator commands on the patron socket: unknown frame, nothing changes', async () => {
    const before = dbState();
    const id = clientId('cmd');
    for (const cmd of [
      { kind: 'transfer.accept', offerId },
      { kind: 'send', chatId: patron.chatId, text: 'as the librarian' },
      { kind: 'end', chatId: patron.chatId },
      { kind: 'note.send', to: { kind: 'shift' }, text: 'hi' },
    ]) {
      patron.socket.sendRaw(JSON.stringify({ type: 'cmd', id, cmd }));
      expect(await patron.socket.take((f) => f.type === 'error', 'refusal')).toMatchObject({ code: 'unknown_type' });
    }
    expect(dbState()).toEqual(before);
  });

  it('opens only that patron’s chat: another chat with it is refused on resume and for a ticket; nothing changes', async () => {
    const before = dbState();
    const socket = await openPatronSocket(t);
    socket.send({ type: 'resume', v: PROTOCOL_VERSION, chatId: other.chatId, token: patron.token, lastSeq: 0 });
    expect(await socket.take((f) => f.type === 'error')).toMatchObject({ code: 'unauthorized' });
    const id = clientId('ticket');
    socket.send({ type: 'ticket', v: PROTOCOL_VERSION, id, campus: 'gateway', name: 'Maya', email: 'maya@student.example.edu', question: 'mine?', chat: { chatId: other.chatId, token: patron.token } });
    expect(await socket.take((f) => f.type === 'error' && f.id === id)).toMatchObject({ code: 'unauthorized' });
    // Nothing of the other chat came back on this socket.
    await socket.sync();
    expect(socket.drain().filter((f) => f.type === 'message' || f.type === 'status')).toEqual([]);
    socket.close();
    expect(dbState()).toEqual(before);
  });
});

describe('a note never reaches a patron', () => {
  it('notes to everyone, to the campus and to the holder, and notes in the chat: none on the patron socket', async () => {
    expect(await command(cy, { kind: 'note.send', to: { kind: 'shift' }, text: 'NOTE-1 everyone' })).toMatchObject({ type: 'ack' });
    expect(await command(cy, { kind: 'note.send', to: { kind: 'campus', campus: 'tunxis' }, text: 'NOTE-2 tunxis', about: patron.chatId })).toMatchObject({ type: 'ack' });
    expect(await command(bo, { kind: 'note.send', to: { kind: 'operator', operatorId: ada.operator.id }, text: 'NOTE-3 ada', about: patron.chatId })).toMatchObject({ type: 'ack' });
    expect(await command(ada, { kind: 'note.chat', chatId: patron.chatId, text: 'NOTE-4 in the chat' })).toMatchObject({ type: 'ack' });
    expect(await command(ada, { kind: 'send', chatId: patron.chatId, text: 'A line for Maya' })).toMatchObject({ type: 'ack' });
    await patron.socket.take((f) => f.type === 'message' && f.message.text === 'A line for Maya', 'the visible line');
    await patron.socket.sync();
    expect(JSON.stringify(patron.socket.drain())).not.toContain('NOTE-');
    expect(t.problems).toEqual([]);
  });
});
