/**
 * Messages carry a visibility: `patron` lines are the conversation, `operators` lines are
 * internal notes. Every path to a patron filters on it, on the server: live delivery, the
 * replay on resume, and the replay of a resent start. Desks see every line.
 */
import { CampusDirectory } from '../../src/server/campuses/directory';
import { emptyChatService } from '../../src/shared/campuses/schemas';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { command, nextEvent, openPatronSocket, signInOperator, startPatronChat, startTestServer, type TestServer } from '../support/server';
import type { ServerContext } from '../../src/server/capability';
import { Chats } from '../../src/server/chats/chats';
import { ChatFieldReader } from '../../src/server/chats/fields';
import { incidentsChatField } from '../../src/server/incidents/chat-field';
import { IncidentStore } from '../../src/server/incidents/incident-store';
import { interviewChatField } from '../../src/server/interview/chat-field';
import { InterviewStore } from '../../src/server/interview/interview-store';
import { defaultCampuses } from '../../src/server/campuses/config';
import { type Db, openDatabase } from '../../src/server/platform/db';
import { KeyedBuckets } from '../../src/server/platform/limits';
import { AccountStore } from '../../src/server/session/accounts';
import { PatronHub, type PatronLink } from '../../src/server/transport/patron-hub';
import { StreamHub } from '../../src/server/transport/stream-hub';
import type { DeskEvent } from '../../src/shared/desk';
import { PatronServerFrame, PROTOCOL_VERSION } from '../../src/shared/protocol';
import type { Operator } from '../../src/shared/session/schemas';
import { defaultNoticeText } from '../../src/shared/templates/notices';

let dir: string;
let db: Db;
let chats: Chats;
let published: DeskEvent[];
let operator: Operator;

