import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DeliveryChannel } from '../../shared/tickets/schemas';
import {
  type CampusPickupFigures,
  type ChatStatistics,
  type DayVolume,
  type LibrarianFigures,
  STATISTICS_TIME_ZONE,
  type StatisticsQuery,
  type StatisticsScope,
  type TicketFigures,
  type TransferFigures,
} from '../../shared/statistics/schemas';
import { compactDay, type DayFacts, type Interned, type Interning, type SettledDays } from './day-facts';
import type { StatisticsStore, Window } from './statistics-store';
import { Counts, Durations, PickupTally } from './tallies';
import { ZoneDays } from '../../shared/statistics/zone-days';

/** The longest the statistics hold the event loop before letting sockets and timers run. */
const SLICE_MS = 4;
/** Days per read of the smaller tables (transfers, tickets, ratings). */
const WINDOW_DAYS = 31;

/** Gives the event loop a turn whenever the work since the last one took a slice. */
class Slicer {
  private since = performance.now();

  async breathe(): Promise<void> {
    if (performance.now() - this.since < SLICE_MS) return;
    await nextTurn();
    this.since = performance.now();
  }
}

/** 168 hours as 7 rows (Monday first) of 24. */
const weekGrid = (byHour: number[]): number[][] => Array.from({ length: 7 }, (_, day) => byHour.slice(day * 24, day * 24 + 24));

/** Which chats of a day count, and for whom (Interned numbers; -2 matches nothing). */
interface ChatFilter {
  campus: number | null;
  me: number | null;
}

/** Everything counted per chat: pickups per campus and for all, the week grid, the days, lengths, librarians. */
class ChatTallies {
  readonly all: PickupTally;
  readonly campuses = new Map<number, PickupTally>();
  /** By hour of the week (weekday * 24 + hour). */
  readonly chatsByHour = new Array<number>(168).fill(0);
  readonly unansweredByHour = new Array<number>(168).fill(0);
  readonly days: DayVolume[];
  readonly lengths = new Durations();
  readonly handled = new Counts<number>();
  readonly pickupsBy = new Map<number, Durations>();

  constructor(
    private readonly goalMs: number,
    zone: ZoneDays,
    /** Own figures: only the chats this librarian claimed first count (their held-last chats count as handled). */
    private readonly filter: ChatFilter,
  ) {
    this.all = new PickupTally(goalMs);
    this.days = zone.labels.map((day) => ({ day, started: 0, claimed: 0, unanswered: 0 }));
  }

  addDay(facts: DayFacts, dayIndex: number): void {
    const { campus: only, me } = this.filter;
    const day = this.days[dayIndex];
    for (let i = 0; i < facts.count; i++) {
      const campusId = facts.campus[i] ?? -1;
      if (only !== null && campusId !== only) continue;
      const firstClaimedBy = facts.firstClaimedBy[i] ?? -1;
      const heldBy = facts.heldBy[i] ?? -1;
      if (me !== null && firstClaimedBy !== me && heldBy !== me) continue;
      if (heldBy >= 0) this.handled.add(heldBy);
      if (me !== null && firstClaimedBy !== me) continue;
      const pickup = facts.pickupMs[i] ?? Number.NaN;
      const answered = !Number.isNaN(pickup);
      const flags = facts.flags[i] ?? 0;
      this.all.add(answered ? pickup : null, flags);
      let campus = this.campuses.get(campusId);
      if (!campus) this.campuses.set(campusId, (campus = new PickupTally(this.goalMs)));
      campus.add(answered ? pickup : null, flags);
      const hourOfWeek = facts.hourOfWeek[i] ?? 0;
      this.chatsByHour[hourOfWeek] = (this.chatsByHour[hourOfWeek] ?? 0) + 1;
      if (day) day.started++;
      if (answered) {
        if (day) day.claimed++;
        const length = facts.lengthMs[i] ?? Number.NaN;
        if (!Number.isNaN(length)) this.lengths.add(length);
        if (firstClaimedBy >= 0) {
          let mine = this.pickupsBy.get(firstClaimedBy);
          if (!mine) this.pickupsBy.set(firstClaimedBy, (mine = new Durations()));
          mine.add(pickup);
        }
      } else {
        this.unansweredByHour[hourOfWeek] = (this.unansweredByHour[hourOfWeek] ?? 0) + 1;
        if (day) day.unanswered++;
      }
    }
  }
}

