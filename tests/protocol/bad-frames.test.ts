import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, OPERATOR_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../src/shared/protocol';
import {
  clientId,
  inspectDb,
  nextEvent,
  openOperatorSocket,
  openPatronSocket,
  type OperatorSocket,
  type PatronSocket,
  type SignedInOperator,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';

let t: TestServer & { problems: string[] };
let sender: SignedInOperator;
let observer: SignedInOperator;
let chat: Awaited<ReturnType<typeof startPatronChat>>;
let db: ReturnType<typeof inspectDb>;

const oversize = (prefix: string): string => `${prefix}${'x'.repeat(MAX_FRAME_BYTES + 10)}"}`;

/** Each bad frame and the error code it must get. Text frames unless `binary`. */
function badFrames(kind: 'operator' | 'patron', chatId: string): { name: string; raw: string; code: string; binary?: boolean; id?: string }[] {
  const versioned =
    kind === 'operator'
      ? { type: 'hello', v: OPERATOR_PROTOCOL_VERSION + 1, token: 'x'.repeat(32) }
      : { type: 'start', v: PROTOCOL_VERSION + 1, id: 'abcdefgh12', campus: 'gateway', name: 'Pat', question: 'Hours?' };
  const wrongTypes =
    kind === 'operator'
      ? { type: 'cmd', id: 'cmd-wrong-types-1', cmd: { kind: 'claim', chatId: 12345 } }
      : { type: 'say', id: 'say-wrong-types-1', text: 42 };
  const sayOrSend =
    kind === 'operator'
      ? `{"type":"cmd","id":"cmd-too-large-1","cmd":{"kind":"send","chatId":"${chatId}","text":"`
      : '{"type":"say","id":"say-too-large-1","text":"';
  return [
    { name: 'bad JSON', raw: '{"type":"ping","n":', code: 'bad_json' },
    { name: 'unknown type', raw: JSON.stringify({ type: 'launch_missiles', id: 'abcdefgh' }), code: 'unknown_type', id: 'abcdefgh' },
    { name: 'missing type', raw: JSON.stringify({ n: 1 }), code: 'unknown_type' },
    { name: 'wrong field types', raw: JSON.stringify(wrongTypes), code: 'invalid_frame', id: wrongTypes.id },
    { name: 'empty text', raw: JSON.stringify(kind === 'operator' ? { type: 'cmd', id: 'cmd-empty-text', cmd: { kind: 'send', chatId, text: '   ' } } : { type: 'say', id: 'say-empty-text', text: '   ' }), code: 'invalid_frame' },
    { name: 'text over the limit', raw: JSON.stringify(kind === 'operator' ? { type: 'cmd', id: 'cmd-long-text', cmd: { kind: 'send', chatId, text: 'y'.repeat(4001) } } : { type: 'say', id: 'say-long-text', text: 'y'.repeat(4001) }), code: 'invalid_frame' },
    { name: 'bad client id', raw: JSON.stringify(kind === 'operator' ? { type: 'cmd', id: 'no spaces allowed', cmd: { kind: 'end', chatId } } : { type: 'say', id: 'no spaces allowed', text: 'hi' }), code: 'invalid_frame' },
    { name: 'oversize', raw: oversize(sayOrSend), code: 'too_large' },
    { name: 'JSON array', raw: '[1,2,3]', code: 'invalid_frame' },
    { name: 'JSON string', raw: '"hello"', code: 'invalid_frame' },
    { name: 'JSON null', raw: 'null', code: 'invalid_frame' },
    { name: 'JSON number', raw: '42', code: 'invalid_frame' },
    { name: 'wrong protocol version', raw: JSON.stringify(versioned), code: 'unsupported_version' },
    { name: 'binary frame', raw: JSON.stringify({ type: 'ping', n: 1 }), code: 'invalid_frame', binary: true },
  ];
}

async function expectErrorThenUsable(either: OperatorSocket | PatronSocket, frame: ReturnType<typeof badFrames>[number]): Promise<void> {
  // `error` and `pong` frames are the same shared schemas on both sockets.
  const socket = either as OperatorSocket;
  socket.sendRaw(frame.binary ? Buffer.from(frame.raw) : frame.raw, frame.binary);
  const error = await socket.expect('error', `error for ${frame.name}`);
  expect(error.code, frame.name).toBe(frame.code);
  expect(error.message.length, frame.name).toBeGreaterThan(0);
  if (frame.id) expect(error.id, frame.name).toBe(frame.id);
  // The socket still answers the next valid frame.
  socket.send({ type: 'ping', n: 7 });
  const pong = await socket.expect('pong', `pong after ${frame.name}`);
  expect(pong.n).toBe(7);
}

beforeAll(async () => {
  t = await startTestServer();
  sender = await signInOperator(t, 'Sam Sender');
  observer = await signInOperator(t, 'Olive Observer');
  chat = await startPatronChat(t);
  await observer.socket.sync();
  observer.socket.drain();
  await sender.socket.sync();
  sender.socket.drain();
  db = inspectDb(t);
});

afterAll(async () => {
  db?.close();
  await t?.close();
});

describe('bad frames on the operator socket', () => {
  it('each gets a typed error, changes nothing, broadcasts nothing, and the socket keeps working', async () => {
    const countsBefore = db.counts();
    const chatsBefore = db.chats();
    for (const frame of badFrames('operator', chat.chatId)) await expectErrorThenUsable(sender.socket, frame);

    expect(db.counts()).toEqual(countsBefore);
    expect(db.chats()).toEqual(chatsBefore);

    // A valid command still works on the same socket, and it is the first thing the observer hears.
    const id = clientId('claim');
    sender.socket.send({ type: 'cmd', id, cmd: { kind: 'claim', chatId: chat.chatId } });
    expect(await sender.socket.take((f) => f.type === 'ack' || f.type === 'error')).toEqual({ type: 'ack', id, result: {} });
    const claimed = await nextEvent(observer.socket, 'chat.claimed');
    expect(claimed.event.chatId).toBe(chat.chatId);
    await observer.socket.sync();
    expect(observer.socket.pending()).toEqual([]);
    expect(t.problems).toEqual([]);
  });

  it('before hello: bad frames get typed errors, commands get unauthorized, ping works', async () => {
    const socket = await openOperatorSocket(t);
    const countsBefore = db.counts();
    for (const frame of badFrames('operator', chat.chatId)) await expectErrorThenUsable(socket, frame);
    socket.send({ type: 'cmd', id: 'before-hello-1', cmd: { kind: 'claim', chatId: chat.chatId } });
    const error = await socket.expect('error');
    expect(error).toMatchObject({ code: 'unauthorized', id: 'before-hello-1' });
    expect(db.counts()).toEqual(countsBefore);
    socket.send({ type: 'ping', n: 3 });
    expect(await socket.expect('pong')).toMatchObject({ n: 3 });
    // And the connection can still sign in.
    socket.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: sender.token });
    expect(await socket.expect('welcome')).toMatchObject({ resumed: false, operator: sender.operator });
    socket.close();
  });
});

