import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatronServerFrame, PROTOCOL_VERSION } from '../../src/shared/protocol';
import { waitFor } from '../support/wait';
import {
  command,
  clientId,
  inspectDb,
  nextEvent,
  openPatronSocket,
  type SignedInOperator,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';

describe('patron chats', () => {
  let t: TestServer & { problems: string[] };
  let desk: SignedInOperator;
  let db: ReturnType<typeof inspectDb>;

  beforeAll(async () => {
    t = await startTestServer({ patronGraceMs: 60_000 });
    desk = await signInOperator(t, 'Dana Desk', 'central');
    db = inspectDb(t);
  });
  afterAll(async () => {
    db?.close();
    await t?.close();
  });

  it('start creates the chat: started, status, the question as message 1, and a chat.created for the desk', async () => {
    const patron = await openPatronSocket(t);
    const startId = clientId('start');
    patron.send({ type: 'start', v: PROTOCOL_VERSION, id: startId, campus: 'eastern', name: '  Jo Student ', question: 'Can I renew a book online?' });
    const started = await patron.expect('started');
    expect(started.encounterId).toMatch(/^ENC-\d{8}-[A-HJ-KM-NP-Z2-9]{6}$/);
    expect(started.campusName).toBe('Eastern Connecticut State University Library');
    expect(started.token.length).toBeGreaterThanOrEqual(43);
    expect(await patron.expect('status')).toEqual({ type: 'status', state: 'waiting', operatorName: null, ticketOffered: false });
    const first = await patron.expect('message');
    expect(first.message).toMatchObject({ chatId: started.chatId, seq: 1, from: 'patron', text: 'Can I renew a book online?', authorName: 'Jo Student' });

    const created = await nextEvent(desk.socket, 'chat.created', (e) => e.chat.id === started.chatId);
    expect(created.event.chat).toMatchObject({
      encounterId: started.encounterId,
      campus: 'eastern',
      patronName: 'Jo Student',
      question: 'Can I renew a book online?',
      nameIsQuestion: false,
      state: 'waiting',
      claimedBy: null,
      ticketOfferedAt: null,
    });
    expect(created.event.chat.messages).toEqual([first.message]);

    const row = db.db.prepare('SELECT * FROM chats WHERE id = ?').get(started.chatId) as Record<string, unknown>;
    expect(row.patron_token_hash).not.toContain(started.token);
    expect(JSON.stringify(row)).not.toContain(started.token);
    expect(row.start_client_id).toBe(startId);
    patron.close();
  });

  it('a question typed into the name box is flagged', async () => {
    const chat = await startPatronChat(t, { name: 'how do I find peer reviewed articles?', question: 'for nursing' });
    const created = await nextEvent(desk.socket, 'chat.created', (e) => e.chat.id === chat.chatId);
    expect(created.event.chat.nameIsQuestion).toBe(true);
    chat.socket.close();
  });

  it('a question typed only in the name box starts the chat and is its question; a bare name still needs one', async () => {
    const asked = 'do you have the nursing textbook on reserve?';
    const chat = await startPatronChat(t, { name: asked, question: '' });
    const created = await nextEvent(desk.socket, 'chat.created', (e) => e.chat.id === chat.chatId);
    expect(created.event.chat).toMatchObject({ question: asked, nameIsQuestion: true, patronName: asked });
    // One opening line, not the question twice.
    expect(created.event.chat.messages.map((m) => m.text)).toEqual([asked]);
    // A resent start of it (no `started` seen) is the same chat.
    chat.socket.send({ type: 'start', v: PROTOCOL_VERSION, id: chat.startId, campus: 'gateway', name: asked, question: '   ' });
    expect((await chat.socket.expect('started')).chatId).toBe(chat.chatId);
    chat.socket.close();

    const named = await openPatronSocket(t);
    const before = db.counts().chats;
    named.send({ type: 'start', v: PROTOCOL_VERSION, id: clientId('start'), campus: 'gateway', name: 'Maya Lopez', question: ' ' });
    expect(await named.expect('error')).toMatchObject({ code: 'invalid_frame', message: 'question: type your question' });
    expect(db.counts().chats).toBe(before);
    named.close();
  });

  it('a resent start (same client id) returns the same chat, with a fresh token that resumes it', async () => {
    const chat = await startPatronChat(t);
    chat.socket.terminate();
    const again = await openPatronSocket(t);
    again.send({ type: 'start', v: PROTOCOL_VERSION, id: chat.startId, campus: 'gateway', name: 'Pat Patron', question: 'What time do you close today?' });
    const started = await again.expect('started');
    expect(started.chatId).toBe(chat.chatId);
    expect(started.encounterId).toBe(chat.encounterId);
    expect((await again.expect('message')).message.seq).toBe(1);
    expect(await again.expect('status')).toMatchObject({ state: 'waiting' });
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM chats WHERE start_client_id = ?').get(chat.startId)).toEqual({ n: 1 });

    const third = await openPatronSocket(t);
    third.send({ type: 'resume', v: PROTOCOL_VERSION, chatId: chat.chatId, token: started.token, lastSeq: 1 });
    expect(await third.expect('status')).toMatchObject({ state: 'waiting' });
    third.close();
  });

  it('a start id is not a credential: a resent start with other details, or for an ended chat, is refused and changes nothing', async () => {
    const chat = await startPatronChat(t, { campus: 'eastern', name: 'Alma Original', question: 'My student id is 12345: is my hold ready?' });
    const said = clientId('say');
    chat.socket.send({ type: 'say', id: said, text: 'a private follow-up' });
    expect(await chat.socket.expect('ack')).toMatchObject({ id: said, seq: 2 });
    const rowOf = () => db.db.prepare('SELECT * FROM chats WHERE id = ?').get(chat.chatId);
    const original = rowOf();
    const before = db.counts();
    const same = { type: 'start', v: PROTOCOL_VERSION, id: chat.startId, campus: 'eastern', name: 'Alma Original', question: 'My student id is 12345: is my hold ready?' } as const;

    // Each differs from the stored start in one detail (compared exactly, after the schema's trimming).
    for (const variant of [
      { ...same, name: 'Mallory' },
      { ...same, name: 'alma original' },
      { ...same, campus: 'gateway' },
      { ...same, question: 'whatever' },
    ]) {
      const other = await openPatronSocket(t);
      other.send(variant);
      expect(await other.expect('error')).toEqual({ type: 'error', id: chat.startId, code: 'invalid_frame', message: expect.stringContaining('this chat id was already used') });
      // Nothing replayed, no token issued, and the connection holds no chat.
      other.send({ type: 'say', id: clientId('say'), text: 'let me in' });
      expect(await other.expect('error')).toMatchObject({ code: 'unauthorized' });
      other.close();
    }
    expect(rowOf()).toEqual(original);
    expect(db.counts()).toEqual(before);
    // The original patron was not cut off, and its token still resumes the chat.
    await chat.socket.sync();
    expect(chat.socket.closeCode).toBeNull();
    expect(chat.socket.pending()).toEqual([]);
    const said2 = clientId('say');
    chat.socket.send({ type: 'say', id: said2, text: 'still mine' });
    expect(await chat.socket.expect('ack')).toMatchObject({ id: said2, seq: 3 });

    // Once the chat has ended, even the exact same start is refused.
    chat.socket.send({ type: 'leave' });
    expect(await chat.socket.expect('status')).toMatchObject({ state: 'ended' });
    const ended = rowOf();
    const late = await openPatronSocket(t);
    late.send(same);
    expect(await late.expect('error')).toMatchObject({ id: chat.startId, code: 'invalid_frame', message: expect.stringContaining('this chat id was already used') });
    expect(rowOf()).toEqual(ended);
    late.close();
    chat.socket.close();
  });

  it('a resent start is honoured only within the resend window', async () => {
    const short = await startTestServer({ limits: { startResendWindowMs: 0 } });
    const shortDb = inspectDb(short);
    try {
      const chat = await startPatronChat(short);
      const { created_at: createdAt } = shortDb.db.prepare('SELECT created_at FROM chats WHERE id = ?').get(chat.chatId) as { created_at: number };
      // The window is 0 ms: any later millisecond is past it.
      await waitFor(() => Date.now() > createdAt, 'the clock to move past the creation time', 1_000, 1);
      const original = shortDb.chats();
      chat.socket.terminate();
      const again = await openPatronSocket(short);
      again.send({ type: 'start', v: PROTOCOL_VERSION, id: chat.startId, campus: 'gateway', name: 'Pat Patron', question: 'What time do you close today?' });
      expect(await again.expect('error')).toMatchObject({ code: 'invalid_frame', message: expect.stringContaining('this chat id was already used') });
      expect(shortDb.chats()).toEqual(original);
      again.close();
    } finally {
      shortDb.close();
      await short.close();
    }
  });

  it('resume replays every message after lastSeq, past the first thousand, each patron line with its client id', async () => {
    const chat = await startPatronChat(t);
    const said = clientId('say');
    chat.socket.send({ type: 'say', id: said, text: 'my own line' });
    expect(await chat.socket.expect('ack')).toMatchObject({ seq: 2 });
    expect(await command(desk, { kind: 'claim', chatId: chat.chatId })).toMatchObject({ type: 'ack' });
    // 1,198 more lines from the desk, pipelined on one socket: 1,200 in all.
    const ids = Array.from({ length: 1198 }, () => clientId('bulk'));
    for (const [i, id] of ids.entries()) desk.socket.send({ type: 'cmd', id, cmd: { kind: 'send', chatId: chat.chatId, text: `line ${i + 3}` } });
    const last = ids.at(-1);
    await desk.socket.take((f) => f.type === 'ack' && f.id === last, 'the last bulk send', 30_000);
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM messages WHERE chat_id = ?').get(chat.chatId)).toEqual({ n: 1200 });
    chat.socket.terminate();
    await desk.socket.sync();
    desk.socket.drain();

    for (const lastSeq of [0, 37]) {
      const back = await openPatronSocket(t);
      back.send({ type: 'resume', v: PROTOCOL_VERSION, chatId: chat.chatId, token: chat.token, lastSeq });
      const status = await back.take((f) => f.type === 'status', 'the status after the replay', 30_000);
      expect(status).toMatchObject({ state: 'claimed' });
      const replayed = back.drain().map((f) => (f.type === 'message' ? f : null));
      expect(replayed).not.toContain(null);
      const messages = replayed.flatMap((f) => (f ? [f] : []));
      expect(messages.map((f) => f.message.seq)).toEqual(Array.from({ length: 1200 - lastSeq }, (_, i) => lastSeq + 1 + i));
      expect(messages.at(-1)?.message.text).toBe('line 1200');
      // Only the patron's own lines carry a client id: the start's for the question, the say's for its line.
      const withIds = messages.filter((f) => f.clientId !== undefined).map((f) => [f.message.seq, f.clientId]);
      expect(withIds).toEqual(lastSeq === 0 ? [[1, chat.startId], [2, said]] : []);
      back.close();
    }
  });

  it('say is acknowledged with its seq, reaches the desk once, and a resent say is deduplicated', async () => {
    const chat = await startPatronChat(t);
    const id = clientId('say');
    chat.socket.send({ type: 'say', id, text: 'It is for my English class' });
    expect(await chat.socket.expect('ack')).toEqual({ type: 'ack', id, seq: 2 });
    chat.socket.send({ type: 'say', id, text: 'It is for my English class' });
    expect(await chat.socket.expect('ack')).toEqual({ type: 'ack', id, seq: 2 });
    await desk.socket.sync();
    const heard = desk.socket.drain().filter((f) => f.type === 'event' && f.event.type === 'chat.message' && f.event.message.chatId === chat.chatId);
    expect(heard).toHaveLength(1);
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM messages WHERE chat_id = ?').get(chat.chatId)).toEqual({ n: 2 });
    chat.socket.close();
  });

  it('claim, operator messages and the end reach the patron; resume replays what was missed', async () => {
    const chat = await startPatronChat(t);
    expect(await command(desk, { kind: 'claim', chatId: chat.chatId })).toMatchObject({ type: 'ack' });
    expect(await chat.socket.expect('status')).toEqual({ type: 'status', state: 'claimed', operatorName: 'Dana Desk', ticketOffered: false });
    expect(await command(desk, { kind: 'send', chatId: chat.chatId, text: 'Hi! Which campus are you at?' })).toMatchObject({ result: { messageSeq: 2 } });
    expect((await chat.socket.expect('message')).message).toMatchObject({ seq: 2, from: 'operator', authorName: 'Dana Desk' });

    // The patron's connection drops; two lines arrive meanwhile.
    chat.socket.terminate();
    await command(desk, { kind: 'send', chatId: chat.chatId, text: '<b>not bold</b> & plain' });
    await command(desk, { kind: 'send', chatId: chat.chatId, text: 'Still there?' });

    const wrong = await openPatronSocket(t);
    wrong.send({ type: 'resume', v: PROTOCOL_VERSION, chatId: chat.chatId, token: 'w'.repeat(43), lastSeq: 0 });
    expect(await wrong.expect('error')).toMatchObject({ code: 'unauthorized' });
    wrong.send({ type: 'say', id: clientId('say'), text: 'let me in' });
    expect(await wrong.expect('error')).toMatchObject({ code: 'unauthorized' });
    wrong.close();

    const back = await openPatronSocket(t);
    back.send({ type: 'resume', v: PROTOCOL_VERSION, chatId: chat.chatId, token: chat.token, lastSeq: 2 });
    expect((await back.expect('message')).message).toMatchObject({ seq: 3, text: '<b>not bold</b> & plain' });
    expect((await back.expect('message')).message).toMatchObject({ seq: 4, text: 'Still there?' });
    expect(await back.expect('status')).toMatchObject({ state: 'claimed', operatorName: 'Dana Desk' });

    // A second resume from yet another socket takes the chat over; the older socket is cut.
    const newest = await openPatronSocket(t);
    newest.send({ type: 'resume', v: PROTOCOL_VERSION, chatId: chat.chatId, token: chat.token, lastSeq: 4 });
    expect(await newest.expect('status')).toMatchObject({ state: 'claimed' });
    expect(await back.waitClosed()).toBe(1006);

    expect(await command(desk, { kind: 'end', chatId: chat.chatId })).toMatchObject({ type: 'ack' });
    expect(await newest.expect('status')).toMatchObject({ state: 'ended', operatorName: 'Dana Desk' });
    newest.send({ type: 'say', id: clientId('say'), text: 'wait!' });
    expect(await newest.expect('error')).toMatchObject({ code: 'chat_ended' });
    newest.close();
  });

  it('leave ends the chat as patron_left, for waiting and claimed chats alike', async () => {
    const waiting = await startPatronChat(t);
    waiting.socket.send({ type: 'leave' });
    expect(await waiting.socket.expect('status')).toMatchObject({ state: 'ended' });
    expect((await nextEvent(desk.socket, 'chat.ended', (e) => e.chatId === waiting.chatId)).event.reason).toBe('patron_left');
    // Leaving twice is harmless: the answer is the status again.
    waiting.socket.send({ type: 'leave' });
    expect(await waiting.socket.expect('status')).toMatchObject({ state: 'ended' });

    const claimed = await startPatronChat(t);
    await command(desk, { kind: 'claim', chatId: claimed.chatId });
    await claimed.socket.expect('status');
    claimed.socket.send({ type: 'leave' });
    expect(await claimed.socket.expect('status')).toMatchObject({ state: 'ended' });
    expect((await nextEvent(desk.socket, 'chat.ended', (e) => e.chatId === claimed.chatId)).event.reason).toBe('patron_left');
    const rows = db.db.prepare('SELECT state, end_reason FROM chats WHERE id IN (?, ?)').all(waiting.chatId, claimed.chatId);
    expect(rows).toEqual([
      { state: 'ended', end_reason: 'patron_left' },
      { state: 'ended', end_reason: 'patron_left' },
    ]);
    // The transcript is kept.
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM messages WHERE chat_id = ?').get(claimed.chatId)).toEqual({ n: 1 });
    waiting.socket.close();
    claimed.socket.close();
  });

  it('a socket closed on a waiting chat starts the grace; a resume cancels it', async () => {
    const chat = await startPatronChat(t);
    const before = t.server.stats().patronGraceTimers;
    chat.socket.close();
    await waitFor(() => t.server.stats().patronGraceTimers === before + 1, 'the grace timer');
    const back = await openPatronSocket(t);
    back.send({ type: 'resume', v: PROTOCOL_VERSION, chatId: chat.chatId, token: chat.token, lastSeq: 1 });
    expect(await back.expect('status')).toMatchObject({ state: 'waiting' });
    expect(t.server.stats().patronGraceTimers).toBe(before);
    back.close();
  });

  it('a patron that floods frames is told to slow down', async () => {
    const patron = await openPatronSocket(t);
    for (let i = 0; i < 150; i++) patron.send({ type: 'ping', n: i });
    await patron.take((f) => f.type === 'error' && f.code === 'rate_limited', 'rate_limited');
    patron.close();
  });

  it('a patron flooding just above the refill rate is answered only a few times, then cut off', async () => {
    const patron = await openPatronSocket(t);
    for (let i = 0; i < 60; i++) patron.send({ type: 'ping', n: i }); // the whole burst
    // Then three frames per refill: one is admitted each time, two are refused, for up to 5 s.
    let n = 60;
    for (let tick = 0; tick < 50 && patron.closeCode === null; tick++) {
      for (let k = 0; k < 3; k++) patron.send({ type: 'ping', n: n++ });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await patron.waitClosed()).toBe(1008);
    const refusals = patron.drain().filter((f) => f.type === 'error' && f.code === 'rate_limited');
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.length).toBeLessThanOrEqual(5);
  });
});

