import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  openOperatorSocket,
  openPatronSocket,
  type OperatorSocket,
  type PatronSocket,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';

/**
 * Whatever the decoder's own defences, a frame that makes decoding throw must be contained by the
 * socket handlers. The frame parser is wrapped to throw on a marker, standing in for any bug there.
 */
const MARKER = '__decoder_throws_here__';
vi.mock('../../src/shared/protocol/parse', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/shared/protocol/parse')>();
  return {
    ...actual,
    parseFrame: ((raw: string, ...rest: unknown[]) => {
      if (raw.includes(MARKER)) throw new RangeError('Maximum call stack size exceeded (simulated)');
      return (actual.parseFrame as (...args: unknown[]) => unknown)(raw, ...rest);
    }) as typeof actual.parseFrame,
  };
});

let t: TestServer & { problems: string[] };

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

async function throwsThenUsable(either: OperatorSocket | PatronSocket, n: number): Promise<void> {
  const socket = either as OperatorSocket;
  socket.sendRaw(JSON.stringify({ type: 'ping', n, note: MARKER }));
  expect(await socket.expect('error')).toMatchObject({ code: 'internal' });
  socket.send({ type: 'ping', n });
  expect(await socket.expect('pong')).toMatchObject({ n });
}

describe('a frame whose decoding throws', () => {
  it('gets internal on the patron socket, is logged, and the server keeps serving', async () => {
    const chat = await startPatronChat(t);
    await throwsThenUsable(chat.socket, 1);
    const fresh = await openPatronSocket(t);
    await throwsThenUsable(fresh, 2);
    expect(t.problems.filter((p) => p.includes('patron frame failed'))).toHaveLength(2);
    // A new chat still starts.
    const next = await startPatronChat(t, { name: 'Ned Next' });
    expect(next.chatId).not.toBe(chat.chatId);
    for (const socket of [chat.socket, fresh, next.socket]) socket.close();
  });

  it('gets internal on the operator socket, before and after hello, and the server keeps serving', async () => {
    const op = await signInOperator(t, 'Ora Operator');
    await throwsThenUsable(op.socket, 3);
    const before = await openOperatorSocket(t);
    await throwsThenUsable(before, 4);
    expect(t.problems.filter((p) => p.includes('operator frame failed'))).toHaveLength(2);
    const another = await signInOperator(t, 'Otto Other');
    expect(another.streamId).not.toBe(op.streamId);
    for (const socket of [op.socket, before, another.socket]) socket.close();
  });
});
