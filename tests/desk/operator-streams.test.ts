import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type DeskEvent, type DeskSnapshot, emptyDesk, reduceDesk } from '../../src/shared/desk';
import { QUIET_MS } from '../../src/server/transport/batched-writer';
import { OPERATOR_PROTOCOL_VERSION } from '../../src/shared/protocol';
import {
  clientId,
  inspectDb,
  nextEvent,
  openOperatorSocket,
  type OperatorFrame,
  type OperatorSocket,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';
import { waitFor } from '../support/wait';

type EventFrame = Extract<OperatorFrame, { type: 'event' }>;
const isEvent = (f: OperatorFrame): f is EventFrame => f.type === 'event';

async function hello(t: TestServer, token: string, resume?: { streamId: string; lastSeq: number }): Promise<OperatorSocket> {
  const socket = await openOperatorSocket(t);
  socket.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token, ...(resume ? { resume } : {}) });
  return socket;
}

async function command(socket: OperatorSocket, id: string, cmd: object): Promise<OperatorFrame> {
  socket.send({ type: 'cmd', id, cmd });
  return socket.take((f) => (f.type === 'ack' || f.type === 'error') && f.id === id, `answer to ${id}`);
}

/** What a desk shows, without the parts that legitimately differ between two views (clock). */
/** Snapshot + events, reduced; chats as summaries (the snapshot carries no transcript lines). */
function deskView(snapshot: DeskSnapshot, events: DeskEvent[]) {
  let state = reduceDesk(emptyDesk, { type: 'snapshot', snapshot });
  for (const event of events) state = reduceDesk(state, event);
  const chats = Object.fromEntries(Object.entries(state.chats).map(([id, chat]) => [id, { ...chat, messages: [] }]));
  return { campuses: state.campuses, chats, operators: state.operators };
}

