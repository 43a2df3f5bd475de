import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DeskbellServerError } from './errors';

export type Db = Database.Database;

/**
 * Schema migrations, applied in order, each in one transaction; `user_version` records how
 * many have run. Append only: a shipped migration is never edited. Every schema change goes
 * through this list.
 *
 * Enumerations (chat state, end reason, message author, visibility) are not written as SQL
 * CHECK lists: the zod schemas in src/shared own them and the stores check values on the way
 * in and out, so a new value needs no table rebuild.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE operators (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    campus TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen INTEGER NOT NULL
  );
  CREATE INDEX sessions_last_seen ON sessions(last_seen);

  CREATE TABLE chats (
    id TEXT PRIMARY KEY,
    encounter_id TEXT NOT NULL UNIQUE,
    campus TEXT NOT NULL,
    patron_name TEXT NOT NULL,
    question TEXT NOT NULL,
    name_is_question INTEGER NOT NULL CHECK (name_is_question IN (0, 1)),
    state TEXT NOT NULL CHECK (state IN ('waiting', 'claimed', 'ended')),
    created_at INTEGER NOT NULL,
    claimed_by TEXT REFERENCES operators(id),
    claimed_at INTEGER,
    ended_at INTEGER,
    end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN ('operator', 'patron_left', 'ticket', 'expired')),
    ticket_offered_at INTEGER,
    patron_token_hash TEXT NOT NULL,
    start_client_id TEXT NOT NULL UNIQUE
  );
  CREATE INDEX chats_state ON chats(state, created_at);
  CREATE INDEX chats_ended_at ON chats(ended_at) WHERE state = 'ended';

  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    chat_id TEXT NOT NULL REFERENCES chats(id),
    seq INTEGER NOT NULL,
    from_kind TEXT NOT NULL CHECK (from_kind IN ('patron', 'operator', 'system')),
    author_id TEXT,
    author_name TEXT NOT NULL,
    text TEXT NOT NULL,
    at INTEGER NOT NULL,
    client_id TEXT,
    UNIQUE (chat_id, seq),
    UNIQUE (chat_id, from_kind, client_id)
  );

  CREATE TABLE command_results (
    operator_id TEXT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    response TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (operator_id, client_id)
  ) WITHOUT ROWID;
  CREATE INDEX command_results_at ON command_results(at);
  `,
  // 2: enumerations leave SQL (see above); messages carry a visibility ('patron' or 'operators').
  `
  CREATE TABLE chats_v2 (
    id TEXT PRIMARY KEY,
    encounter_id TEXT NOT NULL UNIQUE,
    campus TEXT NOT NULL,
    patron_name TEXT NOT NULL,
    question TEXT NOT NULL,
    name_is_question INTEGER NOT NULL CHECK (name_is_question IN (0, 1)),
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    claimed_by TEXT REFERENCES operators(id),
    claimed_at INTEGER,
    ended_at INTEGER,
    end_reason TEXT,
    ticket_offered_at INTEGER,
    patron_token_hash TEXT NOT NULL,
    start_client_id TEXT NOT NULL UNIQUE
  );
  INSERT INTO chats_v2 SELECT id, encounter_id, campus, patron_name, question, name_is_question, state, created_at,
    claimed_by, claimed_at, ended_at, end_reason, ticket_offered_at, patron_token_hash, start_client_id FROM chats;

  CREATE TABLE messages_v2 (
    id TEXT PRIMARY KEY,
    chat_id TEXT NOT NULL REFERENCES chats(id),
    seq INTEGER NOT NULL,
    from_kind TEXT NOT NULL,
    visibility TEXT NOT NULL,
    author_id TEXT,
    author_name TEXT NOT NULL,
    text TEXT NOT NULL,
    at INTEGER NOT NULL,
    client_id TEXT,
    UNIQUE (chat_id, seq),
    UNIQUE (chat_id, from_kind, client_id)
  );
  INSERT INTO messages_v2 SELECT id, chat_id, seq, from_kind, 'patron', author_id, author_name, text, at, client_id FROM messages;

  DROP TABLE messages;
  DROP TABLE chats;
  ALTER TABLE chats_v2 RENAME TO chats;
  ALTER TABLE messages_v2 RENAME TO messages;
  CREATE INDEX chats_state ON chats(state, created_at);
  CREATE INDEX chats_ended_at ON chats(ended_at) WHERE state = 'ended';
  `,
  // 3: computers a librarian signed in from (device tokens, stored as hashes): exempt from the
  // sign-in throttles others can trigger.
  `
  CREATE TABLE devices (
    token_hash TEXT PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_used INTEGER NOT NULL
  );
  CREATE INDEX devices_last_used ON devices(last_used);
  `,
  // 4: accounts get a role; the campus directory moves into the database (config/campuses.json
  // seeds a new one), with every edit recorded; FAQs per campus, with a revision per change and
  // tombstones for deletions, so desks sync by delta; a log of FAQ imports.
  `
  ALTER TABLE operators ADD COLUMN role TEXT NOT NULL DEFAULT 'librarian';

  CREATE TABLE campuses (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    data TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
  );
  CREATE TABLE chat_service (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
  );
  CREATE TABLE directory_edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    operator_id TEXT NOT NULL,
    operator_name TEXT NOT NULL,
    target TEXT NOT NULL,
    fields TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL
  );
  CREATE INDEX directory_edits_target ON directory_edits(target, at);

  CREATE TABLE faqs (
    campus TEXT NOT NULL,
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    topics TEXT NOT NULL,
    permalink TEXT NOT NULL,
    updated INTEGER NOT NULL,
    rev INTEGER NOT NULL,
    deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    PRIMARY KEY (campus, id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX faqs_rev ON faqs(rev);

  CREATE TABLE faq_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campus TEXT NOT NULL,
    source TEXT NOT NULL,
    at INTEGER NOT NULL,
    added INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    error TEXT
  );
  CREATE INDEX faq_imports_campus ON faq_imports(campus, source, at);
  `,
  // 5: hand-offs. A chat put back in a queue waits from queued_at; internal notes between
  // librarians with read marks per thread; transfer offers; tickets per campus queue, and the
  // outbox that mails and forwards them (one row per ticket and channel: enqueued exactly once).
  `
  ALTER TABLE chats ADD COLUMN queued_at INTEGER;

  CREATE TABLE notes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    from_id TEXT NOT NULL REFERENCES operators(id),
    to_kind TEXT NOT NULL,
    to_id TEXT NOT NULL,
    about TEXT REFERENCES chats(id),
    text TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX notes_to ON notes(to_kind, to_id, seq);
  CREATE INDEX notes_from ON notes(from_id, seq);
  CREATE TABLE note_reads (
    operator_id TEXT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
    thread TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (operator_id, thread)
  ) WITHOUT ROWID;

  CREATE TABLE transfers (
    id TEXT PRIMARY KEY,
    chat_id TEXT NOT NULL REFERENCES chats(id),
    from_id TEXT NOT NULL REFERENCES operators(id),
    to_id TEXT NOT NULL REFERENCES operators(id),
    note TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    state TEXT NOT NULL,
    closed_at INTEGER,
    reason TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX transfers_open ON transfers(chat_id) WHERE state = 'pending';
  CREATE INDEX transfers_closed_at ON transfers(closed_at);

  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    encounter_id TEXT NOT NULL UNIQUE,
    chat_id TEXT UNIQUE REFERENCES chats(id),
    campus TEXT NOT NULL,
    patron_name TEXT NOT NULL,
    email TEXT NOT NULL,
    no_email INTEGER NOT NULL CHECK (no_email IN (0, 1)),
    question TEXT NOT NULL,
    transcript TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT REFERENCES operators(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_by TEXT REFERENCES operators(id),
    closed_at INTEGER,
    close_note TEXT NOT NULL DEFAULT '',
    client_id TEXT UNIQUE
  );
  CREATE INDEX tickets_campus ON tickets(campus, status, created_at);
  CREATE INDEX tickets_status ON tickets(status, created_at);

  CREATE TABLE ticket_outbox (
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER,
    last_error TEXT NOT NULL DEFAULT '',
    sent_at INTEGER,
    result TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (ticket_id, channel)
  ) WITHOUT ROWID;
  CREATE INDEX ticket_outbox_due ON ticket_outbox(next_at) WHERE state = 'pending';
  `,
  // 6: the conversation workspace. A chat keeps the name the patron gave, their email and phone,
  // and the reference-interview checklist (JSON); every ended chat gets a transcript revision,
  // which desks sync their transcript search from (ended chats so far are numbered in the order
  // they ended). Message templates per institution and campus, with a record of every edit;
  // incident reports to campus directors, each with its transcript and delivery.
  `
  ALTER TABLE chats ADD COLUMN given_name TEXT;
  ALTER TABLE chats ADD COLUMN patron_email TEXT NOT NULL DEFAULT '';
  ALTER TABLE chats ADD COLUMN patron_phone TEXT NOT NULL DEFAULT '';
  ALTER TABLE chats ADD COLUMN interview TEXT;
  ALTER TABLE chats ADD COLUMN transcript_rev INTEGER;
  UPDATE chats SET transcript_rev = ordered.n
    FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY ended_at, id) AS n FROM chats WHERE state = 'ended') AS ordered
   WHERE chats.id = ordered.id;
  CREATE UNIQUE INDEX chats_transcript_rev ON chats(transcript_rev) WHERE transcript_rev IS NOT NULL;

  CREATE TABLE templates (
    scope TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT NOT NULL,
    deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    updated_at INTEGER NOT NULL,
    updated_by TEXT,
    PRIMARY KEY (scope, id)
  ) WITHOUT ROWID;
  CREATE TABLE template_edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    operator_id TEXT NOT NULL,
    operator_name TEXT NOT NULL,
    scope TEXT NOT NULL,
    template_id TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT
  );
  CREATE INDEX template_edits_template ON template_edits(scope, template_id, at);

  CREATE TABLE incident_reports (
    id TEXT PRIMARY KEY,
    chat_id TEXT NOT NULL REFERENCES chats(id),
    campus TEXT NOT NULL,
    encounter_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    operator_id TEXT NOT NULL,
    operator_name TEXT NOT NULL,
    patron_name TEXT NOT NULL,
    patron_email TEXT NOT NULL,
    patron_phone TEXT NOT NULL,
    note TEXT NOT NULL,
    transcript TEXT NOT NULL,
    director_email TEXT NOT NULL,
    delivery TEXT NOT NULL,
    delivered_at INTEGER,
    error TEXT
  );
  CREATE INDEX incident_reports_chat ON incident_reports(chat_id);
  CREATE INDEX incident_reports_campus ON incident_reports(campus, at);
  `,
  // 7: the reference interview moves out of the chats table into the interview capability's
  // own, keyed by chat id (a chat field: src/shared/chat-fields.ts); what was recorded moves with it.
  `
  CREATE TABLE chat_interviews (
    chat_id TEXT PRIMARY KEY REFERENCES chats(id),
    interview TEXT NOT NULL
  );
  INSERT INTO chat_interviews (chat_id, interview) SELECT id, interview FROM chats WHERE interview IS NOT NULL;
  ALTER TABLE chats DROP COLUMN interview;
  `,
  // 8: patron feedback, the feedback capability's own table: one rating per chat (the key refuses
  // a second), with the campus and the librarian who held the chat, for the summaries' index.
  `
  CREATE TABLE chat_feedback (
    chat_id TEXT PRIMARY KEY REFERENCES chats(id),
    campus TEXT NOT NULL,
    operator_id TEXT NOT NULL,
    rating INTEGER NOT NULL,
    comment TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX chat_feedback_campus ON chat_feedback(campus, at);
  `,
  // 9: chat statistics. A hand-over or a requeue rewrites claimed_at and the ticket offer, so a
  // chat keeps its first claim (when, by whom) and its first ticket offer, set where they happen;
  // a requeue keeps the campus the chat started in and is recorded. Chats so far take what they
  // have. Indexes by time that cover what the statistics read (src/server/statistics).
  `
  ALTER TABLE chats ADD COLUMN first_claimed_at INTEGER;
  ALTER TABLE chats ADD COLUMN first_claimed_by TEXT REFERENCES operators(id);
  ALTER TABLE chats ADD COLUMN first_ticket_offer_at INTEGER;
  ALTER TABLE chats ADD COLUMN start_campus TEXT;
  UPDATE chats SET first_claimed_at = claimed_at, first_claimed_by = claimed_by WHERE claimed_at IS NOT NULL;
  UPDATE chats SET first_ticket_offer_at = ticket_offered_at WHERE ticket_offered_at IS NOT NULL;

  CREATE TABLE chat_requeues (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id TEXT NOT NULL REFERENCES chats(id),
    by_id TEXT NOT NULL REFERENCES operators(id),
    from_campus TEXT NOT NULL,
    to_campus TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX chat_requeues_at ON chat_requeues(at, by_id, chat_id);

  CREATE INDEX chats_statistics ON chats(created_at, start_campus, campus, first_claimed_at, first_claimed_by, claimed_by,
    ended_at, end_reason, first_ticket_offer_at);
  CREATE INDEX transfers_created_at ON transfers(created_at, from_id, state, chat_id);
  CREATE INDEX tickets_created_at ON tickets(created_at, campus, created_by, id);
  CREATE INDEX chat_feedback_at ON chat_feedback(at, campus, operator_id, rating);
  `,
  // 10: accounts managed in the app. An account may be disabled (it cannot sign in, its sessions
  // stop), may have to change a temporary password at its next sign-in, and keeps its last
  // sign-in; the role may also be 'head' (every campus). The audit log of administrators' actions
  // is append-only (triggers refuse UPDATE and DELETE); template and directory edits and FAQ
  // imports keep their own records, and a trigger copies each into it in the same transaction,
  // so no path can skip it.
  `
  ALTER TABLE operators ADD COLUMN disabled_at INTEGER;
  ALTER TABLE operators ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE operators ADD COLUMN last_login_at INTEGER;

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    campus TEXT,
    before TEXT,
    after TEXT
  );
  CREATE INDEX audit_log_campus ON audit_log(campus, id);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_template_edits AFTER INSERT ON template_edits
    BEGIN
      INSERT INTO audit_log (at, actor_id, actor_name, action, target, campus, before, after)
      VALUES (NEW.at, NEW.operator_id, NEW.operator_name, 'template.' || NEW.action, NEW.scope || '/' || NEW.template_id,
              CASE WHEN NEW.scope = 'institution' THEN NULL ELSE NEW.scope END, NEW.before, NEW.after);
    END;
  CREATE TRIGGER audit_directory_edits AFTER INSERT ON directory_edits
    BEGIN
      INSERT INTO audit_log (at, actor_id, actor_name, action, target, campus, before, after)
      VALUES (NEW.at, NEW.operator_id, NEW.operator_name,
              CASE WHEN NEW.target = 'chat-service' THEN 'directory.chat-service' ELSE 'directory.campus' END, NEW.target,
              CASE WHEN NEW.target = 'chat-service' THEN NULL ELSE NEW.target END, NEW.before, NEW.after);
    END;
  CREATE TRIGGER audit_faq_imports AFTER INSERT ON faq_imports
    BEGIN
      INSERT INTO audit_log (at, actor_id, actor_name, action, target, campus, before, after)
      VALUES (NEW.at, NULL, 'FAQ import', CASE WHEN NEW.error IS NULL THEN 'faqs.import' ELSE 'faqs.import-refused' END, NEW.campus || '/' || NEW.source, NEW.campus, NULL,
              json_object('added', NEW.added, 'updated', NEW.updated, 'deleted', NEW.deleted, 'unchanged', NEW.unchanged, 'error', NEW.error));
    END;
  `,
  // 11: what a patron sees is numbered apart (messages.patron_seq, null for an internal note), so
  // the numbers on their lines, acks and resume cursor have no gaps where notes are. Lines already
  // stored are numbered in their order.
  `
  ALTER TABLE messages ADD COLUMN patron_seq INTEGER;
  UPDATE messages SET patron_seq = numbered.n
    FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY chat_id ORDER BY seq) AS n FROM messages WHERE visibility = 'patron') AS numbered
    WHERE messages.id = numbered.id;
  CREATE UNIQUE INDEX messages_patron_seq ON messages(chat_id, patron_seq) WHERE patron_seq IS NOT NULL;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Run the migrations a database has not had, up to `target` (every one by default; the migration tests stop earlier). */
