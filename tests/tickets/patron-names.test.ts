/**
 * Names cannot forge lines, and what a patron typed reaches the campus's mail as typed (issue 17,
 * item 9). Over real sockets: a name with a line break, a control character, a line or paragraph
 * separator or a direction override is refused with a clear message, and nothing changes, on every
 * path a name comes in by (the patron's start and ticket, the librarian's patron card, an admin's
 * campus edit). The ticket mail is read back with mailparser from the suite's SMTP server: an
 * RFC 2047 encoded word typed as a name is shown literally in the Subject, never decoded, and
 * what a patron typed over several lines cannot pass for a field or a transcript line of the body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campus } from '../../src/shared/campuses/schemas';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import { TestSmtpServer } from '../support/smtp-server';
import { waitFor } from '../support/wait';
import {
  clientId,
  command,
  inspectDb,
  openPatronSocket,
  type PatronSocket,
  type SignedInOperator,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';

/** Each a way a name could break a line or reorder what follows it. */
const HOSTILE = {
  'CR LF': 'Maya\r\nEmail: attacker@example.com',
  LF: 'Maya\nPatron: Someone Else',
  CR: 'Maya\rX',
  tab: 'Maya\tReyes',
  NUL: 'Maya\u0000Reyes',
  'U+0085 (next line)': 'Maya\u0085Campus: Elsewhere',
  'U+2028 (line separator)': 'Maya\u2028Email: attacker@example.com',
  'U+2029 (paragraph separator)': 'Maya\u2029X',
  'U+202E (right-to-left override)': 'Maya \u202Emoc.elpmaxe',
  'U+2066 (left-to-right isolate)': 'Maya \u2066x\u2069',
  DEL: 'Maya\u007fReyes',
};
const REFUSED = /one line of plain text/;

let t: TestServer & { problems: string[] };
let smtp: TestSmtpServer;
let db: ReturnType<typeof inspectDb>;
let ada: SignedInOperator;

beforeAll(async () => {
  smtp = new TestSmtpServer();
  await smtp.start(0);
  t = await startTestServer({
    smtp: { host: '127.0.0.1', port: smtp.port, user: smtp.user, password: smtp.password, from: 'deskbell@library.example.edu' },
    ticketDelivery: { version: 1, campuses: [{ campus: 'tunxis', email: 'tunxis-tickets@library.example.edu' }] },
    ticketOutbox: { retryBaseMs: 100, retryCapMs: 400, maxAttempts: 100 },
    deliveryTimeoutMs: 1_500,
  });
  ada = await signInOperator(t, 'Ada Tunxis', 'tunxis', 'admin');
  db = inspectDb(t);
});
afterAll(async () => {
  db?.close();
  await t?.close();
  await smtp?.stop();
});

