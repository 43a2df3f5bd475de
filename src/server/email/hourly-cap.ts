/** How long the cap counts over: an hour. */
export const CAP_WINDOW_MS = 60 * 60_000;

/**
 * At most `max` of something in any hour (a sliding window): what bounds the mail that patrons
 * can cause for the whole server, whatever addresses they come from. Holds at most `max` times.
 */
export class HourlyCap {
  /** When each counted thing happened, oldest first. */
  private readonly times: number[] = [];

  constructor(
    readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Count one now, unless `max` were counted in the last hour (then nothing is counted). */
  take(): boolean {
    this.forget();
    if (this.times.length >= this.max) return false;
    this.times.push(this.now());
    return true;
  }

  /** How long until one more may be counted (0 if one may now). */
  msUntilRoom(): number {
    this.forget();
    const oldest = this.times[0];
    return this.times.length < this.max || oldest === undefined ? 0 : oldest + CAP_WINDOW_MS - this.now();
  }

  private forget(): void {
    const since = this.now() - CAP_WINDOW_MS;
    let drop = 0;
    while (drop < this.times.length && (this.times[drop] ?? 0) <= since) drop += 1;
    if (drop > 0) this.times.splice(0, drop);
  }
}
