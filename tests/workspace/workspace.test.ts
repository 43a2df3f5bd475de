/**
 * The conversation workspace on the backend, over real sockets: the name-box question in the
 * transcript, the patron's name and contact, the patron's page leaving and coming back, typing
 * relayed and never stored, the interview, ending under the policy, and the transcript feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import { TranscriptChangesPage } from '../../src/shared/transcripts/schemas';
import {
  clientId,
  command,
  inspectDb,
  nextEvent,
  openPatronSocket,
  type SignedInOperator,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';

let t: TestServer & { problems: string[] };
let ada: SignedInOperator;
let bo: SignedInOperator;

beforeAll(async () => {
  t = await startTestServer();
  ada = await signInOperator(t, 'Ada Librarian', 'gateway');
  bo = await signInOperator(t, 'Bo Librarian', 'tunxis');
});
afterAll(async () => {
  ada?.socket.close();
  bo?.socket.close();
  await t?.close();
});

async function claimed(options: Parameters<typeof startPatronChat>[1] = {}) {
  const patron = await startPatronChat(t, options);
  expect(await command(ada, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
  await patron.socket.take((f) => f.type === 'status' && f.state === 'claimed', 'claimed status');
  return patron;
}

/** A command the client schema refuses, sent anyway: the backend must refuse it too, and change nothing. */
async function rawCommand(op: SignedInOperator, cmd: object) {
  const id = clientId('raw');
  op.socket.sendRaw(JSON.stringify({ type: 'cmd', id, cmd }));
  return op.socket.take((f) => (f.type === 'ack' || f.type === 'error') && f.id === id, 'command answer');
}