export function migrate(db: Db, target: number = MIGRATIONS.length): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > MIGRATIONS.length) {
    throw new DeskbellServerError(
      'database_too_new',
      `database schema version ${current} is newer than this server understands (${MIGRATIONS.length}); upgrade Deskbell`,
    );
  }
  if (current >= target) return;
  // A table rebuild drops the old table, which foreign keys would refuse mid-way; they are checked
  // as a whole before each migration commits instead. (The pragma is a no-op inside a transaction.)
  db.pragma('foreign_keys = OFF');
  try {
    for (let version = current; version < Math.min(target, MIGRATIONS.length); version++) {
      const sql = MIGRATIONS[version] ?? '';
      db.transaction(() => {
        db.exec(sql);
        const broken = db.pragma('foreign_key_check');
        if (Array.isArray(broken) && broken.length > 0) throw new DeskbellServerError('migration_failed', `migration ${version + 1} left ${broken.length} broken references`);
        // PRAGMA cannot take a bound parameter; `version` is our own integer.
        db.pragma(`user_version = ${version + 1}`);
      })();
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

/** The database, its -wal and its -shm: patrons' names, emails and transcripts, for the service's user alone. */
const OWNER_ONLY = 0o600;

/**
 * Before SQLite makes the file, make it readable by its owner alone: SQLite gives the -wal and
 * -shm files the main file's mode, so all three are 0600 whoever opens it first (the service, or
 * a command of the CLI run by hand). A file made before this was: tightened when we may.
 */
function createPrivately(path: string): void {
  closeSync(openSync(path, 'a', OWNER_ONLY));
  tighten(path);
}

/** Take group and other permissions off an existing file (ours alone to change: another owner's is left as it is). */
function tighten(path: string): void {
  if (process.platform === 'win32') return; // no mode bits: the folder's ACL keeps it private
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, OWNER_ONLY);
  } catch {
    // absent (no -shm yet) or not ours to change
  }
}

/** Open (creating if needed) the backend database: WAL so readers never block the writer; its files 0600. */
export function openDatabase(path: string): Db {
  const onDisk = path !== ':memory:' && path !== '';
  if (onDisk) {
    mkdirSync(dirname(path), { recursive: true });
    createPrivately(path);
  }
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    if (onDisk) for (const file of [`${path}-wal`, `${path}-shm`]) tighten(file);
    // The CLI may add an operator while the server runs: wait for the lock instead of failing.
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
