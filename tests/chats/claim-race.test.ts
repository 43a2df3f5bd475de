import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import {
  clientId,
  inspectDb,
  openPatronSocket,
  type OperatorFrame,
  type PatronSocket,
  type SignedInOperator,
  signInOperator,
  startTestServer,
  type TestServer,
} from '../support/server';

const OPERATORS = 20;
const TRIALS = 200;

let t: TestServer & { problems: string[] };
let operators: SignedInOperator[];
let db: ReturnType<typeof inspectDb>;

beforeAll(async () => {
  t = await startTestServer();
  operators = [];
  for (let i = 0; i < OPERATORS; i++) operators.push(await signInOperator(t, `Librarian ${String(i + 1).padStart(2, '0')}`, i % 2 ? 'gateway' : 'central'));
  db = inspectDb(t);
});

afterAll(async () => {
  db?.close();
  await t?.close();
});

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

type Answer = Extract<OperatorFrame, { type: 'ack' } | { type: 'error' }>;

describe('claim race', () => {
  it(`${OPERATORS} operators claim the same chat at once: exactly one wins, in each of ${TRIALS} trials`, async () => {
    const claimedBy = db.db.prepare<[string], { claimed_by: string | null; state: string }>('SELECT claimed_by, state FROM chats WHERE id = ?');
    for (let trial = 0; trial < TRIALS; trial++) {
      // A new patron each trial (patron sockets have a frame budget).
      const patron: PatronSocket = await openPatronSocket(t);
      const startId = clientId('start');
      patron.send({ type: 'start', v: PROTOCOL_VERSION, id: startId, campus: 'gateway', name: `Patron ${trial}`, question: 'Is the library open?' });
      const started = await patron.take((f) => f.type === 'started', 'started');
      if (started.type !== 'started') throw new Error('unreachable');
      const chatId = started.chatId;

      // All claims leave in the same tick, in a different order each trial.
      const ids = new Map<SignedInOperator, string>();
      for (const op of shuffle(operators)) {
        const id = clientId(`claim${trial}`);
        ids.set(op, id);
        op.socket.send({ type: 'cmd', id, cmd: { kind: 'claim', chatId } });
      }
      const answers = await Promise.all(
        operators.map(async (op) => {
          const id = ids.get(op);
          const answer = (await op.socket.take((f) => (f.type === 'ack' || f.type === 'error') && f.id === id, `answer of ${op.operator.name}`)) as Answer;
          return { op, answer };
        }),
      );

      const winners = answers.filter((a) => a.answer.type === 'ack');
      expect(winners, `trial ${trial}`).toHaveLength(1);
      const winner = (winners[0] as (typeof winners)[number]).op;
      for (const { op, answer } of answers) {
        if (op === winner) continue;
        expect(answer, `trial ${trial}, ${op.operator.name}`).toEqual({
          type: 'error',
          id: ids.get(op),
          code: 'already_claimed',
          message: `already claimed by ${winner.operator.name}`,
        });
      }
      expect(claimedBy.get(chatId), `trial ${trial}`).toEqual({ claimed_by: winner.operator.id, state: 'claimed' });

      // Every desk hears of exactly one claim, by the winner.
      const endId = clientId(`end${trial}`);
      winner.socket.send({ type: 'cmd', id: endId, cmd: { kind: 'end', chatId } });
      expect(await winner.socket.take((f) => (f.type === 'ack' || f.type === 'error') && f.id === endId)).toMatchObject({ type: 'ack' });
      await Promise.all(
        operators.map(async (op) => {
          await op.socket.take((f) => f.type === 'event' && f.event.type === 'chat.ended' && f.event.chatId === chatId, 'chat.ended');
          const claims = op.socket
            .drain()
            .filter((f) => f.type === 'event' && f.event.type === 'chat.claimed' && f.event.chatId === chatId);
          expect(claims, `trial ${trial}, ${op.operator.name}`).toHaveLength(1);
          const claim = claims[0] as Extract<OperatorFrame, { type: 'event' }>;
          expect(claim.event).toMatchObject({ by: winner.operator });
        }),
      );
      await patron.take((f) => f.type === 'status' && f.state === 'ended', 'ended status');
      patron.close();
    }
    expect(t.problems).toEqual([]);
  });
});