describe('operator streams', () => {
  let t: TestServer & { problems: string[] };
  let db: ReturnType<typeof inspectDb>;

  beforeAll(async () => {
    // A long presence grace, so reconnects in these tests do not produce offline/online events.
    t = await startTestServer({ presenceGraceMs: 60_000 });
    db = inspectDb(t);
  });
  afterAll(async () => {
    db?.close();
    await t?.close();
  });

  it('hello opens a stream: welcome, then a snapshot at the stream seq, then events with seq +1 each', async () => {
    const ada = await signInOperator(t, 'Ada Lovelace');
    expect(ada.snapshotSeq).toBe(0);
    expect(ada.snapshot.campuses).toHaveLength(18);
    expect(ada.snapshot.operators.find((o) => o.id === ada.operator.id)).toMatchObject({ presence: 'online' });
    const first = await startPatronChat(t);
    const second = await startPatronChat(t);
    const events = [await nextEvent(ada.socket, 'chat.created'), await nextEvent(ada.socket, 'chat.created')];
    expect(events.map((e) => e.event.chat.id)).toEqual([first.chatId, second.chatId]);
    await ada.socket.sync();
    const seqs = [...events.map((e) => e.seq)].sort((a, b) => a - b);
    expect(seqs[1]).toBe((seqs[0] as number) + 1);
    ada.socket.close();
    first.socket.close();
    second.socket.close();
  });

  it('resume replays exactly the missed events, in order, and the result reduces to a fresh snapshot', async () => {
    const ada = await signInOperator(t, 'Ada Resume');
    const watcher = await signInOperator(t, 'Wes Watcher');
    const adaEvents: EventFrame[] = [];
    const watcherEvents: EventFrame[] = [];

    const chat = await startPatronChat(t, { name: 'Pat', question: 'Where are the study rooms?' });
    await ada.socket.sync();
    await watcher.socket.sync();
    // Consume what Ada saw so far, and remember the last seq she applied.
    adaEvents.push(...ada.socket.drain().filter(isEvent));
    watcherEvents.push(...watcher.socket.drain().filter(isEvent));
    const lastSeq = adaEvents.at(-1)?.seq ?? ada.snapshotSeq;

    // Ada's connection drops; the desk moves on without her.
    ada.socket.terminate();
    expect(await command(watcher.socket, clientId('claim'), { kind: 'claim', chatId: chat.chatId })).toMatchObject({ type: 'ack' });
    expect(await command(watcher.socket, clientId('send'), { kind: 'send', chatId: chat.chatId, text: 'Second floor!' })).toMatchObject({
      type: 'ack',
      result: { messageSeq: 2 },
    });
    chat.socket.send({ type: 'say', id: clientId('say'), text: 'Thanks' });
    await chat.socket.take((f) => f.type === 'ack');
    const other = await startPatronChat(t, { campus: 'eastern' });
    await watcher.socket.sync();
    const missedOnWatcher = watcher.socket.drain().filter(isEvent);
    watcherEvents.push(...missedOnWatcher);

    const again = await hello(t, ada.token, { streamId: ada.streamId, lastSeq });
    const welcome = await again.expect('welcome');
    expect(welcome).toMatchObject({ resumed: true, streamId: ada.streamId, operator: ada.operator });
    await again.sync();
    const replay = again.drain();
    expect(replay.every(isEvent)).toBe(true);
    const replayed = replay as EventFrame[];
    expect(replayed.map((f) => f.seq)).toEqual(replayed.map((_, i) => lastSeq + 1 + i));
    expect(replayed.map((f) => f.event)).toEqual(missedOnWatcher.map((f) => f.event));
    adaEvents.push(...replayed);

    // Live events continue on the resumed stream with the next seq.
    const endId = clientId('end');
    expect(await command(watcher.socket, endId, { kind: 'end', chatId: chat.chatId })).toMatchObject({ type: 'ack' });
    const live = await nextEvent(again, 'chat.ended');
    expect(live.seq).toBe((replayed.at(-1)?.seq ?? lastSeq) + 1);
    adaEvents.push({ type: 'event', seq: live.seq, event: live.event });
    watcherEvents.push({ type: 'event', seq: 0, event: (await nextEvent(watcher.socket, 'chat.ended')).event });

    // Snapshot + events reduce to what a fresh snapshot shows.
    const fresh = await signInOperator(t, 'Fay Fresh');
    const freshView = deskView(fresh.snapshot, []);
    const adaView = deskView(ada.snapshot, adaEvents.map((f) => f.event));
    // Fay's arrival (account added, then online) is in her snapshot but not yet in Ada's events: it comes next.
    const fayAdded = await nextEvent(again, 'operator.presence', (e) => e.operator.id === fresh.operator.id);
    expect(fayAdded.event.operator.presence).toBe('offline');
    const fayOnline = await nextEvent(again, 'operator.presence', (e) => e.operator.id === fresh.operator.id);
    expect(fayOnline.event.operator.presence).toBe('online');
    expect(deskView(ada.snapshot, [...adaEvents.map((f) => f.event), fayAdded.event, fayOnline.event])).toEqual(freshView);
    expect(adaView.chats).toEqual(freshView.chats);
    // From the watcher's arrival on, both streams carried the same events in the same order.
    const sinceWatcher = adaEvents.map((f) => f.event).slice(-watcherEvents.length);
    expect(sinceWatcher).toEqual(watcherEvents.map((f) => f.event));

    for (const s of [again, watcher.socket, fresh.socket, chat.socket, other.socket]) s.close();
  });

  it('unknown stream, another operator’s stream, or a lastSeq from the future gets a fresh snapshot on a new stream', async () => {
    const ada = await signInOperator(t, 'Ada Unknown');
    const bob = await signInOperator(t, 'Bob Other');
    for (const resume of [
      { streamId: 'no-such-stream', lastSeq: 0 },
      { streamId: bob.streamId, lastSeq: 0 },
      { streamId: ada.streamId, lastSeq: 10_000 },
    ]) {
      const socket = await hello(t, ada.token, resume);
      const welcome = await socket.expect('welcome');
      expect(welcome.resumed, JSON.stringify(resume)).toBe(false);
      expect(welcome.streamId).not.toBe(resume.streamId);
      const snapshot = await socket.expect('snapshot');
      expect(snapshot.seq).toBe(0);
      socket.close();
    }
    ada.socket.close();
    bob.socket.close();
  });

  it('a stream whose buffer overflowed is not resumed: snapshot instead', async () => {
    const small = await startTestServer({ streamBufferSize: 5, presenceGraceMs: 60_000 });
    try {
      const ada = await signInOperator(small, 'Ada Overflow');
      const lastSeq = ada.snapshotSeq;
      ada.socket.terminate();
      const chat = await startPatronChat(small);
      for (let i = 0; i < 6; i++) {
        chat.socket.send({ type: 'say', id: clientId('say'), text: `message ${i}` });
        await chat.socket.take((f) => f.type === 'ack');
      }
      const again = await hello(small, ada.token, { streamId: ada.streamId, lastSeq });
      expect(await again.expect('welcome')).toMatchObject({ resumed: false });
      const snapshot = await again.expect('snapshot');
      expect(snapshot.snapshot.chats.find((c) => c.id === chat.chatId)?.state).toBe('waiting');
      const history = await fetch(`${small.server.url}/api/chat-history?chat=${chat.chatId}`, { headers: { authorization: `Bearer ${ada.token}` } });
      const { messages } = (await history.json()) as { messages: { text: string }[] };
      expect(messages.map((m) => m.text)).toEqual(['What time do you close today?', ...[0, 1, 2, 3, 4, 5].map((i) => `message ${i}`)]);

      // Within the buffer it does resume: 5 events is exactly the capacity.
      const b = await signInOperator(small, 'Bea Within');
      b.socket.terminate();
      for (let i = 0; i < 5; i++) {
        chat.socket.send({ type: 'say', id: clientId('say'), text: `more ${i}` });
        await chat.socket.take((f) => f.type === 'ack');
      }
      const resumed = await hello(small, b.token, { streamId: b.streamId, lastSeq: b.snapshotSeq });
      expect(await resumed.expect('welcome')).toMatchObject({ resumed: true });
      await resumed.sync();
      const replay = resumed.drain() as EventFrame[];
      expect(replay.map((f) => (f.event.type === 'chat.message' ? f.event.message.text : f.event.type))).toEqual([0, 1, 2, 3, 4].map((i) => `more ${i}`));
      for (const s of [again, resumed, chat.socket]) s.close();
    } finally {
      await small.close();
    }
  });

  it('a detached stream expires after the TTL and then gets a snapshot; memory goes back to zero', async () => {
    const short = await startTestServer({ streamTtlMs: 100, presenceGraceMs: 60_000 });
    try {
      const ada = await signInOperator(short, 'Ada Expiry');
      expect(short.server.stats().operatorStreams).toBe(1);
      ada.socket.close();
      await waitFor(() => short.server.stats().operatorStreams === 0, 'the stream to expire');
      const again = await hello(short, ada.token, { streamId: ada.streamId, lastSeq: ada.snapshotSeq });
      expect(await again.expect('welcome')).toMatchObject({ resumed: false });
      await again.expect('snapshot');
      again.close();
    } finally {
      await short.close();
    }
  });

  it('resuming from a new socket while the old one is half-open: the new one takes over, the old one is cut', async () => {
    const ada = await signInOperator(t, 'Ada Takeover');
    const newer = await hello(t, ada.token, { streamId: ada.streamId, lastSeq: ada.snapshotSeq });
    expect(await newer.expect('welcome')).toMatchObject({ resumed: true });
    expect(await ada.socket.waitClosed()).toBe(1006);
    const chat = await startPatronChat(t);
    expect((await nextEvent(newer, 'chat.created')).event.chat.id).toBe(chat.chatId);
    newer.close();
    chat.socket.close();
  });

  it('a resent command id acts once and returns the same answer, even from a new connection', async () => {
    const ada = await signInOperator(t, 'Ada Dedupe');
    const watcher = await signInOperator(t, 'Wes Dedupe');
    const chat = await startPatronChat(t);
    const claimId = clientId('claim');
    const claimed = await command(ada.socket, claimId, { kind: 'claim', chatId: chat.chatId });
    expect(await command(ada.socket, claimId, { kind: 'claim', chatId: chat.chatId })).toEqual(claimed);

    const sendId = clientId('send');
    const first = await command(ada.socket, sendId, { kind: 'send', chatId: chat.chatId, text: 'Only once, please' });
    expect(first).toEqual({ type: 'ack', id: sendId, result: { messageSeq: 2 } });
    expect(await command(ada.socket, sendId, { kind: 'send', chatId: chat.chatId, text: 'Only once, please' })).toEqual(first);

    // The connection drops; the client resends from its outbox on the next one.
    ada.socket.terminate();
    const again = await hello(t, ada.token, { streamId: ada.streamId, lastSeq: 0 });
    await again.take((f) => f.type === 'welcome');
    expect(await command(again, sendId, { kind: 'send', chatId: chat.chatId, text: 'Only once, please' })).toEqual(first);

    const rows = db.db.prepare('SELECT seq, text FROM messages WHERE chat_id = ? ORDER BY seq').all(chat.chatId);
    expect(rows).toEqual([
      { seq: 1, text: 'What time do you close today?' },
      { seq: 2, text: 'Only once, please' },
    ]);
    // The patron got it once, and every desk heard it once.
    const toPatron = await chat.socket.take((f) => f.type === 'message' && f.message.seq === 2);
    expect(toPatron).toMatchObject({ message: { from: 'operator', text: 'Only once, please', authorName: 'Ada Dedupe' } });
    await chat.socket.sync();
    expect(chat.socket.pending().filter((f) => f.type === 'message')).toEqual([]);
    await watcher.socket.sync();
    const heard = watcher.socket.drain().filter((f) => f.type === 'event' && f.event.type === 'chat.message');
    expect(heard).toHaveLength(1);

    // An error answer is remembered too: the same id does not retry the command.
    const stray = clientId('stray');
    expect(await command(watcher.socket, stray, { kind: 'send', chatId: chat.chatId, text: 'not mine' })).toMatchObject({ code: 'not_yours' });
    expect(await command(watcher.socket, stray, { kind: 'send', chatId: chat.chatId, text: 'not mine' })).toMatchObject({ code: 'not_yours' });
    expect((db.db.prepare('SELECT COUNT(*) AS n FROM command_results WHERE client_id = ?').get(stray) as { n: number }).n).toBe(1);
    for (const s of [again, watcher.socket, chat.socket]) s.close();
  });

  it('command rules: send and end by the claimer only, not on ended chats; unknown chats are not_found', async () => {
    const ada = await signInOperator(t, 'Ada Rules');
    const bob = await signInOperator(t, 'Bob Rules');
    const chat = await startPatronChat(t);
    expect(await command(bob.socket, clientId(), { kind: 'send', chatId: chat.chatId, text: 'hi' })).toMatchObject({ code: 'not_yours' });
    expect(await command(ada.socket, clientId(), { kind: 'claim', chatId: 'does-not-exist' })).toMatchObject({ code: 'not_found' });
    expect(await command(ada.socket, clientId(), { kind: 'claim', chatId: chat.chatId })).toMatchObject({ type: 'ack' });
    // Claiming one's own chat again is acknowledged without a second event.
    expect(await command(ada.socket, clientId(), { kind: 'claim', chatId: chat.chatId })).toMatchObject({ type: 'ack' });
    expect(await command(bob.socket, clientId(), { kind: 'end', chatId: chat.chatId })).toMatchObject({ code: 'not_yours', message: 'this chat is claimed by Ada Rules' });
    expect(await command(ada.socket, clientId(), { kind: 'end', chatId: chat.chatId })).toMatchObject({ type: 'ack' });
    expect(await command(ada.socket, clientId(), { kind: 'send', chatId: chat.chatId, text: 'hello?' })).toMatchObject({ code: 'chat_ended' });
    expect(await command(bob.socket, clientId(), { kind: 'claim', chatId: chat.chatId })).toMatchObject({ code: 'chat_ended' });
    expect(await command(ada.socket, clientId(), { kind: 'end', chatId: chat.chatId })).toMatchObject({ code: 'chat_ended' });
    expect(await chat.socket.take((f) => f.type === 'status' && f.state === 'ended')).toMatchObject({ operatorName: 'Ada Rules' });

    // Anyone may end a chat that is still waiting.
    const waiting = await startPatronChat(t);
    expect(await command(bob.socket, clientId(), { kind: 'end', chatId: waiting.chatId })).toMatchObject({ type: 'ack' });
    const ended = await nextEvent(ada.socket, 'chat.ended', (e) => e.chatId === waiting.chatId);
    expect(ended.event.reason).toBe('operator');
    const claims = db.db.prepare(`SELECT COUNT(*) AS n FROM chats WHERE id = ? AND state = 'ended' AND end_reason = 'operator'`).get(waiting.chatId);
    expect(claims).toEqual({ n: 1 });
    for (const s of [ada.socket, bob.socket, chat.socket, waiting.socket]) s.close();
  });

  it('hello rules: a bad token is refused with 4401; a second hello is an error', async () => {
    const socket = await hello(t, 'x'.repeat(43));
    expect(await socket.expect('error')).toMatchObject({ code: 'unauthorized' });
    expect(await socket.waitClosed()).toBe(4401);

    const ada = await signInOperator(t, 'Ada Twice');
    ada.socket.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: ada.token });
    expect(await ada.socket.expect('error')).toMatchObject({ code: 'invalid_frame' });
    ada.socket.send({ type: 'ping', n: 1 });
    expect(await ada.socket.expect('pong')).toMatchObject({ n: 1 });
    ada.socket.close();
  });

  it('a connection that never says hello is told so and closed (after the 10 s hello window)', async () => {
    const silent = await openOperatorSocket(t);
    silent.send({ type: 'ping', n: 5 });
    expect(await silent.expect('pong')).toMatchObject({ n: 5 });
    expect(await silent.waitClosed()).toBe(4401);
    expect(silent.pending()).toEqual([expect.objectContaining({ type: 'error', code: 'unauthorized' })]);
  }, 30_000);

  it('presence: online on hello, chosen presence broadcast, offline after the grace with no stream attached', async () => {
    const quick = await startTestServer({ presenceGraceMs: 50 });
    try {
      const watcher = await signInOperator(quick, 'Wes Presence');
      const ada = await signInOperator(quick, 'Ada Presence');
      // A new account appears offline, then comes online with its hello.
      expect((await nextEvent(watcher.socket, 'operator.presence', (e) => e.operator.id === ada.operator.id)).event.operator.presence).toBe('offline');
      expect((await nextEvent(watcher.socket, 'operator.presence', (e) => e.operator.id === ada.operator.id)).event.operator.presence).toBe('online');
      expect(await command(ada.socket, clientId(), { kind: 'presence', presence: 'away' })).toMatchObject({ type: 'ack' });
      expect((await nextEvent(watcher.socket, 'operator.presence', (e) => e.operator.id === ada.operator.id)).event.operator.presence).toBe('away');
      ada.socket.close();
      expect((await nextEvent(watcher.socket, 'operator.presence', (e) => e.operator.id === ada.operator.id)).event.operator.presence).toBe('offline');
      watcher.socket.close();
    } finally {
      await quick.close();
    }
  });

  it('the snapshot holds summaries of open chats and the 30 most recently ended; a chat\'s last 300 lines come from /api/chat-history', async () => {
    const bounded = await startTestServer({ presenceGraceMs: 60_000 });
    try {
      const ada = await signInOperator(bounded, 'Ada Bounds');
      const ended: string[] = [];
      for (let i = 0; i < 32; i++) {
        const chat = await startPatronChat(bounded, { question: `question ${i}` });
        expect(await command(ada.socket, clientId(), { kind: 'end', chatId: chat.chatId })).toMatchObject({ type: 'ack' });
        ended.push(chat.chatId);
        chat.socket.close();
      }
      const open = await startPatronChat(bounded);
      expect(await command(ada.socket, clientId(), { kind: 'claim', chatId: open.chatId })).toMatchObject({ type: 'ack' });
      const sends = Array.from({ length: 305 }, (_, i) => ({ id: clientId('bulk'), text: `line ${i}` }));
      for (const s of sends) ada.socket.send({ type: 'cmd', id: s.id, cmd: { kind: 'send', chatId: open.chatId, text: s.text } });
      const lastId = (sends.at(-1) as { id: string }).id;
      expect(await ada.socket.take((f) => f.type === 'ack' && f.id === lastId)).toMatchObject({ result: { messageSeq: 306 } });

      const fresh = await signInOperator(bounded, 'Fay Bounds');
      const chats = fresh.snapshot.chats;
      expect(chats.filter((c) => c.state === 'ended').map((c) => c.id).sort()).toEqual(ended.slice(2).sort());
      // Summaries: no transcript lines, however long the chat.
      expect(chats.every((c) => c.messages.length === 0)).toBe(true);
      expect(chats.find((c) => c.id === open.chatId)?.question).toBe('What time do you close today?');

      const history = (chatId: string, token: string | null) =>
        fetch(`${bounded.server.url}/api/chat-history?chat=${encodeURIComponent(chatId)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      const reply = await history(open.chatId, fresh.token);
      expect(reply.status).toBe(200);
      const body = (await reply.json()) as { chatId: string; messages: { seq: number; text: string }[] };
      expect(body.chatId).toBe(open.chatId);
      expect(body.messages).toHaveLength(300);
      expect(body.messages[0]?.seq).toBe(7);
      expect(body.messages.at(-1)?.text).toBe('line 304');
      // Operators only, a real chat, a well-formed id.
      expect((await history(open.chatId, null)).status).toBe(401);
      expect((await history(open.chatId, 'x'.repeat(43))).status).toBe(401);
      expect((await history('no-such-chat', fresh.token)).status).toBe(404);
      expect((await history('../../etc', fresh.token)).status).toBe(400);
      for (const s of [ada.socket, fresh.socket, open.socket]) s.close();
    } finally {
      await bounded.close();
    }
  });
});

describe('writes per socket per tick', () => {
  it('a quiet socket gets the event at once, and what follows in its tick after it, in order: the event, then the ack', async () => {
    const t = await startTestServer({ presenceGraceMs: 60_000 });
    try {
      const ada = await signInOperator(t, 'Ada Batch');
      const chat = await startPatronChat(t);
      await nextEvent(ada.socket, 'chat.created');
      // A raw socket, to see how frames are packed on the wire.
      const raw = new WebSocket(t.wsUrl('/ws/operator'));
      const messages: { type: string; frames?: { type: string; event?: { type: string } }[]; event?: { type: string } }[] = [];
      raw.on('message', (data) => messages.push(JSON.parse(data.toString())));
      await new Promise((resolve) => raw.once('open', resolve));
      raw.send(JSON.stringify({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: ada.token }));
      await waitFor(() => messages.some((m) => m.type === 'snapshot' || m.frames?.some((f) => f.type === 'snapshot')), 'the snapshot');
      // Quiet for longer than QUIET_MS: the claim's event is the first frame after a lull.
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 10));
      messages.length = 0;
      raw.send(JSON.stringify({ type: 'cmd', id: clientId('claim'), cmd: { kind: 'claim', chatId: chat.chatId } }));
      await waitFor(() => messages.some((m) => m.type === 'ack' || m.frames?.some((f) => f.type === 'ack')), 'the ack');
      // The event alone, at once (it does not wait for the rest of the turn); the ack after it.
      expect(messages.find((m) => m.event?.type === 'chat.claimed' || m.frames?.some((f) => f.event?.type === 'chat.claimed'))).toMatchObject({ type: 'event' });
      const frames = messages.flatMap((m) => (m.type === 'batch' ? (m.frames ?? []) : [m]));
      const claimAndAck = frames.filter((f) => f.type === 'ack' || f.event?.type === 'chat.claimed');
      expect(claimAndAck.map((f) => (f.type === 'event' ? `event ${f.event?.type}` : f.type))).toEqual(['event chat.claimed', 'ack']);
      raw.close();
      ada.socket.close();
      chat.socket.close();
    } finally {
      await t.close();
    }
  });
});
