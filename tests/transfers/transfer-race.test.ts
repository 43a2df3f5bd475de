/**
 * A transfer is one conditional update, tested as the claim race is: commands leave in the same
 * tick, in a different order each trial, and exactly one outcome holds every time: in the
 * database, in the answers, and in what every desk hears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_PROTOCOL_VERSION } from '../../src/shared/protocol';
import {
  clientId,
  inspectDb,
  openOperatorSocket,
  type OperatorFrame,
  type OperatorSocket,
  type SignedInOperator,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';

const TRIALS = 60;

let t: TestServer & { problems: string[] };
let ada: SignedInOperator;
let bo: SignedInOperator;
/** Bo's second desk (the same account, another socket): two accepts of one offer. */
let boAgain: OperatorSocket;
let db: ReturnType<typeof inspectDb>;

beforeAll(async () => {
  t = await startTestServer({ transferAcceptMs: 60_000 });
  ada = await signInOperator(t, 'Ada Capital', 'capital');
  bo = await signInOperator(t, 'Bo Tunxis', 'tunxis');
  boAgain = await openOperatorSocket(t);
  boAgain.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: bo.token });
  await boAgain.expect('welcome');
  await boAgain.expect('snapshot');
  db = inspectDb(t);
});
afterAll(async () => {
  boAgain?.close();
  db?.close();
  await t?.close();
});

type Answer = Extract<OperatorFrame, { type: 'ack' } | { type: 'error' }>;

/** Send each command on its socket in the same tick, in the given order; wait for every answer. */
async function together(sends: { socket: OperatorSocket; cmd: object }[]): Promise<Answer[]> {
  const ids = sends.map(() => clientId('race'));
  sends.forEach(({ socket, cmd }, i) => socket.send({ type: 'cmd', id: ids[i], cmd }));
  return Promise.all(sends.map(({ socket }, i) => socket.take((f) => (f.type === 'ack' || f.type === 'error') && f.id === ids[i], 'answer') as Promise<Answer>));
}

async function command(socket: OperatorSocket, cmd: object): Promise<Answer> {
  return (await together([{ socket, cmd }]))[0] as Answer;
}