/** A patron connection that records what the server sends it, checked against the wire schema. */
function patronLink(): PatronLink & { frames: PatronServerFrame[] } {
  const frames: PatronServerFrame[] = [];
  return {
    chatId: null,
    address: '127.0.0.1',
    frames,
    send: (frame) => frames.push(PatronServerFrame.parse(frame)),
    terminate: () => undefined,
  };
}
const linesTo = (link: { frames: PatronServerFrame[] }) => link.frames.flatMap((f) => (f.type === 'message' ? [f.message.text] : []));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deskbell-visibility-'));
  db = openDatabase(join(dir, 'desk.db'));
  const campuses = defaultCampuses();
  const accounts = new AccountStore(db, new Set(campuses.map((c) => c.id)), Date.now, { N: 1 << 14, r: 8, p: 1 });
  operator = accounts.addOperator({ username: 'ada', name: 'Ada Librarian', campus: 'gateway', password: 'correct horse battery' });
  published = [];
  const ctx: ServerContext = {
    db,
    accounts,
    directory: new CampusDirectory(db, { campuses, chatService: emptyChatService }, Date.now()),
    publish: (event) => published.push(event),
    publishTo: (_ids, event) => published.push(event),
    observe: () => undefined,
    templateText: defaultNoticeText,
    streams: new StreamHub({ bufferSize: 10, ttlMs: 1000, maxDetachedPerOperator: 1, onError: () => undefined }),
    patrons: new PatronHub(),
    now: Date.now,
    log: () => undefined,
    logLimit: () => undefined,
    runAfter: (after) => after?.(),
  };
  chats = new Chats(ctx, {
    ticketOfferAfterMs: 600_000,
    patronGraceMs: 600_000,
    limits: { messagesPerChat: 100, startResendWindowMs: 60_000, maxOpenChats: 100 },
    patronStarts: new KeyedBuckets(100, 1000),
  }, new ChatFieldReader({ interview: interviewChatField(new InterviewStore(db)), incidents: incidentsChatField(new IncidentStore(db)) }));
});
afterEach(() => {
  chats.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Start a chat over a fresh link; returns the link, the chat id and the resume token. */
function start(startId = 'start-visibility-1'): { link: ReturnType<typeof patronLink>; chatId: string; token: string } {
  const link = patronLink();
  chats.patronFrames.start(link, { type: 'start', v: PROTOCOL_VERSION, id: startId, campus: 'gateway', name: 'Maya', question: 'Are you open late?' });
  const started = link.frames.find((f) => f.type === 'started');
  if (!started || started.type !== 'started') throw new Error('no started frame');
  return { link, chatId: started.chatId, token: started.token };
}

/** An internal note in the chat, written as the notes capability will write it. */
function note(chatId: string, text: string) {
  const message = chats.store.addMessage({
    id: `m_note_${Math.random().toString(36).slice(2)}`,
    chatId,
    from: 'operator',
    visibility: 'operators',
    authorId: operator.id,
    authorName: operator.name,
    text,
    at: Date.now(),
    clientId: null,
  });
  chats.deliver(message);
  return message;
}

describe('operators-only lines never reach a patron', () => {
  it('live: the desks get the note, the patron socket does not; a patron-visible reply still arrives', () => {
    const { link, chatId } = start();
    const claim = chats.commands.claim(operator, { kind: 'claim', chatId }, { clientId: 'claim-1-abcdef', now: Date.now() });
    expect(claim.ok).toBe(true);
    if (claim.ok) claim.after?.();

    note(chatId, 'INTERNAL: patron sounds upset, I will take it slowly');
    expect(published.some((e) => e.type === 'chat.message' && e.message.visibility === 'operators')).toBe(true);
    expect(linesTo(link)).not.toContain('INTERNAL: patron sounds upset, I will take it slowly');

    const sent = chats.commands.send(operator, { kind: 'send', chatId, text: 'Hi Maya, yes until 9.' }, { clientId: 'send-1-abcdef', now: Date.now() });
    expect(sent.ok).toBe(true);
    if (sent.ok) sent.after?.();
    expect(linesTo(link)).toEqual(['Are you open late?', 'Hi Maya, yes until 9.']);
  });

  it('on resume: the replay from the start skips the note, and so does a replay from just before it', () => {
    const { chatId, token } = start();
    const noteLine = note(chatId, 'INTERNAL: check the Tunxis hours page');
    const resumed = patronLink();
    chats.patronFrames.resume(resumed, { type: 'resume', v: PROTOCOL_VERSION, chatId, token, lastSeq: 0 });
    expect(linesTo(resumed)).toEqual(['Are you open late?']);
    expect(resumed.frames.at(-1)).toMatchObject({ type: 'status', state: 'waiting' });

    const again = patronLink();
    chats.patronFrames.resume(again, { type: 'resume', v: PROTOCOL_VERSION, chatId, token, lastSeq: noteLine.seq - 1 });
    expect(linesTo(again)).toEqual([]);
  });

  it('on a resent start (the patron never saw `started`): the replay skips the note', () => {
    const first = start('start-visibility-2');
    note(first.chatId, 'INTERNAL: second note');
    const resent = patronLink();
    chats.patronFrames.start(resent, { type: 'start', v: PROTOCOL_VERSION, id: 'start-visibility-2', campus: 'gateway', name: 'Maya', question: 'Are you open late?' });
    expect(resent.frames.find((f) => f.type === 'started')).toMatchObject({ chatId: first.chatId });
    expect(linesTo(resent)).toEqual(['Are you open late?']);
  });

  it('the wire schema itself refuses an operators-only line to a patron', () => {
    const line = { id: 'm_1', chatId: 'chat1234', seq: 2, from: 'operator', authorName: 'Ada', text: 'internal', at: 1 };
    expect(PatronServerFrame.safeParse({ type: 'message', message: { ...line, visibility: 'operators' } }).success).toBe(false);
    expect(PatronServerFrame.safeParse({ type: 'message', message: { ...line, visibility: 'patron' } }).success).toBe(true);
  });
});

describe('over real sockets, through the note command (note.chat)', () => {
  let server: TestServer & { problems: string[] };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('desks get the note; the patron never does, live or on a resume from the start; a patron-visible reply still arrives', async () => {
    const bo = await signInOperator(server, 'Bo Tunxis', 'tunxis');
    const cy = await signInOperator(server, 'Cy Tunxis', 'tunxis');
    const patron = await startPatronChat(server, { campus: 'tunxis', name: 'Maya', question: 'Do you have CINAHL?' });
    expect(await command(bo, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
    expect(await command(bo, { kind: 'note.chat', chatId: patron.chatId, text: 'INTERNAL: nursing student, wants CINAHL' })).toMatchObject({ type: 'ack' });
    expect(await command(bo, { kind: 'send', chatId: patron.chatId, text: 'Hi Maya, yes we do.' })).toMatchObject({ type: 'ack' });
    const seen = await nextEvent(cy.socket, 'chat.message', (e) => e.message.visibility === 'operators');
    expect(seen.event.message.text).toBe('INTERNAL: nursing student, wants CINAHL');

    await patron.socket.take((f) => f.type === 'message' && f.message.text === 'Hi Maya, yes we do.', 'the reply');
    await patron.socket.sync();
    expect(JSON.stringify(patron.socket.drain())).not.toContain('INTERNAL');

    patron.socket.close();
    const resumed = await openPatronSocket(server);
    resumed.send({ type: 'resume', v: PROTOCOL_VERSION, chatId: patron.chatId, token: patron.token, lastSeq: 0 });
    await resumed.take((f) => f.type === 'status', 'status after the replay');
    const replay = resumed.drain();
    expect(replay.flatMap((f) => (f.type === 'message' ? [f.message.text] : []))).toEqual(['Do you have CINAHL?', 'Hi Maya, yes we do.']);
    expect(JSON.stringify(replay)).not.toContain('INTERNAL');

    // A note from before a transfer stays operators-only too: the new holder reads it, the patron does not.
    expect(await command(bo, { kind: 'transfer.offer', chatId: patron.chatId, to: cy.operator.id })).toMatchObject({ type: 'ack' });
    const offered = await nextEvent(cy.socket, 'transfer.offered');
    expect(await command(cy, { kind: 'transfer.accept', offerId: offered.event.offer.id })).toMatchObject({ type: 'ack' });
    const history = (await (await fetch(`${server.server.url}/api/chat-history?chat=${patron.chatId}`, { headers: { authorization: `Bearer ${cy.token}` } })).json()) as { messages: { text: string; visibility: string }[] };
    expect(history.messages.filter((m) => m.visibility === 'operators').map((m) => m.text)).toEqual(['INTERNAL: nursing student, wants CINAHL']);
    await resumed.take((f) => f.type === 'message' && f.message.text.includes('taking over'), 'the transfer notice');
    await resumed.sync();
    expect(JSON.stringify(resumed.drain())).not.toContain('INTERNAL');
    resumed.close();
    expect(server.problems).toEqual([]);
  });
});
