/**
 * Transfers over real sockets: offer, accept (the chat moves, the new holder reads the whole
 * transcript, the patron is told who and from which campus), decline and timeout (the chat stays
 * with the sender), withdraw, the sender's end closing the offer, and a transfer to a campus
 * queue (waiting again, ringing from then, the ticket offer due again).
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server';
import { decideAlert, DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING } from '../../src/shared/alerts/policy';
import { waitFor } from '../support/wait';
import {
  command,
  inspectDb,
  nextEvent,
  type OperatorFrame,
  type SignedInOperator,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';

const ACCEPT_MS = 1_500;
const TICKET_OFFER_MS = 3_000;

let t: TestServer & { problems: string[] };
let ada: SignedInOperator; // capital
let bo: SignedInOperator; // tunxis
let cy: SignedInOperator; // tunxis
let db: ReturnType<typeof inspectDb>;

beforeAll(async () => {
  t = await startTestServer({ transferAcceptMs: ACCEPT_MS, timing: { beepIntervalMs: 500, urgentAfterMs: 1_500, ticketOfferAfterMs: TICKET_OFFER_MS }, patronGraceMs: 60_000 });
  ada = await signInOperator(t, 'Ada Capital', 'capital');
  bo = await signInOperator(t, 'Bo Tunxis', 'tunxis');
  cy = await signInOperator(t, 'Cy Tunxis', 'tunxis');
  db = inspectDb(t);
});
afterAll(async () => {
  db?.close();
  await t?.close();
});

const ack = (frame: OperatorFrame) => expect(frame).toMatchObject({ type: 'ack' });
const chatRow = (chatId: string) => db.db.prepare('SELECT state, campus, claimed_by, queued_at, ticket_offered_at FROM chats WHERE id = ?').get(chatId) as Record<string, unknown>;

/** A Tunxis patron's chat, claimed by Ada at Capital, with a line each way. */
async function adasTunxisChat(question = 'Can I get CINAHL from home?') {
  const patron = await startPatronChat(t, { campus: 'tunxis', name: 'Maya', question });
  ack(await command(ada, { kind: 'claim', chatId: patron.chatId }));
  ack(await command(ada, { kind: 'send', chatId: patron.chatId, text: 'Hi Maya, let me see.' }));
  await patron.socket.take((f) => f.type === 'message' && f.message.text === 'Hi Maya, let me see.', 'Ada’s line');
  return patron;
}

async function offer(chatId: string, to: SignedInOperator, note = '') {
  ack(await command(ada, { kind: 'transfer.offer', chatId, to: to.operator.id, note }));
  const offered = await nextEvent(to.socket, 'transfer.offered', (e) => e.offer.chatId === chatId && e.offer.to.id === to.operator.id);
  return offered.event.offer;
}

