/**
 * Incident reports to the campus director: filled in by the backend from its own record (name,
 * contact, encounter ID, the whole transcript), stored first, then emailed through nodemailer
 * to a local SMTP server; every outcome of the delivery is stored and shown to the desks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentReport } from '../../src/shared/incidents/schemas';
import { smtpFromEnv } from '../../src/server/email/mailer';
import { TestSmtpServer } from '../support/smtp-server';
import { waitFor } from '../support/wait';
import { clientId, command, inspectDb, nextEvent, type SignedInOperator, signInOperator, startPatronChat, startTestServer, type TestServer } from '../support/server';

let smtp: TestSmtpServer;
let t: TestServer & { problems: string[] };
let ada: SignedInOperator;
let boss: SignedInOperator;

beforeAll(async () => {
  // Refuses one address, so a failed send can be seen.
  smtp = new TestSmtpServer(undefined, undefined, (address) => address.startsWith('nobody@'));
  await smtp.start(0);
  t = await startTestServer({ smtp: { host: '127.0.0.1', port: smtp.port, user: smtp.user, password: smtp.password, from: 'Deskbell <deskbell@library.example>' } });
  ada = await signInOperator(t, 'Ada Librarian', 'housatonic');
  boss = await signInOperator(t, 'Boss Admin', 'housatonic', 'admin');
});
afterAll(async () => {
  ada?.socket.close();
  boss?.socket.close();
  await t?.close();
  await smtp?.stop();
});

async function abusiveChat(campus: string) {
  const patron = await startPatronChat(t, { campus, name: 'Rex', question: 'open up NOW' });
  expect(await command(ada, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
  expect(await command(ada, { kind: 'patron.set', chatId: patron.chatId, givenName: 'Rex Roe', email: 'rex@mail.example', phone: '203-555-0101' })).toMatchObject({ type: 'ack' });
  patron.socket.send({ type: 'say', id: clientId('say'), text: 'you are useless <script>x</script>' });
  await nextEvent(ada.socket, 'chat.message', (e) => e.message.chatId === patron.chatId && e.message.from === 'patron' && e.message.seq === 2);
  return patron;
}

const reports = async (token: string, campus?: string) => {
  const response = await fetch(`${t.server.url}/api/incidents${campus ? `?campus=${campus}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as { reports?: unknown[] } };
};

describe('incident reports', () => {
  it('are stored with the patron’s name, contact, encounter ID and transcript, and emailed to the director with it attached', async () => {
    const patron = await abusiveChat('housatonic');
    expect(await command(ada, { kind: 'end', chatId: patron.chatId, policy: true })).toMatchObject({ type: 'ack' });
    expect(await command(ada, { kind: 'incident.report', chatId: patron.chatId, note: 'Insults, then threats. Ended under the policy.' })).toMatchObject({ type: 'ack' });
    const filed = await nextEvent(boss.socket, 'chat.incident', (e) => e.chatId === patron.chatId);
    expect(filed.event.incident).toMatchObject({ byName: 'Ada Librarian', delivery: 'queued', to: 'Taja.Sylvester@ctstate.edu' });
    const sent = await nextEvent(boss.socket, 'chat.incident', (e) => e.chatId === patron.chatId && e.incident.delivery !== 'queued');
    expect(sent.event.incident.delivery).toBe('emailed');

    const mail = await waitFor(() => smtp.inbox.find((m) => m.subject.includes(patron.encounterId)), 'the email');
    expect(mail.rcptTo).toEqual(['Taja.Sylvester@ctstate.edu']);
    expect(mail.mailFrom).toBe('deskbell@library.example');
    expect(mail.user).toBe(smtp.user);
    expect(mail.subject).toMatch(/^Incident report INC-\d{8}-[A-Z0-9]{6}: chat ENC-/);
    const transcript = mail.attachments[`${patron.encounterId}.txt`];
    expect(transcript).toContain('Patron: Rex Roe');
    expect(transcript).toContain('Ended: ');
    expect(transcript).toContain('ended under the acceptable-use policy');
    expect(transcript).toContain('Rex Roe: you are useless <script>x</script>');

    const { status, body } = await reports(boss.token, 'housatonic');
    expect(status).toBe(200);
    const [report] = IncidentReport.array().parse(body.reports);
    expect(report).toMatchObject({ chatId: patron.chatId, encounterId: patron.encounterId, patronName: 'Rex Roe', patronEmail: 'rex@mail.example', patronPhone: '203-555-0101', note: 'Insults, then threats. Ended under the policy.', delivery: 'emailed' });
    expect(report?.transcript).toContain('you are useless');
    patron.socket.close();
  });

  it('reach the chat on a late desk’s snapshot, read by the incidents field from the reports table', async () => {
    const patron = await abusiveChat('housatonic');
    expect(await command(ada, { kind: 'incident.report', chatId: patron.chatId, note: 'Threats.' })).toMatchObject({ type: 'ack' });
    await nextEvent(boss.socket, 'chat.incident', (e) => e.chatId === patron.chatId && e.incident.delivery !== 'queued');
    const late = await signInOperator(t, 'Cy Late', 'housatonic');
    const chat = late.snapshot.chats.find((c) => c.id === patron.chatId);
    expect(chat?.incidents).toEqual([expect.objectContaining({ byName: 'Ada Librarian', delivery: 'emailed', to: 'Taja.Sylvester@ctstate.edu' })]);
    late.socket.close();
    patron.socket.close();
  });

  it('without a director’s email, the report waits in the director’s queue; a refused address is recorded as failed', async () => {
    const patron = await abusiveChat('gateway');
    expect(await command(ada, { kind: 'incident.report', chatId: patron.chatId, note: 'Rude.' })).toMatchObject({ type: 'ack' });
    expect((await nextEvent(ada.socket, 'chat.incident', (e) => e.chatId === patron.chatId)).event.incident.delivery).toBe('no-director-email');

    // The directory names a director whose mailbox the server refuses.
    const housatonic = boss.snapshot.campuses.find((c) => c.id === 'housatonic')!;
    expect(await command(boss, { kind: 'campus.update', campus: { ...housatonic, directorEmail: 'nobody@ctstate.edu' } })).toMatchObject({ type: 'ack' });
    const refused = await abusiveChat('housatonic');
    expect(await command(ada, { kind: 'incident.report', chatId: refused.chatId, note: 'Threats.' })).toMatchObject({ type: 'ack' });
    const failed = await nextEvent(ada.socket, 'chat.incident', (e) => e.chatId === refused.chatId && e.incident.delivery !== 'queued');
    expect(failed.event.incident.delivery).toBe('email-failed');
    const db = inspectDb(t);
    expect(db.db.prepare('SELECT delivery, error FROM incident_reports WHERE chat_id = ?').get(refused.chatId)).toMatchObject({ delivery: 'email-failed', error: expect.stringMatching(/550|mailbox/) });
    db.close();
    t.problems.splice(0); // the failed send is logged as an error, on purpose
    patron.socket.close();
    refused.socket.close();
  });

  it('only the librarian who held the chat files one; only administrators read the queue; an empty note is refused', async () => {
    const patron = await abusiveChat('gateway');
    const other = await signInOperator(t, 'Cy Librarian', 'gateway');
    expect(await command(other, { kind: 'incident.report', chatId: patron.chatId, note: 'x' })).toMatchObject({ type: 'error', code: 'not_yours' });
    const id = clientId('raw');
    ada.socket.sendRaw(JSON.stringify({ type: 'cmd', id, cmd: { kind: 'incident.report', chatId: patron.chatId, note: '   ' } }));
    expect(await ada.socket.take((f) => f.type === 'error' && f.id === id, 'refusal')).toMatchObject({ code: 'invalid_frame' });
    expect((await reports(ada.token)).status).toBe(403);
    expect((await fetch(`${t.server.url}/api/incidents`)).status).toBe(401);
    expect((await reports(boss.token, 'NOT A CAMPUS')).status).toBe(400);
    other.socket.close();
    patron.socket.close();
    expect(t.problems).toEqual([]);
  });

  it('SMTP settings from the environment (one set for tickets and reports): none without a host; a half-set one is refused at start', () => {
    expect(smtpFromEnv({})).toBeNull();
    expect(smtpFromEnv({ DESKBELL_SMTP_HOST: 'smtp.example.edu', DESKBELL_SMTP_FROM: 'desk@example.edu', DESKBELL_SMTP_PORT: '465', DESKBELL_SMTP_SECURE: 'true' })).toMatchObject({
      host: 'smtp.example.edu',
      port: 465,
      secure: true,
      from: 'desk@example.edu',
    });
    expect(smtpFromEnv({ DESKBELL_SMTP_HOST: 'smtp.example.edu', DESKBELL_SMTP_FROM: 'Deskbell <desk@example.edu>' })?.from).toBe('Deskbell <desk@example.edu>');
    expect(() => smtpFromEnv({ DESKBELL_SMTP_HOST: 'smtp.example.edu' })).toThrow(/DESKBELL_SMTP_FROM|from/);
    expect(() => smtpFromEnv({ DESKBELL_SMTP_HOST: 'smtp.example.edu', DESKBELL_SMTP_FROM: 'x@y.z', DESKBELL_SMTP_PORT: 'abc' })).toThrow(/port/);
    expect(() => smtpFromEnv({ DESKBELL_SMTP_HOST: 'smtp.example.edu', DESKBELL_SMTP_FROM: 'x@y.z', DESKBELL_SMTP_USER: 'desk' })).toThrow(/user and password/);
    expect(() => smtpFromEnv({ DESKBELL_SMTP_HOST: 'smtp.example.edu', DESKBELL_SMTP_FROM: 'not an address' })).toThrow(/from/);
  });
});
