/**
 * The statistics view's pure parts: the range presets in New York days (whatever this computer's
 * zone, across midnight and the new year), the figures' formatting, and the tables built from an
 * answer that fits the schema: every CSV row as wide as its header, the goal read from the answer.
 */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/shared/statistics/csv';
import { ChatStatistics, StatisticsQuery } from '../../src/shared/statistics/schemas';
import { duration, share, shareOf } from '../../src/renderer/statistics/format';
import { currentTerm, presetRange } from '../../src/renderer/statistics/ranges';
import {
  byDayTable,
  chatLengthTable,
  csvFileName,
  csvOf,
  feedbackTable,
  hourOfWeekTable,
  librariansTable,
  pickupTable,
  ticketDeliveryTable,
  ticketsByCampusTable,
  transfersTable,
} from '../../src/renderer/statistics/tables';

describe('range presets, in New York days', () => {
  // 02:00 UTC on 7 December is still 6 December, 21:00, in New York.
  const evening = Date.parse('2026-12-07T02:00:00Z');

  it('end today in New York, not in UTC', () => {
    expect(presetRange('week', evening)).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(presetRange('month', evening)).toEqual({ from: '2026-12-01', to: '2026-12-06' });
    expect(presetRange('term', evening)).toEqual({ from: '2026-09-01', to: '2026-12-06' });
    expect(currentTerm(evening).name).toBe('Fall');
    expect(presetRange('year', evening)).toEqual({ from: '2025-12-07', to: '2026-12-06' });
  });

  it('on New Year’s Eve in New York (already 1 January in UTC) the month and term are the old year’s', () => {
    const newYearsEve = Date.parse('2027-01-01T03:30:00Z');
    expect(presetRange('month', newYearsEve)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetRange('term', newYearsEve)).toEqual({ from: '2026-09-01', to: '2026-12-31' });
    expect(presetRange('week', newYearsEve)).toEqual({ from: '2026-12-25', to: '2026-12-31' });
  });

  it('spring and summer terms; every preset is a range the backend accepts', () => {
    expect(currentTerm(Date.parse('2027-03-15T15:00:00Z'))).toEqual({ name: 'Spring', from: '2027-01-01' });
    expect(currentTerm(Date.parse('2027-07-04T15:00:00Z'))).toEqual({ name: 'Summer', from: '2027-06-01' });
    for (const at of [evening, Date.parse('2028-02-29T12:00:00Z'), Date.parse('2027-03-14T07:30:00Z')]) {
      for (const preset of ['week', 'month', 'term', 'year'] as const) expect(StatisticsQuery.safeParse(presetRange(preset, at)).success, `${preset} at ${at}`).toBe(true);
    }
    // A leap day's year back starts the day after, a year earlier: 366 days at most.
    expect(presetRange('year', Date.parse('2028-02-29T12:00:00Z'))).toEqual({ from: '2027-03-01', to: '2028-02-29' });
  });
});

describe('figures as people read them', () => {
  it('durations, shares and a share with its count', () => {
    // A figure and its unit are held together by a no-break space.
    expect(duration(19_400)).toEqual({ text: '19.4\u00a0s', values: [19.4] });
    expect(duration(125_000)).toEqual({ text: '2\u00a0min 05\u00a0s', values: [125] });
    expect(duration(3_900_000)).toEqual({ text: '1\u00a0h 05\u00a0min', values: [3900] });
    expect(duration(null).values).toEqual([null]);
    expect(share(0.25).text).toBe('25.0%');
    expect(shareOf(1, 1 / 3)).toEqual({ text: '33.3% (1)', values: [33.3, 1] });
    expect(shareOf(0, null)).toEqual({ text: '0', values: [null, 0] });
  });
});

const pickup = (started: number, claimed: number, within: number) => ({
  started,
  claimed,
  pickupMedianMs: claimed ? 12_000 : null,
  pickupP90Ms: claimed ? 30_500 : null,
  withinGoal: within,
  withinGoalShare: started ? within / started : null,
  withinMinute: claimed,
  withinMinuteShare: started ? claimed / started : null,
  neverClaimed: started - claimed,
  neverClaimedShare: started ? (started - claimed) / started : null,
  reachedTicketOffer: 0,
  reachedTicketOfferShare: started ? 0 : null,
  leftBeforeClaim: started - claimed,
  leftBeforeClaimShare: started ? (started - claimed) / started : null,
});
const grid = (n: number) => Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d === 2 && h === 14 ? n : 0)));

