import type { Command } from '../../../shared/desk/events';
import type { AckResult, ErrorCode } from '../../../shared/protocol';

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
  /** The connection number this command was last written on; resent once per new connection. */
  sentOn: number;
  resolve(result: AckResult): void;
  reject(error: CommandError): void;
}

/** Commands wait here while the link is down and until their ack; the server deduplicates by id. */
export class Outbox {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly limit = 1000) {}

  get size(): number {
    return this.pending.size;
  }

  add(id: string, cmd: Command): Promise<AckResult> {
    if (this.pending.size >= this.limit) {
      return Promise.reject(new CommandError('offline', `outbox is full (${this.limit} commands waiting for the backend)`));
    }
    return new Promise((resolve, reject) => this.pending.set(id, { id, cmd, sentOn: -1, resolve, reject }));
  }

  /** Commands not yet written on this connection, oldest first, marked as written. */
  takeUnsent(connection: number): { id: string; cmd: Command }[] {
    const out: { id: string; cmd: Command }[] = [];
    for (const entry of this.pending.values()) {
      if (entry.sentOn === connection) continue;
      entry.sentOn = connection;
      out.push({ id: entry.id, cmd: entry.cmd });
    }
    return out;
  }

  ack(id: string, result: AckResult): boolean {
    const entry = this.pending.get(id);
    if (!entry) return false;
    this.pending.delete(id);
    entry.resolve(result);
    return true;
  }

  fail(id: string, error: CommandError): boolean {
    const entry = this.pending.get(id);
    if (!entry) return false;
    this.pending.delete(id);
    entry.reject(error);
    return true;
  }

  /** Fail everything waiting; `make` learns whether a command was already written to a socket. */
  failAll(make: CommandError | ((written: boolean) => CommandError)): void {
    for (const [id, entry] of [...this.pending]) this.fail(id, typeof make === 'function' ? make(entry.sentOn >= 0) : make);
  }
}
