import type Database from 'better-sqlite3';
import { openCacheFile, SyncMeta } from '../librarians/cache-file';
import type { FaqChangesPage } from '../../../shared/faqs/schemas';
import { CACHE_SCHEMA, CACHE_VERSION, DROP_CACHE } from './cache-schema';
import { type IndexedFaq, indexStatements, IndexWrites } from './index-writes';
import { ANY_CAMPUS, campusKey, ftsString } from './query';
import { FaqSearch, type SearchResult } from './search';

export type { SearchResult } from './search';

/** Highlight marks (\u0001, \u0002): the wire schema strips them already; stripped again, as this file trusts nothing it did not check. */
const stripMarks = (text: string): string => text.replace(/[\u0001\u0002]/g, '');

/**
 * One librarian's FAQ cache: a SQLite file with FTS5 indexes (cache-schema.ts), synced by delta from the
 * backend. Each page of changes is applied in one transaction together with the revision it
 * reaches, so a sync cut off at any point leaves the cache at a page boundary, consistent,
 * and the next sync resumes from there.
 */
export class FaqCache {
  private readonly db: Database.Database;
  private readonly meta: SyncMeta;
  private readonly statements;
  private readonly index;
  private readonly finder: FaqSearch;

  constructor(readonly path: string) {
    this.db = openCacheFile(path, { version: CACHE_VERSION, drop: DROP_CACHE, schema: CACHE_SCHEMA });
    const db = this.db;
    this.meta = new SyncMeta(db);
    this.statements = {
      find: db.prepare<[string, string], IndexedFaq & { rowid: number }>('SELECT rowid, -rowid AS key, question, answer, topics, campus_key FROM faqs WHERE campus = ? AND id = ?'),
      remove: db.prepare<[number]>('DELETE FROM faqs WHERE rowid = ?'),
      insert: db.prepare(
        'INSERT INTO faqs (campus, campus_key, id, question, answer, topics, permalink, updated, rev) VALUES (@campus, @campus_key, @id, @question, @answer, @topics, @permalink, @updated, @rev)',
      ),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM faqs'),
      clear: db.prepare('DELETE FROM faqs'),
    };
    this.index = indexStatements(db);
    this.finder = new FaqSearch(db);
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

  /** Forget every FAQ (the backend changed, or its revisions went backwards): the next sync starts from 0. */
  reset(backend: string): void {
    this.db.transaction(() => {
      this.statements.clear.run();
      for (const statement of this.index.clear) statement.run();
      this.meta.set('rev', '0');
      this.meta.set('backend', backend);
    })();
    this.finder.changed();
  }

  /** One page of changes and the revision it reaches, all or nothing. */
  apply(page: FaqChangesPage, at: number): void {
    this.db.transaction(() => {
      const writes = new IndexWrites();
      for (const change of page.changes) {
        // Delete then insert: a changed FAQ gets a new rowid, so it comes first among equals.
        const old = this.statements.find.get(change.campus, change.id);
        if (old) {
          this.statements.remove.run(old.rowid);
          writes.remove(old);
        }
        if (change.deleted) continue;
        const row = {
          campus: change.campus,
          campus_key: campusKey(change.campus),
          id: change.id,
          question: stripMarks(change.question),
          answer: stripMarks(change.answer),
          topics: JSON.stringify(change.topics),
          permalink: change.permalink,
          updated: change.updated,
          rev: change.rev,
        };
        const { lastInsertRowid } = this.statements.insert.run(row);
        writes.add({ key: -Number(lastInsertRowid), question: row.question, answer: row.answer, topics: row.topics, campus_key: row.campus_key });
      }
      writes.write(this.index);
      this.meta.set('rev', String(page.next));
      this.meta.set('lastSyncAt', String(at));
    })();
    if (page.changes.length > 0) this.finder.changed();
  }

  /** Marks the cache as in step with the backend now, though nothing changed. */
  touch(at: number): void {
    this.meta.set('lastSyncAt', String(at));
  }

  /** Search as you type (see FaqSearch): scoped to `campus`, or every campus when null. */
  search(query: string, campus: string | null, limit: number): SearchResult {
    return this.finder.search(query, campus, limit);
  }

  /** Bytes of the cache file (the FAQs and their index), for diagnostics and benchmarks. */
  sizeBytes(): number {
    const pages = Number(this.db.pragma('page_count', { simple: true }));
    const size = Number(this.db.pragma('page_size', { simple: true }));
    return pages * size;
  }

  /**
   * Both the file and the indexes are sound, and the indexes hold every FAQ once and nothing
   * else: each campus's key is in as many entries of each as it has FAQs (used by tests after a
   * crash, and after many changes).
   */
  check(): { integrity: string; index: boolean } {
    const integrity = String(this.db.pragma('integrity_check', { simple: true }));
    let index = true;
    try {
      const campuses = this.db.prepare<[], { key: string; n: number }>('SELECT campus_key AS key, COUNT(*) AS n FROM faqs GROUP BY campus_key').all();
      const expected = [...campuses, { key: ANY_CAMPUS, n: this.count }];
      for (const table of ['faq_fts', 'faq_titles']) {
        this.db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`).run();
        const indexed = this.db.prepare<[string], number>(`SELECT COUNT(*) FROM ${table} WHERE ${table} MATCH ?`).pluck();
        if (expected.some(({ key, n }) => indexed.get(`campus_key : ${key === ANY_CAMPUS ? `${ftsString(key)}*` : ftsString(key)}`) !== n)) index = false;
      }
    } catch {
      index = false;
    }
    return { integrity, index };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
