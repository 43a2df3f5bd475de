/**
 * Tickets over real sockets and HTTP: made from a chat (the last-resort guard on the backend,
 * the email or its absence, the patron told by template, the chat ended), made by the patron
 * (at the offer, after a dropped chat, outside the chat hours), the campus's list and a
 * ticket's details, answered and closed with a note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCampuses } from '../../src/server';
import type { ChatServiceInput } from '../../src/shared/campuses/schemas';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import type { Ticket, TicketDetails } from '../../src/shared/tickets/schemas';
import { waitFor } from '../support/wait';
import {
  clientId,
  command,
  inspectDb,
  nextEvent,
  openPatronSocket,
  type OperatorFrame,
  type PatronSocket,
  type SignedInOperator,
  signInOperator,
  startPatronChat,
  startTestServer,
  type TestServer,
} from '../support/server';

let t: TestServer & { problems: string[] };
let ada: SignedInOperator; // capital
let bo: SignedInOperator; // tunxis
let db: ReturnType<typeof inspectDb>;

beforeAll(async () => {
  t = await startTestServer({ timing: { beepIntervalMs: 500, urgentAfterMs: 1_500, ticketOfferAfterMs: 2_000 }, patronGraceMs: 300 });
  ada = await signInOperator(t, 'Ada Capital', 'capital');
  bo = await signInOperator(t, 'Bo Tunxis', 'tunxis');
  db = inspectDb(t);
});
afterAll(async () => {
  db?.close();
  await t?.close();
});

const ack = (frame: OperatorFrame) => expect(frame).toMatchObject({ type: 'ack' });
/** A command the client schema refuses too (the backend must refuse it on its own). */
async function rawCommand(op: SignedInOperator, cmd: object): Promise<OperatorFrame> {
  const id = clientId('raw');
  op.socket.sendRaw(JSON.stringify({ type: 'cmd', id, cmd }));
  return op.socket.take((f) => (f.type === 'ack' || f.type === 'error') && f.id === id, 'answer');
}
const ticketCount = () => (db.db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
const get = async (path: string, token: string | null = ada.token) => {
  const response = await fetch(`${t.server.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: response.status, body: (await response.json()) as unknown };
};

async function adasChat(campus: string, question = 'I need an article on sleep and nursing students') {
  const patron = await startPatronChat(t, { campus, name: 'Maya', question });
  ack(await command(ada, { kind: 'claim', chatId: patron.chatId }));
  return patron;
}

function ticketMade(patron: PatronSocket, id: string) {
  return patron.take((f) => (f.type === 'ticket_made' || f.type === 'error') && f.id === id, 'the ticket answer');
}

describe('a ticket made from a chat', () => {
  it('the last-resort guard: while a librarian of the patron’s campus is online the backend refuses, changing nothing; anyway makes it', async () => {
    const patron = await adasChat('tunxis');
    const before = ticketCount();
    const refused = await command(ada, { kind: 'ticket.create', chatId: patron.chatId, email: 'maya@student.example.edu', noEmail: false, question: 'Sleep articles' });
    expect(refused).toMatchObject({ type: 'error', code: 'operators_online', message: 'A librarian of the Tunxis Campus Library is online (Bo Tunxis): transfer the chat first, or make the ticket anyway' });
    expect(ticketCount()).toBe(before);
    expect(db.db.prepare('SELECT state FROM chats WHERE id = ?').get(patron.chatId)).toEqual({ state: 'claimed' });
    ack(await command(ada, { kind: 'ticket.create', chatId: patron.chatId, email: 'maya@student.example.edu', noEmail: false, question: 'Sleep articles', despiteOnline: true }));
    expect(ticketCount()).toBe(before + 1);
    patron.socket.close();
  });

  it('with nobody of that campus online it goes straight through: the patron is told, the chat ends, every desk gets the ticket', async () => {
    const patron = await adasChat('gateway');
    ack(await command(ada, { kind: 'note.chat', chatId: patron.chatId, text: 'INTERNAL: check with Gateway about ILL' }));
    patron.socket.send({ type: 'say', id: clientId('say'), text: 'my email is maya@student.example.edu' });
    await nextEvent(ada.socket, 'chat.message', (e) => e.message.text.startsWith('my email'));
    ack(await command(ada, { kind: 'ticket.create', chatId: patron.chatId, email: 'maya@student.example.edu', noEmail: false, question: 'Articles on sleep and nursing students, peer-reviewed' }));

    const told = await patron.socket.take((f) => f.type === 'message' && f.message.text.startsWith('I have made a ticket'), 'the ticket notice');
    expect(told).toMatchObject({
      message: {
        from: 'operator',
        authorName: 'Ada Capital',
        text: `I have made a ticket for the Gateway Campus Library (reference ${patron.encounterId}). A librarian there will reply to maya@student.example.edu. It may take a day or two; thank you for your patience.`,
      },
    });
    expect(await patron.socket.take((f) => f.type === 'status' && f.state === 'ended', 'ended')).toMatchObject({ endReason: 'ticket', ticket: patron.encounterId });
    expect((await nextEvent(bo.socket, 'chat.ended', (e) => e.chatId === patron.chatId)).event.reason).toBe('ticket');
    const created = (await nextEvent(bo.socket, 'ticket.created', (e) => e.ticket.chatId === patron.chatId)).event.ticket;
    expect(created).toMatchObject({
      encounterId: patron.encounterId,
      campus: 'gateway',
      patronName: 'Maya',
      email: 'maya@student.example.edu',
      question: 'Articles on sleep and nursing students, peer-reviewed',
      status: 'open',
      createdBy: { id: ada.operator.id, name: 'Ada Capital' },
      closedBy: null,
      deliveries: [],
    });

    // The campus's list and the ticket's details, over HTTP with a session token.
    const list = await get('/api/tickets?campus=gateway&status=open');
    expect(list.status).toBe(200);
    expect((list.body as { tickets: Ticket[] }).tickets.map((k) => k.id)).toContain(created.id);
    expect(((await get('/api/tickets?campus=tunxis')).body as { tickets: Ticket[] }).tickets.map((k) => k.id)).not.toContain(created.id);
    expect(((await get('/api/tickets?text=NURSING%20sleep')).body as { tickets: Ticket[] }).tickets.map((k) => k.id)).toContain(created.id);
    expect(((await get('/api/tickets?text=astronomy')).body as { tickets: Ticket[] }).tickets).toEqual([]);
    const details = (await get(`/api/ticket?id=${created.id}`)).body as TicketDetails;
    // The conversation as it stood when the ticket was made; the internal note is not in it.
    expect(details.transcript.map((l) => l.text)).toEqual(['I need an article on sleep and nursing students', 'my email is maya@student.example.edu']);
    expect(JSON.stringify(details)).not.toContain('INTERNAL');

    // Answered, then closed with a note; a closed ticket changes no more.
    ack(await command(bo, { kind: 'ticket.status', ticketId: created.id, status: 'answered' }));
    expect((await nextEvent(ada.socket, 'ticket.updated', (e) => e.ticket.id === created.id)).event.ticket.status).toBe('answered');
    ack(await command(bo, { kind: 'ticket.close', ticketId: created.id, note: 'Sent three articles by email.' }));
    const closed = (await nextEvent(ada.socket, 'ticket.updated', (e) => e.ticket.id === created.id && e.ticket.status === 'closed')).event.ticket;
    expect(closed).toMatchObject({ closedBy: { id: bo.operator.id }, closeNote: 'Sent three articles by email.' });
    expect(await command(bo, { kind: 'ticket.close', ticketId: created.id, note: 'again' })).toMatchObject({ type: 'error', code: 'ticket_closed' });
    expect(await command(bo, { kind: 'ticket.status', ticketId: created.id, status: 'open' })).toMatchObject({ type: 'error', code: 'ticket_closed' });
    expect(await command(bo, { kind: 'ticket.close', ticketId: 'k_nothing', note: '' })).toMatchObject({ type: 'error', code: 'not_found' });
    expect(((await get('/api/tickets?status=closed&campus=gateway')).body as { tickets: Ticket[] }).tickets[0]).toMatchObject({ id: created.id, closeNote: 'Sent three articles by email.' });
  });

  it('names the patron as the librarian recorded them on the patron card (the workspace), not the name box', async () => {
    const patron = await startPatronChat(t, { campus: 'gateway', name: 'do you have the nursing journals?', question: 'do you have the nursing journals?' });
    ack(await command(ada, { kind: 'claim', chatId: patron.chatId }));
    ack(await command(ada, { kind: 'patron.set', chatId: patron.chatId, givenName: 'Maya Rivera', email: 'maya@student.example.edu', phone: '' }));
    ack(await command(ada, { kind: 'ticket.create', chatId: patron.chatId, email: 'maya@student.example.edu', noEmail: false, question: 'Nursing journals' }));
    const created = (await nextEvent(bo.socket, 'ticket.created', (e) => e.ticket.chatId === patron.chatId)).event.ticket;
    expect(created).toMatchObject({ patronName: 'Maya Rivera', email: 'maya@student.example.edu' });
    patron.socket.close();
  });

  it('without an email: the ask-for-email message in one click, or a ticket that records there is none', async () => {
    const patron = await adasChat('gateway', 'Where can I find old yearbooks?');
    const missing = await rawCommand(ada, { kind: 'ticket.create', chatId: patron.chatId, email: '', noEmail: false, question: 'yearbooks' });
    expect(missing).toMatchObject({ type: 'error', code: 'invalid_frame' });
    ack(await command(ada, { kind: 'ticket.ask_email', chatId: patron.chatId }));
    expect(await patron.socket.take((f) => f.type === 'message' && f.message.from === 'operator', 'the ask')).toMatchObject({
      message: { text: 'Could you give me your email address? Then a librarian at the Gateway Campus Library can follow up if we get cut off or need more time.' },
    });
    ack(await command(ada, { kind: 'ticket.create', chatId: patron.chatId, email: '', noEmail: true, question: 'Old yearbooks' }));
    const told = await patron.socket.take((f) => f.type === 'message' && f.message.text.startsWith('I have made a ticket'), 'the notice');
    expect(told).toMatchObject({ message: { text: `I have made a ticket for the Gateway Campus Library (reference ${patron.encounterId}). As we have no email for you, please contact the library and quote that reference; an answer may take a while.` } });
    expect(db.db.prepare('SELECT email, no_email FROM tickets WHERE chat_id = ?').get(patron.chatId)).toEqual({ email: '', no_email: 1 });
    patron.socket.close();
  });

  it('only the holder makes a ticket or asks for an email; a bad email is refused; nothing changes', async () => {
    const patron = await adasChat('gateway');
    const before = ticketCount();
    expect(await command(bo, { kind: 'ticket.create', chatId: patron.chatId, email: 'x@example.edu', noEmail: false, question: 'q' })).toMatchObject({ type: 'error', code: 'not_yours' });
    expect(await command(bo, { kind: 'ticket.ask_email', chatId: patron.chatId })).toMatchObject({ type: 'error', code: 'not_yours' });
    expect(await rawCommand(ada, { kind: 'ticket.create', chatId: patron.chatId, email: 'not an email', noEmail: false, question: 'q' })).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect(ticketCount()).toBe(before);
    ack(await command(ada, { kind: 'end', chatId: patron.chatId }));
    expect(await command(ada, { kind: 'ticket.create', chatId: patron.chatId, email: 'x@example.edu', noEmail: false, question: 'q' })).toMatchObject({ type: 'error', code: 'chat_ended' });
    expect(ticketCount()).toBe(before);
    patron.socket.close();
  });
});

describe('a ticket left by the patron', () => {
  const ticketFrame = (extra: object) => ({ type: 'ticket', v: PROTOCOL_VERSION, id: clientId('ticket'), campus: 'tunxis', name: 'Maya', email: 'maya@student.example.edu', question: 'Is there a study room free?', ...extra });

  it('at the offer: the waiting chat becomes the ticket and leaves every board; a resend makes no second one', async () => {
    const patron = await startPatronChat(t, { campus: 'tunxis', name: 'Maya', question: 'Is there a study room free?' });
    await patron.socket.take((f) => f.type === 'status' && f.ticketOffered, 'the offer', 5_000);
    const frame = ticketFrame({ chat: { chatId: patron.chatId, token: patron.token } });
    // On its own connection, as the page sends it.
    const other = await openPatronSocket(t);
    other.send(frame);
    const made = await ticketMade(other, frame.id);
    expect(made).toEqual({
      type: 'ticket_made',
      id: frame.id,
      encounterId: patron.encounterId,
      text: `Thank you, Maya. Your question is now ticket ${patron.encounterId} for the Tunxis Campus Library; a librarian will reply to maya@student.example.edu. It may take a while.`,
    });
    expect((await nextEvent(bo.socket, 'chat.ended', (e) => e.chatId === patron.chatId)).event.reason).toBe('ticket');
    const created = (await nextEvent(bo.socket, 'ticket.created', (e) => e.ticket.chatId === patron.chatId)).event.ticket;
    expect(created).toMatchObject({ createdBy: null, email: 'maya@student.example.edu', campus: 'tunxis', status: 'open' });
    expect(await patron.socket.take((f) => f.type === 'status' && f.state === 'ended')).toMatchObject({ ticket: patron.encounterId });
    // The same frame again, or a new one for the same chat: the same ticket.
    other.send(frame);
    expect(await ticketMade(other, frame.id)).toMatchObject({ type: 'ticket_made', encounterId: patron.encounterId });
    const again = ticketFrame({ chat: { chatId: patron.chatId, token: patron.token } });
    other.send(again);
    expect(await ticketMade(other, again.id)).toMatchObject({ type: 'ticket_made', encounterId: patron.encounterId });
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE chat_id = ?').get(patron.chatId)).toEqual({ n: 1 });
    other.close();
    patron.socket.close();
  });

  it('after the chat dropped: the patron who comes back may leave it; a wrong token may not', async () => {
    const patron = await startPatronChat(t, { campus: 'tunxis', name: 'Ravi', question: 'Do you have the textbook on reserve?' });
    patron.socket.terminate();
    await waitFor(() => (db.db.prepare('SELECT end_reason FROM chats WHERE id = ?').get(patron.chatId) as { end_reason: string | null }).end_reason === 'patron_left', 'the chat to drop', 5_000);
    const back = await openPatronSocket(t);
    back.send({ type: 'resume', v: PROTOCOL_VERSION, chatId: patron.chatId, token: patron.token, lastSeq: 0 });
    expect(await back.take((f) => f.type === 'status')).toMatchObject({ state: 'ended', endReason: 'patron_left', operatorName: null, ticket: null });
    const wrong = ticketFrame({ name: 'Ravi', chat: { chatId: patron.chatId, token: 'x'.repeat(43) } });
    back.send(wrong);
    expect(await ticketMade(back, wrong.id)).toMatchObject({ type: 'error', code: 'unauthorized' });
    const right = ticketFrame({ name: 'Ravi', question: 'Is the Bio 101 textbook on reserve?', chat: { chatId: patron.chatId, token: patron.token } });
    back.send(right);
    expect(await ticketMade(back, right.id)).toMatchObject({ type: 'ticket_made', encounterId: patron.encounterId });
    expect(db.db.prepare('SELECT question, patron_name FROM tickets WHERE chat_id = ?').get(patron.chatId)).toEqual({ question: 'Is the Bio 101 textbook on reserve?', patron_name: 'Ravi' });
    back.close();
  });

  it('not for a chat a librarian has, nor one a librarian ended', async () => {
    const patron = await startPatronChat(t, { campus: 'tunxis' });
    ack(await command(bo, { kind: 'claim', chatId: patron.chatId }));
    const frame = ticketFrame({ chat: { chatId: patron.chatId, token: patron.token } });
    patron.socket.send(frame);
    expect(await ticketMade(patron.socket, frame.id)).toMatchObject({ type: 'error', code: 'invalid_frame' });
    ack(await command(bo, { kind: 'end', chatId: patron.chatId }));
    const late = ticketFrame({ chat: { chatId: patron.chatId, token: patron.token } });
    patron.socket.send(late);
    expect(await ticketMade(patron.socket, late.id)).toMatchObject({ type: 'error', code: 'chat_ended' });
    expect(db.db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE chat_id = ?').get(patron.chatId)).toEqual({ n: 0 });
    patron.socket.close();
  });

  it('a replayed client id is answered only for the same ticket: patron B reusing patron A’s id learns nothing of A', async () => {
    const a = await openPatronSocket(t);
    const first = ticketFrame({ name: 'Amara Quist', email: 'amara.q@student.example.edu', question: 'Can I renew my interlibrary loan?' });
    a.send(first);
    const made = await ticketMade(a, first.id);
    expect(made).toMatchObject({ type: 'ticket_made' });
    const encounterId = (made as { encounterId: string }).encounterId;
    // A's own resend (the answer lost with the link) gets the same answer.
    a.send(first);
    expect(await ticketMade(a, first.id)).toEqual(made);
    const before = ticketCount();

    const b = await openPatronSocket(t);
    const bChat = await startPatronChat(t, { campus: 'tunxis', name: 'Bex', question: 'Where is the printer?' });
    const attempts = [
      // the same id with B's own details, with another campus, with B's chat, and with A's details but another chat
      ticketFrame({ id: first.id, name: 'Bex', email: 'bex@student.example.edu', question: 'Where is the printer?' }),
      { ...first, campus: 'capital' },
      { ...first, chat: { chatId: bChat.chatId, token: bChat.token } },
      { ...first, question: 'Can I renew my interlibrary loan? ' + 'please' },
    ];
    for (const attempt of attempts) {
      b.send(attempt);
      const answer = await ticketMade(b, first.id);
      expect(answer).toMatchObject({ type: 'error', code: 'conflict' });
      const said = JSON.stringify(answer);
      for (const secret of ['Amara', 'amara.q', encounterId, 'interlibrary']) expect(said).not.toContain(secret);
    }
    expect(ticketCount()).toBe(before);
    expect(db.db.prepare('SELECT state FROM chats WHERE id = ?').get(bChat.chatId)).toEqual({ state: 'waiting' });
    a.close();
    b.close();
    bChat.socket.close();
  });

  it('without a chat (outside the chat hours): a ticket with its own encounter id; bad input refused', async () => {
    const socket = await openPatronSocket(t);
    const frame = ticketFrame({ name: 'Lee', question: 'Can alumni use the databases?' });
    socket.send(frame);
    const made = await ticketMade(socket, frame.id);
    expect(made).toMatchObject({ type: 'ticket_made' });
    const encounterId = (made as { encounterId: string }).encounterId;
    expect(encounterId).toMatch(/^ENC-\d{8}-[A-HJ-KM-NP-Z2-9]{6}$/);
    expect(db.db.prepare('SELECT chat_id, campus, patron_name, transcript FROM tickets WHERE encounter_id = ?').get(encounterId)).toEqual({ chat_id: null, campus: 'tunxis', patron_name: 'Lee', transcript: '[]' });
    socket.send(ticketFrame({ campus: 'atlantis' }));
    expect(await socket.take((f) => f.type === 'error')).toMatchObject({ code: 'not_found' });
    socket.sendRaw(JSON.stringify({ ...ticketFrame({}), email: 'not-an-email' }));
    expect(await socket.take((f) => f.type === 'error')).toMatchObject({ code: 'invalid_frame' });
    socket.close();
    expect(t.problems).toEqual([]);
  });
});

describe('the chat hours', () => {
  const closedAllWeek: ChatServiceInput = {
    rota: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    seasons: [{ name: 'Closed', weekly: { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] } }],
  };
  const openAllDay = { sun: [{ open: '00:00', close: '24:00' }], mon: [{ open: '00:00', close: '24:00' }], tue: [{ open: '00:00', close: '24:00' }], wed: [{ open: '00:00', close: '24:00' }], thu: [{ open: '00:00', close: '24:00' }], fri: [{ open: '00:00', close: '24:00' }], sat: [{ open: '00:00', close: '24:00' }] };

  it('outside them the widget is told the chat is closed, with the template; inside them, or without hours, it is open', async () => {
    const closed = await startTestServer({ campuses: defaultCampuses(), chatService: closedAllWeek, chatHours: 'directory' });
    try {
      const status = await fetch(`${closed.server.url}/api/chat-status?campus=tunxis`);
      expect(await status.json()).toEqual({
        open: false,
        message: 'Chat with a librarian is closed right now. Leave your question and your email below and a librarian from the Tunxis Campus Library will reply.',
        opensAt: null,
      });
      expect((await fetch(`${closed.server.url}/api/chat-status?campus=atlantis`)).status).toBe(404);
      expect((await fetch(`${closed.server.url}/api/chat-status?campus=NOT%20ONE`)).status).toBe(400);
    } finally {
      await closed.close();
    }
    // The season in force decides: the second one here is open around the clock.
    const inForce = await startTestServer({ campuses: defaultCampuses(), chatService: { ...closedAllWeek, seasons: [...(closedAllWeek.seasons ?? []), { name: 'Always', weekly: openAllDay }], activeSeason: 'Always' }, chatHours: 'directory' });
    try {
      expect(await (await fetch(`${inForce.server.url}/api/chat-status?campus=tunxis`)).json()).toMatchObject({ open: true });
    } finally {
      await inForce.close();
    }
    const always = await startTestServer({ campuses: defaultCampuses(), chatService: closedAllWeek, chatHours: 'always-open' });
    try {
      expect(await (await fetch(`${always.server.url}/api/chat-status?campus=tunxis`)).json()).toMatchObject({ open: true });
    } finally {
      await always.close();
    }
    expect(await (await fetch(`${t.server.url}/api/chat-status?campus=tunxis`)).json()).toMatchObject({ open: expect.any(Boolean) });
  });

  it('an admin puts another season in force from the desk; the widget follows at once; a librarian may not', async () => {
    const server = await startTestServer({ campuses: defaultCampuses(), chatService: { ...closedAllWeek, seasons: [...(closedAllWeek.seasons ?? []), { name: 'Always', weekly: openAllDay }] }, chatHours: 'directory' });
    try {
      const status = async () => ((await (await fetch(`${server.server.url}/api/chat-status?campus=tunxis`)).json()) as { open: boolean }).open;
      expect(await status()).toBe(false); // the first season is in force by default
      const admin = await signInOperator(server, 'Ada Admin', 'capital', 'admin');
      const librarian = await signInOperator(server, 'Lee Librarian', 'capital');
      const service = admin.snapshot.chatService;
      expect(await command(librarian, { kind: 'chatService.update', chatService: { ...service, activeSeason: 'Always' } })).toMatchObject({ type: 'error', code: 'forbidden' });
      expect(await status()).toBe(false);
      ack(await command(admin, { kind: 'chatService.update', chatService: { ...service, activeSeason: 'Always' } }));
      expect((await nextEvent(librarian.socket, 'chatService.updated')).event.chatService.activeSeason).toBe('Always');
      expect(await status()).toBe(true);
    } finally {
      await server.close();
    }
  });
});
