/**
 * A patron cannot count the internal notes in their chat (issue 17, item 11): what they see is
 * numbered apart, so the numbers on their lines, their acks and their resume cursor run 1, 2,
 * 3... whatever notes lie between. Over real sockets: live lines, acks, a resend, a resume from
 * the cursor after notes and lines written while the patron was away (each missing line once,
 * none again), and a resume from the start. Desks keep the one numbering of every line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/server/platform/db';
import { PROTOCOL_VERSION, type PatronServerFrame } from '../../src/shared/protocol';
import { clientId, command, inspectDb, nextEvent, openPatronSocket, type PatronSocket, type SignedInOperator, signInOperator, startPatronChat, startTestServer, type TestServer } from '../support/server';

let t: TestServer & { problems: string[] };
let ada: SignedInOperator;
let db: ReturnType<typeof inspectDb>;

beforeAll(async () => {
  t = await startTestServer();
  ada = await signInOperator(t, 'Ada Capital', 'capital');
  db = inspectDb(t);
});
afterAll(async () => {
  db?.close();
  await t?.close();
});

const ok = async (cmd: object) => expect(await command(ada, cmd)).toMatchObject({ type: 'ack' });
const note = (chatId: string, text: string) => ok({ kind: 'note.chat', chatId, text });
const message = (socket: PatronSocket, text: string) =>
  socket.take((f) => f.type === 'message' && f.message.text === text, `the line "${text}"`) as Promise<Extract<PatronServerFrame, { type: 'message' }>>;

/** The lines a resume replays, in the order they came, up to the status that ends it. */
async function replay(socket: PatronSocket): Promise<{ seq: number; text: string }[]> {
  const lines: { seq: number; text: string }[] = [];
  for (;;) {
    const frame = await socket.take((f) => f.type === 'message' || f.type === 'status', 'the replay');
    if (frame.type === 'status') return lines;
    if (frame.type === 'message') lines.push({ seq: frame.message.seq, text: frame.message.text });
  }
}

async function patronSays(socket: PatronSocket, text: string): Promise<number> {
  const id = clientId('say');
  socket.send({ type: 'say', id, text });
  const ack = await socket.take((f) => f.type === 'ack' && f.id === id, 'the ack');
  return (ack as Extract<PatronServerFrame, { type: 'ack' }>).seq;
}

