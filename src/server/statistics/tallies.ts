import { PICKUP_MINUTE_MS, type PickupFigures } from '../../shared/statistics/schemas';
import { PATRON_GONE, REACHED_TICKET_OFFER } from './statistics-store';

/**
 * The nearest-rank percentile (a value that occurred: the smallest with at least p of the values
 * at or below it); null for none. Selects in place (Hoare's quickselect, expected linear time):
 * the order of `values` changes, nothing else.
 */
export function percentile(values: Float64Array, p: number): number | null {
  if (values.length === 0) return null;
  const k = Math.max(0, Math.ceil(p * values.length) - 1);
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] ?? 0) < pivot) i++;
      while ((values[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const swap = values[i] ?? 0;
        values[i] = values[j] ?? 0;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k] ?? null;
}

/** A growable list of durations, sorted once at the end. */
export class Durations {
  private values = new Float64Array(64);
  private size = 0;

  add(ms: number): void {
    if (this.size === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.size++] = ms;
  }

  get count(): number {
    return this.size;
  }

  /** Median and 90th percentile (nearest rank), whole milliseconds; the list's order changes. */
  spread(): { median: number | null; p90: number | null } {
    const values = this.values.subarray(0, this.size);
    const round = (value: number | null) => (value === null ? null : Math.round(value));
    return { median: round(percentile(values, 0.5)), p90: round(percentile(values, 0.9)) };
  }
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** Pickup against the goal for one set of chats, counted one chat at a time. */
export class PickupTally {
  private started = 0;
  private withinGoal = 0;
  private withinMinute = 0;
  private reachedTicketOffer = 0;
  private leftBeforeClaim = 0;
  private readonly pickups = new Durations();

  constructor(private readonly goalMs: number) {}

  /** One chat: its pickup (null: never claimed) and its flags (see ChatFacts). */
  add(pickupMs: number | null, flags: number): void {
    this.started++;
    if (flags & REACHED_TICKET_OFFER) this.reachedTicketOffer++;
    if (pickupMs === null) {
      if (flags & PATRON_GONE) this.leftBeforeClaim++;
      return;
    }
    const pickup = Math.max(0, pickupMs);
    this.pickups.add(pickup);
    if (pickup <= this.goalMs) this.withinGoal++;
    if (pickup <= PICKUP_MINUTE_MS) this.withinMinute++;
  }

  figures(): PickupFigures {
    const { started } = this;
    const claimed = this.pickups.count;
    const neverClaimed = started - claimed;
    const { median, p90 } = this.pickups.spread();
    return {
      started,
      claimed,
      pickupMedianMs: median,
      pickupP90Ms: p90,
      withinGoal: this.withinGoal,
      withinGoalShare: share(this.withinGoal, started),
      withinMinute: this.withinMinute,
      withinMinuteShare: share(this.withinMinute, started),
      neverClaimed,
      neverClaimedShare: share(neverClaimed, started),
      reachedTicketOffer: this.reachedTicketOffer,
      reachedTicketOfferShare: share(this.reachedTicketOffer, started),
      leftBeforeClaim: this.leftBeforeClaim,
      leftBeforeClaimShare: share(this.leftBeforeClaim, started),
    };
  }
}

/** A count per key, for small key sets (campuses, librarians, channels). */
export class Counts<K> {
  private readonly counts = new Map<K, number>();

  add(key: K, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  get(key: K): number {
    return this.counts.get(key) ?? 0;
  }

  keys(): K[] {
    return [...this.counts.keys()];
  }
}