/** Hand-offs, tickets and ratings, counted from their own tables' grouped reads. */
class HandoffTallies {
  readonly offers = new Counts<string>();
  readonly transfersOut = new Counts<string>();
  toQueue = 0;
  readonly ticketsByCampus = new Map<string, { total: number; byPatron: number; byLibrarian: number }>();
  readonly deliveries = new Map<DeliveryChannel, { sent: number; pending: number; failed: number }>();
  notForwarded = 0;
  readonly ratings = [0, 0, 0, 0, 0];

  add(store: StatisticsStore, window: Window): void {
    for (const row of store.transfers(window)) {
      this.offers.add(row.state, row.n);
      this.transfersOut.add(row.from_id, row.n);
    }
    for (const row of store.requeues(window)) {
      this.toQueue += row.n;
      this.transfersOut.add(row.by_id, row.n);
    }
    for (const row of store.tickets(window)) {
      let campus = this.ticketsByCampus.get(row.campus);
      if (!campus) this.ticketsByCampus.set(row.campus, (campus = { total: 0, byPatron: 0, byLibrarian: 0 }));
      campus.total += row.n;
      if (row.by_patron === 1) campus.byPatron += row.n;
      else campus.byLibrarian += row.n;
    }
    for (const row of store.deliveries(window)) {
      const channel = DeliveryChannel.safeParse(row.channel);
      if (!channel.success) {
        // The LEFT JOIN's row for tickets with no outbox row: no channel was set up for them.
        if (row.channel === null) this.notForwarded += row.n;
        continue;
      }
      let counts = this.deliveries.get(channel.data);
      if (!counts) this.deliveries.set(channel.data, (counts = { sent: 0, pending: 0, failed: 0 }));
      if (row.state === 'sent' || row.state === 'pending' || row.state === 'failed') counts[row.state] += row.n;
    }
    for (const row of store.ratings(window)) {
      if (row.rating >= 1 && row.rating <= 5) this.ratings[row.rating - 1] = (this.ratings[row.rating - 1] ?? 0) + row.n;
    }
  }

  transfers(): TransferFigures {
    const offered = this.offers.keys().reduce((sum, state) => sum + this.offers.get(state), 0);
    return {
      toLibrarian: {
        offered,
        accepted: this.offers.get('accepted'),
        declined: this.offers.get('declined'),
        timedOut: this.offers.get('expired'),
        withdrawn: this.offers.get('cancelled'),
        pending: this.offers.get('pending'),
      },
      toQueue: this.toQueue,
    };
  }

  tickets(): TicketFigures {
    const byCampus = [...this.ticketsByCampus.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([campus, counts]) => ({ campus, ...counts }));
    const sum = (pick: (row: (typeof byCampus)[number]) => number) => byCampus.reduce((total, row) => total + pick(row), 0);
    return {
      total: sum((row) => row.total),
      byPatron: sum((row) => row.byPatron),
      byLibrarian: sum((row) => row.byLibrarian),
      byCampus,
      byDelivery: DeliveryChannel.options.flatMap((channel) => {
        const counts = this.deliveries.get(channel);
        return counts ? [{ channel, ...counts }] : [];
      }),
      notForwarded: this.notForwarded,
    };
  }

  feedback(): ChatStatistics['feedback'] {
    const count = this.ratings.reduce((a, b) => a + b, 0);
    const total = this.ratings.reduce((sum, n, i) => sum + n * (i + 1), 0);
    return { count, average: count === 0 ? null : Math.round((total / count) * 100) / 100, byRating: [...this.ratings] };
  }
}

export interface StatisticsRequest {
  query: StatisticsQuery;
  scope: StatisticsScope;
  goalMs: number;
  now: number;
}

/** What outlives one request: the interned ids and the days that can no longer change. */
export interface StatisticsMemory extends Interning {
  settled: SettledDays;
}

/** A day is kept once it is over (by this margin: a claim's transaction in flight), has chats, and none of them is open. */
const SETTLE_MARGIN_MS = 60 * 60_000;

/** A New York day's chats: kept ones from memory, others from SQLite (and kept if settled). */
function dayFacts(store: StatisticsStore, memory: StatisticsMemory, zone: ZoneDays, lo: number, hi: number, now: number): DayFacts {
  const kept = memory.settled.get(lo);
  if (kept) return kept;
  const facts = compactDay(store.chats({ lo, hi }), zone, memory);
  // A day without chats is not kept: there is nothing to save by it.
  if (facts.count > 0 && hi <= now - SETTLE_MARGIN_MS && !store.anyOpen({ lo, hi })) memory.settled.keep(lo, facts);
  return facts;
}

