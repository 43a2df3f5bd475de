import type { DeliveryChannel } from '../../shared/tickets/schemas';
import type { CsvTable } from '../../shared/statistics/csv';
import type { ChatStatistics, PickupFigures } from '../../shared/statistics/schemas';
import { count, duration, type FigureCell, goalLabel, share, shareOf, text } from './format';
import { dayLabel } from './ranges';

/** A column: its heading, and its headings in the CSV (a share with its count takes two). */
export interface FigureColumn {
  label: string;
  csv?: readonly string[];
  /** Words, not figures: aligned to the left. */
  words?: boolean;
}

/** A row: its first cell is the row's heading. */
export interface FigureRow {
  key: string;
  cells: FigureCell[];
}

/** One table of figures: drawn on screen and exported as CSV from the same cells, so the two never differ. */
export interface FigureTable {
  /** Names the table's element and its CSV file. */
  id: string;
  caption: string;
  columns: FigureColumn[];
  rows: FigureRow[];
  /** A totals row, after the rows. */
  total?: FigureRow;
}

/** Campus ids to names, from the desk's directory. */
export type CampusNames = (campus: string) => string;

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const hour = (h: number) => String(h).padStart(2, '0');

export function csvOf(table: FigureTable): CsvTable {
  const rows = [...table.rows, ...(table.total ? [table.total] : [])];
  return { header: table.columns.flatMap((c) => c.csv ?? [c.label]), rows: rows.map((r) => r.cells.flatMap((cell) => cell.values)) };
}

/** deskbell-pickup-2026-11-01-to-2026-11-30[-tunxis].csv */
export const csvFileName = (table: FigureTable, stats: ChatStatistics): string =>
  `deskbell-${table.id}-${stats.from}-to-${stats.to}${stats.campus ? `-${stats.campus}` : ''}.csv`;

function pickupCells(head: string, f: PickupFigures): FigureCell[] {
  return [
    text(head),
    count(f.started),
    count(f.claimed),
    duration(f.pickupMedianMs),
    duration(f.pickupP90Ms),
    shareOf(f.withinGoal, f.withinGoalShare),
    shareOf(f.withinMinute, f.withinMinuteShare),
    shareOf(f.neverClaimed, f.neverClaimedShare),
    shareOf(f.reachedTicketOffer, f.reachedTicketOfferShare),
    shareOf(f.leftBeforeClaim, f.leftBeforeClaimShare),
  ];
}

const twoColumns = (label: string, csvName: string): FigureColumn => ({ label, csv: [`${csvName} (% of started)`, `${csvName} (chats)`] });
/** "20 s" held on one line in a heading (the CSV keeps an ordinary space). */
const unbroken = (text: string) => text.replaceAll(' s', '\u00a0s');

/** Pickup against the goal, per campus and for all: the goal's own figure comes from the answer. */
export function pickupTable(stats: ChatStatistics, names: CampusNames): FigureTable {
  const goal = goalLabel(stats.goalMs);
  return {
    id: 'pickup',
    caption: `Pickup against the ${goal} goal, by the patron's campus`,
    columns: [
      { label: 'Campus' },
      { label: 'Started' },
      { label: 'Claimed' },
      { label: 'Median pickup', csv: ['Median pickup (s)'] },
      { label: '90th percentile', csv: ['90th percentile pickup (s)'] },
      twoColumns(unbroken(`Within ${goal}`), `Claimed within ${goal}`),
      twoColumns(unbroken('Within 60 s'), 'Claimed within 60 s'),
      twoColumns('Never claimed', 'Never claimed'),
      twoColumns('Reached the ticket offer', 'Reached the ticket offer'),
      twoColumns('Left before a claim', 'Left before a claim'),
    ],
    rows: stats.campuses.map((c) => ({ key: c.campus, cells: pickupCells(names(c.campus), c) })),
    total: { key: 'all', cells: pickupCells(stats.campus ? names(stats.campus) : 'All campuses', stats.all) },
  };
}

/** Chats (or unanswered chats) by the New York weekday and hour they started: the heatmap's numbers. */
export function hourOfWeekTable(stats: ChatStatistics, which: 'chats' | 'unanswered'): FigureTable {
  const grid = stats.hourOfWeek[which];
  return {
    id: which === 'chats' ? 'chats-by-hour' : 'unanswered-by-hour',
    caption: which === 'chats' ? 'Chats started, by weekday and hour (New York time)' : 'Chats never claimed, by weekday and hour (New York time)',
    columns: [{ label: 'Day' }, ...Array.from({ length: 24 }, (_, h) => ({ label: hour(h), csv: [`${hour(h)}:00`] })), { label: 'Total' }],
    rows: WEEKDAYS.map((day, d) => {
      const hours = grid[d] ?? [];
      return { key: day, cells: [text(day), ...hours.map(count), count(hours.reduce((a, b) => a + b, 0))] };
    }),
  };
}

