/** setTimeout's largest delay; a later deadline is simply re-armed when this one fires. */
const MAX_DELAY_MS = 2_147_483_647;

/**
 * Many keyed deadlines, one timer: armed for the earliest, re-armed after each firing.
 * Deadlines are absolute timestamps, so a late tick never shifts later ones.
 */
export class DeadlineTimer<K> {
  private readonly deadlines = new Map<K, number>();
  private timer: NodeJS.Timeout | null = null;
  private armedAt = Number.POSITIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly onDue: (key: K, at: number) => void,
    private readonly onError: (error: unknown, key: K) => void,
    private readonly now: () => number = Date.now,
  ) {}

  set(key: K, at: number): void {
    if (this.closed) return;
    this.deadlines.set(key, at);
    if (at < this.armedAt) this.arm();
  }

  delete(key: K): void {
    // The timer may stay armed for a removed deadline; it then finds nothing due and re-arms.
    this.deadlines.delete(key);
    if (this.deadlines.size === 0) this.disarm();
  }

  has(key: K): boolean {
    return this.deadlines.has(key);
  }

  get size(): number {
    return this.deadlines.size;
  }

  close(): void {
    this.closed = true;
    this.deadlines.clear();
    this.disarm();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedAt = Number.POSITIVE_INFINITY;
  }

  private arm(): void {
    this.disarm();
    let earliest = Number.POSITIVE_INFINITY;
    for (const at of this.deadlines.values()) if (at < earliest) earliest = at;
    if (earliest === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, earliest - this.now()));
    this.armedAt = earliest;
    this.timer = setTimeout(() => this.fire(), delay);
    this.timer.unref();
  }

  private fire(): void {
    this.timer = null;
    this.armedAt = Number.POSITIVE_INFINITY;
    const now = this.now();
    const due: [K, number][] = [];
    for (const [key, at] of this.deadlines) if (at <= now) due.push([key, at]);
    due.sort((a, b) => a[1] - b[1]);
    for (const [key] of due) this.deadlines.delete(key);
    for (const [key, at] of due) {
      if (this.closed) return;
      try {
        this.onDue(key, at);
      } catch (error) {
        this.onError(error, key);
      }
    }
    if (!this.closed) this.arm();
  }
}
