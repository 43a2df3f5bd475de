/**
 * Issue 17, item 3: the mail a patron can cause had only per-address limits, so tickets from
 * many addresses became as much mail. Now the whole server sends at most `patronMailPerHour`
 * patrons' ticket mails in any hour: beyond it they wait in the outbox (no attempt spent, told
 * once), and a ticket a librarian made is still mailed. The cap itself slides over the hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import { CAP_WINDOW_MS, HourlyCap } from '../../src/server/email/hourly-cap';
import { TestSmtpServer } from '../support/smtp-server';
import { waitFor } from '../support/wait';
import { clientId, command, inspectDb, openPatronSocket, signInOperator, startPatronChat, startTestServer, type TestServer } from '../support/server';

describe('the hourly cap', () => {
  it('counts at most max in any hour, sliding: room comes back as the oldest leaves the hour', () => {
    let now = 1_000_000;
    const cap = new HourlyCap(3, () => now);
    expect([cap.take(), cap.take()]).toEqual([true, true]);
    now += 20 * 60_000;
    expect(cap.take()).toBe(true);
    expect(cap.take()).toBe(false);
    // The first two leave the hour 40 minutes from now.
    expect(cap.msUntilRoom()).toBe(40 * 60_000);
    now += 40 * 60_000 - 1;
    expect(cap.take()).toBe(false);
    now += 1;
    expect(cap.msUntilRoom()).toBe(0);
    expect([cap.take(), cap.take(), cap.take()]).toEqual([true, true, false]);
    now += CAP_WINDOW_MS;
    expect(cap.take()).toBe(true);
  });
});

describe('mail caused by patrons, for the whole server', () => {
  const CAP = 2;
  let smtp: TestSmtpServer;
  let t: TestServer & { problems: string[] };
  let db: ReturnType<typeof inspectDb>;

  beforeAll(async () => {
    smtp = new TestSmtpServer();
    await smtp.start(0);
    t = await startTestServer({
      smtp: { host: '127.0.0.1', port: smtp.port, user: smtp.user, password: smtp.password, from: 'deskbell@library.example.edu' },
      ticketDelivery: { version: 1, campuses: [{ campus: 'tunxis', email: 'tunxis-tickets@library.example.edu' }] },
      ticketOutbox: { retryBaseMs: 100, retryCapMs: 400, maxAttempts: 3 },
      deliveryTimeoutMs: 1_500,
      limits: { patronMailPerHour: CAP },
    });
    db = inspectDb(t);
  });
  afterAll(async () => {
    db?.close();
    await t?.close();
    await smtp?.stop();
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

  const outbox = () =>
    db.db.prepare("SELECT t.encounter_id AS encounterId, o.state, o.attempts, o.last_error AS lastError FROM ticket_outbox o JOIN tickets t ON t.id = o.ticket_id WHERE o.channel = 'email' ORDER BY t.created_at").all() as {
      encounterId: string;
      state: string;
      attempts: number;
      lastError: string;
    }[];

  it('sends at most the cap an hour; the rest wait in the outbox without spending attempts, and a librarian’s ticket still goes', async () => {
    const encounters: string[] = [];
    for (let i = 1; i <= 5; i++) encounters.push(await patronTicket(`Question ${i}: are the nursing journals online?`));
    await waitFor(() => outbox().filter((row) => row.state === 'sent').length === CAP && outbox().filter((row) => row.lastError.includes('patronMailPerHour')).length === 5 - CAP, 'the cap reached');
    // Several retry periods later, still only the cap went out, and the waiting ones spent no attempt.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.inbox.filter((mail) => mail.rcptTo.includes('tunxis-tickets@library.example.edu'))).toHaveLength(CAP);
    const waiting = outbox().filter((row) => row.state === 'pending');
    expect(waiting).toHaveLength(5 - CAP);
    for (const row of waiting) {
      expect(row.attempts).toBe(0);
      expect(row.lastError).toContain(`cap of ${CAP} mails an hour caused by patrons`);
    }
    // Told once per waiting delivery, not at each try.
    expect(t.problems.filter((p) => p.includes('ticket delivery waits'))).toHaveLength(5 - CAP);

    // A ticket a librarian makes from a chat is not a patron's doing: it is mailed.
    const ada = await signInOperator(t, 'Ada Tunxis', 'tunxis');
    const patron = await startPatronChat(t, { campus: 'tunxis', name: 'Maya Reyes', question: 'Sleep and nursing students?' });
    expect(await command(ada, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
    expect(await command(ada, { kind: 'ticket.create', chatId: patron.chatId, email: 'maya@student.example.edu', noEmail: false, question: 'Sleep and nursing students', despiteOnline: true })).toMatchObject({
      type: 'ack',
    });
    await waitFor(() => smtp.inbox.find((mail) => mail.subject.includes(patron.encounterId)), 'the librarian’s ticket mailed');
    expect(smtp.inbox).toHaveLength(CAP + 1);
    patron.socket.close();
  });
});