/** A chat held by Ada with an open offer to Bo. */
async function offered(trial: number): Promise<{ chatId: string; offerId: string; close(): void }> {
  const patron = await startPatronChat(t, { campus: 'tunxis', name: `Patron ${trial}` });
  expect(await command(ada.socket, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
  expect(await command(ada.socket, { kind: 'transfer.offer', chatId: patron.chatId, to: bo.operator.id })).toMatchObject({ type: 'ack' });
  const row = db.db.prepare(`SELECT id FROM transfers WHERE chat_id = ? AND state = 'pending'`).get(patron.chatId) as { id: string };
  return { chatId: patron.chatId, offerId: row.id, close: () => patron.socket.close() };
}

/** Every event about this chat and offer a socket got, after a round trip. */
async function heard(socket: OperatorSocket, chatId: string, offerId: string): Promise<string[]> {
  await socket.sync();
  return socket.drain().flatMap((f) => {
    if (f.type !== 'event') return [];
    const e = f.event;
    if (e.type === 'chat.transferred' && e.chatId === chatId) return ['transferred'];
    if (e.type === 'chat.ended' && e.chatId === chatId) return ['ended'];
    if (e.type === 'transfer.closed' && e.offerId === offerId) return [`closed:${e.state}`];
    return [];
  });
}

const stateOf = (chatId: string, offerId: string) => ({
  chat: db.db.prepare('SELECT state, claimed_by FROM chats WHERE id = ?').get(chatId),
  offer: db.db.prepare('SELECT state FROM transfers WHERE id = ?').get(offerId),
});

describe('transfer races', () => {
  it(`two accepts of the same offer (two desks of the addressee): exactly one wins, in each of ${TRIALS} trials`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const { chatId, offerId, close } = await offered(trial);
      await Promise.all([heard(ada.socket, chatId, offerId), heard(bo.socket, chatId, offerId), heard(boAgain, chatId, offerId)]);
      const sockets = trial % 2 ? [bo.socket, boAgain] : [boAgain, bo.socket];
      const answers = await together(sockets.map((socket) => ({ socket, cmd: { kind: 'transfer.accept', offerId } })));
      expect(answers.filter((a) => a.type === 'ack'), `trial ${trial}`).toHaveLength(1);
      expect(answers.find((a) => a.type === 'error'), `trial ${trial}`).toMatchObject({ code: 'transfer_closed' });
      expect(stateOf(chatId, offerId), `trial ${trial}`).toEqual({ chat: { state: 'claimed', claimed_by: bo.operator.id }, offer: { state: 'accepted' } });
      // Every desk heard one hand-over and one close.
      for (const socket of [ada.socket, bo.socket, boAgain]) expect(await heard(socket, chatId, offerId), `trial ${trial}`).toEqual(['transferred', 'closed:accepted']);
      expect(await command(bo.socket, { kind: 'end', chatId })).toMatchObject({ type: 'ack' });
      await heard(ada.socket, chatId, offerId);
      await heard(bo.socket, chatId, offerId);
      await heard(boAgain, chatId, offerId);
      close();
    }
  });

  it(`an accept racing the sender’s end: exactly one outcome, in each of ${TRIALS} trials`, async () => {
    const outcomes = { transferred: 0, ended: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      const { chatId, offerId, close } = await offered(trial);
      await Promise.all([heard(ada.socket, chatId, offerId), heard(bo.socket, chatId, offerId)]);
      const accept = { socket: bo.socket, cmd: { kind: 'transfer.accept', offerId } };
      const end = { socket: ada.socket, cmd: { kind: 'end', chatId } };
      const [acceptAnswer, endAnswer] = trial % 2 ? await together([accept, end]) : (await together([end, accept])).reverse();
      const state = stateOf(chatId, offerId);
      if (acceptAnswer?.type === 'ack') {
        // The accept won: the chat is Bo's and open; Ada's end was refused (not hers any more).
        outcomes.transferred++;
        expect(endAnswer, `trial ${trial}`).toMatchObject({ type: 'error', code: 'not_yours' });
        expect(state, `trial ${trial}`).toEqual({ chat: { state: 'claimed', claimed_by: bo.operator.id }, offer: { state: 'accepted' } });
        expect(await heard(ada.socket, chatId, offerId), `trial ${trial}`).toEqual(['transferred', 'closed:accepted']);
        expect(await command(bo.socket, { kind: 'end', chatId })).toMatchObject({ type: 'ack' });
      } else {
        // The end won: the chat ended with Ada; the accept was refused; the offer closed with the chat.
        outcomes.ended++;
        expect(endAnswer, `trial ${trial}`).toMatchObject({ type: 'ack' });
        expect(acceptAnswer, `trial ${trial}`).toMatchObject({ type: 'error', code: 'chat_ended' });
        expect(state, `trial ${trial}`).toEqual({ chat: { state: 'ended', claimed_by: ada.operator.id }, offer: { state: 'cancelled' } });
        expect(await heard(ada.socket, chatId, offerId), `trial ${trial}`).toEqual(['ended', 'closed:cancelled']);
      }
      await heard(ada.socket, chatId, offerId);
      await heard(bo.socket, chatId, offerId);
      await heard(boAgain, chatId, offerId);
      close();
    }
    // Both orders were tried: each side won some of the time.
    expect(outcomes.transferred).toBeGreaterThan(0);
    expect(outcomes.ended).toBeGreaterThan(0);
  });

  it(`an accept racing the sender’s withdrawal: exactly one outcome, in each of ${TRIALS} trials`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const { chatId, offerId, close } = await offered(trial);
      const accept = { socket: bo.socket, cmd: { kind: 'transfer.accept', offerId } };
      const cancel = { socket: ada.socket, cmd: { kind: 'transfer.cancel', offerId } };
      const [acceptAnswer, cancelAnswer] = trial % 2 ? await together([accept, cancel]) : (await together([cancel, accept])).reverse();
      expect([acceptAnswer?.type, cancelAnswer?.type].sort(), `trial ${trial}`).toEqual(['ack', 'error']);
      const holder = acceptAnswer?.type === 'ack' ? bo : ada;
      expect(stateOf(chatId, offerId), `trial ${trial}`).toEqual({
        chat: { state: 'claimed', claimed_by: holder.operator.id },
        offer: { state: acceptAnswer?.type === 'ack' ? 'accepted' : 'cancelled' },
      });
      expect(await command(holder.socket, { kind: 'end', chatId })).toMatchObject({ type: 'ack' });
      await Promise.all([heard(ada.socket, chatId, offerId), heard(bo.socket, chatId, offerId), heard(boAgain, chatId, offerId)]);
      close();
    }
    expect(t.problems).toEqual([]);
  });
});