describe('transfer to a librarian', () => {
  it('accept: the chat moves in one step, the patron is told who and from where, the new holder reads everything', async () => {
    const patron = await adasTunxisChat();
    const made = await offer(patron.chatId, bo, 'nursing student, needs CINAHL');
    expect(made).toMatchObject({ from: { id: ada.operator.id }, to: { id: bo.operator.id, campus: 'tunxis' }, note: 'nursing student, needs CINAHL', state: 'pending' });
    expect(made.expiresAt - made.createdAt).toBe(ACCEPT_MS);
    // Every desk sees the offer (the board shows it); until accepted the chat is Ada's and she may still write.
    await nextEvent(cy.socket, 'transfer.offered', (e) => e.offer.id === made.id);
    ack(await command(ada, { kind: 'send', chatId: patron.chatId, text: 'One moment, I am asking a Tunxis colleague.' }));
    expect(chatRow(patron.chatId)).toMatchObject({ state: 'claimed', claimed_by: ada.operator.id });

    ack(await command(bo, { kind: 'transfer.accept', offerId: made.id }));
    const moved = await nextEvent(cy.socket, 'chat.transferred', (e) => e.chatId === patron.chatId);
    expect(moved.event).toMatchObject({ offerId: made.id, from: { id: ada.operator.id }, to: { id: bo.operator.id } });
    expect((await nextEvent(ada.socket, 'transfer.closed', (e) => e.offerId === made.id)).event).toMatchObject({ state: 'accepted' });
    expect(chatRow(patron.chatId)).toMatchObject({ state: 'claimed', claimed_by: bo.operator.id });

    const notice = await patron.socket.take((f) => f.type === 'message' && f.message.text.includes('taking over'), 'the transfer notice');
    expect(notice).toMatchObject({ message: { text: 'Bo Tunxis from the Tunxis Campus Library is taking over this chat now. They can see everything we have written so far.', visibility: 'patron' } });
    expect(await patron.socket.take((f) => f.type === 'status' && f.operatorName === 'Bo Tunxis', 'status with Bo')).toMatchObject({ state: 'claimed' });

    // The whole history, for the new holder.
    const history = (await (await fetch(`${t.server.url}/api/chat-history?chat=${patron.chatId}`, { headers: { authorization: `Bearer ${bo.token}` } })).json()) as { messages: { text: string }[] };
    expect(history.messages.map((m) => m.text)).toEqual([
      'Can I get CINAHL from home?',
      'Hi Maya, let me see.',
      'One moment, I am asking a Tunxis colleague.',
      'Bo Tunxis from the Tunxis Campus Library is taking over this chat now. They can see everything we have written so far.',
    ]);
    // Bo writes now; Ada no longer may.
    ack(await command(bo, { kind: 'send', chatId: patron.chatId, text: 'Hi Maya, Bo here.' }));
    await patron.socket.take((f) => f.type === 'message' && f.message.text === 'Hi Maya, Bo here.', 'Bo’s line');
    expect(await command(ada, { kind: 'send', chatId: patron.chatId, text: 'still me?' })).toMatchObject({ type: 'error', code: 'not_yours' });
    // The patron keeps chatting, with Bo.
    patron.socket.send({ type: 'say', id: 'say-after-transfer-1', text: 'Thanks Bo!' });
    expect((await nextEvent(bo.socket, 'chat.message', (e) => e.message.text === 'Thanks Bo!')).event.message.from).toBe('patron');
    // A closed offer cannot be accepted again.
    expect(await command(bo, { kind: 'transfer.accept', offerId: made.id })).toMatchObject({ type: 'error', code: 'transfer_closed' });
    ack(await command(bo, { kind: 'end', chatId: patron.chatId }));
  });

  it('decline: the chat stays with the sender, who hears why', async () => {
    const patron = await adasTunxisChat();
    const made = await offer(patron.chatId, bo);
    ack(await command(bo, { kind: 'transfer.decline', offerId: made.id, reason: 'with a patron at the desk' }));
    expect((await nextEvent(ada.socket, 'transfer.closed', (e) => e.offerId === made.id)).event).toMatchObject({ state: 'declined', reason: 'with a patron at the desk' });
    expect(chatRow(patron.chatId)).toMatchObject({ state: 'claimed', claimed_by: ada.operator.id });
    expect(await command(bo, { kind: 'transfer.accept', offerId: made.id })).toMatchObject({ type: 'error', code: 'transfer_closed', message: 'this transfer was declined' });
    ack(await command(ada, { kind: 'send', chatId: patron.chatId, text: 'Still with you.' }));
    ack(await command(ada, { kind: 'end', chatId: patron.chatId }));
  });

  it('timeout: not accepted in time, the offer expires and the chat stays with the sender', async () => {
    const patron = await adasTunxisChat();
    const made = await offer(patron.chatId, bo);
    const closed = await nextEvent(ada.socket, 'transfer.closed', (e) => e.offerId === made.id, ACCEPT_MS + 5_000);
    expect(closed.event).toMatchObject({ state: 'expired' });
    expect(closed.event.at).toBeGreaterThanOrEqual(made.expiresAt);
    expect(await command(bo, { kind: 'transfer.accept', offerId: made.id })).toMatchObject({ type: 'error', code: 'transfer_closed', message: 'this transfer has expired' });
    expect(chatRow(patron.chatId)).toMatchObject({ state: 'claimed', claimed_by: ada.operator.id });
    expect(t.server.stats().transferTimers).toBe(0);
    ack(await command(ada, { kind: 'end', chatId: patron.chatId }));
  });

  it('one open offer per chat; withdraw; the sender’s end closes an open offer', async () => {
    const patron = await adasTunxisChat();
    const first = await offer(patron.chatId, bo);
    expect(await command(ada, { kind: 'transfer.offer', chatId: patron.chatId, to: cy.operator.id })).toMatchObject({ type: 'error', code: 'transfer_pending' });
    ack(await command(ada, { kind: 'transfer.cancel', offerId: first.id }));
    expect((await nextEvent(bo.socket, 'transfer.closed', (e) => e.offerId === first.id)).event).toMatchObject({ state: 'cancelled' });
    const second = await offer(patron.chatId, cy);
    ack(await command(ada, { kind: 'end', chatId: patron.chatId }));
    const closed = (await nextEvent(cy.socket, 'transfer.closed', (e) => e.offerId === second.id)).event;
    expect(closed, JSON.stringify(closed)).toMatchObject({ state: 'cancelled', reason: 'the chat ended' });
    expect(await command(cy, { kind: 'transfer.accept', offerId: second.id })).toMatchObject({ type: 'error', code: 'chat_ended' });
    expect(chatRow(patron.chatId)).toMatchObject({ state: 'ended', claimed_by: ada.operator.id });
  });

  it('refuses an offer to nobody, to oneself, or to someone not online', async () => {
    const patron = await adasTunxisChat();
    expect(await command(ada, { kind: 'transfer.offer', chatId: patron.chatId, to: ada.operator.id })).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect(await command(ada, { kind: 'transfer.offer', chatId: patron.chatId, to: 'op_nobody' })).toMatchObject({ type: 'error', code: 'not_found' });
    ack(await command(cy, { kind: 'presence', presence: 'away' }));
    expect(await command(ada, { kind: 'transfer.offer', chatId: patron.chatId, to: cy.operator.id })).toMatchObject({ type: 'error', code: 'offline', message: 'Cy Tunxis is away now: pick someone online, or a campus queue' });
    ack(await command(cy, { kind: 'presence', presence: 'online' }));
    const open = db.db.prepare(`SELECT COUNT(*) AS n FROM transfers WHERE chat_id = ?`).get(patron.chatId);
    expect(open).toEqual({ n: 0 });
    ack(await command(ada, { kind: 'end', chatId: patron.chatId }));
  });
});

