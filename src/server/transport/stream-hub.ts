import type { DeskEvent } from '../../shared/desk/events';
import { DeadlineTimer } from '../platform/deadlines';
import { newId } from '../platform/secrets';

/** Where a stream's frames go while an operator socket is attached to it. */
export interface StreamSink {
  send(text: string): void;
  /** Drop the socket at once: a newer socket took the stream, or the session ended. */
  terminate(reason: 'replaced' | 'signed_out'): void;
}

export interface StreamHubOptions {
  bufferSize: number;
  ttlMs: number;
  /** Detached streams kept per operator; older ones are dropped first. */
  maxDetachedPerOperator: number;
  onError: (error: unknown) => void;
  now?: () => number;
}

/** Fixed-size ring of the latest event frames' JSON, for replay on resume. */
class EventRing {
  private readonly items: string[] = [];
  private start = 0;

  constructor(private readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  push(item: string): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** The newest `count` items, oldest first. */
  last(count: number): string[] {
    const out: string[] = [];
    const n = this.items.length;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- (start + i) % n is below n, the ring's length
    for (let i = n - count; i < n; i++) out.push(this.items[(this.start + i) % n] as string);
    return out;
  }
}

/** One operator's ordered view of the desk: sequence numbers are per stream. */
export class OperatorStream {
  seq = 0;
  sink: StreamSink | null = null;
  detachedAt = 0;
  readonly ring: EventRing;

  constructor(
    readonly id: string,
    readonly operatorId: string,
    /** The session whose sign-out ends this stream; a resume under a newer session moves it there. */
    public sessionId: string,
    bufferSize: number,
  ) {
    this.ring = new EventRing(bufferSize);
  }

  /** Every event after `lastSeq` is still buffered. */
  canReplayAfter(lastSeq: number): boolean {
    return lastSeq <= this.seq && this.seq - lastSeq <= this.ring.length;
  }
}

const eventFrame = (seq: number, eventJson: string): string => `{"type":"event","seq":${seq},"event":${eventJson}}`;

/**
 * All operator streams, attached or detached. Every desk event goes to every stream; a
 * detached stream buffers it for a resume and expires after the TTL.
 */
export class StreamHub {
  private readonly streams = new Map<string, OperatorStream>();
  private readonly expiry: DeadlineTimer<string>;
  private readonly now: () => number;
  private readonly attachmentFollowers: ((operatorId: string) => void)[] = [];

  constructor(private readonly options: StreamHubOptions) {
    this.now = options.now ?? Date.now;
    this.expiry = new DeadlineTimer((id) => this.expire(id), options.onError, this.now);
  }

  get size(): number {
    return this.streams.size;
  }

  /** Hear when an operator's streams attach or detach (presence follows it); the hub is built before anyone follows. */
  followAttachments(listener: (operatorId: string) => void): void {
    this.attachmentFollowers.push(listener);
  }

  private attachmentChanged(operatorId: string): void {
    for (const listener of this.attachmentFollowers) listener(operatorId);
  }

  /** A new stream, attached to `sink`, starting at seq 0 (the snapshot's seq). */
  open(operatorId: string, sessionId: string, sink: StreamSink): OperatorStream {
    const stream = new OperatorStream(newId(12), operatorId, sessionId, this.options.bufferSize);
    stream.sink = sink;
    this.streams.set(stream.id, stream);
    this.attachmentChanged(operatorId);
    return stream;
  }

  /**
   * Re-attach an operator's stream and return the frames it missed, or null when it cannot be
   * resumed (unknown, expired, someone else's, or the buffer no longer holds everything).
   */
  resume(
    operatorId: string,
    sessionId: string,
    streamId: string,
    lastSeq: number,
    sink: StreamSink,
  ): { stream: OperatorStream; missed: string[] } | null {
    const stream = this.streams.get(streamId);
    if (!stream || stream.operatorId !== operatorId || !stream.canReplayAfter(lastSeq)) return null;
    const previous = stream.sink;
    stream.sink = sink;
    stream.sessionId = sessionId;
    this.expiry.delete(stream.id);
    // A half-open socket still holding the stream loses it to the newer one.
    if (previous && previous !== sink) previous.terminate('replaced');
    const count = stream.seq - lastSeq;
    const frames = stream.ring.last(count).map((json, i) => eventFrame(stream.seq - count + 1 + i, json));
    this.attachmentChanged(operatorId);
    return { stream, missed: frames };
  }

