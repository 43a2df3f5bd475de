import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_PROTOCOL_VERSION } from '../../src/shared/protocol';
import {
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

/** Frames whose naive handling (String(), JSON.stringify) recurses until the stack overflows. */
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const HOSTILE = [
  { name: 'a ping with a 20,000-deep v', raw: `{"type":"ping","v":${nested(20_000)}}` },
  { name: 'a 5,000-deep type', raw: `{"type":${nested(5_000)}}` },
];

let t: TestServer & { problems: string[] };
let op: SignedInOperator;

beforeAll(async () => {
  t = await startTestServer();
  op = await signInOperator(t, 'Hal Hostile');
});
afterAll(async () => {
  await t?.close();
});

/**
 * Send one hostile frame, then a ping: whatever the server answers first must be schema-valid
 * (the test socket checks) and an error (desk events may pass by on a signed-in socket), and the
 * ping must still be answered on the same socket.
 */
async function survives(either: OperatorSocket | PatronSocket, raw: string, n: number): Promise<void> {
  const socket = either as OperatorSocket;
  socket.sendRaw(raw);
  socket.send({ type: 'ping', n });
  await socket.take((f) => f.type === 'pong' && f.n === n, `pong ${n} after a hostile frame`);
  expect(socket.drain().filter((f) => f.type !== 'error' && f.type !== 'event')).toEqual([]);
  expect(socket.closeCode).toBeNull();
}

describe('deeply nested frames', () => {
  it('on the patron socket: answered, the socket keeps working, and new connections are served', async () => {
    const chat = await startPatronChat(t);
    const fresh = await openPatronSocket(t);
    let n = 100;
    for (const frame of HOSTILE) {
      await survives(chat.socket, frame.raw, ++n);
      await survives(fresh, frame.raw, ++n);
    }
    // The chat still works, and the server still takes new patrons.
    chat.socket.send({ type: 'say', id: 'after-hostile-1', text: 'still here' });
    expect(await chat.socket.take((f) => f.type === 'ack' || f.type === 'error')).toMatchObject({ type: 'ack', id: 'after-hostile-1', seq: 2 });
    const next = await startPatronChat(t, { name: 'Nell Next' });
    expect(next.chatId).not.toBe(chat.chatId);
    for (const socket of [chat.socket, fresh, next.socket]) socket.close();
  });

  it('on the operator socket, before and after hello: answered, the socket keeps working, and new connections are served', async () => {
    const before = await openOperatorSocket(t);
    let n = 200;
    for (const frame of HOSTILE) {
      await survives(op.socket, frame.raw, ++n);
      await survives(before, frame.raw, ++n);
    }
    // The unauthenticated socket can still sign in, and the signed-in one still runs commands.
    before.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: op.token });
    expect(await before.expect('welcome')).toMatchObject({ operator: op.operator });
    op.socket.send({ type: 'cmd', id: 'after-hostile-presence', cmd: { kind: 'presence', presence: 'away' } });
    expect(await op.socket.take((f) => (f.type === 'ack' || f.type === 'error') && f.id === 'after-hostile-presence')).toMatchObject({ type: 'ack' });
    const another = await signInOperator(t, 'Nina New');
    expect(another.snapshot.operators.map((o) => o.name)).toContain('Hal Hostile');
    before.close();
    another.socket.close();
  });
});
