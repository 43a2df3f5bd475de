import { DeliveryChannel } from '../../../shared/tickets/schemas';
import type { Db } from '../../platform/db';
import { DeadlineTimer } from '../../platform/deadlines';
import { errorData, type LogFn } from '../../platform/log';
import type { OutboxRow } from '../ticket-store';
import { isOneOf, messageOf } from '../../../shared/narrow';

export interface OutboxTuning {
  /** The first retry waits this long; each next one twice as long, up to `retryCapMs`. */
  retryBaseMs: number;
  retryCapMs: number;
  /** After this many attempts the delivery is marked failed (a librarian may retry it). */
  maxAttempts: number;
}

export const DEFAULT_OUTBOX_TUNING: OutboxTuning = { retryBaseMs: 10_000, retryCapMs: 30 * 60_000, maxAttempts: 12 };

/**
 * Thrown by a delivery that must wait rather than fail (a cap is reached): no attempt is spent,
 * and it is tried again after `retryAfterMs`.
 */
export class DeliveryDeferred extends Error {
  constructor(
    readonly retryAfterMs: number,
    message: string,
  ) {
    super(message);
  }
}

/** Sends one delivery; resolves with what to keep (a message id, a ticket's address), rejects with why not (DeliveryDeferred: not yet). */
export type Deliver = (row: OutboxRow) => Promise<string>;

