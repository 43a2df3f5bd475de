import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, OPERATOR_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../src/shared/protocol';
import type { ServerOptions } from '../../src/server';
import { addressKey, clientAddress, ConnectionLimiter, KeyedBuckets } from '../../src/server/platform/limits';
import { TrustedProxies } from '../../src/server/platform/trusted-proxies';
import { waitFor } from '../support/wait';
import {
  clientId,
  inspectDb,
  nextEvent,
  openOperatorSocket,
  openPatronSocket,
  type PatronSocket,
  type SignedInOperator,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';

let t: (TestServer & { problems: string[] }) | null = null;
let db: ReturnType<typeof inspectDb> | null = null;

async function start(options: Partial<ServerOptions>): Promise<{ t: TestServer & { problems: string[] }; db: ReturnType<typeof inspectDb> }> {
  t = await startTestServer(options);
  db = inspectDb(t);
  return { t, db };
}

afterEach(async () => {
  db?.close();
  db = null;
  await t?.close();
  t = null;
});

const xff = (address: string): Record<string, string> => ({ 'X-Forwarded-For': address });
const startFrame = (name = 'Pat Patron') => ({ type: 'start', v: PROTOCOL_VERSION, id: clientId('start'), campus: 'gateway', name, question: 'Where are the study rooms?' });

/** An open patron socket answers a ping. */
async function answers(socket: PatronSocket, n: number): Promise<void> {
  socket.send({ type: 'ping', n });
  expect(await socket.take((f) => f.type === 'pong' && f.n === n, `pong ${n}`)).toMatchObject({ n });
}

/** Refused at the door: one rate_limited error frame, then close 1013 (try again later). */
async function refused(socket: PatronSocket, why: string): Promise<void> {
  expect(await socket.waitClosed()).toBe(1013);
  expect(socket.pending()).toEqual([{ type: 'error', code: 'rate_limited', message: expect.stringContaining(why) }]);
}

/** Nothing new reached the desk: no chat.created (or anything but presence) since the last sync. */
async function deskHeardNothing(op: SignedInOperator): Promise<void> {
  await op.socket.sync();
  expect(op.socket.drain().filter((f) => f.type === 'event' && f.event.type !== 'operator.presence')).toEqual([]);
}

describe('patron connections per address and in total', () => {
  it('the connection over the per-address cap gets rate_limited and 1013; a start it sends creates nothing; a freed slot is reusable', async () => {
    const { t, db } = await start({ limits: { patronConnectionsPerAddress: 3 } });
    const desk = await signInOperator(t, 'Cy Cap');
    const open = [await openPatronSocket(t), await openPatronSocket(t), await openPatronSocket(t)];
    for (const [i, socket] of open.entries()) await answers(socket, i);
    await desk.socket.sync();
    desk.socket.drain();
    const before = db.counts();

    // The fourth sends a start straight away, before it can have read the refusal.
    const fourth = await openPatronSocket(t);
    fourth.send(startFrame('Over Cap'));
    await refused(fourth, 'too many chat windows are open from your network');
    // Without trustProxy a forwarded-for header changes nothing: it is the same peer.
    const forged = await openPatronSocket(t, xff('198.51.100.23'));
    await refused(forged, 'too many chat windows');

    expect(db.counts()).toEqual(before);
    await deskHeardNothing(desk);
    expect(t.server.stats().patronConnections).toBe(3);

    open[0]?.close();
    await waitFor(() => t.server.stats().patronConnections === 2, 'the closed socket to be released');
    const again = await openPatronSocket(t);
    await answers(again, 9);
    for (const socket of [...open, again]) socket.close();
  });

  it('with trustProxy, the last forwarded-for hop is the address; the server-wide cap refuses everyone once full', async () => {
    const { t, db } = await start({ trustProxy: 'loopback', limits: { patronConnectionsPerAddress: 2, patronConnections: 3, maxOpenChats: 3 } });
    const before = db.counts();
    const a1 = await openPatronSocket(t, xff('203.0.113.1'));
    const a2 = await openPatronSocket(t, xff('203.0.113.1'));
    await answers(a1, 1);
    await answers(a2, 2);
    // A third from that address, even with a made-up first hop in front of the proxy's, is over the per-address cap.
    await refused(await openPatronSocket(t, xff('198.51.100.99, 203.0.113.1')), 'too many chat windows');
    // Another address has its own count, up to the server-wide cap...
    const b1 = await openPatronSocket(t, xff('203.0.113.2'));
    await answers(b1, 3);
    // ...after which a new address is refused too, for a different reason.
    await refused(await openPatronSocket(t, xff('203.0.113.3')), 'very busy');
    expect(t.server.stats().patronConnections).toBe(3);
    expect(db.counts()).toEqual(before);
    for (const socket of [a1, a2, b1]) socket.close();
  });
});

describe('operator sockets before hello', () => {
  it('are capped per address like patron sockets: the one over gets rate_limited and 1013; a hello frees its slot; another address has its own', async () => {
    const { t } = await start({ trustProxy: 'loopback', limits: { operatorPendingPerAddress: 3, operatorPending: 100 } });
    const desk = await signInOperator(t, 'Cy Pending');
    const waiting = [1, 2, 3].map(() => openOperatorSocket(t, xff('203.0.113.9')));
    const open = await Promise.all(waiting);
    const over = await openOperatorSocket(t, xff('203.0.113.9'));
    expect(await over.waitClosed()).toBe(1013);
    expect(over.pending()).toEqual([{ type: 'error', code: 'rate_limited', message: expect.stringContaining('waiting to sign in from your network') }]);
    // Another address is not affected.
    const elsewhere = await openOperatorSocket(t, xff('203.0.113.10'));
    elsewhere.send({ type: 'ping', n: 1 });
    await elsewhere.take((f) => f.type === 'pong', 'pong from another address');
    // A socket that says hello no longer counts: its slot is free for the next one.
    open[0]!.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: desk.token });
    await open[0]!.expect('welcome');
    const next = await openOperatorSocket(t, xff('203.0.113.9'));
    next.send({ type: 'ping', n: 2 });
    await next.take((f) => f.type === 'pong', 'pong once a slot was freed');
    expect(t.problems.some((p) => p.includes('operator connection refused before hello'))).toBe(true);
    for (const socket of [...open, elsewhere, next, desk.socket]) socket.close();
  });
});