/** An answer as the backend would give it, checked by the same schema the core checks it with. */
const answer = ChatStatistics.parse({
  from: '2026-11-30',
  to: '2026-12-01',
  campus: null,
  timeZone: 'America/New_York',
  scope: { kind: 'all' },
  goalMs: 25_000,
  computedAt: Date.parse('2026-12-02T12:00:00Z'),
  all: pickup(5, 4, 3),
  campuses: [{ campus: 'tunxis', ...pickup(3, 3, 2) }, { campus: 'gateway', ...pickup(2, 1, 1) }],
  hourOfWeek: { chats: grid(5), unanswered: grid(1) },
  byDay: [
    { day: '2026-11-30', started: 0, claimed: 0, unanswered: 0 },
    { day: '2026-12-01', started: 5, claimed: 4, unanswered: 1 },
  ],
  transfers: { toLibrarian: { offered: 2, accepted: 1, declined: 1, timedOut: 0, withdrawn: 0, pending: 0 }, toQueue: 1 },
  tickets: { total: 2, byPatron: 1, byLibrarian: 1, byCampus: [{ campus: 'gateway', total: 2, byPatron: 1, byLibrarian: 1 }], byDelivery: [{ channel: 'email', sent: 1, pending: 1, failed: 0 }], notForwarded: 0 },
  chatLength: { chats: 3, medianMs: 240_000, p90Ms: 600_000 },
  feedback: { count: 2, average: 4.5, byRating: [0, 0, 0, 1, 1] },
  librarians: [{ operatorId: 'op1', name: '@Ada, "the" librarian', campus: 'tunxis', handled: 3, pickups: 3, pickupMedianMs: 12_000, transfersOut: 1 }],
});
const names = (id: string) => ({ tunxis: 'Tunxis Campus Library', gateway: 'Gateway Campus Library' })[id] ?? id;

describe('tables built from an answer', () => {
  const tables = [
    pickupTable(answer, names),
    hourOfWeekTable(answer, 'chats'),
    hourOfWeekTable(answer, 'unanswered'),
    byDayTable(answer),
    transfersTable(answer),
    ticketsByCampusTable(answer, names),
    ticketDeliveryTable(answer),
    chatLengthTable(answer),
    feedbackTable(answer),
    librariansTable(answer, names),
  ];

  it('every CSV row is as wide as its header, and every screen row as its columns', () => {
    for (const table of tables) {
      const csv = csvOf(table);
      for (const row of csv.rows) expect(row.length, table.id).toBe(csv.header.length);
      for (const row of [...table.rows, ...(table.total ? [table.total] : [])]) expect(row.cells.length, table.id).toBe(table.columns.length);
    }
    expect(new Set(tables.map((t) => t.id)).size).toBe(tables.length);
  });

  it('the pickup table reads its goal from the answer (25 s here), and its totals are the answer’s', () => {
    const table = pickupTable(answer, names);
    expect(table.caption).toBe("Pickup against the 25 s goal, by the patron's campus");
    const csv = csvOf(table);
    expect(csv.header).toContain('Claimed within 25 s (% of started)');
    expect(csv.rows.at(-1)).toEqual(['All campuses', 5, 4, 12, 30.5, 60, 3, 80, 4, 20, 1, 0, 0, 20, 1]);
    expect(table.rows.map((r) => r.cells[0]?.text)).toEqual(['Tunxis Campus Library', 'Gateway Campus Library']);
    expect(csvFileName(table, answer)).toBe('deskbell-pickup-2026-11-30-to-2026-12-01.csv');
  });

  it('the heatmap has a row per weekday, an hour per column and the day’s total; the days sum up', () => {
    const heat = csvOf(hourOfWeekTable(answer, 'chats'));
    expect(heat.header.slice(0, 3)).toEqual(['Day', '00:00', '01:00']);
    expect(heat.rows.map((r) => r[0])).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
    expect(heat.rows[2]?.[15]).toBe(5);
    expect(heat.rows[2]?.at(-1)).toBe(5);
    expect(csvOf(byDayTable(answer)).rows.at(-1)).toEqual(['Total', 5, 4, 1]);
  });

  it('a librarian’s name that starts a formula and holds a comma and quotes is neutralised and quoted in the file', () => {
    expect(toCsv(csvOf(librariansTable(answer, names)))).toContain(`"'@Ada, ""the"" librarian",Tunxis Campus Library,3,3,12,1\r\n`);
  });
});
