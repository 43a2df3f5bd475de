import type { ZoneDays } from '../../shared/statistics/zone-days';
import type { ChatFacts } from './statistics-store';

/** Strings kept once each, as small numbers (campus ids, librarian ids): -1 is none. */
export class Interned {
  private readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  of(name: string | null): number {
    if (name === null) return -1;
    let n = this.numbers.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(name);
      this.numbers.set(name, n);
    }
    return n;
  }

  /** The number of a name seen before, or -2 (matches nothing) for one never seen. */
  find(name: string): number {
    return this.numbers.get(name) ?? -2;
  }

  name(n: number): string {
    return this.names[n] ?? '';
  }
}

/**
 * One New York day's chats, compact (about 27 bytes a chat): the hour of the week each started,
 * pickup and length in ms (NaN: none), the campus it started in, who claimed it first and who held
 * it last (Interned numbers, -1: nobody), and ChatFacts' flags.
 */
export interface DayFacts {
  count: number;
  hourOfWeek: Uint8Array;
  pickupMs: Float64Array;
  lengthMs: Float64Array;
  campus: Int32Array;
  firstClaimedBy: Int32Array;
  heldBy: Int32Array;
  flags: Uint8Array;
}

export interface Interning {
  campuses: Interned;
  operators: Interned;
}

export function compactDay(rows: ChatFacts[], zone: ZoneDays, names: Interning): DayFacts {
  const count = rows.length;
  const day: DayFacts = {
    count,
    hourOfWeek: new Uint8Array(count),
    pickupMs: new Float64Array(count),
    lengthMs: new Float64Array(count),
    campus: new Int32Array(count),
    firstClaimedBy: new Int32Array(count),
    heldBy: new Int32Array(count),
    flags: new Uint8Array(count),
  };
  rows.forEach(([createdAt, pickupMs, lengthMs, campus, firstClaimedBy, heldBy, flags], i) => {
    day.hourOfWeek[i] = zone.hourOfWeek(createdAt);
    day.pickupMs[i] = pickupMs === null ? Number.NaN : Math.max(0, pickupMs);
    day.lengthMs[i] = lengthMs === null ? Number.NaN : Math.max(0, lengthMs);
    day.campus[i] = names.campuses.of(campus);
    day.firstClaimedBy[i] = names.operators.of(firstClaimedBy);
    day.heldBy[i] = names.operators.of(heldBy);
    day.flags[i] = flags;
  });
  return day;
}

/**
 * Days whose chats can no longer change, by the instant the day starts: once every chat a day
 * started has ended, nothing the statistics read of it is written again (a claim, an offer, a
 * hand-over and a requeue all need a chat that is still open). Kept up to MAX_DAYS (about 3 MB for
 * a busy year); the oldest kept goes first.
 */
export class SettledDays {
  static readonly MAX_DAYS = 1200;
  private readonly days = new Map<number, DayFacts>();

  get(dayStart: number): DayFacts | undefined {
    return this.days.get(dayStart);
  }

  keep(dayStart: number, facts: DayFacts): void {
    if (this.days.size >= SettledDays.MAX_DAYS) {
      const oldest = this.days.keys().next();
      if (!oldest.done) this.days.delete(oldest.value);
    }
    this.days.set(dayStart, facts);
  }

  get size(): number {
    return this.days.size;
  }
}
