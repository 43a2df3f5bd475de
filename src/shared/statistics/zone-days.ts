import { tzOffset, tzScan } from '@date-fns/tz';
import { parseDay } from './schemas';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** The calendar day (`YYYY-MM-DD`) a moment falls on in a zone. */
export function zoneDay(timeZone: string, at: number): string {
  return new Date(at + tzOffset(timeZone, new Date(at)) * MINUTE_MS).toISOString().slice(0, 10);
}

/** Where a moment falls in the zone: the day of the range (0 = the first), weekday (0 Monday .. 6 Sunday) and hour. */
export interface LocalSlot {
  weekday: number;
  hour: number;
}

/**
 * The calendar days `from`..`to` (both included) of one time zone, as instants, and where any
 * moment in them falls. The zone's offset changes (DST) are read once for the range, so placing a
 * chat is arithmetic: a day of 23 or 25 hours has exactly the hours it had on the wall clock.
 */
export class ZoneDays {
  /** The instant each day starts, and one more: the end of the range. */
  readonly starts: number[];
  readonly labels: string[];
  /** Offsets in ms from UTC, each from its instant on (the first from the start of time). */
  private readonly offsets: { from: number; offsetMs: number }[];

  constructor(
    readonly timeZone: string,
    from: string,
    to: string,
  ) {
    const first = parseDay(from);
    const last = parseDay(to);
    if (first === null || last === null || last < first) throw new RangeError(`not a range of days: ${from}..${to}`);
    // Scan a day beyond each end, so the midnights at both ends have their right offset.
    const scanFrom = new Date((first - 1) * DAY_MS);
    const scanTo = new Date((last + 2) * DAY_MS);
    this.offsets = [{ from: Number.NEGATIVE_INFINITY, offsetMs: tzOffset(timeZone, scanFrom) * MINUTE_MS }];
    for (const change of tzScan(timeZone, { start: scanFrom, end: scanTo })) this.offsets.push({ from: change.date.getTime(), offsetMs: change.offset * MINUTE_MS });
    this.starts = [];
    this.labels = [];
    for (let day = first; day <= last + 1; day++) {
      this.starts.push(this.midnight(day));
      if (day <= last) this.labels.push(new Date(day * DAY_MS).toISOString().slice(0, 10));
    }
  }

  get startMs(): number {
    return this.starts[0] ?? 0;
  }

  get endMs(): number {
    return this.starts[this.starts.length - 1] ?? 0;
  }

  /** The weekday and hour of a moment, on the zone's wall clock. */
  slot(at: number): LocalSlot {
    const hourOfWeek = this.hourOfWeek(at);
    return { weekday: Math.floor(hourOfWeek / 24), hour: hourOfWeek % 24 };
  }

  /** weekday * 24 + hour (0 is Monday midnight to 1 am), without an object: it runs once per chat. */
  hourOfWeek(at: number): number {
    // Hours since 1970-01-01 00:00 on the wall clock; that day was a Thursday (72 hours after a Monday).
    const localHours = Math.floor((at + this.offsetAt(at)) / HOUR_MS);
    return (((localHours + 72) % 168) + 168) % 168;
  }

  private offsetAt(at: number): number {
    let offset = this.offsets[0]?.offsetMs ?? 0;
    for (const change of this.offsets) {
      if (change.from > at) break;
      offset = change.offsetMs;
    }
    return offset;
  }

  /** The instant the zone's wall clock reads midnight of `day` (a change never falls at midnight in the zones we serve; if it did, the first moment of the day). */
  private midnight(day: number): number {
    const wall = day * DAY_MS;
    const guess = wall - this.offsetAt(wall);
    return wall - this.offsetAt(guess);
  }
}