  /** The socket went away; the stream keeps buffering until resumed or expired. */
  detach(stream: OperatorStream, sink: StreamSink): void {
    if (stream.sink !== sink || !this.streams.has(stream.id)) return;
    stream.sink = null;
    stream.detachedAt = this.now();
    this.expiry.set(stream.id, stream.detachedAt + this.options.ttlMs);
    this.limitDetached(stream.operatorId);
    this.attachmentChanged(stream.operatorId);
  }

  publish(event: DeskEvent): void {
    this.publishWhere(() => true, event);
  }

  /** An event only some librarians may see (a note): only their streams get it, and buffer it for a resume. */
  publishTo(operatorIds: ReadonlySet<string>, event: DeskEvent): void {
    this.publishWhere((operatorId) => operatorIds.has(operatorId), event);
  }

  private publishWhere(include: (operatorId: string) => boolean, event: DeskEvent): void {
    const json = JSON.stringify(event);
    for (const stream of this.streams.values()) {
      if (!include(stream.operatorId)) continue;
      stream.seq += 1;
      stream.ring.push(json);
      if (stream.sink) {
        try {
          stream.sink.send(eventFrame(stream.seq, json));
        } catch (error) {
          this.options.onError(error);
        }
      }
    }
  }

  /**
   * A frame for one operator's attached sockets only, outside the event stream: no sequence
   * number, not buffered for a resume (what it says is stale by then). Typing indicators.
   */
  sendTo(operatorId: string, frameJson: string): void {
    for (const stream of this.streams.values()) {
      if (stream.operatorId !== operatorId || !stream.sink) continue;
      try {
        stream.sink.send(frameJson);
      } catch (error) {
        this.options.onError(error);
      }
    }
  }

  attachedCount(operatorId: string): number {
    let n = 0;
    for (const stream of this.streams.values()) if (stream.operatorId === operatorId && stream.sink) n++;
    return n;
  }

  /** Sign-out: the session's streams end and their sockets are dropped. */
  dropSession(sessionId: string): void {
    const operators = new Set<string>();
    for (const stream of [...this.streams.values()]) {
      if (stream.sessionId !== sessionId) continue;
      this.remove(stream);
      operators.add(stream.operatorId);
      stream.sink?.terminate('signed_out');
      stream.sink = null;
    }
    for (const operatorId of operators) this.attachmentChanged(operatorId);
  }

  /** An account was cut off (disabled, its sessions ended, perhaps by the command line): every stream of it ends, its sockets dropped. */
  dropOperator(operatorId: string): void {
    const sessions = new Set<string>();
    for (const stream of this.streams.values()) if (stream.operatorId === operatorId) sessions.add(stream.sessionId);
    for (const sessionId of sessions) this.dropSession(sessionId);
  }

  close(): void {
    this.expiry.close();
    this.streams.clear();
  }

  private remove(stream: OperatorStream): void {
    this.streams.delete(stream.id);
    this.expiry.delete(stream.id);
  }

  private expire(streamId: string): void {
    const stream = this.streams.get(streamId);
    if (stream && !stream.sink) this.remove(stream);
  }

  private limitDetached(operatorId: string): void {
    const detached = [...this.streams.values()].filter((s) => s.operatorId === operatorId && !s.sink);
    if (detached.length <= this.options.maxDetachedPerOperator) return;
    detached.sort((a, b) => a.detachedAt - b.detachedAt);
    for (const stream of detached.slice(0, detached.length - this.options.maxDetachedPerOperator)) this.remove(stream);
  }
}
