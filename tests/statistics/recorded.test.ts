/**
 * What the statistics count is recorded where it happens, over real sockets: a chat's first claim
 * and first ticket offer survive a requeue (which rewrites claimed_at and clears the offer), the
 * requeue is recorded as a transfer to a queue, the chat keeps counting for the campus it started
 * in, and a patron who leaves before a claim is counted once.
 */
import { TZDate } from '@date-fns/tz';
import { afterEach, expect, it } from 'vitest';
import { ChatStatistics } from '../../src/shared/statistics/schemas';
import { command, inspectDb, nextEvent, signInOperator, startPatronChat, startTestServer, type TestServer } from '../support/server';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const TICKET_OFFER_MS = 800;

/** Today in New York, and the days either side (a test running at midnight still finds its chats). */
function aroundToday(): string {
  const day = (offset: number) => {
    const d = new TZDate(Date.now() + offset * 86_400_000, 'America/New_York');
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };
  return `from=${day(-1)}&to=${day(1)}`;
}

it('a first claim and ticket offer survive a requeue; the requeue and a patron who left are counted once', async () => {
  t = await startTestServer({ timing: { beepIntervalMs: 200, urgentAfterMs: 400, ticketOfferAfterMs: TICKET_OFFER_MS }, patronGraceMs: 60_000 });
  const ada = await signInOperator(t, 'Ada', 'gateway');
  const bo = await signInOperator(t, 'Bo', 'tunxis');
  const head = await signInOperator(t, 'Head', 'gateway', 'admin');
  // A Gateway patron waits past the ticket offer; Ada claims, puts it in Tunxis's queue, Bo takes it and ends it.
  const patron = await startPatronChat(t, { campus: 'gateway' });
  await nextEvent(ada.socket, 'chat.ticket_offered', (e) => e.chatId === patron.chatId, TICKET_OFFER_MS + 5_000);
  expect(await command(ada, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
  expect(await command(ada, { kind: 'transfer.queue', chatId: patron.chatId, campus: 'tunxis', note: '' })).toMatchObject({ type: 'ack' });
  expect(await command(bo, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
  expect(await command(bo, { kind: 'end', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
  // Another leaves before anyone claims it.
  const leaver = await startPatronChat(t, { campus: 'gateway' });
  leaver.socket.send({ type: 'leave' });
  await nextEvent(ada.socket, 'chat.ended', (e) => e.chatId === leaver.chatId);

  const db = inspectDb(t);
  const row = db.db.prepare('SELECT campus, start_campus, claimed_by, claimed_at, ticket_offered_at, first_claimed_by, first_claimed_at, first_ticket_offer_at, created_at FROM chats WHERE id = ?').get(patron.chatId) as Record<string, number | string | null>;
  const requeues = db.db.prepare('SELECT chat_id, by_id, from_campus, to_campus FROM chat_requeues').all();
  db.close();
  expect(row).toMatchObject({ campus: 'tunxis', start_campus: 'gateway', claimed_by: bo.operator.id, ticket_offered_at: null, first_claimed_by: ada.operator.id });
  expect(Number(row.first_ticket_offer_at)).toBeGreaterThanOrEqual(Number(row.created_at) + TICKET_OFFER_MS);
  expect(Number(row.first_claimed_at)).toBeLessThan(Number(row.claimed_at));
  expect(requeues).toEqual([{ chat_id: patron.chatId, by_id: ada.operator.id, from_campus: 'gateway', to_campus: 'tunxis' }]);

  const response = await fetch(`${t.server.url}/api/statistics?${aroundToday()}`, { headers: { authorization: `Bearer ${head.token}` } });
  expect(response.status).toBe(200);
  const s = ChatStatistics.parse(await response.json());
  expect(s.all).toMatchObject({ started: 2, claimed: 1, neverClaimed: 1, reachedTicketOffer: 1, leftBeforeClaim: 1, withinGoal: 1 });
  // Ada's pickup: from the start to her claim, after the offer.
  expect(s.all.pickupMedianMs).toBe(Number(row.first_claimed_at) - Number(row.created_at));
  expect(s.campuses.map((c) => [c.campus, c.started])).toEqual([['gateway', 2]]);
  expect(s.transfers).toEqual({ toLibrarian: { offered: 0, accepted: 0, declined: 0, timedOut: 0, withdrawn: 0, pending: 0 }, toQueue: 1 });
  expect(s.librarians.map((l) => [l.name, l.handled, l.pickups, l.transfersOut])).toEqual([
    ['Ada', 0, 1, 1],
    ['Bo', 1, 0, 0],
  ]);
});
