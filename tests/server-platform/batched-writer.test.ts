import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { BatchedWriter, MAX_HOLD_MS, QUIET_MS } from '../../src/server/transport/batched-writer';

/** A socket that records what was sent, and when (which turn) it was sent. */
function recordingSocket() {
  const sent: string[] = [];
  const socket = { OPEN: 1, readyState: 1, bufferedAmount: 0, send: (data: string | Buffer) => void sent.push(data.toString()) };
  return { sent, socket: socket as unknown as WebSocket };
}

const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a turn that handles a burst
  }
};

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('frames to one operator socket', () => {
  it('leave as one batch at the end of a short turn, in the order written', async () => {
    const { sent, socket } = recordingSocket();
    const writer = new BatchedWriter(socket);
    writer.write('{"n":1}');
    writer.write('{"n":2}');
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual(['{"type":"batch","frames":[{"n":1},{"n":2}]}']);
  });

  it('do not wait for the end of a long turn: what has waited MAX_HOLD_MS goes out with the next frame', async () => {
    const { sent, socket } = recordingSocket();
    const writer = new BatchedWriter(socket);
    writer.write('{"chat":1}');
    busyFor(MAX_HOLD_MS + 2);
    writer.write('{"chat":2}');
    // Sent within the turn, before it ends: the first chat of a burst reaches the desk now.
    expect(sent).toEqual(['{"type":"batch","frames":[{"chat":1},{"chat":2}]}']);
    writer.write('{"chat":3}');
    expect(sent).toHaveLength(1);
    await nextTurn();
    // The rest at the end of the turn, still in order, nothing sent twice.
    expect(sent).toEqual(['{"type":"batch","frames":[{"chat":1},{"chat":2}]}', '{"chat":3}']);
  });

  it('to a quiet socket: the first frame goes out at once, what follows in the same turn batches, in order', async () => {
    const { sent, socket } = recordingSocket();
    const writer = new BatchedWriter(socket);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 5));
    // A new chat after a lull: the desk decides its ping from this frame, so it does not wait for the turn.
    writer.write('{"chat":1}');
    expect(sent).toEqual(['{"chat":1}']);
    writer.write('{"chat":2}');
    writer.write('{"chat":3}');
    expect(sent).toHaveLength(1);
    await nextTurn();
    expect(sent).toEqual(['{"chat":1}', '{"type":"batch","frames":[{"chat":2},{"chat":3}]}']);
    // Written a moment ago, the socket is not quiet: the next frame waits for its turn's batch.
    writer.write('{"chat":4}');
    expect(sent).toHaveLength(2);
    await nextTurn();
    expect(sent.at(-1)).toBe('{"chat":4}');
  });
});
