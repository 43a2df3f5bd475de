import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { FaqChangesPage, FaqHit, TextRun } from '../../../shared/faqs/schemas';
import { closeTerms, type VocabularyTerm } from './fuzzy';
import { highlight, matcher, snippet } from './highlight';
import { ftsString, matchExpression, queryTerms, termExpression } from './query';

/** Ranking looks at this many matching FAQs at most (the newest first): FTS5's `ORDER BY rank` over every match of a common word is the slow path. */
export const CANDIDATE_CAP = 1_000;
/** Column weights for bm25: a match in the question counts most, then topics, then the answer. */
const WEIGHTS = '8.0, 1.0, 4.0, 0.0';
const HIT_OPEN = '\u0001';
const HIT_CLOSE = '\u0002';

/**
 * The cache's layout. Prefix indexes up to 8 characters: a typed prefix of a common word ("librar")
 * is then one index lookup instead of a merge of every FAQ that holds the word.
 * A cache of another version is dropped and synced again (it is only a copy).
 */
const CACHE_VERSION = 2;
const DROP = `
  DROP TRIGGER IF EXISTS faqs_insert; DROP TRIGGER IF EXISTS faqs_delete;
  DROP TABLE IF EXISTS faq_vocab; DROP TABLE IF EXISTS faq_fts; DROP TABLE IF EXISTS faqs; DROP TABLE IF EXISTS meta;
`;
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS faqs (
    rowid INTEGER PRIMARY KEY,
    campus TEXT NOT NULL,
    campus_key TEXT NOT NULL,
    id TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    topics TEXT NOT NULL,
    permalink TEXT NOT NULL,
    updated INTEGER NOT NULL,
    rev INTEGER NOT NULL,
    UNIQUE (campus, id)
  );
  CREATE VIRTUAL TABLE IF NOT EXISTS faq_fts USING fts5(
    question, answer, topics, campus_key,
    content = 'faqs', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3 4 5 6 7 8'
  );
  CREATE VIRTUAL TABLE IF NOT EXISTS faq_vocab USING fts5vocab(faq_fts, 'row');
  CREATE TRIGGER IF NOT EXISTS faqs_insert AFTER INSERT ON faqs BEGIN
    INSERT INTO faq_fts (rowid, question, answer, topics, campus_key) VALUES (new.rowid, new.question, new.answer, new.topics, new.campus_key);
  END;
  CREATE TRIGGER IF NOT EXISTS faqs_delete AFTER DELETE ON faqs BEGIN
    INSERT INTO faq_fts (faq_fts, rowid, question, answer, topics, campus_key) VALUES ('delete', old.rowid, old.question, old.answer, old.topics, old.campus_key);
  END;