export function byDayTable(stats: ChatStatistics): FigureTable {
  const sum = (pick: (d: ChatStatistics['byDay'][number]) => number) => stats.byDay.reduce((total, d) => total + pick(d), 0);
  return {
    id: 'by-day',
    caption: 'Chats by day (New York time)',
    columns: [{ label: 'Day', csv: ['Day (YYYY-MM-DD)'] }, { label: 'Started' }, { label: 'Claimed' }, { label: 'Unanswered' }],
    rows: stats.byDay.map((d) => ({ key: d.day, cells: [{ text: dayLabel(d.day), values: [d.day] }, count(d.started), count(d.claimed), count(d.unanswered)] })),
    total: { key: 'total', cells: [text('Total'), count(sum((d) => d.started)), count(sum((d) => d.claimed)), count(sum((d) => d.unanswered))] },
  };
}

export function transfersTable(stats: ChatStatistics): FigureTable {
  const t = stats.transfers.toLibrarian;
  const row = (key: string, label: string, n: number): FigureRow => ({ key, cells: [text(label), count(n)] });
  return {
    id: 'transfers',
    caption: 'Hand-offs made in the range',
    columns: [{ label: 'Hand-off' }, { label: 'Chats' }],
    rows: [
      row('offered', 'Offered to a librarian', t.offered),
      row('accepted', '… accepted', t.accepted),
      row('declined', '… declined', t.declined),
      row('timed-out', '… timed out', t.timedOut),
      row('withdrawn', '… withdrawn by the sender', t.withdrawn),
      row('pending', '… still open', t.pending),
      row('to-queue', 'Put back in a campus queue', stats.transfers.toQueue),
    ],
  };
}

export function ticketsByCampusTable(stats: ChatStatistics, names: CampusNames): FigureTable {
  const t = stats.tickets;
  return {
    id: 'tickets-by-campus',
    caption: 'Tickets by campus queue',
    columns: [{ label: 'Campus' }, { label: 'Tickets' }, { label: 'Left by the patron' }, { label: 'Made by a librarian' }],
    rows: t.byCampus.map((c) => ({ key: c.campus, cells: [text(names(c.campus)), count(c.total), count(c.byPatron), count(c.byLibrarian)] })),
    total: { key: 'all', cells: [text('All queues'), count(t.total), count(t.byPatron), count(t.byLibrarian)] },
  };
}

const CHANNELS: Record<DeliveryChannel, string> = { email: 'Email', libanswers: 'LibAnswers' };

export function ticketDeliveryTable(stats: ChatStatistics): FigureTable {
  return {
    id: 'ticket-delivery',
    caption: 'How tickets were delivered',
    columns: [{ label: 'Channel' }, { label: 'Sent' }, { label: 'Still trying' }, { label: 'Given up' }],
    rows: [
      ...stats.tickets.byDelivery.map((d) => ({ key: d.channel, cells: [text(CHANNELS[d.channel]), count(d.sent), count(d.pending), count(d.failed)] })),
      { key: 'none', cells: [text('Not forwarded (the desk’s ticket list only)'), count(stats.tickets.notForwarded), count(0), count(0)] },
    ],
  };
}

export function chatLengthTable(stats: ChatStatistics): FigureTable {
  const l = stats.chatLength;
  return {
    id: 'chat-length',
    caption: 'How long answered chats lasted, from the claim to the end',
    columns: [{ label: 'Figure' }, { label: 'Value', csv: ['Value (chats, or seconds)'] }],
    rows: [
      { key: 'chats', cells: [text('Answered chats that ended'), count(l.chats)] },
      { key: 'median', cells: [text('Median length'), duration(l.medianMs)] },
      { key: 'p90', cells: [text('90th percentile'), duration(l.p90Ms)] },
    ],
  };
}

export function feedbackTable(stats: ChatStatistics): FigureTable {
  const f = stats.feedback;
  return {
    id: 'feedback',
    caption: 'Patron ratings',
    columns: [{ label: 'Rating' }, { label: 'Chats' }, { label: 'Share', csv: ['Share (%)'] }],
    rows: [5, 4, 3, 2, 1].map((rating) => {
      const n = f.byRating[rating - 1] ?? 0;
      return { key: String(rating), cells: [{ text: `${rating} of 5`, values: [rating] }, count(n), share(f.count === 0 ? null : n / f.count)] };
    }),
    total: { key: 'all', cells: [text('All ratings'), count(f.count), share(f.count === 0 ? null : 1)] },
  };
}

export function librariansTable(stats: ChatStatistics, names: CampusNames): FigureTable {
  return {
    id: 'librarians',
    caption: 'Per librarian',
    columns: [{ label: 'Librarian' }, { label: 'Home campus', words: true }, { label: 'Chats handled' }, { label: 'Pickups' }, { label: 'Median pickup', csv: ['Median pickup (s)'] }, { label: 'Transfers out' }],
    rows: stats.librarians.map((l) => ({
      key: l.operatorId,
      cells: [text(l.name), text(names(l.campus)), count(l.handled), count(l.pickups), duration(l.pickupMedianMs), count(l.transfersOut)],
    })),
  };
}