describe('transfer to a campus queue', () => {
  it('the chat waits again in that campus, rings from then (that campus first), and gets the ticket offer again in time', async () => {
    const patron = await adasTunxisChat();
    ack(await command(ada, { kind: 'transfer.queue', chatId: patron.chatId, campus: 'tunxis' }));
    const requeued = await nextEvent(bo.socket, 'chat.requeued', (e) => e.chat.id === patron.chatId);
    const chat = requeued.event.chat;
    expect(chat).toMatchObject({ state: 'waiting', campus: 'tunxis', claimedBy: null, ticketOfferedAt: null });
    expect(requeued.event.by).toMatchObject({ id: ada.operator.id });
    expect(chat.queuedAt).toBeGreaterThan(chat.createdAt);
    // Rings as a new waiting chat from queuedAt: Tunxis first ('yours' for Bo), 'other' for Ada.
    expect(decideAlert(chat, (chat.queuedAt ?? 0) + 10, bo.operator, DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING)).toMatchObject({ level: 'yours', beeps: 1 });
    expect(decideAlert(chat, (chat.queuedAt ?? 0) + 10, ada.operator, DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING)).toMatchObject({ level: 'other', beeps: 1 });
    const notice = await patron.socket.take((f) => f.type === 'message' && f.message.text.includes('passing your question'), 'the queue notice');
    expect(notice).toMatchObject({ message: { text: 'I am passing your question to the Tunxis Campus Library. A librarian there will join this chat shortly; please stay on this page.' } });
    expect(await patron.socket.take((f) => f.type === 'status' && f.state === 'waiting' && f.operatorName === null, 'waiting again')).toMatchObject({ ticketOffered: false });
    expect(await command(ada, { kind: 'send', chatId: patron.chatId, text: 'gone?' })).toMatchObject({ type: 'error', code: 'not_yours' });

    // The 60 s offer counts again from the requeue.
    const offered = await nextEvent(bo.socket, 'chat.ticket_offered', (e) => e.chatId === patron.chatId, TICKET_OFFER_MS + 5_000);
    expect(offered.event.at - (chat.queuedAt ?? 0)).toBeGreaterThanOrEqual(TICKET_OFFER_MS - 5);
    // Anyone may claim it, as any waiting chat.
    ack(await command(bo, { kind: 'claim', chatId: patron.chatId }));
    ack(await command(bo, { kind: 'end', chatId: patron.chatId }));
  });

  it('takes a note, as an offer does: whoever claims the chat from the queue reads it, the patron never does', async () => {
    const patron = await adasTunxisChat('Can I renew a laptop loan?');
    const note = 'Nursing student at Tunxis; I checked the laptop policy page, she needs the circulation desk.';
    ack(await command(ada, { kind: 'transfer.queue', chatId: patron.chatId, campus: 'tunxis', note }));
    // Live, to every desk (Bo is at the queue's campus), before the patron's notice.
    const live = await nextEvent(bo.socket, 'chat.message', (e) => e.message.chatId === patron.chatId && e.message.visibility === 'operators');
    expect(live.event.message).toMatchObject({ from: 'operator', authorName: 'Ada Capital', text: `Note with the transfer to the Tunxis Campus Library queue: ${note}` });
    await patron.socket.take((f) => f.type === 'message' && f.message.text.includes('passing your question'), 'the queue notice');
    // Whoever claims it later loads the chat's lines: the note is among them, just above the notice.
    ack(await command(cy, { kind: 'claim', chatId: patron.chatId }));
    const history = (await (await fetch(`${t.server.url}/api/chat-history?chat=${patron.chatId}`, { headers: { authorization: `Bearer ${cy.token}` } })).json()) as { messages: { text: string; visibility: string }[] };
    const lines = history.messages.map((m) => m.text);
    const at = lines.findIndex((text) => text.endsWith(note));
    expect(at).toBeGreaterThan(0);
    expect(history.messages[at]!.visibility).toBe('operators');
    expect(lines[at + 1]).toContain('passing your question');
    // The patron's page got the notice and never the note.
    expect(patron.socket.pending().some((f) => f.type === 'message' && f.message.text.includes(note))).toBe(false);
    // Without a note, no internal line is added.
    ack(await command(cy, { kind: 'transfer.queue', chatId: patron.chatId, campus: 'tunxis' }));
    await patron.socket.take((f) => f.type === 'message' && f.message.text.includes('passing your question') && f.message.authorName === 'Cy Tunxis', 'the second notice');
    expect(db.db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE chat_id = ? AND visibility = 'operators'`).get(patron.chatId)).toEqual({ n: 1 });
    ack(await command(bo, { kind: 'claim', chatId: patron.chatId }));
    ack(await command(bo, { kind: 'end', chatId: patron.chatId }));
  });

  it('to another campus: the chat moves to that queue; an open offer is closed; an unknown campus is refused', async () => {
    const patron = await adasTunxisChat();
    const made = await offer(patron.chatId, bo);
    expect(await command(ada, { kind: 'transfer.queue', chatId: patron.chatId, campus: 'atlantis' })).toMatchObject({ type: 'error', code: 'not_found' });
    ack(await command(ada, { kind: 'transfer.queue', chatId: patron.chatId, campus: 'gateway' }));
    expect((await nextEvent(bo.socket, 'transfer.closed', (e) => e.offerId === made.id)).event).toMatchObject({ state: 'cancelled' });
    expect(chatRow(patron.chatId)).toMatchObject({ state: 'waiting', campus: 'gateway', claimed_by: null });
    expect(await command(bo, { kind: 'transfer.accept', offerId: made.id })).toMatchObject({ type: 'error', code: 'transfer_closed' });
    ack(await command(cy, { kind: 'claim', chatId: patron.chatId }));
    ack(await command(cy, { kind: 'end', chatId: patron.chatId }));
    expect(t.problems).toEqual([]);
  });
});

describe('after a restart', () => {
  it('an open offer keeps its deadline: it expires on time, with the chat still the sender’s', async () => {
    const local = await startTestServer({ transferAcceptMs: 2_000 });
    const a = await signInOperator(local, 'Ada Capital', 'capital');
    const b = await signInOperator(local, 'Bo Tunxis', 'tunxis');
    const patron = await startPatronChat(local, { campus: 'tunxis' });
    ack(await command(a, { kind: 'claim', chatId: patron.chatId }));
    ack(await command(a, { kind: 'transfer.offer', chatId: patron.chatId, to: b.operator.id }));
    const offerId = (await nextEvent(b.socket, 'transfer.offered')).event.offer.id;
    await local.server.close();
    const again = await startServer({ dbPath: local.dbPath, port: 0, passwordHashN: 1 << 14, log: () => undefined });
    try {
      const read = new Database(local.dbPath, { readonly: true });
      const state = () => read.prepare('SELECT state FROM transfers WHERE id = ?').get(offerId) as { state: string };
      expect(state().state).toBe('pending');
      await waitFor(() => state().state === 'expired', 'the offer to expire after the restart', 5_000);
      expect(read.prepare('SELECT claimed_by FROM chats WHERE id = ?').get(patron.chatId)).toEqual({ claimed_by: a.operator.id });
      read.close();
    } finally {
      await again.close();
    }
  });
});
