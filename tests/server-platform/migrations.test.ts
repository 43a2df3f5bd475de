/**
 * Schema changes go through the migration list (src/server/platform/db.ts). A database made by
 * the first shipped schema, full of chats in every state, is upgraded in place: every chat and
 * message survives unchanged, messages become patron-visible, the enumerations are no longer
 * SQL CHECKs, and a running server serves the old chats.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatStore, toChatCore } from '../../src/server/chats/chat-store';
import { InterviewStore } from '../../src/server/interview/interview-store';
import { migrate, openDatabase, SCHEMA_VERSION } from '../../src/server/platform/db';
import { hashPassword } from '../../src/server/platform/secrets';
import { command, nextEvent, PASSWORD, signInOperator, startPatronChat, startTestServer } from '../support/server';

const dir = mkdtempSync(join(tmpdir(), 'deskbell-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const V1_SCHEMA = readFileSync(join(import.meta.dirname, '..', 'support', 'sql', 'schema-v1.sql'), 'utf8');
const T0 = 1_764_000_000_000;

/** A version-1 database as a deployment would hold it: operators, a session, chats in every state, transcripts, stored command answers. */
function makeV1Database(path: string): { chats: number; messages: number } {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(V1_SCHEMA);
  db.pragma('user_version = 1');
  const hash = hashPassword(PASSWORD, { N: 1 << 14, r: 8, p: 1 });
  const op = db.prepare('INSERT INTO operators (id, username, name, campus, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  op.run('op_ada', 'ada', 'Ada Librarian', 'gateway', hash, T0);
  op.run('op_bo', 'bo', 'Bo Librarian', 'tunxis', hash, T0);
  db.prepare('INSERT INTO sessions (token_hash, operator_id, created_at, last_seen) VALUES (?, ?, ?, ?)').run('a'.repeat(64), 'op_ada', T0, T0);
  const chat = db.prepare(
    `INSERT INTO chats (id, encounter_id, campus, patron_name, question, name_is_question, state, created_at, claimed_by, claimed_at, ended_at, end_reason, ticket_offered_at, patron_token_hash, start_client_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const message = db.prepare(
    'INSERT INTO messages (id, chat_id, seq, from_kind, author_id, author_name, text, at, client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const rows: [string, string, string | null, string | null][] = [
    ['waiting', 'gateway', null, null],
    ['claimed', 'tunxis', 'op_bo', null],
    ['ended', 'gateway', 'op_ada', 'operator'],
    ['ended', 'capital', null, 'patron_left'],
    ['ended', 'norwalk', null, 'expired'],
    ['ended', 'tunxis', 'op_bo', 'ticket'],
  ];
  let messages = 0;
  rows.forEach(([state, campus, claimedBy, endReason], i) => {
    const id = `chat${i}old`;
    chat.run(
      id, `ENC-20251124-OLD00${i}`, campus, i === 1 ? 'what time do you close?' : `Patron ${i}`, `Question ${i} <b>kept as text</b>`, i === 1 ? 1 : 0,
      state, T0 + i * 1000, claimedBy, claimedBy ? T0 + i * 1000 + 5 : null, endReason ? T0 + i * 1000 + 60_000 : null, endReason,
      state === 'waiting' ? T0 + 60_000 : null, 'f'.repeat(64), `start-${i}-abcdef`,
    );
    for (let seq = 1; seq <= 3 + i; seq++) {
      const fromOperator = claimedBy !== null && seq % 2 === 0;
      message.run(`m_${i}_${seq}`, id, seq, fromOperator ? 'operator' : 'patron', fromOperator ? claimedBy : null, fromOperator ? 'Librarian' : `Patron ${i}`, `line ${seq} of ${i}`, T0 + i * 1000 + seq, `client-${i}-${seq}-abcdef`);
      messages += 1;
    }
  });
  db.prepare('INSERT INTO command_results (operator_id, client_id, response, at) VALUES (?, ?, ?, ?)').run('op_ada', 'cmd-1-abcdef', '{"type":"ack"}', T0);
  db.close();
  return { chats: rows.length, messages };
}

const dump = (db: Database.Database, sql: string) => db.prepare(sql).all();

describe('schema migrations', () => {
  it('upgrades a version-1 database in place, losing and changing nothing', () => {
    const path = join(dir, 'v1.db');
    const made = makeV1Database(path);
    const before = new Database(path, { readonly: true });
    const chatsBefore = dump(before, 'SELECT * FROM chats ORDER BY id');
    const messagesBefore = dump(before, 'SELECT * FROM messages ORDER BY chat_id, seq');
    const othersBefore = ['operators', 'sessions', 'command_results'].map((t) => dump(before, `SELECT * FROM ${t} ORDER BY 1`));
    before.close();

    const db = openDatabase(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
      // Every chat is as it was, with the columns later migrations add: queued_at (migration 5, never
      // requeued: null) and the workspace's (migration 6): nothing given yet, and the ended ones
      // numbered for the transcript feed in the order they ended; the statistics' (migration 9): the
      // first claim and ticket offer are the ones the chat has, and it started in its campus.
      const chatsAfter = dump(db, 'SELECT * FROM chats ORDER BY id') as Record<string, unknown>[];
      expect(
        chatsAfter.map(({ queued_at, given_name, patron_email, patron_phone, transcript_rev, first_claimed_at, first_claimed_by, first_ticket_offer_at, start_campus, ...rest }) => (
          expect([queued_at, given_name, patron_email, patron_phone]).toEqual([null, null, '', '']),
          expect([first_claimed_at, first_claimed_by, first_ticket_offer_at, start_campus]).toEqual([rest.claimed_at, rest.claimed_by, rest.ticket_offered_at, null]),
          void transcript_rev,
          rest
        )),
      ).toEqual(chatsBefore);
      const revs = chatsAfter.filter((c) => c.state === 'ended').sort((a, b) => Number(a.ended_at) - Number(b.ended_at)).map((c) => c.transcript_rev);
      expect(revs).toEqual([1, 2, 3, 4]);
      expect(chatsAfter.filter((c) => c.state !== 'ended').map((c) => c.transcript_rev)).toEqual([null, null]);
      const messagesAfter = dump(db, 'SELECT * FROM messages ORDER BY chat_id, seq') as Record<string, unknown>[];
      expect(messagesAfter).toHaveLength(made.messages);
      // Every line is as it was, now marked as the conversation (patron-visible) and numbered among
      // what the patron sees (migration 11): with no notes in a version-1 chat, the same numbers.
      expect(messagesAfter.map(({ visibility, patron_seq, ...rest }) => (expect(visibility).toBe('patron'), expect(patron_seq).toBe(rest.seq), rest))).toEqual(messagesBefore);
      // Every account is as it was, now with a role: a librarian (migration 3); enabled, its password its own, never signed in since (migration 10).
      const [operatorsAfter, ...restAfter] = ['operators', 'sessions', 'command_results'].map((t) => dump(db, `SELECT * FROM ${t} ORDER BY 1`));
      expect(
        (operatorsAfter as Record<string, unknown>[]).map(({ role, disabled_at, must_change_password, last_login_at, ...rest }) => (
          expect(role).toBe('librarian'), expect([disabled_at, must_change_password, last_login_at]).toEqual([null, 0, null]), rest
        )),
      ).toEqual(othersBefore[0]);
      expect(restAfter).toEqual(othersBefore.slice(1));
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      // The enumerations are the schemas' now: no CHECK list left for state, end reason or author.
      const tableSql = (name: string) => (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) as { sql: string }).sql;
      expect(tableSql('chats')).not.toMatch(/CHECK \(state|end_reason IN/);
      expect(tableSql('messages')).not.toMatch(/from_kind IN/);
      // The indexes came back with the rebuilt tables.
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['chats_state', 'chats_ended_at', 'sessions_last_seen', 'command_results_at']));
      // The store reads every old chat through the schemas.
      const store = new ChatStore(db);
      for (let i = 0; i < made.chats; i++) {
        const row = store.get(`chat${i}old`);
        expect(row).toBeDefined();
        const chat = toChatCore(row!, store.lastMessages(`chat${i}old`, 100), true);
        expect(chat.messages).toHaveLength(3 + i);
        expect(chat.messages.every((m) => m.visibility === 'patron')).toBe(true);
      }
    } finally {
      db.close();
    }
    // Opening again is a no-op: nothing re-runs.
    const again = openDatabase(path);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('migration 7 moves each recorded interview out of the chats table into the interview capability’s own', () => {
    const path = join(dir, 'v6.db');
    makeV1Database(path);
    const old = new Database(path);
    migrate(old, 6);
    const ended = old.prepare("SELECT id FROM chats WHERE state = 'ended' ORDER BY id LIMIT 1").pluck().get();
    expect(typeof ended).toBe('string');
    old.prepare('UPDATE chats SET interview = ? WHERE id = ?').run(JSON.stringify({ campusConfirmed: true, need: 'database', needDetail: 'CINAHL' }), ended);
    old.close();
    const db = openDatabase(path);
    try {
      const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('chats') as string[]);
      expect(columns).not.toContain('interview');
      expect(dump(db, 'SELECT chat_id FROM chat_interviews')).toEqual([{ chat_id: ended }]);
      expect(new InterviewStore(db).of(String(ended))).toMatchObject({ campusConfirmed: true, need: 'database', needDetail: 'CINAHL' });
    } finally {
      db.close();
    }
  });

  it('a running server on the upgraded database serves the old chats and takes new ones', async () => {
    const path = join(dir, 'served.db');
    makeV1Database(path);
    const t = await startTestServer({ dbPath: path });
    try {
      const desk = await signInOperator(t, 'Cy Librarian');
      const open = desk.snapshot.chats.filter((c) => c.state !== 'ended').map((c) => c.id);
      expect(open.sort()).toEqual(['chat0old', 'chat1old']);
      const claimed = desk.snapshot.chats.find((c) => c.id === 'chat1old');
      expect(claimed?.claimedBy?.name).toBe('Bo Librarian');
      const history = await fetch(`${t.server.url}/api/chat-history?chat=chat1old`, { headers: { authorization: `Bearer ${desk.token}` } });
      expect(((await history.json()) as { messages: { text: string }[] }).messages.map((m) => m.text)).toEqual(['line 1 of 1', 'line 2 of 1', 'line 3 of 1', 'line 4 of 1']);
      expect(desk.snapshot.chats.filter((c) => c.state === 'ended').map((c) => c.endReason).sort()).toEqual(['expired', 'operator', 'patron_left', 'ticket']);
      // The old accounts still sign in, and new chats go on from there.
      expect(await t.server.login('ada', PASSWORD)).toMatchObject({ operator: { id: 'op_ada' } });
      const patron = await startPatronChat(t);
      const created = await nextEvent(desk.socket, 'chat.created', (e) => e.chat.id === patron.chatId);
      expect(created.event.chat.messages).toMatchObject([{ seq: 1, visibility: 'patron' }]);
      expect(await command(desk, { kind: 'claim', chatId: patron.chatId })).toMatchObject({ type: 'ack' });
      patron.socket.close();
      desk.socket.close();
    } finally {
      await t.close();
    }
  });
});