describe('new chats per address', () => {
  it('after the burst, start gets rate_limited and creates nothing; a resent start is not charged; another address has its own budget', async () => {
    const { t, db } = await start({ trustProxy: 'loopback', limits: { patronStartBurst: 2, patronStartIntervalMs: 3_600_000 } });
    const desk = await signInOperator(t, 'Bea Budget');
    const here = xff('192.0.2.10');
    const first = await startPatronChat(t, { headers: here, name: 'First' });
    const second = await startPatronChat(t, { headers: here, name: 'Second' });
    await nextEvent(desk.socket, 'chat.created', (e) => e.chat.id === second.chatId);
    await desk.socket.sync();
    desk.socket.drain();
    const before = db.counts();

    const third = await openPatronSocket(t, here);
    const frame = startFrame('Third');
    third.send(frame);
    expect(await third.expect('error')).toEqual({ type: 'error', id: frame.id, code: 'rate_limited', message: expect.stringContaining('too many new chats') });
    expect(db.counts()).toEqual(before);
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM chats WHERE start_client_id = ?').get(frame.id)).toEqual({ n: 0 });
    await deskHeardNothing(desk);
    // The refused socket is not cut off: it can still resume a chat it holds the token of.
    third.send({ type: 'resume', v: PROTOCOL_VERSION, chatId: second.chatId, token: second.token, lastSeq: 1 });
    expect(await third.expect('status')).toMatchObject({ state: 'waiting' });

    // The first patron's page reconnects and resends its start: the same chat, no budget needed.
    first.socket.terminate();
    const resend = await openPatronSocket(t, here);
    resend.send({ type: 'start', v: PROTOCOL_VERSION, id: first.startId, campus: 'gateway', name: 'First', question: 'What time do you close today?' });
    expect(await resend.expect('started')).toMatchObject({ chatId: first.chatId });

    // Another address starts at once.
    const elsewhere = await startPatronChat(t, { headers: xff('192.0.2.77'), name: 'Elsewhere' });
    expect((await nextEvent(desk.socket, 'chat.created')).event.chat.id).toBe(elsewhere.chatId);
    for (const socket of [second.socket, third, resend, elsewhere.socket]) socket.close();
  });
});

