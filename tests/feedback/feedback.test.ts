/**
 * Patron feedback over real sockets and HTTP: a patron rates their chat once it has ended, once;
 * a bad rating, a wrong token or a chat not ended is refused and stores nothing; the librarian who
 * held the chat reads it, an administrator reads their own campus's counts and average, and
 * nobody else reads either.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/shared/protocol/common';
import { clientId, command, inspectDb, openPatronSocket, type PatronSocket, signInOperator, startPatronChat, startTestServer, type TestServer } from '../support/server';

let t: TestServer;
afterEach(async () => {
  await t?.close();
});

/** Rate as the widget does; sent raw, so a rating the schema refuses reaches the server too. */
const rate = async (socket: PatronSocket, { chatId, token }: { chatId: string; token: string }, rating: unknown, comment = '') => {
  const id = clientId('rate');
  socket.sendRaw(JSON.stringify({ type: 'rate', v: PROTOCOL_VERSION, id, chat: { chatId, token }, rating, comment }));
  return socket.take((f) => (f.type === 'rated' || f.type === 'error') && (!('id' in f) || f.id === undefined || f.id === id), 'rating answer');
};

const get = async (path: string, token: string) => {
  const response = await fetch(`${t.server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

async function answeredChat(campus: string) {
  const holder = await signInOperator(t, 'Holder', campus);
  const chat = await startPatronChat(t, { campus });
  expect(await command(holder, { kind: 'claim', chatId: chat.chatId })).toMatchObject({ type: 'ack' });
  return { holder, chat };
}

describe('rating a chat', () => {
  it('once the chat has ended, once; every refusal stores nothing', async () => {
    t = await startTestServer();
    const db = inspectDb(t);
    const { holder, chat } = await answeredChat('gateway');
    const other = await openPatronSocket(t);
    // Not yet ended.
    expect(await rate(other, chat, 4)).toMatchObject({ type: 'error', code: 'conflict' });
    expect(await command(holder, { kind: 'end', chatId: chat.chatId })).toMatchObject({ type: 'ack' });
    // A wrong token, or a rating out of range, is refused.
    expect(await rate(other, { chatId: chat.chatId, token: 'x'.repeat(32) }, 4)).toMatchObject({ type: 'error', code: 'unauthorized' });
    expect(await rate(other, chat, 6)).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect(await rate(other, chat, 2.5)).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM chat_feedback').get()).toEqual({ n: 0 });
    // Rated, from any connection that has the resume token; the second is refused.
    expect(await rate(other, chat, 4, '  Very helpful, thanks  ')).toMatchObject({ type: 'rated' });
    // The same rating sent again (its answer lost with the link) is answered the same; nothing is added.
    expect(await rate(other, chat, 4, 'Very helpful, thanks')).toMatchObject({ type: 'rated' });
    expect(await rate(other, chat, 1, 'changed my mind')).toMatchObject({ type: 'error', code: 'conflict' });
    expect(db.db.prepare('SELECT rating, comment FROM chat_feedback').all()).toEqual([{ rating: 4, comment: 'Very helpful, thanks' }]);
    db.close();
  });

  it('a chat no librarian answered has nothing to rate', async () => {
    t = await startTestServer();
    const chat = await startPatronChat(t, { campus: 'gateway' });
    chat.socket.send({ type: 'leave' });
    await chat.socket.take((f) => f.type === 'status' && f.state === 'ended', 'ended');
    expect(await rate(chat.socket, chat, 5)).toMatchObject({ type: 'error', code: 'not_found' });
  });
});

describe('reading ratings', () => {
  it('the holder and their campus’s administrator read a chat’s rating; another librarian and another campus’s administrator do not', async () => {
    t = await startTestServer();
    const { holder, chat } = await answeredChat('gateway');
    await command(holder, { kind: 'end', chatId: chat.chatId });
    const patron = await openPatronSocket(t);
    await rate(patron, chat, 5, 'Great');
    const colleague = await signInOperator(t, 'Colleague', 'gateway');
    const gatewayAdmin = await signInOperator(t, 'Gateway admin', 'gateway', 'admin');
    const tunxisAdmin = await signInOperator(t, 'Tunxis admin', 'tunxis', 'admin');
    const path = `/api/feedback?chat=${chat.chatId}`;
    expect(await get(path, holder.token)).toMatchObject({ status: 200, body: { feedback: { chatId: chat.chatId, rating: 5, comment: 'Great' } } });
    expect((await get(path, gatewayAdmin.token)).status).toBe(200);
    expect((await get(path, colleague.token)).status).toBe(403);
    expect((await get(path, tunxisAdmin.token)).status).toBe(403);
    expect((await get('/api/feedback?chat=../etc', holder.token)).status).toBe(400);
    // Counts and the average: an administrator's own campus only, never a librarian.
    expect(await get('/api/feedback/summary', gatewayAdmin.token)).toMatchObject({ status: 200, body: { campus: 'gateway', count: 1, average: 5, byRating: [0, 0, 0, 0, 1] } });
    expect(await get('/api/feedback/summary', tunxisAdmin.token)).toMatchObject({ status: 200, body: { campus: 'tunxis', count: 0, average: null, comments: [] } });
    expect((await get('/api/feedback/summary', holder.token)).status).toBe(403);
    expect((await get('/api/feedback/summary?from=yesterday', gatewayAdmin.token)).status).toBe(400);
    expect(await get(`/api/feedback/summary?from=${Date.now() + 60_000}`, gatewayAdmin.token)).toMatchObject({ status: 200, body: { count: 0 } });
  });
});