/**
 * Read the days of a range once, keeping the settled ones, in slices: after the server starts, so
 * the first answer that covers them does not have to. Stops early when `stopped()` says so.
 */
export async function settleDays(store: StatisticsStore, memory: StatisticsMemory, zone: ZoneDays, now: number, stopped: () => boolean): Promise<void> {
  const slicer = new Slicer();
  for (let day = 0; day < zone.labels.length && !stopped(); day++) {
    dayFacts(store, memory, zone, zone.starts[day] ?? 0, zone.starts[day + 1] ?? 0, now);
    await slicer.breathe();
  }
}

/**
 * The figures for a range, computed from SQLite a New York day at a time (and the smaller tables a
 * month at a time), giving the event loop a turn every few milliseconds: a year of a busy
 * consortium never holds the sockets up for long. Days that can no longer change are read once.
 */
export async function computeStatistics(store: StatisticsStore, memory: StatisticsMemory, request: StatisticsRequest): Promise<ChatStatistics> {
  const { query, scope, goalMs } = request;
  const zone = new ZoneDays(STATISTICS_TIME_ZONE, query.from, query.to);
  const me = scope.kind === 'own' ? scope.operatorId : null;
  const campus = query.campus ?? null;
  const slicer = new Slicer();
  const chats = new ChatTallies(goalMs, zone, {
    // Interned now if not seen yet (the route admits only campuses of the directory, and me is signed in).
    campus: campus === null ? null : memory.campuses.of(campus),
    me: me === null ? null : memory.operators.of(me),
  });
  const handoffs = new HandoffTallies();
  for (let day = 0; day < zone.labels.length; day++) {
    const lo = zone.starts[day] ?? 0;
    const hi = zone.starts[day + 1] ?? 0;
    chats.addDay(dayFacts(store, memory, zone, lo, hi, request.now), day);
    if ((day + 1) % WINDOW_DAYS === 0 || day === zone.labels.length - 1) {
      await slicer.breathe();
      const first = day - (day % WINDOW_DAYS);
      handoffs.add(store, { lo: zone.starts[first] ?? 0, hi, campus, me });
    }
    await slicer.breathe();
  }
  // Each sort of pickups is a slice of its own.
  const all = chats.all.figures();
  const campuses: CampusPickupFigures[] = [];
  const campusIds = [...chats.campuses.entries()].map(([n, tally]) => [memory.campuses.name(n), tally] as const);
  for (const [id, tally] of campusIds.sort(([a], [b]) => a.localeCompare(b))) {
    await slicer.breathe();
    campuses.push({ campus: id, ...tally.figures() });
  }
  await slicer.breathe();
  const chatLength = { chats: chats.lengths.count, ...renameSpread(chats.lengths.spread()) };
  await slicer.breathe();
  const librarians = librarianRows(store, memory.operators, chats, handoffs, me);
  return {
    from: query.from,
    to: query.to,
    campus,
    timeZone: STATISTICS_TIME_ZONE,
    scope,
    goalMs,
    computedAt: request.now,
    all,
    campuses,
    hourOfWeek: { chats: weekGrid(chats.chatsByHour), unanswered: weekGrid(chats.unansweredByHour) },
    byDay: chats.days,
    transfers: handoffs.transfers(),
    tickets: handoffs.tickets(),
    chatLength,
    feedback: handoffs.feedback(),
    librarians,
  };
}

const renameSpread = (spread: { median: number | null; p90: number | null }) => ({ medianMs: spread.median, p90Ms: spread.p90 });

/** One row per librarian with any work in the range (own figures: just theirs), by name. */
function librarianRows(store: StatisticsStore, operators: Interned, chats: ChatTallies, handoffs: HandoffTallies, me: string | null): LibrarianFigures[] {
  const rows: LibrarianFigures[] = [];
  for (const operator of store.operators()) {
    if (me !== null && operator.id !== me) continue;
    const n = operators.find(operator.id);
    const pickups = chats.pickupsBy.get(n);
    const handled = chats.handled.get(n);
    const transfersOut = handoffs.transfersOut.get(operator.id);
    if (me === null && handled === 0 && !pickups && transfersOut === 0) continue;
    rows.push({
      operatorId: operator.id,
      name: operator.name,
      campus: operator.campus,
      handled,
      pickups: pickups?.count ?? 0,
      pickupMedianMs: pickups?.spread().median ?? null,
      transfersOut,
    });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name) || a.operatorId.localeCompare(b.operatorId));
}