describe('messages per chat', () => {
  it('once a chat holds the cap, say and send get rate_limited and store nothing; a resent say still gets its ack', async () => {
    const { t, db } = await start({ limits: { messagesPerChat: 4 } });
    const desk = await signInOperator(t, 'Max Messages');
    const chat = await startPatronChat(t);
    const command = async (cmd: object) => {
      const id = clientId('cmd');
      desk.socket.send({ type: 'cmd', id, cmd });
      return desk.socket.take((f) => (f.type === 'ack' || f.type === 'error') && f.id === id);
    };
    expect(await command({ kind: 'claim', chatId: chat.chatId })).toMatchObject({ type: 'ack' });
    const said = clientId('say');
    chat.socket.send({ type: 'say', id: said, text: 'second line' });
    expect(await chat.socket.take((f) => f.type === 'ack')).toMatchObject({ id: said, seq: 2 });
    chat.socket.send({ type: 'say', id: clientId('say'), text: 'third line' });
    expect(await chat.socket.take((f) => f.type === 'ack')).toMatchObject({ seq: 3 });
    expect(await command({ kind: 'send', chatId: chat.chatId, text: 'fourth line' })).toMatchObject({ type: 'ack', result: { messageSeq: 4 } });
    await desk.socket.sync();
    desk.socket.drain();
    chat.socket.drain();
    const before = db.counts();

    const over = clientId('say');
    chat.socket.send({ type: 'say', id: over, text: 'fifth line' });
    expect(await chat.socket.take((f) => f.type === 'ack' || f.type === 'error')).toEqual({
      type: 'error',
      id: over,
      code: 'rate_limited',
      message: 'this chat is very long: please start a new one',
    });
    expect(await command({ kind: 'send', chatId: chat.chatId, text: 'fifth from the desk' })).toMatchObject({ type: 'error', code: 'rate_limited' });
    // The refused send's answer is remembered like any command's; no message was stored.
    expect(db.counts()).toEqual({ ...before, command_results: before.command_results + 1 });
    expect(db.db.prepare('SELECT MAX(seq) AS n FROM messages WHERE chat_id = ?').get(chat.chatId)).toEqual({ n: 4 });
    await deskHeardNothing(desk);

    chat.socket.send({ type: 'say', id: said, text: 'second line' });
    expect(await chat.socket.take((f) => f.type === 'ack' || f.type === 'error')).toEqual({ type: 'ack', id: said, seq: 2 });
    chat.socket.close();
  });
});

describe('patron frame size', () => {
  it('between 64 KiB and 256 KiB: too_large and the socket stays usable; above 256 KiB: closed with 1009; operators keep the 1 MiB cap', async () => {
    const { t, db } = await start({});
    const chat = await startPatronChat(t);
    const before = db.counts();
    const frame = (bytes: number) => `{"type":"say","id":"big-frame-1","text":"${'z'.repeat(bytes)}"}`;
    chat.socket.sendRaw(frame(200 * 1024));
    expect(await chat.socket.expect('error')).toMatchObject({ code: 'too_large', message: `frame is over ${MAX_FRAME_BYTES} bytes` });
    await answers(chat.socket, 1);
    chat.socket.sendRaw(frame(300 * 1024));
    expect(await chat.socket.waitClosed()).toBe(1009);
    expect(db.counts()).toEqual(before);

    const operator = await openOperatorSocket(t);
    operator.sendRaw(frame(300 * 1024));
    expect(await operator.expect('error')).toMatchObject({ code: 'too_large' });
    operator.send({ type: 'ping', n: 2 });
    expect(await operator.expect('pong')).toMatchObject({ n: 2 });
    operator.close();
  });
});

