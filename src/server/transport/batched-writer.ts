import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { sendText } from './frames';

/**
 * The longest a frame waits for the rest of its batch. A turn that handles a burst (50 chat
 * starts read at once, 4 ms each) otherwise holds the first chat from every desk until the last
 * is handled: the first ping of a burst waited 155 ms for it.
 */
export const MAX_HOLD_MS = 10;

/**
 * A socket sent nothing for this long is quiet: its next frame goes out at once, and only what
 * follows in the same turn waits for the batch. The first event after a lull is the one a desk
 * is waiting on (a new chat: the ping is decided from it), and under load a desk's socket is
 * written every turn, so it is never quiet and everything still batches.
 */
export const QUIET_MS = 20;

/** A batch message stays well under what a client accepts (16 MiB), so one busy tick never cuts a socket. */
const MAX_BATCH_CHARS = 512 * 1024;

const BATCH_OPEN = Buffer.from('{"type":"batch","frames":[');
const BATCH_CLOSE = Buffer.from(']}');
const COMMA = Buffer.from(',');

/** One batch message; bytes when a frame is bytes already (a snapshot), so it is not decoded and encoded again. */
function batchOf(frames: (string | Buffer)[]): string | Buffer {
  if (frames.every((f) => typeof f === 'string')) return `{"type":"batch","frames":[${frames.join(',')}]}`;
  const parts: Buffer[] = [BATCH_OPEN];
  frames.forEach((frame, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(typeof frame === 'string' ? Buffer.from(frame) : frame);
  });
  parts.push(BATCH_CLOSE);
  return Buffer.concat(parts);
}

const dirty = new Set<BatchedWriter>();
let scheduled = false;

function flushAll(): void {
  scheduled = false;
  const writers = [...dirty];
  dirty.clear();
  for (const writer of writers) writer.flush();
}

/**
 * Frames to one operator socket are written once per tick: what one event loop turn produced
 * (an event for every desk, an ack) leaves as one websocket message, a `batch` when there are
 * several, in the order written. One socket write per frame per operator was most of the
 * backend's busy time under load. A long turn sends what has waited MAX_HOLD_MS as it goes. Flush
 * before closing, so nothing queued is lost.
 */
export class BatchedWriter {
  private frames: (string | Buffer)[] = [];
  /** When the oldest queued frame was written. */
  private heldSince = 0;
  /** When this socket was last written (a new socket is not quiet: its snapshot has just gone). */
  private sentAt = performance.now();

  constructor(private readonly socket: WebSocket) {}

  /** Queue one frame (its JSON text, or that text as UTF-8); it goes out at the end of this tick, or at once if the socket was quiet or the batch has waited MAX_HOLD_MS. */
  write(frameJson: string | Buffer): void {
    const now = performance.now();
    if (this.frames.length === 0) {
      if (now - this.sentAt >= QUIET_MS) {
        this.sentAt = now;
        sendText(this.socket, frameJson);
        return;
      }
      this.heldSince = now;
    }
    this.frames.push(frameJson);
    if (now - this.heldSince >= MAX_HOLD_MS) {
      this.flush();
      return;
    }
    dirty.add(this);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flushAll);
    }
  }

  flush(): void {
    const frames = this.frames;
    if (frames.length === 0) return;
    this.frames = [];
    dirty.delete(this);
    this.sentAt = performance.now();
    if (frames.length === 1) {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- frames has exactly one entry here
      sendText(this.socket, frames[0] as string | Buffer);
      return;
    }
    let chunk: (string | Buffer)[] = [];
    let size = 0;
    const send = () => {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- chunk has exactly one entry here
      if (chunk.length === 1) sendText(this.socket, chunk[0] as string | Buffer);
      else if (chunk.length > 1) sendText(this.socket, batchOf(chunk));
      chunk = [];
      size = 0;
    };
    for (const frame of frames) {
      if (size + frame.length > MAX_BATCH_CHARS && chunk.length > 0) send();
      chunk.push(frame);
      size += frame.length + 1;
    }
    send();
  }
}