`;

/**
 * The campus as one opaque index token (hex, ending in a digit so the porter stemmer leaves it
 * alone): searching within a campus is then part of the FTS5 query, not a filter after it.
 */
export const campusKey = (campus: string): string => `zz${Buffer.from(campus, 'utf8').toString('hex')}0`;
const stripMarks = (text: string): string => text.replace(/[\u0001\u0002]/g, '');
const isCampusKey = (term: string): boolean => /^zz[0-9a-f]+0$/.test(term);

interface Candidate {
  rowid: number;
  campus: string;
  question: string;
  id: string;
  topics: string;
  permalink: string;
  answer: string;
}

/** A highlighted FTS5 text as runs: the marks become `hit` flags, never markup. */
export function runsOf(marked: string): TextRun[] {
  const runs: TextRun[] = [];
  let hit = false;
  let text = '';
  for (const ch of marked) {
    if (ch === HIT_OPEN || ch === HIT_CLOSE) {
      if (text) runs.push({ text, hit });
      text = '';
      hit = ch === HIT_OPEN;
    } else text += ch;
  }
  if (text) runs.push({ text, hit });
  return runs;
}

export interface SearchResult {
  hits: FaqHit[];
  /** Words that matched nothing, even spelt a little differently: left out of the search. */
  ignored: string[];
}

/**
 * One librarian's FAQ cache: a SQLite file with an FTS5 index, synced by delta from the
 * backend. Each page of changes is applied in one transaction together with the revision it
 * reaches, so a sync cut off at any point leaves the cache at a page boundary, consistent,
 * and the next sync resumes from there.
 */
export class FaqCache {
  private readonly db: Database.Database;
  private readonly statements;
  private vocabulary: VocabularyTerm[] | null = null;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.db = new Database(path);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      if (this.db.pragma('user_version', { simple: true }) !== CACHE_VERSION) {
        this.db.transaction(() => {
          this.db.exec(DROP);
          this.db.exec(SCHEMA);
          this.db.pragma(`user_version = ${CACHE_VERSION}`);
        })();
      }
    } catch (error) {
      this.db.close();
      throw error;
    }
    const db = this.db;
    this.statements = {
      meta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      remove: db.prepare('DELETE FROM faqs WHERE campus = ? AND id = ?'),
      insert: db.prepare(
        'INSERT INTO faqs (campus, campus_key, id, question, answer, topics, permalink, updated, rev) VALUES (@campus, @campusKey, @id, @question, @answer, @topics, @permalink, @updated, @rev)',
      ),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM faqs'),
      probe: db.prepare<[string], { rowid: number }>('SELECT rowid FROM faq_fts WHERE faq_fts MATCH ? LIMIT 1'),
      candidates: db.prepare<[string, number, number], Candidate>(
        `SELECT f.rowid, f.campus, f.id, f.question, f.topics, f.permalink, f.answer
           FROM (SELECT rowid, bm25(faq_fts, ${WEIGHTS}) AS score FROM faq_fts WHERE faq_fts MATCH ? ORDER BY rowid DESC LIMIT ?) c
           JOIN faqs f ON f.rowid = c.rowid
          ORDER BY c.score, f.rowid DESC LIMIT ?`,
      ),
      vocabulary: db.prepare<[], VocabularyTerm>('SELECT term, doc AS docs FROM faq_vocab'),
      clear: db.prepare('DELETE FROM faqs'),
    };
  }

  /** The backend revision this cache has caught up to. */
  get rev(): number {
    return Number(this.statements.meta.get('rev')?.value ?? 0);
  }

  get count(): number {
    return this.statements.count.get()?.n ?? 0;
  }

  /** Which backend the cache holds FAQs of; a cache of another backend is emptied before use. */
  get backend(): string | null {
    return this.statements.meta.get('backend')?.value ?? null;
  }

  get lastSyncAt(): number | null {
    const value = this.statements.meta.get('lastSyncAt')?.value;
    return value === undefined ? null : Number(value);
  }

  /** Forget every FAQ (the backend changed, or its revisions went backwards): the next sync starts from 0. */
  reset(backend: string): void {
    this.db.transaction(() => {
      this.statements.clear.run();
      this.statements.setMeta.run('rev', '0');
      this.statements.setMeta.run('backend', backend);
    })();
    this.vocabulary = null;
  }

  /** One page of changes and the revision it reaches, all or nothing. */
  apply(page: FaqChangesPage, at: number): void {
    this.db.transaction(() => {
      for (const change of page.changes) {
        // Delete then insert: a changed FAQ gets a new rowid, so the newest rank first among equals.
        this.statements.remove.run(change.campus, change.id);
        if (change.deleted) continue;
        this.statements.insert.run({
          campus: change.campus,
          campusKey: campusKey(change.campus),
          id: change.id,
          // The wire schema strips highlight marks already; stripped again, as this file trusts nothing it did not check.
          question: stripMarks(change.question),
          answer: stripMarks(change.answer),
          topics: JSON.stringify(change.topics),
          permalink: change.permalink,
          updated: change.updated,
          rev: change.rev,
        });
      }
      this.statements.setMeta.run('rev', String(page.next));
      this.statements.setMeta.run('lastSyncAt', String(at));
    })();
    if (page.changes.length > 0) this.vocabulary = null;
  }

  /** Marks the cache as in step with the backend now, though nothing changed. */
  touch(at: number): void {
    this.statements.setMeta.run('lastSyncAt', String(at));
  }

  /**
   * Search as you type: every word must match (as a prefix, and through its stem, so plurals
   * match), within the campus unless `campus` is null. A word with no match is tried with close
   * spellings from the index; a word that matches nothing even so is left out and reported.
   */
  search(query: string, campus: string | null, limit: number): SearchResult {
    const terms = queryTerms(query);
    if (terms.length === 0) return { hits: [], ignored: [] };
    const scope = campus === null ? null : campusKey(campus);
    const parts: string[] = [];
    const ignored: string[] = [];
    const marked: string[] = [];
    for (const term of terms) {
      const own = termExpression(term);
      marked.push(term);
      // A word the index knows stays as typed (no FAQ of this campus has it: no results, truthfully).
      // The exact word is probed first: a prefix probe of a common word merges most of the index.
      if (this.known(term, scope) || (scope !== null && this.known(term, null))) {
        parts.push(own);
        continue;
      }
      // A word no FAQ anywhere has is likely a typo: try close spellings.
      const close = closeTerms(term, this.vocab());
      const expression = termExpression(term, close);
      if (close.length > 0 && this.statements.probe.get(matchExpression([expression], scope))) {
        parts.push(expression);
        marked.push(...close);
      } else ignored.push(term);
    }
    if (parts.length === 0) return { hits: [], ignored };
    const match = matchExpression(parts, scope);
    const isHit = matcher(marked);
    const hits = this.statements.candidates.all(match, CANDIDATE_CAP, limit).map(
      (row): FaqHit => ({
        campus: row.campus,
        id: row.id,
        question: highlight(row.question, isHit),
        snippet: snippet(row.answer, isHit),
        topics: JSON.parse(row.topics) as string[],
        permalink: row.permalink,
        answer: row.answer,
      }),
    );
    return { hits, ignored };
  }

  /** Some FAQ in scope holds the word, exactly (through its stem) or as a prefix. */
  private known(term: string, scope: string | null): boolean {
    return Boolean(this.statements.probe.get(matchExpression([ftsString(term)], scope)) ?? this.statements.probe.get(matchExpression([termExpression(term)], scope)));
  }

  /** The index's words (stems) and how many FAQs hold each, loaded when a typo first needs them. */
  private vocab(): VocabularyTerm[] {
    this.vocabulary ??= this.statements.vocabulary.all().filter((v) => !isCampusKey(v.term) && v.term.length >= 3);
    return this.vocabulary;
  }

  /** Bytes of the cache file (the FAQs and their index), for diagnostics and benchmarks. */
  sizeBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    return pages * size;
  }

  /** Both the file and the index are sound (used by tests after a crash). */
  check(): { integrity: string; index: boolean } {
    const integrity = this.db.pragma('integrity_check', { simple: true }) as string;
    let index = true;
    try {
      this.db.prepare("INSERT INTO faq_fts (faq_fts, rank) VALUES ('integrity-check', 1)").run();
    } catch {
      index = false;
    }
    return { integrity, index };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