/** Each delivery's delay before attempt n+1, with a little jitter so a recovered far side is not hit all at once. */
export function backoffMs(attempts: number, tuning: OutboxTuning, random: () => number = Math.random): number {
  const base = Math.min(tuning.retryCapMs, tuning.retryBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

const keyOf = (row: Pick<OutboxRow, 'ticket_id' | 'channel'>): string => `${row.ticket_id} ${row.channel}`;

/**
 * The persistent outbox for mailing and forwarding tickets (SQLite, table ticket_outbox). An
 * attempt first takes a lease (attempts + 1 and the next retry time, committed), then sends; a
 * success marks the row sent. So a far side that is down costs retries with backoff, and a
 * backend that stops at any point finds every unsent delivery again when it starts; what was
 * marked sent is never sent again. (A process killed between the far side's acceptance and the
 * mark would send once more: the email keeps its Message-ID for that case.)
 */
export class TicketOutbox {
  private readonly timer: DeadlineTimer<string>;
  private readonly inFlight = new Map<string, Promise<void>>();
  private closed = false;
  private readonly due;
  private readonly byKey;
  private readonly lease;
  private readonly markSent;
  private readonly markFailure;
  private readonly markDeferred;

  constructor(
    db: Db,
    private readonly deliver: Record<DeliveryChannel, Deliver>,
    private readonly tuning: OutboxTuning,
    private readonly now: () => number,
    private readonly log: LogFn,
    /** A delivery's state changed (desks show it on the ticket). */
    private readonly changed: (ticketId: string) => void,
    /** The backoff's jitter. */
    private readonly random: () => number = Math.random,
  ) {
    this.due = db.prepare<[], OutboxRow>(`SELECT * FROM ticket_outbox WHERE state = 'pending' ORDER BY next_at`);
    this.byKey = db.prepare<[string, string], OutboxRow>('SELECT * FROM ticket_outbox WHERE ticket_id = ? AND channel = ?');
    this.lease = db.prepare(
      `UPDATE ticket_outbox SET attempts = attempts + 1, next_at = ? WHERE ticket_id = ? AND channel = ? AND state = 'pending' AND attempts = ?`,
    );
    this.markSent = db.prepare(`UPDATE ticket_outbox SET state = 'sent', sent_at = ?, result = ?, last_error = '' WHERE ticket_id = ? AND channel = ? AND state = 'pending'`);
    this.markFailure = db.prepare(`UPDATE ticket_outbox SET state = ?, last_error = ?, next_at = ? WHERE ticket_id = ? AND channel = ? AND state = 'pending'`);
    // The lease's attempt is given back: waiting for room is not a failure of the far side.
    this.markDeferred = db.prepare(
      `UPDATE ticket_outbox SET attempts = attempts - 1, last_error = ?, next_at = ? WHERE ticket_id = ? AND channel = ? AND state = 'pending'`,
    );
    this.timer = new DeadlineTimer(
      (key) => this.attempt(key),
      (error, key) => log('error', 'ticket outbox step failed', { key, ...errorData(error) }),
      now,
    );
  }

  /** Arm every pending delivery (at start, after a restart, and after new ones are enqueued). */
  wake(): void {
    if (this.closed) return;
    for (const row of this.due.all()) {
      const key = keyOf(row);
      if (!this.inFlight.has(key) && !this.timer.has(key)) this.timer.set(key, row.next_at ?? this.now());
    }
  }

  get size(): number {
    return this.timer.size + this.inFlight.size;
  }

  /** Stop: nothing new starts; attempts under way get a moment to finish and be recorded. */
  async close(waitMs = 2_000): Promise<void> {
    this.closed = true;
    this.timer.close();
    const pending = [...this.inFlight.values()];
    if (pending.length === 0) return;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(pending), new Promise<void>((resolve) => (timeout = setTimeout(resolve, waitMs)))]);
    clearTimeout(timeout);
  }

  private attempt(key: string): void {
    if (this.closed || this.inFlight.has(key)) return;
    const [ticketId = '', channel = ''] = key.split(' ');
    const row = this.byKey.get(ticketId, channel);
    if (!row || row.state !== 'pending') return;
    // The lease: committed before sending, so a stop mid-send retries after the backoff, never at once in a loop.
    const retryAt = this.now() + backoffMs(row.attempts + 1, this.tuning, this.random);
    if (this.lease.run(retryAt, ticketId, channel, row.attempts).changes !== 1) return;
    const leased = { ...row, attempts: row.attempts + 1, next_at: retryAt };
    const run = this.send(leased).finally(() => {
      this.inFlight.delete(key);
      // A delivery still pending (it failed) waits for its retry time.
      if (!this.closed) this.wake();
    });
    this.inFlight.set(key, run);
  }

  /** Told once (a log line, the desks) when a delivery starts waiting, not at each try: a backlog must not flood either. */
  private deferred(row: OutboxRow, why: DeliveryDeferred): void {
    const message = why.message.slice(0, 500);
    // A little spread, so a backlog does not all come back in the same instant.
    this.markDeferred.run(message, this.now() + why.retryAfterMs + Math.round(this.random() * 1_000), row.ticket_id, row.channel);
    if (row.last_error === message) return;
    this.log('warn', 'ticket delivery waits', { ticketId: row.ticket_id, channel: row.channel, why: message, retryAfterMs: why.retryAfterMs });
    this.changed(row.ticket_id);
  }

  private async send(row: OutboxRow): Promise<void> {
    const deliver = isOneOf(DeliveryChannel.options, row.channel) ? this.deliver[row.channel] : undefined;
    let result: string;
    try {
      if (!deliver) throw new Error(`unknown delivery channel "${row.channel}"`);
      result = await deliver(row);
    } catch (error) {
      if (this.closed) return; // the database may be closing: the lease brings it back after a restart
      if (error instanceof DeliveryDeferred) return this.deferred(row, error);
      const message = messageOf(error) || String(error);
      const failed = row.attempts >= this.tuning.maxAttempts;
      // The backoff runs from the failure's end: an attempt that took as long as the wait (a far
      // side that hangs until the timeout) must not be retried the moment it fails.
      const retryAt = failed ? null : this.now() + backoffMs(row.attempts, this.tuning, this.random);
      this.markFailure.run(failed ? 'failed' : 'pending', message.slice(0, 500), retryAt, row.ticket_id, row.channel);
      this.log(failed ? 'error' : 'warn', failed ? 'ticket delivery failed for good' : 'ticket delivery failed; will retry', {
        ticketId: row.ticket_id,
        channel: row.channel,
        attempts: row.attempts,
        error: message.slice(0, 300),
      });
      this.changed(row.ticket_id);
      return;
    }
    if (this.closed) {
      // Sent while stopping: record it if the database is still open, so it is never sent twice.
      try {
        this.markSent.run(this.now(), result.slice(0, 500), row.ticket_id, row.channel);
      } catch {
        // closed already: the lease resends after a restart (the mail keeps its Message-ID)
      }
      return;
    }
    this.markSent.run(this.now(), result.slice(0, 500), row.ticket_id, row.channel);
    this.log('info', 'ticket delivered', { ticketId: row.ticket_id, channel: row.channel, attempts: row.attempts });
    this.changed(row.ticket_id);
  }
}
