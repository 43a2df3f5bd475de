/**
 * Chat statistics through the real route on a real server: figures checked against a fixture
 * counted by hand (below, chat by chat), New York days and hours (23:30 is still that day; both
 * DST changes), the goal as a setting, a librarian who is not an administrator seeing only their
 * own work, and bad requests refused with the typed error every route uses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ChatStatistics } from '../../src/shared/statistics/schemas';
import type { ServerOptions } from '../../src/server';
import { PASSWORD, startTestServer, type TestServer } from '../support/server';
import { Fixture, MINUTE, ny, SECOND } from './fixture';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

let accounts = 0;
/** An account and its session token (HTTP only: no desk socket). */
async function account(server: TestServer, name: string, campus: string, role: 'librarian' | 'admin' = 'librarian') {
  const username = `stats${++accounts}-${process.pid}`;
  const operator = server.server.addOperator({ username, name, campus, password: PASSWORD, role });
  const login = await server.server.login(username, PASSWORD);
  if (!login) throw new Error('login failed');
  return { id: operator.id, token: login.token };
}

async function get(server: TestServer, query: string, token: string | null) {
  const response = await fetch(`${server.server.url}/api/statistics?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function statistics(server: TestServer, query: string, token: string): Promise<ChatStatistics> {
  const { status, body } = await get(server, query, token);
  expect(status, JSON.stringify(body)).toBe(200);
  // The answer is exactly the shape the desk validates.
  return ChatStatistics.parse(body);
}

/**
 * The week of Monday 2 to Sunday 8 November 2026 (EST, after the change on the 1st), two campuses,
 * librarians A (Gateway) and B (Tunxis). What each chat adds is written beside it.
 */
async function handCountedWeek(options: Partial<ServerOptions> = {}) {
  const server = await startTestServer(options);
  t = server;
  const a = await account(server, 'Ada Librarian', 'gateway');
  const b = await account(server, 'Ben Librarian', 'tunxis');
  const admin = await account(server, 'Head of Reference', 'gateway', 'admin');
  const f = new Fixture(server.dbPath);
  // Tuesday 10:00, claimed by A at 19 s (within the goal), ended 5 min later.
  const c1 = f.chat({ campus: 'gateway', createdAt: ny(2026, 11, 3, 10, 0), firstClaim: { after: 19 * SECOND, by: a.id }, end: { after: 19 * SECOND + 5 * MINUTE, reason: 'operator' } });
  // Tuesday 10:05, claimed by A at 21 s (just outside the goal), handed to B, ended 10 min after the claim.
  const c2 = f.chat({ campus: 'gateway', createdAt: ny(2026, 11, 3, 10, 5), firstClaim: { after: 21 * SECOND, by: a.id }, holder: b.id, end: { after: 21 * SECOND + 10 * MINUTE, reason: 'operator' } });
  // Tuesday 23:30 New York (Wednesday 04:30 UTC): counts on Tuesday, hour 23. B at 45 s, 2 min long.
  const c3 = f.chat({ campus: 'gateway', createdAt: ny(2026, 11, 3, 23, 30), firstClaim: { after: 45 * SECOND, by: b.id }, end: { after: 45 * SECOND + 2 * MINUTE, reason: 'operator' } });
  // Wednesday 09:00 Tunxis: nobody claimed it; the ticket offer at 60 s; the patron left at 90 s.
  f.chat({ campus: 'tunxis', createdAt: ny(2026, 11, 4, 9, 0), ticketOfferAfter: 60 * SECOND, end: { after: 90 * SECOND, reason: 'patron_left' } });
  // Wednesday 09:10 Tunxis: the offer at 60 s, B claimed it at 90 s, put it in Gateway's queue at 3 min,
  // A took it at 4 min and ended it at 10 min (length from the first claim: 8 min 30 s). It counts for Tunxis.
  const c5 = f.chat({ campus: 'gateway', startCampus: 'tunxis', createdAt: ny(2026, 11, 4, 9, 10), ticketOfferAfter: 60 * SECOND, firstClaim: { after: 90 * SECOND, by: b.id }, holder: a.id, end: { after: 10 * MINUTE, reason: 'operator' } });
  f.requeue(c5, b.id, 'tunxis', 'gateway', ny(2026, 11, 4, 9, 13));
  // Thursday 14:00 Gateway: never claimed, the offer at 60 s, the patron left a ticket (not "left before a claim").
  const c6 = f.chat({ campus: 'gateway', createdAt: ny(2026, 11, 5, 14, 0), ticketOfferAfter: 60 * SECOND, end: { after: 75 * SECOND, reason: 'ticket' } });
  // Saturday 12:00 Gateway: still waiting.
  f.chat({ campus: 'gateway', createdAt: ny(2026, 11, 7, 12, 0) });
  // Outside the range on both sides: Sunday 1 November 23:59 and Monday 9 November 00:00:30.
  f.chat({ campus: 'gateway', createdAt: ny(2026, 11, 1, 23, 59), firstClaim: { after: 5 * SECOND, by: a.id }, end: { after: MINUTE, reason: 'operator' } });
  f.chat({ campus: 'gateway', createdAt: ny(2026, 11, 9, 0, 0, 30) });
  // Transfers to a librarian: A declined-by-B, A accepted-by-B, B to A timed out, A withdrew one.
  f.transfer(c1, a.id, b.id, ny(2026, 11, 3, 10, 2), 'declined');
  f.transfer(c2, a.id, b.id, ny(2026, 11, 3, 10, 7), 'accepted');
  f.transfer(c3, b.id, a.id, ny(2026, 11, 3, 23, 33), 'expired');
  f.transfer(c1, a.id, b.id, ny(2026, 11, 3, 10, 3), 'cancelled');
  // Tickets: the patron's at c6 (emailed), one A made for Tunxis (email failed, LibAnswers still trying),
  // one a patron left for Tunxis outside the chat hours with nowhere to forward it; one outside the range.
  f.ticket({ campus: 'gateway', at: ny(2026, 11, 5, 14, 1), by: null, chatId: c6, deliveries: [{ channel: 'email', state: 'sent' }] });
  f.ticket({ campus: 'tunxis', at: ny(2026, 11, 6, 11, 0), by: a.id, deliveries: [{ channel: 'email', state: 'failed' }, { channel: 'libanswers', state: 'pending' }] });
  f.ticket({ campus: 'tunxis', at: ny(2026, 11, 8, 3, 0), by: null });
  f.ticket({ campus: 'tunxis', at: ny(2026, 11, 10, 3, 0), by: null });
  // Ratings: c1 5 (A), c2 3 (B held it), c3 4 (B).
  f.rating(c1, 'gateway', a.id, 5, ny(2026, 11, 3, 10, 6));
  f.rating(c2, 'gateway', b.id, 3, ny(2026, 11, 3, 10, 16));
  f.rating(c3, 'gateway', b.id, 4, ny(2026, 11, 3, 23, 35));
  f.close();
  return { server, a, b, admin };
}

const WEEK = 'from=2026-11-02&to=2026-11-08';

describe('the statistics of a hand-counted week', () => {
  it('an administrator reads every figure, per campus and for all', async () => {
    const { server, a, b, admin } = await handCountedWeek();
    const s = await statistics(server, WEEK, admin.token);
    expect(s).toMatchObject({ from: '2026-11-02', to: '2026-11-08', campus: null, timeZone: 'America/New_York', scope: { kind: 'all' }, goalMs: 20_000 });
    // Pickups 19, 21, 45, 90 s: the median (nearest rank) 21 s, p90 90 s; 19 s within the goal, 21 s not.
    expect(s.all).toEqual({
      started: 7,
      claimed: 4,
      pickupMedianMs: 21_000,
      pickupP90Ms: 90_000,
      withinGoal: 1,
      withinGoalShare: 1 / 7,
      withinMinute: 3,
      withinMinuteShare: 3 / 7,
      neverClaimed: 3,
      neverClaimedShare: 3 / 7,
      reachedTicketOffer: 3,
      reachedTicketOfferShare: 3 / 7,
      leftBeforeClaim: 1,
      leftBeforeClaimShare: 1 / 7,
    });
    expect(s.campuses.map((c) => [c.campus, c.started, c.claimed, c.pickupMedianMs, c.pickupP90Ms, c.withinGoal, c.withinMinute, c.neverClaimed, c.reachedTicketOffer, c.leftBeforeClaim])).toEqual([
      ['gateway', 5, 3, 21_000, 45_000, 1, 3, 2, 1, 0],
      ['tunxis', 2, 1, 90_000, 90_000, 0, 0, 1, 2, 1],
    ]);
    // Hour of the week (0 Monday): Tuesday 10 (two), Tuesday 23 (the 23:30 chat), Wednesday 9 (two, one
    // unanswered), Thursday 14 and Saturday 12 (unanswered).
    const cells = (grid: number[][]) => grid.flatMap((row, day) => row.flatMap((n, hour) => (n === 0 ? [] : [[day, hour, n]])));
    expect(cells(s.hourOfWeek.chats)).toEqual([[1, 10, 2], [1, 23, 1], [2, 9, 2], [3, 14, 1], [5, 12, 1]]);
    expect(cells(s.hourOfWeek.unanswered)).toEqual([[2, 9, 1], [3, 14, 1], [5, 12, 1]]);
    expect(s.byDay).toEqual([
      { day: '2026-11-02', started: 0, claimed: 0, unanswered: 0 },
      { day: '2026-11-03', started: 3, claimed: 3, unanswered: 0 },
      { day: '2026-11-04', started: 2, claimed: 1, unanswered: 1 },
      { day: '2026-11-05', started: 1, claimed: 0, unanswered: 1 },
      { day: '2026-11-06', started: 0, claimed: 0, unanswered: 0 },
      { day: '2026-11-07', started: 1, claimed: 0, unanswered: 1 },
      { day: '2026-11-08', started: 0, claimed: 0, unanswered: 0 },
    ]);
    expect(s.transfers).toEqual({ toLibrarian: { offered: 4, accepted: 1, declined: 1, timedOut: 1, withdrawn: 1, pending: 0 }, toQueue: 1 });
    expect(s.tickets).toEqual({
      total: 3,
      byPatron: 2,
      byLibrarian: 1,
      byCampus: [
        { campus: 'gateway', total: 1, byPatron: 1, byLibrarian: 0 },
        { campus: 'tunxis', total: 2, byPatron: 1, byLibrarian: 1 },
      ],
      byDelivery: [
        { channel: 'email', sent: 1, pending: 0, failed: 1 },
        { channel: 'libanswers', sent: 0, pending: 1, failed: 0 },
      ],
      notForwarded: 1,
    });
    // Lengths from the first claim: 2, 5, 8.5 and 10 minutes.
    expect(s.chatLength).toEqual({ chats: 4, medianMs: 5 * MINUTE, p90Ms: 10 * MINUTE });
    expect(s.feedback).toEqual({ count: 3, average: 4, byRating: [0, 0, 1, 1, 1] });
    // A held c1 and c5 last and claimed c1 (19 s) and c2 (21 s) first; made three offers.
    // B held c2 and c3 last, claimed c3 (45 s) and c5 (90 s) first; one offer and one requeue.
    expect(s.librarians).toEqual([
      { operatorId: a.id, name: 'Ada Librarian', campus: 'gateway', handled: 2, pickups: 2, pickupMedianMs: 19_000, transfersOut: 3 },
      { operatorId: b.id, name: 'Ben Librarian', campus: 'tunxis', handled: 2, pickups: 2, pickupMedianMs: 45_000, transfersOut: 2 },
    ]);
  });

  it('one campus: only its chats, tickets and ratings', async () => {
    const { server, admin } = await handCountedWeek();
    const s = await statistics(server, `${WEEK}&campus=tunxis`, admin.token);
    expect(s.campus).toBe('tunxis');
    expect(s.all).toMatchObject({ started: 2, claimed: 1, neverClaimed: 1, reachedTicketOffer: 2, leftBeforeClaim: 1 });
    expect(s.campuses.map((c) => c.campus)).toEqual(['tunxis']);
    // The requeue was of a Tunxis chat; the offers were of Gateway chats.
    expect(s.transfers).toEqual({ toLibrarian: { offered: 0, accepted: 0, declined: 0, timedOut: 0, withdrawn: 0, pending: 0 }, toQueue: 1 });
    expect(s.tickets.total).toBe(2);
    expect(s.feedback.count).toBe(0);
  });

  it('the goal is a setting: at 25 s both the 19 s and the 21 s pickups are within it', async () => {
    const { server, admin } = await handCountedWeek({ pickupGoalMs: 25_000 });
    const s = await statistics(server, WEEK, admin.token);
    expect(s.goalMs).toBe(25_000);
    expect(s.all).toMatchObject({ withinGoal: 2, withinGoalShare: 2 / 7, withinMinute: 3 });
  });

  it('a librarian who is not an administrator reads only their own work', async () => {
    const { server, a } = await handCountedWeek();
    const s = await statistics(server, WEEK, a.token);
    expect(s.scope).toEqual({ kind: 'own', operatorId: a.id });
    // The chats A claimed first: c1 (19 s) and c2 (21 s).
    expect(s.all).toMatchObject({ started: 2, claimed: 2, pickupMedianMs: 19_000, pickupP90Ms: 21_000, withinGoal: 1, withinMinute: 2, neverClaimed: 0, reachedTicketOffer: 0, leftBeforeClaim: 0 });
    expect(s.campuses.map((c) => c.campus)).toEqual(['gateway']);
    expect(s.hourOfWeek.chats[1]?.[10]).toBe(2);
    expect(s.hourOfWeek.chats.flat().reduce((x, y) => x + y, 0)).toBe(2);
    expect(s.byDay.find((d) => d.day === '2026-11-03')).toEqual({ day: '2026-11-03', started: 2, claimed: 2, unanswered: 0 });
    // Their offers, the ticket they made, the rating of the chat they held, and their row alone.
    expect(s.transfers).toEqual({ toLibrarian: { offered: 3, accepted: 1, declined: 1, timedOut: 0, withdrawn: 1, pending: 0 }, toQueue: 0 });
    expect(s.tickets).toMatchObject({ total: 1, byPatron: 0, byLibrarian: 1 });
    expect(s.feedback).toEqual({ count: 1, average: 5, byRating: [0, 0, 0, 0, 1] });
    expect(s.librarians).toEqual([{ operatorId: a.id, name: 'Ada Librarian', campus: 'gateway', handled: 2, pickups: 2, pickupMedianMs: 19_000, transfersOut: 3 }]);
    // Asking for a campus does not widen it.
    const tunxis = await statistics(server, `${WEEK}&campus=tunxis`, a.token);
    expect(tunxis.all.started).toBe(0);
    expect(tunxis.librarians.map((l) => l.operatorId)).toEqual([a.id]);
  });
});

describe('days read once', () => {
  it('a day with an open chat is read again on each request; a day whose chats all ended is read once', async () => {
    const { server, admin } = await handCountedWeek();
    const first = await statistics(server, WEEK, admin.token);
    expect(first.byDay.find((d) => d.day === '2026-11-07')).toMatchObject({ started: 1, claimed: 0 });
    const f = new Fixture(server.dbPath);
    // Saturday's waiting chat is claimed now: the next answer has it.
    f.db.prepare(`UPDATE chats SET state = 'claimed', first_claimed_at = created_at + 30000, claimed_at = created_at + 30000 WHERE created_at = ?`).run(ny(2026, 11, 7, 12, 0));
    // Tuesday's chats all ended, so that day was kept: nothing the backend does changes an ended chat
    // (this write, behind its back, shows it is not read again).
    f.db.prepare(`UPDATE chats SET first_claimed_at = created_at + 1000 WHERE created_at = ?`).run(ny(2026, 11, 3, 10, 0));
    f.close();
    const second = await statistics(server, WEEK, admin.token);
    expect(second.byDay.find((d) => d.day === '2026-11-07')).toMatchObject({ started: 1, claimed: 1, unanswered: 0 });
    expect(second.all).toMatchObject({ claimed: 5, withinGoal: 1, withinMinute: 4 });
    // The kept day serves every scope and campus alike.
    expect((await statistics(server, `${WEEK}&campus=gateway`, admin.token)).all).toMatchObject({ started: 5, claimed: 4, withinGoal: 1 });
  });
});

describe('New York days and hours', () => {
  it('the spring change: a 23-hour day whose hours are the wall clock’s; 23:30 counts on its own day', async () => {
    t = await startTestServer();
    const admin = await account(t, 'Head', 'gateway', 'admin');
    const f = new Fixture(t.dbPath);
    // Sunday 8 March 2026: 01:30 EST, then 03:30 EDT (02:00-03:00 does not exist), 23:30 EDT (Monday 03:30 UTC).
    for (const at of [ny(2026, 3, 8, 1, 30), ny(2026, 3, 8, 3, 30), ny(2026, 3, 8, 23, 30)]) f.chat({ campus: 'gateway', createdAt: at });
    // Saturday 7 March 23:30 EST is Sunday 04:30 UTC; Monday 9 March 00:10 EDT.
    f.chat({ campus: 'gateway', createdAt: ny(2026, 3, 7, 23, 30) });
    f.chat({ campus: 'gateway', createdAt: ny(2026, 3, 9, 0, 10) });
    f.close();
    const s = await statistics(t, 'from=2026-03-08&to=2026-03-08', admin.token);
    expect(s.byDay).toEqual([{ day: '2026-03-08', started: 3, claimed: 0, unanswered: 3 }]);
    expect(s.hourOfWeek.chats[6]?.flatMap((n, hour) => (n === 0 ? [] : [[hour, n]]))).toEqual([[1, 1], [3, 1], [23, 1]]);
    const around = await statistics(t, 'from=2026-03-07&to=2026-03-09', admin.token);
    expect(around.byDay.map((d) => d.started)).toEqual([1, 3, 1]);
    expect(around.hourOfWeek.chats[5]?.[23]).toBe(1);
    expect(around.hourOfWeek.chats[0]?.[0]).toBe(1);
  });

  it('the autumn change: both 01:30s are hour 1 of the same 25-hour day', async () => {
    t = await startTestServer();
    const admin = await account(t, 'Head', 'gateway', 'admin');
    const f = new Fixture(t.dbPath);
    // Sunday 1 November 2026: 01:30 EDT is 05:30 UTC, 01:30 EST is 06:30 UTC; 23:30 EST is Monday 04:30 UTC.
    for (const utc of ['2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-11-02T04:30:00Z']) f.chat({ campus: 'gateway', createdAt: Date.parse(utc) });
    f.close();
    const s = await statistics(t, 'from=2026-11-01&to=2026-11-01', admin.token);
    expect(s.byDay).toEqual([{ day: '2026-11-01', started: 3, claimed: 0, unanswered: 3 }]);
    expect(s.hourOfWeek.chats[6]?.flatMap((n, hour) => (n === 0 ? [] : [[hour, n]]))).toEqual([[1, 2], [23, 1]]);
  });
});

describe('refusals', () => {
  it('a bad range is refused with the typed error; no session is 401', async () => {
    t = await startTestServer();
    const admin = await account(t, 'Head', 'gateway', 'admin');
    const refused = async (query: string) => {
      const { status, body } = await get(t!, query, admin.token);
      expect(status, query).toBe(400);
      expect(body, query).toMatchObject({ error: { code: 'invalid_request', message: expect.any(String) } });
      return JSON.stringify(body);
    };
    expect(await refused('from=2026-11-08&to=2026-11-02')).toContain('ends before it starts');
    expect(await refused('from=2025-01-01&to=2026-02-05')).toContain('at most 400 days');
    expect(await refused('from=2026-02-29&to=2026-03-01')).toContain('real date');
    await refused('from=2026-11-02');
    await refused('from=2026-11-2&to=2026-11-08');
    await refused(`${WEEK}&campus=Not A Campus`);
    expect(await refused(`${WEEK}&campus=atlantis`)).toContain('no campus atlantis');
    await refused(`${WEEK}&limit=5`);
    await refused(`${WEEK}&from=2026-11-01`);
    // 400 days is the most: accepted.
    expect((await get(t, 'from=2025-01-01&to=2026-02-04', admin.token)).status).toBe(200);
    expect(await get(t, WEEK, null)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await get(t, WEEK, 'x'.repeat(40))).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });
});