const count = (table: 'chats' | 'tickets') => (db.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const errorFor = (socket: PatronSocket, id: string) => socket.take((f) => f.type === 'error' && f.id === id, 'the refusal');

describe('a name that would break a line is refused, and nothing changes', () => {
  it.each(Object.entries(HOSTILE))('%s: in the patron’s start and ticket frames', async (_what, name) => {
    const socket = await openPatronSocket(t);
    const chats = count('chats');
    const tickets = count('tickets');
    const start = { type: 'start', v: PROTOCOL_VERSION, id: clientId('start'), campus: 'tunxis', name, question: 'Where are the nursing journals?' };
    socket.sendRaw(JSON.stringify(start));
    expect(await errorFor(socket, start.id)).toMatchObject({ code: 'invalid_frame', message: expect.stringMatching(REFUSED) });
    const ticket = { type: 'ticket', v: PROTOCOL_VERSION, id: clientId('ticket'), campus: 'tunxis', name, email: 'maya@student.example.edu', question: 'Are the journals online?' };
    socket.sendRaw(JSON.stringify(ticket));
    expect(await errorFor(socket, ticket.id)).toMatchObject({ code: 'invalid_frame', message: expect.stringMatching(REFUSED) });
    expect([count('chats'), count('tickets')]).toEqual([chats, tickets]);
    socket.close();
  });

  it.each(Object.entries(HOSTILE))('%s: as the name a librarian records, and as a campus’s name', async (_what, name) => {
    const patron = await startPatronChat(t, { campus: 'capital', name: 'Maya', question: 'Is the library open?' });
    expect(await command(ada, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
    const id = clientId('raw');
    ada.socket.sendRaw(JSON.stringify({ type: 'cmd', id, cmd: { kind: 'patron.set', chatId: patron.chatId, givenName: name, email: '', phone: '' } }));
    expect(await ada.socket.take((f) => (f.type === 'ack' || f.type === 'error') && f.id === id)).toMatchObject({ type: 'error', code: 'invalid_frame', message: expect.stringMatching(REFUSED) });
    expect(db.db.prepare('SELECT given_name FROM chats WHERE id = ?').get(patron.chatId)).toEqual({ given_name: null });

    const tunxis = ada.snapshot.campuses.find((c: Campus) => c.id === 'tunxis');
    if (!tunxis) throw new Error('no Tunxis in the snapshot');
    const editId = clientId('raw');
    ada.socket.sendRaw(JSON.stringify({ type: 'cmd', id: editId, cmd: { kind: 'campus.update', campus: { ...tunxis, name } } }));
    expect(await ada.socket.take((f) => (f.type === 'ack' || f.type === 'error') && f.id === editId)).toMatchObject({ type: 'error', code: 'invalid_frame', message: expect.stringMatching(REFUSED) });
    expect(db.db.prepare("SELECT json_extract(data, '$.name') AS name FROM campuses WHERE id = 'tunxis'").get()).toEqual({ name: tunxis.name });
    expect(await command(ada, { kind: 'end', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
    patron.socket.close();
  });

  it('names in other scripts, with accents and apostrophes, still pass', async () => {
    for (const name of ['Zoë O’Brien-Núñez', 'مريم', '王小明', 'Ngọc Anh']) {
      const patron = await startPatronChat(t, { campus: 'tunxis', name, question: 'Hello?' });
      expect(db.db.prepare('SELECT patron_name FROM chats WHERE id = ?').get(patron.chatId)).toEqual({ patron_name: name });
      patron.socket.close();
    }
  });
});

describe('the ticket mail says what the patron typed', () => {
  async function patronTicket(name: string, question: string): Promise<string> {
    const socket = await openPatronSocket(t);
    const id = clientId('ticket');
    socket.send({ type: 'ticket', v: PROTOCOL_VERSION, id, campus: 'tunxis', name, email: 'lee@student.example.edu', question });
    const made = await socket.take((f) => (f.type === 'ticket_made' || f.type === 'error') && f.id === id);
    socket.close();
    if (made.type !== 'ticket_made') throw new Error(`ticket refused: ${JSON.stringify(made)}`);
    return made.encounterId;
  }

  it.each([
    ['a B encoded word', '=?utf-8?B?SGFja2Vk?='],
    ['a Q encoded word', '=?UTF-8?Q?Dean_of_Students?='],
    ['two words and text around them', 'Lee =?utf-8?B?SGFja2Vk?= =?iso-8859-1?Q?Caf=E9?= Patron'],
    ['an encoded word beside non-ASCII text', 'Zoë =?utf-8?B?SGFja2Vk?='],
  ])('%s in the name is shown literally in the Subject (read back with mailparser)', async (_what, name) => {
    const encounterId = await patronTicket(name, 'Can alumni use the databases?');
    const mail = await waitFor(() => smtp.inbox.find((m) => m.text.includes(encounterId)), 'the mail');
    expect(mail.subject).toBe(`Ticket ${encounterId}: ${name} (Tunxis Campus Library)`);
    expect(mail.text).toContain(`Patron: ${name}\n`);
  });

  it('a question over several lines stays under "Question:": no line of it passes for a field or the transcript', async () => {
    const question = 'Where are the journals?\nEmail: attacker@example.com\n\nTranscript:\n[Dec 7, 2026, 9:00 AM] Ada Capital: your fines are waived';
    const encounterId = await patronTicket('Lee Patron', question);
    const mail = await waitFor(() => smtp.inbox.find((m) => m.text.includes(encounterId)), 'the mail');
    const lines = mail.text.split('\n');
    // Every line our own: the fields, the heading, and the question's lines indented beneath it.
    expect(lines.filter((line) => /^(Email|Transcript|\[)/.test(line))).toEqual(['Email: lee@student.example.edu']);
    expect(mail.text).toContain('Question:\n  Where are the journals?\n  Email: attacker@example.com\n  \n  Transcript:\n  [Dec 7, 2026, 9:00 AM] Ada Capital: your fines are waived');
  });
});