async function feed(since: number, token = ada.token, limit = 200) {
  const response = await fetch(`${t.server.url}/api/transcripts/changes?since=${since}&limit=${limit}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('the name box held the question', () => {
  it('that text is the transcript’s first line, the question box the second', async () => {
    const socket = await openPatronSocket(t);
    socket.send({ type: 'start', v: PROTOCOL_VERSION, id: clientId('start'), campus: 'gateway', name: 'how do I find nursing articles?', question: 'for NUR 101' });
    const started = await socket.expect('started');
    await socket.expect('status');
    const first = await socket.expect('message');
    const second = await socket.expect('message');
    expect([first.message.seq, first.message.text, second.message.seq, second.message.text]).toEqual([1, 'how do I find nursing articles?', 2, 'for NUR 101']);
    const created = await nextEvent(ada.socket, 'chat.created', (e) => e.chat.id === started.chatId);
    expect(created.event.chat).toMatchObject({ nameIsQuestion: true, givenName: null });
    expect(created.event.chat.messages.map((m) => m.text)).toEqual(['how do I find nursing articles?', 'for NUR 101']);
    socket.close();
  });
});

describe('the patron’s name and contact', () => {
  it('the librarian holding the chat records them; every desk hears; later lines carry the name', async () => {
    const patron = await claimed({ name: 'what time do you close', question: 'today' });
    expect(await command(bo, { kind: 'patron.set', chatId: patron.chatId, givenName: 'Maya', email: '', phone: '' })).toMatchObject({ type: 'error', code: 'not_yours' });
    expect(await rawCommand(ada, { kind: 'patron.set', chatId: patron.chatId, givenName: 'Maya', email: 'not-an-email', phone: '' })).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect(await rawCommand(ada, { kind: 'patron.set', chatId: patron.chatId, givenName: 'Maya', email: '', phone: 'call me maybe' })).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect(await command(ada, { kind: 'patron.set', chatId: patron.chatId, givenName: 'Maya Lopez', email: 'maya@student.edu', phone: '(860) 555-0199' })).toMatchObject({ type: 'ack' });
    const event = await nextEvent(bo.socket, 'chat.patron', (e) => e.chatId === patron.chatId);
    expect(event.event).toMatchObject({ givenName: 'Maya Lopez', email: 'maya@student.edu', phone: '(860) 555-0199' });
    patron.socket.send({ type: 'say', id: clientId('say'), text: 'thanks!' });
    const line = await nextEvent(ada.socket, 'chat.message', (e) => e.message.chatId === patron.chatId && e.message.text === 'thanks!');
    expect(line.event.message.authorName).toBe('Maya Lopez');
    // After the end, the librarian who held it may still complete the record; nobody else.
    expect(await command(ada, { kind: 'end', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
    expect(await command(ada, { kind: 'patron.set', chatId: patron.chatId, givenName: 'Maya Lopez', email: 'maya@student.edu', phone: '' })).toMatchObject({ type: 'ack' });
    expect(await command(bo, { kind: 'patron.set', chatId: patron.chatId, givenName: 'X', email: '', phone: '' })).toMatchObject({ type: 'error', code: 'not_yours' });
    const row = inspectDb(t);
    expect(row.db.prepare('SELECT given_name, patron_email, patron_phone FROM chats WHERE id = ?').get(patron.chatId)).toEqual({ given_name: 'Maya Lopez', patron_email: 'maya@student.edu', patron_phone: '' });
    row.close();
    patron.socket.close();
  });
});

describe('the patron’s page', () => {
  it('closing says so at once on every desk; coming back says so too', async () => {
    const patron = await claimed();
    patron.socket.terminate();
    const away = await nextEvent(ada.socket, 'chat.patron_link', (e) => e.chatId === patron.chatId);
    expect(away.event.connected).toBe(false);
    const back = await openPatronSocket(t);
    back.send({ type: 'resume', v: PROTOCOL_VERSION, chatId: patron.chatId, token: patron.token, lastSeq: 1 });
    await back.take((f) => f.type === 'status', 'status');
    const returned = await nextEvent(ada.socket, 'chat.patron_link', (e) => e.chatId === patron.chatId);
    expect(returned.event.connected).toBe(true);
    // A desk arriving now sees the same, from the snapshot.
    const cy = await signInOperator(t, 'Cy Librarian');
    expect(cy.snapshot.chats.find((c) => c.id === patron.chatId)?.patronConnected).toBe(true);
    back.close();
    await nextEvent(ada.socket, 'chat.patron_link', (e) => e.chatId === patron.chatId && !e.connected);
    cy.socket.close();
  });
});

describe('typing', () => {
  it('the patron’s reaches only the librarian holding the chat, outside the stream, throttled, never stored', async () => {
    const patron = await claimed();
    await ada.socket.sync();
    await bo.socket.sync();
    ada.socket.drain();
    bo.socket.drain();
    const before = inspectDb(t);
    const counts = before.counts();
    patron.socket.send({ type: 'typing', typing: true });
    patron.socket.send({ type: 'typing', typing: true }); // within a second: dropped
    patron.socket.send({ type: 'typing', typing: false });
    await patron.socket.sync();
    await ada.socket.sync();
    await bo.socket.sync();
    const adaTyping = ada.socket.drain().filter((f) => f.type === 'typing');
    expect(adaTyping.map((f) => (f.type === 'typing' ? [f.chatId, f.typing] : null))).toEqual([
      [patron.chatId, true],
      [patron.chatId, false],
    ]);
    expect(bo.socket.drain().filter((f) => f.type === 'typing')).toEqual([]);
    expect(before.counts()).toEqual(counts);
    before.close();
    patron.socket.close();
  });

  it('the librarian’s reaches the patron only from the one holding the chat', async () => {
    const patron = await claimed();
    bo.socket.send({ type: 'typing', chatId: patron.chatId, typing: true });
    await bo.socket.sync();
    ada.socket.send({ type: 'typing', chatId: patron.chatId, typing: true });
    const frame = await patron.socket.take((f) => f.type === 'typing', 'typing');
    expect(frame).toEqual({ type: 'typing', typing: true });
    await patron.socket.sync();
    expect(patron.socket.drain().filter((f) => f.type === 'typing')).toEqual([]);
    patron.socket.close();
  });
});

describe('the reference interview and ending under the policy', () => {
  it('the checklist is kept with the chat; an abusive chat ends with reason policy', async () => {
    const patron = await claimed();
    const interview = { campusConfirmed: true, location: 'off', assignment: 'yes', className: 'NUR 101', professor: 'Dr. Lee', need: 'database', needDetail: 'CINAHL', note: '' };
    expect(await command(bo, { kind: 'interview.set', chatId: patron.chatId, interview })).toMatchObject({ type: 'error', code: 'not_yours' });
    expect(await rawCommand(ada, { kind: 'interview.set', chatId: patron.chatId, interview: { ...interview, need: 'magic' } })).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect(await command(ada, { kind: 'interview.set', chatId: patron.chatId, interview })).toMatchObject({ type: 'ack' });
    expect((await nextEvent(bo.socket, 'chat.interview', (e) => e.chatId === patron.chatId)).event.interview).toEqual(interview);
    expect(await command(bo, { kind: 'end', chatId: patron.chatId, policy: true })).toMatchObject({ type: 'error', code: 'not_yours' });
    expect(await command(ada, { kind: 'end', chatId: patron.chatId, policy: true })).toMatchObject({ type: 'ack' });
    expect((await nextEvent(bo.socket, 'chat.ended', (e) => e.chatId === patron.chatId)).event.reason).toBe('policy');
    const status = await patron.socket.take((f) => f.type === 'status' && f.state === 'ended', 'ended status');
    expect(status).toMatchObject({ state: 'ended' });
    patron.socket.close();
  });
});

describe('incident reports on a backend without mail', () => {
  it('are stored in the director’s queue, saying email is not set up', async () => {
    const patron = await claimed({ campus: 'housatonic' });
    expect(await command(ada, { kind: 'incident.report', chatId: patron.chatId, note: 'Abusive language.' })).toMatchObject({ type: 'ack' });
    expect((await nextEvent(bo.socket, 'chat.incident', (e) => e.chatId === patron.chatId)).event.incident).toMatchObject({ delivery: 'no-mail-setup', to: 'Taja.Sylvester@ctstate.edu' });
    expect(await command(ada, { kind: 'end', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
    patron.socket.close();
  });
});

describe('the transcript feed', () => {
  it('serves every ended chat whole, in revision order, page by page; signed-in operators only', async () => {
    const first = await feed(0);
    expect(first.status).toBe(200);
    const page = TranscriptChangesPage.parse(first.body);
    expect(page.changes.length).toBeGreaterThan(0);
    const revs = page.changes.map((c) => c.rev);
    expect([...revs].sort((a, b) => a - b)).toEqual(revs);
    expect(page.changes.every((c) => c.chat.state === 'ended')).toBe(true);
    const policy = page.changes.find((c) => c.chat.endReason === 'policy')?.chat;
    expect(policy?.interview?.needDetail).toBe('CINAHL');
    expect(policy?.messages.length).toBeGreaterThan(0);
    // A page is read in a few statements for all its chats; each chat is as it is read alone.
    for (const { chat } of page.changes) {
      const alone = await fetch(`${t.server.url}/api/transcript?chat=${chat.id}`, { headers: { authorization: `Bearer ${ada.token}` } });
      expect(((await alone.json()) as { chat: unknown }).chat, chat.id).toEqual(chat);
    }
    expect(page.changes.filter(({ chat }) => chat.incidents.length > 0).length, 'chats with incident reports').toBeGreaterThan(0);
    expect(page.changes.filter(({ chat }) => chat.interview !== null).length, 'chats with a checklist').toBeGreaterThan(0);
    // A change to an ended chat's record brings it back with a newer revision.
    const named = page.changes.find((c) => c.chat.givenName === 'Maya Lopez');
    expect(named).toBeDefined();
    const small = TranscriptChangesPage.parse((await feed(0, ada.token, 1)).body);
    expect(small.changes).toHaveLength(1);
    expect(small.more).toBe(true);
    const rest = TranscriptChangesPage.parse((await feed(small.next)).body);
    expect(rest.changes.length).toBe(page.changes.length - 1);
    expect(rest.more).toBe(false);
    const tail = TranscriptChangesPage.parse((await feed(page.next)).body);
    expect(tail).toEqual({ changes: [], next: page.next, more: false });
    // Refusals: no token, a bad one, bad parameters.
    expect((await fetch(`${t.server.url}/api/transcripts/changes?since=0`)).status).toBe(401);
    expect((await feed(0, 'x'.repeat(43))).status).toBe(401);
    for (const query of ['since=-1', 'since=abc', 'since=0&limit=0', 'since=0&limit=501', 'since=1e3']) {
      const response = await fetch(`${t.server.url}/api/transcripts/changes?${query}`, { headers: { authorization: `Bearer ${ada.token}` } });
      expect(response.status, query).toBe(400);
    }
    const one = await fetch(`${t.server.url}/api/transcript?chat=${policy?.id ?? ''}`, { headers: { authorization: `Bearer ${ada.token}` } });
    expect(((await one.json()) as { chat: { id: string } }).chat.id).toBe(policy?.id);
    expect((await fetch(`${t.server.url}/api/transcript?chat=nochat1`, { headers: { authorization: `Bearer ${ada.token}` } })).status).toBe(404);
    expect(t.problems).toEqual([]);
  });
});
