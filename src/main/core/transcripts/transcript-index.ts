import type Database from 'better-sqlite3';
import { openCacheFile, SyncMeta } from '../librarians/cache-file';
import { knownPatronName, patronLabel, patronQuestion } from '../../../shared/chats/labels';
import { Chat } from '../../../shared/chats/schemas';
import type { TranscriptChangesPage, TranscriptHit, TranscriptQuery } from '../../../shared/transcripts/schemas';
import { matcher, snippet } from '../faqs/highlight';
import { campusKey, matchExpression, queryTerms, termExpression } from '../faqs/query';
import { encounterKey, encounterWords, splitEncounter } from './encounter-query';

/** Layout version: an index of another version is dropped and synced again (it is only a copy). 7: the question once in `body`. */
const INDEX_VERSION = 7;
/** SQLite's page cache for the index, per connection. */
const PAGE_CACHE_KIB = 4096;
/** The rows' own indexes beside id's: left out during a bulk fill and built once at its end (see the class comment). */
const SECONDARY_INDEXES = `
  CREATE INDEX IF NOT EXISTS chats_encounter ON chats(encounter_key);
  CREATE INDEX IF NOT EXISTS chats_campus ON chats(campus, rowid);
  CREATE INDEX IF NOT EXISTS chats_created ON chats(created_at);
`;
const DROP_SECONDARY_INDEXES = 'DROP INDEX IF EXISTS chats_encounter; DROP INDEX IF EXISTS chats_campus; DROP INDEX IF EXISTS chats_created;';
const DROP = `
  DROP TRIGGER IF EXISTS chats_insert; DROP TRIGGER IF EXISTS chats_delete;
  DROP TABLE IF EXISTS chat_fts; DROP TABLE IF EXISTS chats; DROP TABLE IF EXISTS meta;
`;
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS chats (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    encounter_id TEXT NOT NULL,
    encounter_key TEXT NOT NULL,
    campus TEXT NOT NULL,
    campus_key TEXT NOT NULL,
    patron TEXT NOT NULL,
    label TEXT NOT NULL,
    librarian TEXT NOT NULL,
    question TEXT NOT NULL,
    body TEXT NOT NULL,
    encounter TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    ended_at INTEGER,
    rev INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  ${SECONDARY_INDEXES}
  CREATE VIRTUAL TABLE IF NOT EXISTS chat_fts USING fts5(
    patron, body, encounter, campus_key,
    content = 'chats', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3 4', detail = column
  );
  CREATE TRIGGER IF NOT EXISTS chats_insert AFTER INSERT ON chats WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk') BEGIN
    INSERT INTO chat_fts (rowid, patron, body, encounter, campus_key) VALUES (new.rowid, new.patron, new.body, new.encounter, new.campus_key);
  END;
  CREATE TRIGGER IF NOT EXISTS chats_delete AFTER DELETE ON chats WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk') BEGIN
    INSERT INTO chat_fts (chat_fts, rowid, patron, body, encounter, campus_key) VALUES ('delete', old.rowid, old.patron, old.body, old.encounter, old.campus_key);
  END;
`;

interface Row {
  rowid: number;
  id: string;
  encounter_id: string;
  campus: string;
  label: string;
  librarian: string;
  question: string;
  body: string;
  created_at: number;
  ended_at: number | null;
}

/**
 * What a chat is found by: every name the patron went by, and every line (the question first,
 * once: the widget also posts it as the chat's first line, which a snippet would show twice).
 */
function searchable(chat: Chat): { patron: string; body: string } {
  const names = [...new Set([patronLabel(chat), knownPatronName(chat) ?? '', chat.nameIsQuestion ? '' : chat.patronName].filter((n) => n !== '' && n !== 'Name not given'))];
  const question = patronQuestion(chat);
  const said = chat.messages.map((m) => m.text);
  if (said[0]?.trim() === question.trim()) said.shift();
  const lines = [question, ...said, chat.patronEmail, chat.interview?.className ?? '', chat.interview?.professor ?? '', chat.interview?.needDetail ?? '', chat.interview?.note ?? ''];
  return { patron: names.join(' '), body: lines.filter((l) => l !== '').join('\n') };
}

const RESULT_COLUMNS = 'c.rowid, c.id, c.encounter_id, c.campus, c.label, c.librarian, c.question, c.body, c.created_at, c.ended_at';

/**
 * One librarian's transcripts, searchable offline: every ended chat of the backend, whole, in a
 * SQLite file with an FTS5 index (the patron's names and every line), synced by revision from
 * the backend's transcript feed. Each page is one transaction with the revision it reaches.
 * Newest first: the row order is the order chats arrived (ended, or changed after).
 *
 * An empty index is filled in bulk: while the `bulk` mark is in `meta` the triggers leave the
 * FTS index alone, and `finishBulk` builds it once from the rows ('rebuild'). Indexing row by row
 * across a first sync's hundred transactions cost five times as long (merging the prefix
 * indexes' segments over and over); the mark survives a crash, so an interrupted first sync
 * still ends with a whole index. The encounter, campus and date indexes are dropped for the
 * fill and built at its end too: sorting 20,000 keys once is cheaper than placing each of them
 * page by page (about 0.15 s of a 3 s first sync). Both happen in the transactions that start
 * and end the mark, so the indexes are missing only while it is there.
 *
 * `detail = column`: the index keeps which column a word is in, not where in it. Every query is
 * single words (quoted, prefixed) within columns, which is all it needs; the index is a third
 * smaller and builds a third faster (`full` is what phrases and NEAR would need).
 */
export class TranscriptIndex {
  private readonly db: Database.Database;
  private readonly meta: SyncMeta;
  private readonly statements;
  private readonly searches = new Map<string, Database.Statement<(string | number)[], Row>>();

  constructor(readonly path: string) {
    this.db = openCacheFile(path, { version: INDEX_VERSION, drop: DROP, schema: SCHEMA });
    const db = this.db;
    // better-sqlite3's default page cache is 16 MiB a connection, which searching the whole index
    // fills and keeps; the file is on local disk and the OS caches it anyway.
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    this.meta = new SyncMeta(db);
    this.statements = {
      remove: db.prepare('DELETE FROM chats WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO chats (id, encounter_id, encounter_key, campus, campus_key, patron, label, librarian, question, body, encounter, created_at, ended_at, rev, data)
         VALUES (@id, @encounterId, @encounterKey, @campus, @campusKey, @patron, @label, @librarian, @question, @body, @encounter, @createdAt, @endedAt, @rev, @data)`,
      ),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM chats'),
      data: db.prepare<[string], { data: string }>('SELECT data FROM chats WHERE id = ?'),
      clear: db.prepare('DELETE FROM chats'),
      bulk: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM meta WHERE key = 'bulk'"),
      startBulk: db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('bulk', '1')"),
      endBulk: db.prepare("DELETE FROM meta WHERE key = 'bulk'"),
      rebuild: db.prepare("INSERT INTO chat_fts (chat_fts) VALUES ('rebuild')"),
      deleteAll: db.prepare("INSERT INTO chat_fts (chat_fts) VALUES ('delete-all')"),
    };
  }

  /** The backend revision this file has caught up to. */
  get rev(): number {
    return this.meta.rev;
  }

  get count(): number {
    return this.statements.count.get()?.n ?? 0;
  }

  get backend(): string | null {
    return this.meta.backend;
  }

  get lastSyncAt(): number | null {
    return this.meta.lastSyncAt;
  }

  /** Emptied for `backend`, to be filled in bulk (see the class comment). */
  reset(backend: string): void {
    this.db.transaction(() => {
      this.statements.startBulk.run();
      this.db.exec(DROP_SECONDARY_INDEXES);
      this.statements.clear.run();
      // The triggers are off now: the FTS index is emptied in one step, not row by row.
      this.statements.deleteAll.run();
      this.meta.set('rev', '0');
      this.meta.set('backend', backend);
    })();
  }

  /** Whether words cannot be searched yet: a bulk fill is under way. */
  get filling(): boolean {
    return (this.statements.bulk.get()?.n ?? 0) > 0;
  }

  /** Build the FTS index of a bulk fill from its rows, once; nothing to do otherwise (or once closed). */
  finishBulk(): void {
    if (!this.db.open || !this.filling) return;
    this.db.transaction(() => {
      this.statements.rebuild.run();
      this.db.exec(SECONDARY_INDEXES);
      this.statements.endBulk.run();
    })();
  }

  /** One page of the feed and the revision it reaches, all or nothing. */
  apply(page: TranscriptChangesPage, at: number): void {
    this.db.transaction(() => {
      for (const { rev, chat } of page.changes) {
        // Delete then insert: a changed chat comes back newest.
        this.statements.remove.run(chat.id);
        const { patron, body } = searchable(chat);
        this.statements.insert.run({
          id: chat.id,
          encounterId: chat.encounterId,
          encounterKey: encounterKey(chat.encounterId),
          encounter: encounterWords(chat.encounterId),
          campus: chat.campus,
          campusKey: campusKey(chat.campus),
          patron,
          label: patronLabel(chat),
          librarian: chat.claimedBy?.name ?? '',
          question: patronQuestion(chat),
          body,
          createdAt: chat.createdAt,
          endedAt: chat.endedAt,
          rev,
          data: JSON.stringify(chat),
        });
      }
      this.meta.set('rev', String(page.next));
      this.meta.set('lastSyncAt', String(at));
    })();
  }

  /** A whole transcript kept here, or null. */
  get(chatId: string): Chat | null {
    const row = this.statements.data.get(chatId);
    if (!row) return null;
    const parsed = Chat.safeParse(JSON.parse(row.data));
    return parsed.success ? parsed.data : null;
  }

  /**
   * Search: every typed word must match (a prefix, through its stem) in the lines or the
   * encounter ID's parts; patron words in the names only; campus, encounter ID (any part of it,
   * typed in its box or among the words) and dates narrow it. Newest first.
   * Any text is a valid query: it is read as words, never as FTS5 syntax.
   */
  search(query: TranscriptQuery): TranscriptHit[] {
    // A single letter as typed says nothing yet (and would match most of the index): it waits for the next key.
    const meaningful = (terms: string[]) => terms.filter((t) => [...t].length > 1 || /\p{N}/u.test(t));
    const typed = splitEncounter(query.words);
    const words = meaningful(queryTerms(typed.words));
    const patronWords = meaningful(queryTerms(query.patron));
    const terms = [...words.map((t) => `{body encounter} : ${termExpression(t)}`), ...patronWords.map((t) => `patron : ${termExpression(t)}`)];
    const where: string[] = [];
    const params: (string | number)[] = [];
    for (const key of new Set([encounterKey(query.encounterId), encounterKey(typed.encounter)])) {
      if (key === '') continue;
      if (key.startsWith('ENC')) {
        // The start of an ID: a range of the index.
        where.push('c.rowid IN (SELECT rowid FROM chats WHERE encounter_key >= ? AND encounter_key < ?)');
        params.push(key, `${key}\uffff`);
      } else {
        // Any other part (the code read off a report, the day): every ID is looked at, and they are short.
        where.push('c.rowid IN (SELECT rowid FROM chats WHERE instr(encounter_key, ?) > 0)');
        params.push(key);
      }
    }
    if (query.from !== null || query.to !== null) {
      // Through the date index, whatever order the rows are read in.
      where.push('c.rowid IN (SELECT rowid FROM chats WHERE created_at >= ? AND created_at < ?)');
      params.push(query.from ?? 0, query.to ?? Number.MAX_SAFE_INTEGER);
    }
    let sql: string;
    if (terms.length > 0) {
      const match = matchExpression(terms, query.campus === null ? null : campusKey(query.campus));
      sql = `SELECT ${RESULT_COLUMNS} FROM chat_fts f JOIN chats c ON c.rowid = f.rowid WHERE f.chat_fts MATCH ?${where.map((w) => ` AND ${w}`).join('')} ORDER BY f.rowid DESC LIMIT ?`;
      params.unshift(match);
    } else {
      if (query.campus !== null) {
        where.push('c.campus = ?');
        params.push(query.campus);
      }
      sql = `SELECT ${RESULT_COLUMNS} FROM chats c${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY c.rowid DESC LIMIT ?`;
    }
    params.push(query.limit);
    const rows = this.prepared(sql).all(...params);
    const isHit = matcher([...words, ...patronWords]);
    return rows.map((row) => ({
      chatId: row.id,
      encounterId: row.encounter_id,
      campus: row.campus,
      patron: row.label,
      question: row.question,
      librarian: row.librarian,
      createdAt: row.created_at,
      endedAt: row.ended_at,
      snippet: words.length > 0 ? snippet(row.body, isHit, 20) : [{ text: row.question.slice(0, 160), hit: false }],
    }));
  }

  /** A search's statement, prepared once per shape of query. */
  private prepared(sql: string): Database.Statement<(string | number)[], Row> {
    let statement = this.searches.get(sql);
    if (!statement) {
      statement = this.db.prepare<(string | number)[], Row>(sql);
      this.searches.set(sql, statement);
    }
    return statement;
  }

  /** Bytes of the index file. */
  sizeBytes(): number {
    return Number(this.db.pragma('page_count', { simple: true })) * Number(this.db.pragma('page_size', { simple: true }));
  }

  check(): { integrity: string; index: boolean } {
    const integrity = String(this.db.pragma('integrity_check', { simple: true }));
    let index = true;
    try {
      this.db.prepare("INSERT INTO chat_fts (chat_fts, rank) VALUES ('integrity-check', 1)").run();
    } catch {
      index = false;
    }
    return { integrity, index };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

