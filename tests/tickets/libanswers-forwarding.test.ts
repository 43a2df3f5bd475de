/**
 * What the backend takes from LibAnswers when it forwards a ticket, against the local stand-in of
 * the API (a real HTTP server): a ticket address becomes a link only if it is https on the
 * configured site (anything else is dropped with a log line, and the ticket is kept, never sent
 * twice); a reply larger than the cap is refused without being read whole; and a failed attempt's
 * retry waits its backoff from when the attempt ended (injected clock).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerOptions } from '../../src/server';
import { openDatabase } from '../../src/server/platform/db';
import { TicketOutbox } from '../../src/server/tickets/delivery/outbox';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import type { Ticket } from '../../src/shared/tickets/schemas';
import { FakeLibAnswers } from '../support/libanswers-server';
import { sleep, waitFor } from '../support/wait';
import { clientId, openPatronSocket, type SignedInOperator, signInOperator, startTestServer, type TestServer } from '../support/server';

let secretsDir: string;
let credentialsFile: string;
let libanswers: FakeLibAnswers;
let t: TestServer & { problems: string[] };
let ada: SignedInOperator;

beforeAll(async () => {
  secretsDir = mkdtempSync(join(tmpdir(), 'deskbell-secrets-'));
  credentialsFile = join(secretsDir, 'libanswers.json');
  writeFileSync(credentialsFile, JSON.stringify({ clientId: 'deskbell-tickets', clientSecret: 'la-secret-for-tests' }), { mode: 0o600 });
  libanswers = new FakeLibAnswers('deskbell-tickets', 'la-secret-for-tests');
  await libanswers.start(0);
  const options: Partial<ServerOptions> = {
    smtp: null,
    ticketDelivery: {
      version: 1,
      campuses: [{ campus: 'tunxis', libanswers: { baseUrl: libanswers.url, queueId: 4242, credentials: { file: credentialsFile }, maxResponseBytes: 64 * 1024 } }],
    },
    ticketOutbox: { retryBaseMs: 100, retryCapMs: 400, maxAttempts: 100 },
    deliveryTimeoutMs: 5_000,
  };
  t = await startTestServer(options);
  ada = await signInOperator(t, 'Ada Tunxis', 'tunxis');
});
afterAll(async () => {
  await t?.close();
  await libanswers?.close();
  rmSync(secretsDir, { recursive: true, force: true });
});

async function patronTicket(question: string): Promise<string> {
  const socket = await openPatronSocket(t);
  const id = clientId('ticket');
  socket.send({ type: 'ticket', v: PROTOCOL_VERSION, id, campus: 'tunxis', name: 'Lee Patron', email: 'lee@student.example.edu', question });
  const made = await socket.take((f) => (f.type === 'ticket_made' || f.type === 'error') && f.id === id);
  socket.close();
  if (made.type !== 'ticket_made') throw new Error(`ticket refused: ${JSON.stringify(made)}`);
  return made.encounterId;
}

const libAnswersDelivery = async (encounterId: string) => {
  const response = await fetch(`${t.server.url}/api/tickets?limit=500`, { headers: { authorization: `Bearer ${ada.token}` } });
  const { tickets } = (await response.json()) as { tickets: Ticket[] };
  return tickets.find((k) => k.encounterId === encounterId)?.deliveries.find((d) => d.channel === 'libanswers');
};

describe('the ticket address LibAnswers answers with', () => {
  it('is kept when it is https on the configured site', async () => {
    const encounterId = await patronTicket('Is the Bio 101 textbook on reserve?');
    const delivery = await waitFor(async () => ((await libAnswersDelivery(encounterId))?.state === 'sent' ? libAnswersDelivery(encounterId) : null), 'sent');
    expect(delivery?.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/admin\/ticket\?qid=\d+$/);
  });

  it.each([
    ['a data: URL', () => 'data:text/html,<script>alert(1)</script>'],
    ['plain http on the site', () => `http://127.0.0.1:${libanswers.port}/admin/ticket?qid=7`],
    ['https on another host', () => 'https://libanswers.evil.example/admin/ticket?qid=7'],
    ['a javascript: URL', () => 'javascript:alert(1)'],
    ['https with credentials before the site', () => `https://127.0.0.1@evil.example/admin/ticket?qid=7`],
  ])('%s is dropped with a log line; the ticket is kept and sent once', async (_name, ticketUrl) => {
    const bad = ticketUrl();
    libanswers.ticketUrl = () => bad;
    try {
      const before = t.problems.length;
      const encounterId = await patronTicket(`Refused address ${bad.slice(0, 20)}?`);
      const delivery = await waitFor(async () => {
        const d = await libAnswersDelivery(encounterId);
        return d?.state === 'sent' ? d : null;
      }, 'sent');
      expect(delivery).toMatchObject({ state: 'sent', url: '', attempts: 1 });
      expect(libanswers.tickets.filter((k) => k.pdetails.includes(encounterId))).toHaveLength(1);
      const logged = t.problems.slice(before).filter((p) => p.includes('not an https link on its site'));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain(encounterId);
      // The log names the scheme, never the address itself.
      expect(logged[0]).not.toContain('evil.example');
    } finally {
      libanswers.ticketUrl = (qid) => `https://127.0.0.1:${libanswers.port}/admin/ticket?qid=${qid}`;
    }
  });
});

describe('a reply larger than the site’s cap', () => {
  it.each([true, false])('is refused (Content-Length given: %s) without being read whole, and retried', async (declared) => {
    // 64 MiB against a cap of 64 KiB: a reader that read it whole would take all of it.
    libanswers.oversize = { bytes: 64 * 1024 * 1024, declared };
    try {
      const encounterId = await patronTicket(`An oversized reply, declared ${String(declared)}?`);
      const delivery = await waitFor(async () => {
        const d = await libAnswersDelivery(encounterId);
        return d && d.attempts >= 1 && d.lastError !== '' ? d : null;
      }, 'a refused attempt');
      expect(delivery).toMatchObject({ state: 'pending', url: '' });
      expect(delivery?.lastError).toMatch(/larger than 65536 bytes/);
      const reply = await waitFor(() => libanswers.oversized.at(-1), 'the oversized reply');
      await sleep(100);
      expect(reply.finished).toBe(false);
      expect(reply.written).toBeLessThan(reply.bytes);
      libanswers.oversize = null;
      await waitFor(async () => (await libAnswersDelivery(encounterId))?.state === 'sent', 'sent once the reply is normal');
    } finally {
      libanswers.oversize = null;
    }
  });
});

describe('the outbox’s backoff', () => {
  it('runs from when the failed attempt ended, not from when it started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deskbell-backoff-'));
    const db = openDatabase(join(dir, 'desk.db'));
    let clock = 1_000_000;
    const attempts: number[] = [];
    const outbox = new TicketOutbox(
      db,
      {
        email: () => Promise.reject(new Error('unused')),
        // An attempt that hangs 30 s (the far side's timeout), then fails.
        libanswers: async () => {
          attempts.push(clock);
          clock += 30_000;
          throw new Error('LibAnswers: ticket: no answer within 30000 ms');
        },
      },
      { retryBaseMs: 10_000, retryCapMs: 60_000, maxAttempts: 5 },
      () => clock,
      () => undefined,
      () => undefined,
      () => 0.5, // no jitter: the backoff is exactly the base
    );
    try {
      // The outbox only reads its own table: a row without its ticket is enough here.
      db.pragma('foreign_keys = OFF');
      db.prepare(`INSERT INTO ticket_outbox (ticket_id, channel, target, state, attempts, next_at) VALUES ('t1', 'libanswers', '', 'pending', 0, ?)`).run(clock);
      outbox.wake();
      await waitFor(() => attempts.length === 1, 'the first attempt');
      const failedAt = 1_000_000 + 30_000;
      const row = await waitFor(() => {
        const r = db.prepare<[], { attempts: number; next_at: number; last_error: string }>(`SELECT attempts, next_at, last_error FROM ticket_outbox`).get();
        return r?.last_error ? r : null;
      }, 'the failure recorded');
      expect(row).toMatchObject({ attempts: 1, next_at: failedAt + 10_000 });
      // The clock stands at the failure's end: the retry is 10 s away, so none comes at once.
      await sleep(300);
      expect(attempts).toHaveLength(1);
    } finally {
      await outbox.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