describe('the numbers a patron sees', () => {
  it('have no gaps where internal notes are: live, acked, resent, and resumed from the cursor after time away', async () => {
    const patron = await startPatronChat(t, { campus: 'capital', name: 'Maya', question: 'Do you have CINAHL?' });
    const chatId = patron.chatId;
    await ok({ kind: 'claim', chatId });
    const seen: number[] = [1]; // the question, taken by startPatronChat
    await note(chatId, 'INTERNAL: regular, asked last week too');
    await ok({ kind: 'send', chatId, text: 'Hi Maya, yes we do.' });
    seen.push((await message(patron.socket, 'Hi Maya, yes we do.')).message.seq);
    await note(chatId, 'INTERNAL: check her campus sign-in');
    const sayId = clientId('say');
    patron.socket.send({ type: 'say', id: sayId, text: 'Great, where?' });
    const acked = (await patron.socket.take((f) => f.type === 'ack' && f.id === sayId, 'the ack')) as Extract<PatronServerFrame, { type: 'ack' }>;
    seen.push(acked.seq);
    // The same line again (its ack lost): the same number.
    patron.socket.send({ type: 'say', id: sayId, text: 'Great, where?' });
    expect((await patron.socket.take((f) => f.type === 'ack' && f.id === sayId, 'the ack again')) as { seq: number }).toMatchObject({ seq: acked.seq });
    await note(chatId, 'INTERNAL: one');
    await note(chatId, 'INTERNAL: two');
    await ok({ kind: 'send', chatId, text: 'Under Databases on the library page.' });
    seen.push((await message(patron.socket, 'Under Databases on the library page.')).message.seq);
    expect(seen).toEqual([1, 2, 3, 4]);
    // Desks still number every line: the notes took places 2, 4, 6 and 7.
    const deskSeqs = db.db.prepare('SELECT seq, visibility FROM messages WHERE chat_id = ? ORDER BY seq').all(chatId);
    expect(deskSeqs).toEqual([
      { seq: 1, visibility: 'patron' },
      { seq: 2, visibility: 'operators' },
      { seq: 3, visibility: 'patron' },
      { seq: 4, visibility: 'operators' },
      { seq: 5, visibility: 'patron' },
      { seq: 6, visibility: 'operators' },
      { seq: 7, visibility: 'operators' },
      { seq: 8, visibility: 'patron' },
    ]);

    // Away: what is written meanwhile comes back from the cursor, each line once, in order.
    patron.socket.terminate();
    await nextEvent(ada.socket, 'chat.patron_link', (e) => e.chatId === chatId && !e.connected);
    await note(chatId, 'INTERNAL: she dropped');
    await ok({ kind: 'send', chatId, text: 'Are you still there?' });
    await note(chatId, 'INTERNAL: waiting');
    await ok({ kind: 'send', chatId, text: 'I will stay a few minutes.' });
    const back = await openPatronSocket(t);
    back.send({ type: 'resume', v: PROTOCOL_VERSION, chatId, token: patron.token, lastSeq: 4 });
    expect(await replay(back)).toEqual([
      { seq: 5, text: 'Are you still there?' },
      { seq: 6, text: 'I will stay a few minutes.' },
    ]);
    expect(await patronSays(back, 'Yes, sorry!')).toBe(7);

    // From the start, every line the patron may see, numbered 1..n; no note.
    const fresh = await openPatronSocket(t);
    fresh.send({ type: 'resume', v: PROTOCOL_VERSION, chatId, token: patron.token, lastSeq: 0 });
    const all = await replay(fresh);
    expect(all.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(all.some((m) => m.text.startsWith('INTERNAL'))).toBe(false);
    back.close();
    fresh.close();
  });
});

describe('migration 11', () => {
  /** The schema version before patron numbering: migration 11 numbers what is stored. */
  const BEFORE = 10;

  it('numbers the stored patron-visible lines of each chat 1..n in their order, and leaves notes unnumbered', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deskbell-patron-seq-'));
    const db = new Database(join(dir, 'desk.db'));
    try {
      migrate(db, BEFORE);
      const chat = db.prepare(
        `INSERT INTO chats (id, encounter_id, campus, patron_name, question, name_is_question, state, created_at, patron_token_hash, start_client_id)
         VALUES (?, ?, 'tunxis', 'Maya', 'Hello?', 0, 'claimed', 1, 'hash', ?)`,
      );
      const line = db.prepare(
        `INSERT INTO messages (id, chat_id, seq, from_kind, visibility, author_id, author_name, text, at, client_id) VALUES (?, ?, ?, 'operator', ?, NULL, 'Ada', 'x', 1, NULL)`,
      );
      const shapes: Record<string, ('patron' | 'operators')[]> = {
        chatAAAA: ['patron', 'operators', 'patron', 'operators', 'operators', 'patron'],
        chatBBBB: ['operators', 'patron', 'patron'],
      };
      for (const [chatId, visibilities] of Object.entries(shapes)) {
        chat.run(chatId, `ENC-${chatId}`, `start-${chatId}`);
        visibilities.forEach((visibility, i) => line.run(`m_${chatId}_${i + 1}`, chatId, i + 1, visibility));
      }
      migrate(db);
      const numbered = (chatId: string) => db.prepare('SELECT seq, patron_seq FROM messages WHERE chat_id = ? ORDER BY seq').all(chatId);
      expect(numbered('chatAAAA')).toEqual([
        { seq: 1, patron_seq: 1 },
        { seq: 2, patron_seq: null },
        { seq: 3, patron_seq: 2 },
        { seq: 4, patron_seq: null },
        { seq: 5, patron_seq: null },
        { seq: 6, patron_seq: 3 },
      ]);
      expect(numbered('chatBBBB')).toEqual([
        { seq: 1, patron_seq: null },
        { seq: 2, patron_seq: 1 },
        { seq: 3, patron_seq: 2 },
      ]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
