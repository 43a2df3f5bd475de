import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountStore, SESSION_IDLE_MS } from '../../src/server/session/accounts';
import { COMMAND_RESULT_TTL_MS, CommandLog } from '../../src/server/transport/command-log';
import { openDatabase, SCHEMA_VERSION } from '../../src/server/platform/db';
import { DeskbellServerError } from '../../src/server/platform/errors';
import { ChatStore, toChatCore } from '../../src/server/chats/chat-store';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'deskbell-store-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the database', () => {
  it('is WAL with foreign keys on, migrated to the current user_version, and reopens without re-migrating', () => {
    const path = join(dir, 'fresh', 'desk.db');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual([
      'audit_log',
      'campuses',
      'chat_feedback',
      'chat_interviews',
      'chat_requeues',
      'chat_service',
      'chats',
      'command_results',
      'devices',
      'directory_edits',
      'faq_imports',
      'faqs',
      'incident_reports',
      'messages',
      'note_reads',
      'notes',
      'operators',
      'sessions',
      'sqlite_sequence',
      'template_edits',
      'templates',
      'ticket_outbox',
      'tickets',
      'transfers',
    ]);
    db.prepare("INSERT INTO operators (id, username, name, campus, password_hash, created_at) VALUES ('op1', 'u', 'U', 'gateway', 'h', 1)").run();
    db.close();
    const again = openDatabase(path);
    expect(again.prepare('SELECT COUNT(*) AS n FROM operators').get()).toEqual({ n: 1 });
    again.close();
  });

  it('enforces the transcript constraints: unique seq per chat, unique client id per chat and sender, real chats only', () => {
    const db = openDatabase(join(dir, 'constraints.db'));
    db.prepare(
      `INSERT INTO chats (id, encounter_id, campus, patron_name, question, name_is_question, state, created_at, patron_token_hash, start_client_id)
       VALUES ('chat1', 'ENC-1', 'gateway', 'P', 'Q', 0, 'waiting', 1, 'h', 'start1')`,
    ).run();
    const insert = db.prepare(
      `INSERT INTO messages (id, chat_id, seq, from_kind, visibility, author_id, author_name, text, at, client_id) VALUES (?, ?, ?, 'patron', 'patron', NULL, 'P', 't', 1, ?)`,
    );
    insert.run('m1', 'chat1', 1, 'client-1');
    expect(() => insert.run('m2', 'chat1', 1, 'client-2')).toThrow(/UNIQUE/);
    expect(() => insert.run('m3', 'chat1', 2, 'client-1')).toThrow(/UNIQUE/);
    expect(() => insert.run('m4', 'nochat', 1, 'client-3')).toThrow(/FOREIGN KEY/);
    // Enumerations live in the zod schemas, not in SQL: the store refuses a value no schema knows when it reads it back.
    db.prepare(`UPDATE chats SET state = 'lost' WHERE id = 'chat1'`).run();
    const chats = new ChatStore(db);
    const row = chats.get('chat1');
    expect(row).toBeDefined();
    expect(() => toChatCore(row!, [], true)).toThrow(/lost|Invalid/);
    db.prepare(`UPDATE messages SET visibility = 'everyone' WHERE id = 'm1'`).run();
    expect(() => chats.lastMessages('chat1', 10)).toThrow(/everyone|Invalid/);
    db.close();
  });

  it('refuses a database from a newer version of Deskbell', () => {
    const path = join(dir, 'future.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(DeskbellServerError);
    expect(() => openDatabase(path)).toThrow(/newer than this server/);
  });
});

describe('retention', () => {
  it('command answers older than 24 h are neither recalled nor kept', () => {
    const db = openDatabase(join(dir, 'retention.db'));
    db.prepare("INSERT INTO operators (id, username, name, campus, password_hash, created_at) VALUES ('op1', 'u', 'U', 'gateway', 'h', 1)").run();
    const log = new CommandLog(db);
    const now = 10 * COMMAND_RESULT_TTL_MS;
    log.remember('op1', 'old-command', '{"type":"ack","id":"old-command","result":{}}', now - COMMAND_RESULT_TTL_MS - 1);
    log.remember('op1', 'new-command', '{"type":"ack","id":"new-command","result":{}}', now - 1000);
    expect(log.recall('op1', 'old-command', now)).toBeNull();
    expect(log.recall('op1', 'new-command', now)).toContain('new-command');
    expect(log.prune(now)).toBe(1);
    expect(db.prepare('SELECT client_id FROM command_results').all()).toEqual([{ client_id: 'new-command' }]);
    db.close();
  });

  it('sessions idle for longer than the limit stop working and are pruned', async () => {
    const db = openDatabase(join(dir, 'sessions.db'));
    let now = 1_000_000;
    const accounts = new AccountStore(db, new Set(['gateway']), () => now);
    accounts.addOperator({ username: 'idle', name: 'Ida Idle', campus: 'gateway', password: 'long-enough-password' });
    const a = await accounts.login('idle', 'long-enough-password');
    const b = await accounts.login('idle', 'long-enough-password');
    if (!a || !b) throw new Error('login failed');
    now += SESSION_IDLE_MS / 2;
    expect(accounts.authenticate(a.token)?.operator.name).toBe('Ida Idle');
    now += SESSION_IDLE_MS / 2 + 1;
    // `a` was used halfway, `b` never since login.
    expect(accounts.authenticate(a.token)).not.toBeNull();
    expect(accounts.authenticate(b.token)).toBeNull();
    now += SESSION_IDLE_MS + 1;
    expect(accounts.pruneIdleSessions()).toBe(1);
    expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    db.close();
  });
});
