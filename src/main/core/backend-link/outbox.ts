import type { Command } from '../../../shared/desk/events';
import type { AckResult, ErrorCode } from '../../../shared/protocol';
import type { UnsentLine } from '../../../shared/session/calls';

export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

interface Pending {
  id: string;
  cmd: Command;
  /** The connection number this command was last written on (-1: never written). */
  sentOn: number;
  /** When it was last written (ms), for its deadline. */
  writtenAt: number;
  /** When it was given to the outbox (ms). */
  queuedAt: number;
  /** A line to a patron seen stored by the backend (its event came before the ack): its place in the chat. */
  messageSeq: number | null;
  resolve(result: AckResult): void;
  reject(error: CommandError): void;
}

/**
 * Commands wait here while the link is down and until their ack; the server deduplicates
 * resends by id. One command is in flight at a time, oldest first: the next is written only
 * once the one before it is answered, so the backend applies an operator's commands in the
 * order they were given, whatever the network loses or delays (a lost frame is resent,
 * after its deadline, before anything newer).
 */
export class Outbox {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly limit = 1000,
    /** Told whenever the number waiting changes (the renderer shows it). */
    private readonly onSize: (size: number) => void = () => undefined,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  add(id: string, cmd: Command): Promise<AckResult> {
    if (this.pending.size >= this.limit) {
      return Promise.reject(new CommandError('offline', `outbox is full (${this.limit} commands waiting for the backend)`));
    }
    const queuedAt = Date.now();
    const done = new Promise<AckResult>((resolve, reject) => this.pending.set(id, { id, cmd, sentOn: -1, writtenAt: 0, queuedAt, messageSeq: null, resolve, reject }));
    this.onSize(this.pending.size);
    return done;
  }

  /**
   * The command to write now on `connection`: the oldest waiting, unless it is already in
   * flight on this connection (then nothing: it must be answered first). Marks it written.
   */
  next(connection: number, now: number): { id: string; cmd: Command } | null {
    const head = this.pending.values().next().value;
    if (!head || head.sentOn === connection) return null;
    head.sentOn = connection;
    head.writtenAt = now;
    return { id: head.id, cmd: head.cmd };
  }

  /** When the command in flight on `connection` was written, or null when none is. */
  inFlightSince(connection: number): number | null {
    const head = this.pending.values().next().value;
    return head && head.sentOn === connection ? head.writtenAt : null;
  }

  /** The lines to patrons still waiting for their ack, oldest first (at most `max`). */
  unsentLines(max: number): UnsentLine[] {
    const lines: UnsentLine[] = [];
    for (const { id, cmd, queuedAt, messageSeq } of this.pending.values()) {
      if (lines.length >= max) break;
      if (cmd.kind === 'send') lines.push({ id, chatId: cmd.chatId, text: cmd.text, queuedAt, messageSeq });
    }
    return lines;
  }

  /**
   * The backend published a librarian's line before acking its command: if it is the line in
   * flight (same chat, same text), note where it was stored, so the renderer swaps the pending
   * copy for the stored line in one step and never shows both. True when one was marked.
   */
  markStored(chatId: string, text: string, seq: number): boolean {
    const head = this.pending.values().next().value;
    if (!head || head.sentOn < 0 || head.messageSeq !== null || head.cmd.kind !== 'send') return false;
    if (head.cmd.chatId !== chatId || head.cmd.text !== text) return false;
    head.messageSeq = seq;
    return true;
  }

  ack(id: string, result: AckResult): boolean {
    const entry = this.take(id);
    entry?.resolve(result);
    return entry !== null;
  }

  fail(id: string, error: CommandError): boolean {
    const entry = this.take(id);
    entry?.reject(error);
    return entry !== null;
  }

  /** Fail everything waiting; `make` learns whether a command was already written to a socket. */
  failAll(make: CommandError | ((written: boolean) => CommandError)): void {
    for (const [id, entry] of [...this.pending]) this.fail(id, typeof make === 'function' ? make(entry.sentOn >= 0) : make);
  }

  private take(id: string): Pending | null {
    const entry = this.pending.get(id);
    if (!entry) return null;
    this.pending.delete(id);
    this.onSize(this.pending.size);
    return entry;
  }
}
