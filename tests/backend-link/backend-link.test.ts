import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DeskAction } from '../../src/shared/desk';
import { OPERATOR_PROTOCOL_VERSION, type OperatorClientFrame } from '../../src/shared/protocol';
import { BackendLink, type LinkState } from '../../src/main/core/backend-link/backend-link';
import { operator } from '../support/fixtures';
import { waitFor } from '../support/wait';

/** A scripted backend: each connection's hello goes to `onHello`, which answers as the test needs. */
async function fakeBackend(onHello: (socket: WebSocket, hello: Extract<OperatorClientFrame, { type: 'hello' }>, n: number) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws/operator' });
  await new Promise<void>((done) => wss.once('listening', () => done()));
  const hellos: Extract<OperatorClientFrame, { type: 'hello' }>[] = [];
  const frames: OperatorClientFrame[] = [];
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as OperatorClientFrame;
      frames.push(frame);
      if (frame.type === 'hello') {
        hellos.push(frame);
        onHello(socket, frame, hellos.length);
      }
      if (frame.type === 'ping') socket.send(JSON.stringify({ type: 'pong', n: frame.n, serverTime: Date.now() + 3_600_000 }));
    });
  });
  return { url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`, hellos, frames, close: () => new Promise((r) => wss.close(r)) };
}

const ada = operator('o1', 'gateway', 'Ada');
const welcome = (streamId: string, resumed: boolean) => JSON.stringify({ type: 'welcome', v: OPERATOR_PROTOCOL_VERSION, operator: ada, streamId, resumed, serverTime: Date.now() });
const snapshot = (seq: number) => JSON.stringify({ type: 'snapshot', seq, snapshot: { campuses: [], chats: [], operators: [], serverTime: Date.now() } });
const presenceEvent = (seq: number) =>
  JSON.stringify({ type: 'event', seq, event: { type: 'operator.presence', operator: { ...ada, presence: 'online', since: seq } } });

let link: BackendLink | null = null;
let backend: Awaited<ReturnType<typeof fakeBackend>> | null = null;
afterEach(async () => {
  link?.stop();
  await backend?.close();
  link = null;
  backend = null;
});

function start(url: string, heartbeatMs = 10_000) {
  const states: LinkState[] = [];
  const actions: DeskAction[] = [];
  link = new BackendLink(
    { backendUrl: url, token: 't'.repeat(32), heartbeatMs, backoffBaseMs: 10, backoffCapMs: 50 },
    { action: (a) => actions.push(a), state: (s) => states.push(s) },
  );
  link.start();
  return { states, actions, link };
}

describe('BackendLink against a scripted backend', () => {
  it('does not resume a stream whose snapshot never arrived', async () => {
    backend = await fakeBackend((socket, _hello, n) => {
      socket.send(welcome(`stream-${n}`, false));
      if (n === 1) socket.terminate(); // dropped between welcome and snapshot
      else socket.send(snapshot(0));
    });
    const { states, actions } = start(backend.url);
    await waitFor(() => states.includes('online'), 'online');
    expect(backend.hellos[1]?.resume).toBeUndefined();
    expect(actions.map((a) => a.type)).toEqual(['snapshot']);
  });

  it('starts over when the backend "resumes" a stream it was not asked for', async () => {
    backend = await fakeBackend((socket, _hello, n) => {
      if (n === 1) {
        socket.send(welcome('s1', false));
        socket.send(snapshot(5));
        setTimeout(() => socket.terminate(), 50);
      } else if (n === 2) {
        socket.send(welcome('someone-else', true));
      } else {
        socket.send(welcome('s3', false));
        socket.send(snapshot(9));
      }
    });
    const { actions } = start(backend.url);
    await waitFor(() => backend!.hellos.length >= 3 && actions.length >= 2, 'a fresh stream after the bogus resume');
    expect(backend.hellos[1]?.resume).toEqual({ streamId: 's1', lastSeq: 5 });
    expect(backend.hellos[2]?.resume).toBeUndefined();
    expect(actions.map((a) => a.type)).toEqual(['snapshot', 'snapshot']);
  });

  it('resyncs with a fresh snapshot on a sequence gap and ignores replays', async () => {
    backend = await fakeBackend((socket, _hello, n) => {
      socket.send(welcome(`s${n}`, false));
      socket.send(snapshot(10));
      if (n === 1) {
        socket.send(presenceEvent(11));
        socket.send(presenceEvent(11)); // a replay: ignored
        socket.send(presenceEvent(13)); // a gap: start over
      }
    });
    const { actions } = start(backend.url);
    await waitFor(() => backend!.hellos.length >= 2 && actions.length >= 3, 'resync');
    expect(actions.map((a) => a.type)).toEqual(['snapshot', 'operator.presence', 'snapshot']);
    expect(backend.hellos[1]?.resume).toBeUndefined();
  });

  it('stops on unauthorized: no reconnect, and queued commands fail', async () => {
    backend = await fakeBackend((socket) => {
      socket.send(JSON.stringify({ type: 'error', code: 'unauthorized', message: 'session expired' }));
      socket.close(4401);
    });
    const { states, link: l } = start(backend.url);
    const pending = l.send({ kind: 'claim', chatId: 'abcd1234' });
    await expect(pending).rejects.toMatchObject({ code: 'unauthorized' });
    await new Promise((r) => setTimeout(r, 200));
    expect(states.at(-1)).toBe('unauthorized');
    expect(backend.hellos).toHaveLength(1);
  });

  it('tries again when the hello fails on the backend side', async () => {
    backend = await fakeBackend((socket, _hello, n) => {
      if (n === 1) return void socket.send(JSON.stringify({ type: 'error', code: 'internal', message: 'database busy' }));
      socket.send(welcome('s2', false));
      socket.send(snapshot(0));
    });
    const { states } = start(backend.url);
    await waitFor(() => states.includes('online'), 'online after a retry');
    expect(backend.hellos.length).toBe(2);
  });

  it('sends a command queued while offline exactly once after connecting, and takes the backend clock from pongs', async () => {
    backend = await fakeBackend((socket) => {
      socket.send(welcome('s1', false));
      socket.send(snapshot(0));
    });
    const { link: l } = start(backend.url, 100);
    const sent = l.send({ kind: 'claim', chatId: 'abcd1234' }, 'client-id-0001');
    await waitFor(() => backend!.frames.some((f) => f.type === 'cmd'), 'command sent');
    const cmd = backend.frames.filter((f) => f.type === 'cmd');
    expect(cmd).toEqual([{ type: 'cmd', id: 'client-id-0001', cmd: { kind: 'claim', chatId: 'abcd1234' } }]);
    // The fake backend's clock runs an hour ahead in its pongs.
    await waitFor(() => l.serverNow() - Date.now() > 3_500_000, 'clock from pong');
    // This backend never acks: stopping the link fails the command instead of leaving it hanging,
    // as 'interrupted' since it was written and may have arrived.
    l.stop();
    await expect(sent).rejects.toMatchObject({ code: 'interrupted' });
  });

  it('reconnects and resends a command left unanswered past its deadline, though pings are answered', async () => {
    const logs: string[] = [];
    backend = await fakeBackend((socket, _hello, n) => {
      socket.send(welcome(`s${n}`, false));
      socket.send(snapshot(0));
    });
    link = new BackendLink(
      { backendUrl: backend.url, token: 't'.repeat(32), heartbeatMs: 1_000, backoffBaseMs: 10, backoffCapMs: 50, commandDeadlineMs: 300, log: (_level, message) => logs.push(message) },
      { action: () => undefined, state: () => undefined },
    );
    link.start();
    const sent = link.send({ kind: 'claim', chatId: 'abcd1234' }, 'client-id-0002');
    sent.catch(() => undefined);
    // This backend answers pings but never a command: only the command's deadline can notice.
    await waitFor(() => backend!.hellos.length >= 2, 'a second connection', 5_000);
    await waitFor(() => backend!.frames.filter((f) => f.type === 'cmd').length >= 2, 'the command sent again');
    const cmds = backend.frames.filter((f) => f.type === 'cmd');
    expect(new Set(cmds.map((f) => (f.type === 'cmd' ? f.id : '')))).toEqual(new Set(['client-id-0002']));
    expect(logs.some((l) => /^a command waited \d+ ms for its answer; reconnecting$/.test(l))).toBe(true);
  });

  it("fails a command that was never written as 'offline'", async () => {
    backend = await fakeBackend(() => undefined); // accepts the socket, never says welcome
    const { link: l } = start(backend.url);
    const never = l.send({ kind: 'end', chatId: 'abcd1234' });
    l.stop();
    await expect(never).rejects.toMatchObject({ code: 'offline' });
  });
});
