/**
 * Password checks in flight, bounded. Each check is a full scrypt hash (64 MiB, ~125 ms), so a
 * flood of sign-ins queued without a bound held a librarian's right password behind minutes of
 * hashing. Here at most `concurrency` checks run at once; desks that signed in before (a device
 * token) wait in their own lane, served first; everyone else is served address by address in
 * turn, so one address's flood does not stall the others. Nobody waits longer than `maxWaitMs`,
 * and one address keeps at most `waitingPerAddress` checks waiting: beyond either, the caller is
 * told at once to come back (CheckLanesFull), never held.
 */

export type CheckLane = 'trusted' | 'open';

export interface CheckLaneLimits {
  concurrency: number;
  maxWaitMs: number;
  waitingPerAddress: number;
}

/** No room for this check now: try again after `retryAfterMs`. */
export class CheckLanesFull extends Error {
  constructor(readonly retryAfterMs: number) {
    super('too many sign-ins are being checked');
  }
}

interface Waiter {
  address: string;
  start(): void;
  refuse(): void;
  timer: NodeJS.Timeout;
}

/** How much each new duration moves the typical one: recent checks count most. */
const TYPICAL_WEIGHT = 0.2;

export class CheckLanes {
  private running = 0;
  private readonly trusted: Waiter[] = [];
  /** Waiting checks per address; a Map keeps insertion order, which the round robin uses. */
  private readonly open = new Map<string, Waiter[]>();
  private typical = 0;

  constructor(
    private readonly limits: CheckLaneLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Checks running now (never above the concurrency). */
  get inFlight(): number {
    return this.running;
  }

  /** Checks waiting now, in both lanes. */
  get waiting(): number {
    let count = this.trusted.length;
    for (const queue of this.open.values()) count += queue.length;
    return count;
  }

  /**
   * How long a check takes, lately (a flooded address's checks rarely wait: its unknown names
   * never reach the lanes): what a refusal that skips the check waits, so the two cannot be told
   * apart by timing.
   */
  get typicalMs(): number {
    return this.typical;
  }

  /** Run `check` when a place is free; throws CheckLanesFull when it cannot start in time. */
  async run<T>(lane: CheckLane, address: string, check: () => Promise<T>): Promise<T> {
    await this.admit(lane, address);
    const started = this.now();
    try {
      return await check();
    } finally {
      this.running -= 1;
      const took = this.now() - started;
      this.typical = this.typical === 0 ? took : this.typical + TYPICAL_WEIGHT * (took - this.typical);
      this.startNext();
    }
  }

  private admit(lane: CheckLane, address: string): Promise<void> {
    if (this.running < this.limits.concurrency && this.waiting === 0) {
      this.running += 1;
      return Promise.resolve();
    }
    const queue = lane === 'trusted' ? this.trusted : this.open.get(address);
    if (lane === 'open' && (queue?.length ?? 0) >= this.limits.waitingPerAddress) {
      return Promise.reject(new CheckLanesFull(this.limits.maxWaitMs));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        address,
        start: resolve,
        refuse: () => reject(new CheckLanesFull(this.limits.maxWaitMs)),
        timer: setTimeout(() => this.giveUp(lane, waiter), this.limits.maxWaitMs),
      };
      if (lane === 'trusted') this.trusted.push(waiter);
      else if (queue) queue.push(waiter);
      else this.open.set(address, [waiter]);
    });
  }

  private giveUp(lane: CheckLane, waiter: Waiter): void {
    const queue = lane === 'trusted' ? this.trusted : this.open.get(waiter.address);
    const at = queue?.indexOf(waiter) ?? -1;
    if (!queue || at < 0) return;
    queue.splice(at, 1);
    if (lane === 'open' && queue.length === 0) this.open.delete(waiter.address);
    waiter.refuse();
  }

  private startNext(): void {
    while (this.running < this.limits.concurrency) {
      const waiter = this.trusted.shift() ?? this.nextOpen();
      if (!waiter) return;
      clearTimeout(waiter.timer);
      this.running += 1;
      waiter.start();
    }
  }

  /** The first address in turn gives one waiter, then goes to the back of the line. */
  private nextOpen(): Waiter | undefined {
    for (const [address, queue] of this.open) {
      this.open.delete(address);
      const waiter = queue.shift();
      if (queue.length > 0) this.open.set(address, queue);
      if (waiter) return waiter;
    }
    return undefined;
  }
}
