/**
 * A campus's tickets leave the backend through the persistent outbox: mailed over SMTP to the
 * campus's ticket address (a local `smtp-server` in the suite) and forwarded to its LibAnswers
 * queue (a local stand-in of the API). Failures are retried with backoff and shown on the
 * ticket; with the far side down for a while and the backend restarted in between, every ticket
 * arrives exactly once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type ServerOptions, startServer } from '../../src/server';
import { MAX_PQUESTION, splitQuestion } from '../../src/server/tickets/delivery/libanswers-forwarder';
import { OPERATOR_PROTOCOL_VERSION, OperatorClientFrame, OperatorServerFrame, operatorServerTypes, PROTOCOL_VERSION } from '../../src/shared/protocol';
import type { Ticket } from '../../src/shared/tickets/schemas';
import { FakeLibAnswers } from '../support/libanswers-server';
import { TestSmtpServer } from '../support/smtp-server';
import { sleep, waitFor } from '../support/wait';
import { clientId, command, nextEvent, openPatronSocket, PASSWORD, type SignedInOperator, signInOperator, startPatronChat, startTestServer, TestSocket, type TestServer } from '../support/server';

let secretsDir: string;
let credentialsFile: string;
let smtp: TestSmtpServer;
let libanswers: FakeLibAnswers;

beforeAll(async () => {
  // Credentials live outside any repository, as the backend insists.
  secretsDir = mkdtempSync(join(tmpdir(), 'deskbell-secrets-'));
  credentialsFile = join(secretsDir, 'libanswers.json');
  writeFileSync(credentialsFile, JSON.stringify({ clientId: 'deskbell-tickets', clientSecret: 'la-secret-for-tests' }), { mode: 0o600 });
  smtp = new TestSmtpServer();
  await smtp.start(0);
  libanswers = new FakeLibAnswers('deskbell-tickets', 'la-secret-for-tests');
  await libanswers.start(0);
});
afterAll(async () => {
  await smtp?.stop();
  await libanswers?.close();
  rmSync(secretsDir, { recursive: true, force: true });
});

function deliveryOptions(extra: Partial<ServerOptions> = {}): Partial<ServerOptions> {
  return {
    smtp: { host: '127.0.0.1', port: smtp.port, user: smtp.user, password: smtp.password, from: 'deskbell@library.example.edu' },
    ticketDelivery: {
      version: 1,
      campuses: [
        { campus: 'tunxis', email: 'tunxis-tickets@library.example.edu', libanswers: { baseUrl: libanswers.url, queueId: 4242, credentials: { file: credentialsFile } } },
        { campus: 'gateway', email: 'gateway-tickets@library.example.edu' },
      ],
    },
    ticketOutbox: { retryBaseMs: 100, retryCapMs: 400, maxAttempts: 100 },
    deliveryTimeoutMs: 1_500,
    ...extra,
  };
}

/** A patron's ticket without a chat (the simplest way to make one); its encounter id. */
async function patronTicket(t: { wsUrl(path: '/ws/patron'): string } | TestServer, question: string, campus = 'tunxis'): Promise<string> {
  const socket = await openPatronSocket(t as TestServer);
  const id = clientId('ticket');
  socket.send({ type: 'ticket', v: PROTOCOL_VERSION, id, campus, name: 'Lee Patron', email: 'lee@student.example.edu', question });
  const made = await socket.take((f) => (f.type === 'ticket_made' || f.type === 'error') && f.id === id);
  socket.close();
  if (made.type !== 'ticket_made') throw new Error(`ticket refused: ${JSON.stringify(made)}`);
  return made.encounterId;
}

const ticketsOf = async (server: { url: string }, token: string): Promise<Ticket[]> =>
  ((await (await fetch(`${server.url}/api/tickets?limit=500`, { headers: { authorization: `Bearer ${token}` } })).json()) as { tickets: Ticket[] }).tickets;

