/**
 * The backend keeps each chat's summary between snapshots (server/chats/chats.ts), dropping one
 * when a chat event names its chat. A late join must still see exactly what the events said:
 * here a snapshot taken after claims, an end, patron details and a patron leaving equals the
 * earlier snapshot plus those events; and a new librarian's arrival (a presence event) keeps
 * the summaries and still sees the same chats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeskEvent, type DeskSnapshot, emptyDesk, reduceDesk } from '../../src/shared/desk';
import { OPERATOR_PROTOCOL_VERSION } from '../../src/shared/protocol';
import { command, openOperatorSocket, type SignedInOperator, signInOperator, startPatronChat, startTestServer, type TestServer } from '../support/server';

const chatsOf = (snapshot: DeskSnapshot, events: DeskEvent[]) => {
  let state = reduceDesk(emptyDesk, { type: 'snapshot', snapshot });
  for (const event of events) state = reduceDesk(state, event);
  return Object.fromEntries(Object.entries(state.chats).map(([id, chat]) => [id, { ...chat, messages: [] }]));
};

/** Another stream for an operator already online: a snapshot, and no presence event. */
async function join(t: TestServer, op: SignedInOperator) {
  const socket = await openOperatorSocket(t);
  socket.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: op.token });
  await socket.expect('welcome');
  return { socket, snapshot: (await socket.expect('snapshot')).snapshot };
}

describe('chat summaries kept between snapshots', () => {
  let t: TestServer & { problems: string[] };
  beforeAll(async () => {
    t = await startTestServer({ presenceGraceMs: 60_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a late join sees every change a chat event named', async () => {
    const ada = await signInOperator(t, 'Ada Holder');
    const wes = await signInOperator(t, 'Wes Watcher');
    const [claimed, detailed, ended, left] = [
      await startPatronChat(t, { name: 'Claimed Pat' }),
      await startPatronChat(t, { name: 'Detailed Pat' }),
      await startPatronChat(t, { name: 'Ended Pat' }),
      await startPatronChat(t, { name: 'Leaving Pat' }),
    ];
    const before = await join(t, wes);
    expect(before.snapshot.chats.map((c) => c.id)).toEqual(
      expect.arrayContaining([claimed.chatId, detailed.chatId, ended.chatId, left.chatId]),
    );
    for (const chatId of [claimed.chatId, detailed.chatId]) expect(await command(ada, { kind: 'claim', chatId })).toMatchObject({ type: 'ack' });
    expect(await command(ada, { kind: 'patron.set', chatId: detailed.chatId, givenName: 'Dana', email: 'dana@example.edu', phone: '' })).toMatchObject({ type: 'ack' });
    expect(await command(ada, { kind: 'end', chatId: ended.chatId })).toMatchObject({ type: 'ack' });
    left.socket.close();
    const events: DeskEvent[] = [];
    for (let tries = 0; !events.some((e) => e.type === 'chat.patron_link' && e.chatId === left.chatId); tries++) {
      if (tries === 100) throw new Error('the patron leaving never reached the desk');
      await before.socket.sync();
      for (const f of before.socket.drain()) if (f.type === 'event') events.push(f.event);
    }
    // Nothing but chat events in between: the kept summaries were used, not rebuilt.
    expect(events.every((e) => e.type.startsWith('chat.'))).toBe(true);
    const after = await join(t, wes);
    expect(chatsOf(after.snapshot, [])).toEqual(chatsOf(before.snapshot, events));
    const byId = Object.fromEntries(after.snapshot.chats.map((c) => [c.id, c]));
    expect(byId[claimed.chatId]).toMatchObject({ state: 'claimed', claimedBy: { id: ada.operator.id } });
    expect(byId[detailed.chatId]).toMatchObject({ givenName: 'Dana', patronEmail: 'dana@example.edu' });
    expect(byId[ended.chatId]).toMatchObject({ state: 'ended' });
    expect(byId[left.chatId]).toMatchObject({ patronConnected: false });
    const newcomer = await signInOperator(t, 'Nia Newcomer');
    expect(chatsOf(newcomer.snapshot, [])).toEqual(chatsOf(after.snapshot, []));
    for (const s of [before.socket, after.socket, newcomer.socket, ada.socket, wes.socket, claimed.socket, detailed.socket, ended.socket]) s.close();
  });
});