describe('the patron message frame', () => {
  it('may carry the client id of a patron line; frames without it still parse, and a malformed one is refused', () => {
    const message = { id: 'm_1', chatId: 'chat1234', seq: 2, from: 'patron', visibility: 'patron', authorName: 'Pat', text: 'hi', at: 1 };
    expect(PatronServerFrame.safeParse({ type: 'message', message, clientId: 'abcdefgh123' }).success).toBe(true);
    expect(PatronServerFrame.safeParse({ type: 'message', message }).success).toBe(true);
    expect(PatronServerFrame.safeParse({ type: 'message', message, clientId: 'no spaces here' }).success).toBe(false);
    expect(PatronServerFrame.safeParse({ type: 'message', message, clientId: 42 }).success).toBe(false);
  });
});

describe('timers', () => {
  it('a waiting chat gets the ticket offer at createdAt + ticketOfferAfterMs; a claimed one never does', async () => {
    const t = await startTestServer({ timing: { ticketOfferAfterMs: 600 }, patronGraceMs: 60_000 });
    const db = inspectDb(t);
    try {
      const desk = await signInOperator(t, 'Tia Ticket');
      const claimed = await startPatronChat(t);
      expect(await command(desk, { kind: 'claim', chatId: claimed.chatId })).toMatchObject({ type: 'ack' });
      const waiting = await startPatronChat(t);

      const offered = await nextEvent(desk.socket, 'chat.ticket_offered');
      expect(offered.event.chatId).toBe(waiting.chatId);
      expect(await waiting.socket.take((f) => f.type === 'status')).toEqual({ type: 'status', state: 'waiting', operatorName: null, ticketOffered: true });
      const row = db.db.prepare('SELECT created_at, ticket_offered_at FROM chats WHERE id = ?').get(waiting.chatId) as {
        created_at: number;
        ticket_offered_at: number;
      };
      expect(row.ticket_offered_at).toBe(offered.event.at);
      expect(row.ticket_offered_at - row.created_at).toBeGreaterThanOrEqual(600);

      // The claimed chat was created earlier, so its deadline passed first, yet it got no offer.
      expect(db.db.prepare('SELECT ticket_offered_at FROM chats WHERE id = ?').get(claimed.chatId)).toEqual({ ticket_offered_at: null });
      await claimed.socket.sync();
      expect(claimed.socket.pending().filter((f) => f.type === 'status' && f.ticketOffered)).toEqual([]);

      // The offer does not end the chat: it can still be claimed.
      expect(await command(desk, { kind: 'claim', chatId: waiting.chatId })).toMatchObject({ type: 'ack' });
      expect(await waiting.socket.take((f) => f.type === 'status')).toMatchObject({ state: 'claimed', ticketOffered: true });
      expect(t.server.stats().ticketOfferTimers).toBe(0);
    } finally {
      db.close();
      await t.close();
    }
  });

  it('a waiting chat whose patron does not come back within the grace is ended patron_left; nothing stays in memory', async () => {
    const t = await startTestServer({ patronGraceMs: 200 });
    const db = inspectDb(t);
    try {
      const desk = await signInOperator(t, 'Gil Grace');
      const chat = await startPatronChat(t);
      // A claimed chat is the librarian's to end, not the grace timer's.
      const claimed = await startPatronChat(t);
      expect(await command(desk, { kind: 'claim', chatId: claimed.chatId })).toMatchObject({ type: 'ack' });
      chat.socket.terminate();
      claimed.socket.terminate();
      const ended = await nextEvent(desk.socket, 'chat.ended', (e) => e.chatId === chat.chatId);
      expect(ended.event.reason).toBe('patron_left');
      const row = db.db.prepare('SELECT state, end_reason, created_at, ended_at FROM chats WHERE id = ?').get(chat.chatId) as Record<string, number | string>;
      expect(row).toMatchObject({ state: 'ended', end_reason: 'patron_left' });
      expect(db.db.prepare('SELECT state FROM chats WHERE id = ?').get(claimed.chatId)).toEqual({ state: 'claimed' });
      expect(await command(desk, { kind: 'end', chatId: claimed.chatId })).toMatchObject({ type: 'ack' });
      await waitFor(() => t.server.stats().patronLinks === 0, 'patron links to be released');
      await waitFor(() => t.server.stats().patronConnections === 0, 'patron connections to be released');
      expect(t.server.stats()).toEqual({
        operatorStreams: 1,
        patronConnections: 0,
        patronLinks: 0,
        ticketOfferTimers: 0,
        patronGraceTimers: 0,
        presenceGraceTimers: 0,
        patronsAway: 0,
        typingEntries: 0,
        transferTimers: 0,
        ticketOutbox: 0,
      });
    } finally {
      db.close();
      await t.close();
    }
  });

  it('after a restart, waiting chats get their ticket offer and a grace to be resumed', async () => {
    const t = await startTestServer({ patronGraceMs: 60_000 });
    const chat = await startPatronChat(t);
    chat.socket.close();
    await t.server.close();
    const { startServer } = await import('../../src/server');
    const rowOf = (db: ReturnType<typeof inspectDb>) =>
      db.db.prepare('SELECT state, end_reason, ticket_offered_at FROM chats WHERE id = ?').get(chat.chatId) as {
        state: string;
        end_reason: string | null;
        ticket_offered_at: number | null;
      };

    // Restart 1: the ticket offer comes due; the grace is armed though no socket closed since the start.
    const first = await startServer({ dbPath: t.dbPath, port: 0, timing: { ticketOfferAfterMs: 500 }, patronGraceMs: 60_000, log: () => {} });
    let db = inspectDb(t);
    try {
      expect(first.stats().patronGraceTimers).toBe(1);
      await waitFor(() => rowOf(db).ticket_offered_at !== null, 'the ticket offer after the restart');
      expect(rowOf(db)).toMatchObject({ state: 'waiting' });
    } finally {
      db.close();
      await first.close();
    }

    // Restart 2: nobody resumes within the grace, so the orphaned chat ends.
    const second = await startServer({ dbPath: t.dbPath, port: 0, patronGraceMs: 100, log: () => {} });
    db = inspectDb(t);
    try {
      await waitFor(() => rowOf(db).state === 'ended', 'the orphaned chat to end');
      expect(rowOf(db)).toMatchObject({ state: 'ended', end_reason: 'patron_left' });
      expect(second.stats()).toMatchObject({ ticketOfferTimers: 0, patronGraceTimers: 0 });
    } finally {
      db.close();
      await second.close();
      await t.close();
    }
  });
});