describe('email and LibAnswers, when the far side is up', () => {
  let t: TestServer & { problems: string[] };
  let ada: SignedInOperator;
  beforeAll(async () => {
    t = await startTestServer(deliveryOptions());
    ada = await signInOperator(t, 'Ada Capital', 'capital');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('mails a ticket made from a chat to the campus ticket address: recipients, subject with the encounter id, the transcript', async () => {
    const patron = await startPatronChat(t, { campus: 'gateway', name: 'Maya Reyes', question: 'Peer-reviewed articles on sleep in nursing students?' });
    expect(await command(ada, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
    expect(await command(ada, { kind: 'send', chatId: patron.chatId, text: 'Try CINAHL with "sleep deprivation" AND nursing.' })).toMatchObject({ type: 'ack' });
    expect(await command(ada, { kind: 'note.chat', chatId: patron.chatId, text: 'INTERNAL: do not mail this' })).toMatchObject({ type: 'ack' });
    expect(await command(ada, { kind: 'ticket.create', chatId: patron.chatId, email: 'maya@student.example.edu', noEmail: false, question: 'Peer-reviewed articles on sleep in nursing students' })).toMatchObject({ type: 'ack' });
    const mail = await waitFor(() => smtp.inbox.find((m) => m.subject.includes(patron.encounterId)), 'the mail');
    expect(mail.rcptTo).toEqual(['gateway-tickets@library.example.edu']);
    expect(mail.mailFrom).toBe('deskbell@library.example.edu');
    expect(mail.user).toBe(smtp.user);
    expect(mail.subject).toBe(`Ticket ${patron.encounterId}: Maya Reyes (Gateway Campus Library)`);
    expect(mail.replyTo).toBe('maya@student.example.edu');
    expect(mail.text).toContain('Question:\n  Peer-reviewed articles on sleep in nursing students');
    expect(mail.text).toContain('Maya Reyes: Peer-reviewed articles on sleep in nursing students?');
    expect(mail.text).toContain('Ada Capital: Try CINAHL with "sleep deprivation" AND nursing.');
    expect(mail.text).not.toContain('INTERNAL');
    // Shown on the ticket: sent.
    const updated = await nextEvent(ada.socket, 'ticket.updated', (e) => e.ticket.encounterId === patron.encounterId && e.ticket.deliveries[0]?.state === 'sent');
    expect(updated.event.ticket.deliveries).toEqual([expect.objectContaining({ channel: 'email', state: 'sent', attempts: 1, lastError: '' })]);
    patron.socket.close();
  });

  it('forwards to LibAnswers: form fields, the reply’s ticketUrl kept on the ticket; and mails it too', async () => {
    const encounterId = await patronTicket(t, 'Is the Bio 101 textbook on reserve at Tunxis?');
    const forwarded = await waitFor(() => libanswers.tickets.find((k) => k.pdetails.includes(encounterId)), 'the LibAnswers ticket');
    expect(forwarded).toMatchObject({ quid: '4242', pquestion: 'Is the Bio 101 textbook on reserve at Tunxis?', pname: 'Lee Patron', pemail: 'lee@student.example.edu' });
    const ticket = await waitFor(async () => (await ticketsOf(t.server, ada.token)).find((k) => k.encounterId === encounterId && k.deliveries.every((d) => d.state === 'sent')), 'both sent');
    expect(ticket.deliveries.map((d) => [d.channel, d.state])).toEqual([
      ['email', 'sent'],
      ['libanswers', 'sent'],
    ]);
    expect(ticket.deliveries.find((d) => d.channel === 'libanswers')?.url).toBe(forwarded.url);
    expect(smtp.inbox.filter((m) => m.subject.includes(encounterId)).map((m) => m.rcptTo)).toEqual([['tunxis-tickets@library.example.edu']]);
  });

  it('an over-long question: pquestion at most 150 characters, the rest opens pdetails, nothing lost', async () => {
    const question =
      'I am writing a capstone paper on the effects of shift work on sleep quality among nursing students in clinical rotations and need peer-reviewed studies from the last five years, ideally with validated sleep scales, and I cannot find them in the databases I tried.';
    expect(question.length).toBeGreaterThan(MAX_PQUESTION);
    const encounterId = await patronTicket(t, question);
    const forwarded = await waitFor(() => libanswers.tickets.find((k) => k.pdetails.includes(encounterId)), 'the LibAnswers ticket');
    expect(forwarded.pquestion.length).toBeLessThanOrEqual(MAX_PQUESTION);
    expect(forwarded.pquestion.endsWith('…')).toBe(true);
    const rest = forwarded.pdetails.split('\n\n')[0] ?? '';
    expect(rest.startsWith('…')).toBe(true);
    expect(`${forwarded.pquestion.slice(0, -1)} ${rest.slice(1)}`).toBe(question);
    expect(splitQuestion('short')).toEqual({ pquestion: 'short', rest: '' });
  });

  it('a 500, then a timeout: retried with backoff and shown on the ticket, then delivered once', async () => {
    libanswers.ticketMode = 'fail500';
    const encounterId = await patronTicket(t, 'What are the library hours during finals?');
    const failing = await waitFor(
      async () => (await ticketsOf(t.server, ada.token)).find((k) => k.encounterId === encounterId && (k.deliveries.find((d) => d.channel === 'libanswers')?.attempts ?? 0) >= 2),
      'two failed attempts',
    );
    const delivery = failing.deliveries.find((d) => d.channel === 'libanswers');
    expect(delivery).toMatchObject({ state: 'pending', lastError: 'LibAnswers: ticket: HTTP 500' });
    expect(delivery?.nextAt).toBeGreaterThan(Date.now() - 1_000);
    libanswers.ticketMode = 'hang';
    await waitFor(
      async () => (await ticketsOf(t.server, ada.token)).find((k) => k.encounterId === encounterId)?.deliveries.find((d) => d.channel === 'libanswers')?.lastError.includes('no answer'),
      'a timed-out attempt',
      10_000,
    );
    libanswers.ticketMode = 'ok';
    await waitFor(async () => (await ticketsOf(t.server, ada.token)).find((k) => k.encounterId === encounterId)?.deliveries.every((d) => d.state === 'sent'), 'delivered', 10_000);
    await sleep(600);
    expect(libanswers.tickets.filter((k) => k.pdetails.includes(encounterId))).toHaveLength(1);
  });

  it('an expired token: the forwarder signs in again and the ticket goes through', async () => {
    await waitFor(() => libanswers.tickets.length > 0, 'a token in use');
    const signIns = () => libanswers.requests.filter((r) => r.path === '/api/1.1/oauth/token').length;
    const before = signIns();
    libanswers.expireTokens();
    const encounterId = await patronTicket(t, 'Can I print in color?');
    await waitFor(() => libanswers.tickets.find((k) => k.pdetails.includes(encounterId)), 'the ticket after a new sign-in');
    expect(signIns()).toBe(before + 1);
    const refused = libanswers.requests.filter((r) => r.path === '/api/1.1/ticket/create');
    expect(refused.length).toBeGreaterThanOrEqual(2);
  });

  it('a reply with an error: retried until the most attempts, then shown failed; a librarian sends it again', async () => {
    const local = await startTestServer(deliveryOptions({ ticketOutbox: { retryBaseMs: 50, retryCapMs: 100, maxAttempts: 2 }, smtp: null }));
    try {
      const op = await signInOperator(local, 'Ada Capital', 'capital');
      libanswers.ticketMode = 'error';
      const encounterId = await patronTicket(local, 'Do you have the NCLEX review book?');
      const failed = await waitFor(
        async () => (await ticketsOf(local.server, op.token)).find((k) => k.encounterId === encounterId && k.deliveries.find((d) => d.channel === 'libanswers')?.state === 'failed'),
        'failed for good',
      );
      expect(failed.deliveries.find((d) => d.channel === 'libanswers')).toMatchObject({ attempts: 2, lastError: 'LibAnswers refused the ticket: queue 4242 does not exist', nextAt: null });
      // No SMTP server set: the email fails too, saying why.
      expect(failed.deliveries.find((d) => d.channel === 'email')?.lastError).toBe('no SMTP server is set up (DESKBELL_SMTP_HOST)');
      expect(local.problems.some((p) => p.includes('ticket delivery failed for good'))).toBe(true);
      libanswers.ticketMode = 'ok';
      expect(await command(op, { kind: 'ticket.retry', ticketId: failed.id })).toMatchObject({ type: 'ack' });
      await waitFor(async () => (await ticketsOf(local.server, op.token)).find((k) => k.id === failed.id)?.deliveries.find((d) => d.channel === 'libanswers')?.state === 'sent', 'sent after the retry');
      expect(libanswers.tickets.filter((k) => k.pdetails.includes(encounterId))).toHaveLength(1);
    } finally {
      libanswers.ticketMode = 'ok';
      await local.close();
    }
  });
});

describe('the far side down for a while, and the backend restarted in between', () => {
  it('every ticket arrives exactly once, by email and in LibAnswers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deskbell-outbox-'));
    const dbPath = join(dir, 'desk.db');
    const options = (): ServerOptions => ({
      ...(deliveryOptions() as ServerOptions),
      dbPath,
      port: 0,
      passwordHashN: 1 << 14,
      limits: { patronStartBurst: 1000 },
      log: () => undefined,
    });
    const sockets = (server: RunningServer) => ({ wsUrl: (path: string) => `${server.url.replace(/^http/, 'ws')}${path}` }) as TestServer;
    await smtp.stop();
    await libanswers.close();
    let server = await startServer(options());
    const encounters: string[] = [];
    try {
      server.addOperator({ username: 'ops', name: 'Ops Desk', campus: 'capital', password: PASSWORD });
      const login = await server.login('ops', PASSWORD);
      if (!login) throw new Error('login failed');
      for (let i = 0; i < 6; i++) encounters.push(await patronTicket(sockets(server), `Question number ${i} for the outbox`, i % 2 ? 'gateway' : 'tunxis'));
      // Each delivery fails at least once while the far side is down.
      await waitFor(async () => {
        const tickets = await ticketsOf(server, login.token);
        return encounters.every((id) => tickets.find((k) => k.encounterId === id)?.deliveries.every((d) => d.attempts >= 1 && d.state === 'pending'));
      }, 'failed attempts while down');
      await server.close();

      // Back up, on the same database: the outbox takes up where it left off.
      server = await startServer(options());
      await sleep(300);
      await smtp.start();
      await libanswers.start();
      const relogin = await server.login('ops', PASSWORD);
      if (!relogin) throw new Error('login failed');
      const token = relogin.token;
      await waitFor(
        async () => {
          const tickets = await ticketsOf(server, token);
          return encounters.every((id) => tickets.find((k) => k.encounterId === id)?.deliveries.every((d) => d.state === 'sent'));
        },
        'every delivery sent',
        20_000,
      );
      // Let any stray retry happen, then count: once each.
      await sleep(1_000);
      for (const id of encounters) {
        expect(smtp.inbox.filter((m) => m.subject.includes(id)), id).toHaveLength(1);
        const tunxis = encounters.indexOf(id) % 2 === 0;
        expect(libanswers.tickets.filter((k) => k.pdetails.includes(id)), id).toHaveLength(tunxis ? 1 : 0);
      }
      // The desk that signs in now sees them all sent.
      const desk = await TestSocket.open(`${server.url.replace(/^http/, 'ws')}/ws/operator`, OperatorServerFrame, operatorServerTypes, OperatorClientFrame);
      desk.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token });
      await desk.expect('welcome');
      const snapshot = (await desk.expect('snapshot')).snapshot;
      for (const id of encounters) expect(snapshot.tickets.find((k) => k.encounterId === id)?.deliveries.every((d) => d.state === 'sent'), id).toBe(true);
      desk.close();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