describe('bad frames on the patron socket', () => {
  it('each gets a typed error, changes nothing, broadcasts nothing, and the socket keeps working', async () => {
    await observer.socket.sync();
    observer.socket.drain();
    const patron = chat.socket;
    await patron.sync();
    patron.drain();
    const countsBefore = db.counts();
    const chatsBefore = db.chats();
    for (const frame of badFrames('patron', chat.chatId)) await expectErrorThenUsable(patron, frame);

    expect(db.counts()).toEqual(countsBefore);
    expect(db.chats()).toEqual(chatsBefore);

    const id = clientId('say');
    patron.send({ type: 'say', id, text: 'still here' });
    expect(await patron.take((f) => f.type === 'ack' || f.type === 'error')).toEqual({ type: 'ack', id, seq: 2 });
    const said = await nextEvent(observer.socket, 'chat.message');
    expect(said.event.message).toMatchObject({ chatId: chat.chatId, seq: 2, text: 'still here', from: 'patron' });
    await observer.socket.sync();
    expect(observer.socket.pending()).toEqual([]);
  });

  it('a fresh patron socket refuses bad frames and still starts a chat afterwards', async () => {
    const patron = await openPatronSocket(t);
    const countsBefore = db.counts();
    for (const frame of badFrames('patron', 'none')) await expectErrorThenUsable(patron, frame);
    patron.send({ type: 'say', id: 'say-before-start', text: 'hello?' });
    expect(await patron.expect('error')).toMatchObject({ code: 'unauthorized', id: 'say-before-start' });
    patron.send({ type: 'leave' });
    expect(await patron.expect('error')).toMatchObject({ code: 'unauthorized' });
    expect(db.counts()).toEqual(countsBefore);

    patron.send({ type: 'start', v: PROTOCOL_VERSION, id: clientId('start'), campus: 'norwalk', name: 'Nora', question: 'Do you have scanners?' });
    expect(await patron.expect('started')).toMatchObject({ campusName: 'Norwalk Campus Library' });
    patron.close();
  });

  it('an unknown campus is not_found and creates nothing', async () => {
    const patron = await openPatronSocket(t);
    const countsBefore = db.counts();
    patron.send({ type: 'start', v: PROTOCOL_VERSION, id: clientId('start'), campus: 'atlantis', name: 'Pat', question: 'Hours?' });
    expect(await patron.expect('error')).toMatchObject({ code: 'not_found' });
    expect(db.counts()).toEqual(countsBefore);
    patron.close();
  });

  it('a frame over 1 MiB closes the socket with 1009; nothing is stored', async () => {
    const patron = await openPatronSocket(t);
    const countsBefore = db.counts();
    patron.sendRaw(`{"type":"say","id":"huge-frame-1","text":"${'z'.repeat(1024 * 1024 + 16)}"}`);
    expect(await patron.waitClosed()).toBe(1009);
    expect(db.counts()).toEqual(countsBefore);
  });
});
