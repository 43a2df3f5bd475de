/**
 * Issue 17, item 2: a spread flood of anonymous operator sockets (500 from 40 addresses) filled
 * every place, and librarians signing in got 1013. Here the anonymous cap is filled from many
 * loopback addresses (127.0.0.x, each a different peer), and: a signed-in librarian's desk
 * reconnecting during it gets in (its token rides the upgrade), as does a socket opened with a
 * token from a flooding address; patrons have places of their own; and the anonymous sockets
 * that never say hello are closed after the short deadline, freeing their places.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendLink } from '../../src/main/core/backend-link/backend-link';
import { KEPT_PLACES_PER_SESSION } from '../../src/server/transport/operator-admission';
import { OPERATOR_PROTOCOL_VERSION } from '../../src/shared/protocol';
import { openOperatorSocket, openPatronSocket, PASSWORD, startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait';

let t: (TestServer & { problems: string[] }) | null = null;
let link: BackendLink | null = null;
const opened: WebSocket[] = [];

afterEach(async () => {
  link?.stop();
  link = null;
  for (const socket of opened.splice(0)) socket.terminate();
  await t?.close();
  t = null;
});

const ADDRESSES = 8;
const PER_ADDRESS = 5;
const HELLO_MS = 3_000;

interface RawSocket {
  ws: WebSocket;
  frames: { type: string; code?: string; message?: string }[];
  closed: Promise<{ code: number; reason: string }>;
}

/** An operator socket from a loopback address of its own, optionally with a session token at the upgrade. */
async function rawOperatorSocket(server: TestServer, from: string, token?: string): Promise<RawSocket> {
  const ws = new WebSocket(server.wsUrl('/ws/operator'), { localAddress: from, headers: token ? { authorization: `Bearer ${token}` } : {} });
  opened.push(ws);
  const frames: RawSocket['frames'] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; frames?: RawSocket['frames'] };
    if (frame.type === 'batch') frames.push(...(frame.frames ?? []));
    else frames.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed };
}

describe('a spread flood of anonymous operator sockets', () => {
  it('fills only the anonymous places: a signed-in librarian reconnecting gets in, patrons have their own, and the flood is closed after the hello deadline', async () => {
    t = await startTestServer({ limits: { operatorPendingPerAddress: PER_ADDRESS, operatorPending: ADDRESSES * PER_ADDRESS, operatorHelloTimeoutMs: HELLO_MS } });
    const server = t;
    server.server.addOperator({ username: 'ada', name: 'Ada Librarian', campus: 'tunxis', password: PASSWORD });
    const login = await server.server.login('ada', PASSWORD);
    expect(login).not.toBeNull();
    // Her desk is online before the flood.
    link = new BackendLink({ backendUrl: server.server.url, token: login!.token, probeIntervalMs: 0 }, { action: () => undefined, state: () => undefined });
    link.start();
    await waitFor(() => link?.currentState === 'online', 'the desk online');

    // The flood: every anonymous place, from eight addresses, none of them saying hello.
    const flood = await Promise.all(
      Array.from({ length: ADDRESSES * PER_ADDRESS }, (_, i) => rawOperatorSocket(server, `127.0.0.${10 + Math.floor(i / PER_ADDRESS)}`)),
    );
    const full = await rawOperatorSocket(server, '127.0.0.99');
    expect((await full.closed).code).toBe(1013);
    expect(full.frames).toEqual([{ type: 'error', code: 'rate_limited', message: expect.stringContaining('waiting to sign in') }]);

    // Her desk drops its link and reconnects during the flood: it gets in.
    link.reconnectNow();
    await waitFor(() => link?.currentState === 'online', 'the desk online again during the flood');
    // A socket opened with her token from a flooding address gets in too, and says hello.
    const withToken = await rawOperatorSocket(server, '127.0.0.10', login!.token);
    withToken.ws.send(JSON.stringify({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: login!.token }));
    await waitFor(() => withToken.frames.some((f) => f.type === 'welcome'), 'welcome on the socket opened with a token');
    // A token at the upgrade keeps a place for that session only: another session's hello on it is refused.
    const other = await server.server.login('ada', PASSWORD);
    const lent = await rawOperatorSocket(server, '127.0.0.11', login!.token);
    lent.ws.send(JSON.stringify({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: other!.token }));
    expect((await lent.closed).code).toBe(4401);
    // Patrons' sockets have their own places.
    const patron = await openPatronSocket(server);
    patron.send({ type: 'ping', n: 1 });
    await patron.take((f) => f.type === 'pong', 'a patron pong during the flood');
    patron.close();
    // The anonymous places were full all along.
    const stillFull = await rawOperatorSocket(server, '127.0.0.98');
    expect((await stillFull.closed).code).toBe(1013);
    expect(flood.every((s) => s.ws.readyState === WebSocket.OPEN)).toBe(true);

    // No hello within the deadline: each flood socket is told and closed, and its place is free again.
    const closes = await Promise.all(flood.map((s) => s.closed));
    expect(new Set(closes.map((c) => c.code))).toEqual(new Set([4401]));
    expect(flood[0]!.frames).toEqual([{ type: 'error', code: 'unauthorized', message: `no hello within ${HELLO_MS / 1000} s` }]);
    const after = await openOperatorSocket(server);
    after.send({ type: 'ping', n: 2 });
    await after.take((f) => f.type === 'pong', 'an anonymous socket admitted after the flood');
    after.close();
    // Her desk stayed online through it all.
    expect(link.currentState).toBe('online');
  });

  it('an invalid token at the upgrade gets no kept place, and one session keeps only a few: the rest are anonymous, refused when the anonymous places are full', async () => {
    t = await startTestServer({ limits: { operatorPendingPerAddress: 1, operatorPending: 1, operatorHelloTimeoutMs: HELLO_MS } });
    const server = t;
    const first = await rawOperatorSocket(server, '127.0.0.20');
    const forged = await rawOperatorSocket(server, '127.0.0.21', 'not-a-real-session-token-0123456789');
    expect((await forged.closed).code).toBe(1013);
    server.server.addOperator({ username: 'bo', name: 'Bo Librarian', campus: 'tunxis', password: PASSWORD });
    const { token } = (await server.server.login('bo', PASSWORD))!;
    const kept = await Promise.all(Array.from({ length: KEPT_PLACES_PER_SESSION }, () => rawOperatorSocket(server, '127.0.0.22', token)));
    const hoarded = await rawOperatorSocket(server, '127.0.0.22', token);
    expect((await hoarded.closed).code).toBe(1013);
    // A hello frees its kept place for the next socket of that session.
    kept[0]!.ws.send(JSON.stringify({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token }));
    await waitFor(() => kept[0]!.frames.some((f) => f.type === 'welcome'), 'welcome');
    const next = await rawOperatorSocket(server, '127.0.0.22', token);
    next.ws.send(JSON.stringify({ type: 'ping', v: OPERATOR_PROTOCOL_VERSION, n: 1 }));
    await waitFor(() => next.frames.some((f) => f.type === 'pong'), 'the next socket of the session admitted');
    first.ws.close();
  });
});