describe('the address limits are counted under', () => {
  const request = (remoteAddress: string | undefined, forwardedFor?: string | string[]) =>
    ({ headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }, socket: { remoteAddress } }) as unknown as IncomingMessage;

  it('IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64; anything else is not an address', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:cb00:7109')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(addressKey('2001:DB8:AA:BB::99')).toBe('2001:db8:aa:bb::/64');
    expect(addressKey('[2001:db8:0:0:ffff::1]')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::')).toBe('0:0:0:0::/64');
    for (const junk of ['', 'unknown', '203.0.113', '1.2.3.4.5', '2001:db8::1::2', 'gggg::1', '300.1.1.1']) expect(addressKey(junk), junk).toBeNull();
  });

  it('the peer, unless it is a trusted proxy: then the last forwarded-for hop (with any port dropped), falling back to the proxy', () => {
    const proxy = TrustedProxies.from('10.0.0.2');
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), TrustedProxies.none)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.2', '198.51.100.1'), proxy)).toBe('198.51.100.1');
    expect(clientAddress(request('10.0.0.2', 'forged, 198.51.100.1'), proxy)).toBe('198.51.100.1');
    expect(clientAddress(request('10.0.0.2', ['1.1.1.1', '198.51.100.1:4711']), proxy)).toBe('198.51.100.1');
    expect(clientAddress(request('10.0.0.2', '[2001:db8:1:2::7]:443'), proxy)).toBe('2001:db8:1:2::/64');
    expect(clientAddress(request('10.0.0.2', 'not-an-address'), proxy)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2'), proxy)).toBe('10.0.0.2');
    expect(clientAddress(request('::ffff:10.0.0.2'), TrustedProxies.none)).toBe('10.0.0.2');
    expect(clientAddress(request(undefined), TrustedProxies.none)).toBe('unknown');
  });
});

describe('keyed budgets', () => {
  it('take, refund and retry-after per key; a full table drops idle keys first, then the least constrained', () => {
    let now = 0;
    const buckets = new KeyedBuckets(2, 1000, () => now, 3);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([true, true, false]);
    expect(buckets.retryAfterMs('a')).toBe(1000);
    buckets.refund('a');
    expect(buckets.take('a')).toBe(true);
    expect(buckets.take('a')).toBe(false);
    now = 1000;
    expect(buckets.take('a')).toBe(true);
    // 'a' is spent; 'b' has one token left; 'c' is spent.
    buckets.take('b');
    buckets.take('c');
    buckets.take('c');
    // A fourth key evicts 'b', the fullest, never the spent 'a' or 'c'.
    buckets.take('d');
    expect(buckets.size).toBe(3);
    expect(buckets.take('a')).toBe(false);
    expect(buckets.take('c')).toBe(false);
  });

  it('connections: counted per address and in total; a refusal counts nothing; release frees the slot', () => {
    const limiter = new ConnectionLimiter(2, 3);
    expect([limiter.acquire('a'), limiter.acquire('a'), limiter.acquire('a')]).toEqual(['ok', 'ok', 'address_full']);
    expect([limiter.acquire('b'), limiter.acquire('c')]).toEqual(['ok', 'server_full']);
    expect(limiter.size).toBe(3);
    limiter.release('a');
    expect(limiter.acquire('c')).toBe('ok');
    limiter.release('never-counted');
    expect(limiter.size).toBe(3);
  });
});
