import type Database from 'better-sqlite3';

/** What the FTS5 indexes hold of one FAQ: its key (rowid negated, see cache-schema.ts) and indexed columns. */
export interface IndexedFaq {
  key: number;
  question: string;
  answer: string;
  topics: string;
  campus_key: string;
}

type Statement = Database.Statement<[IndexedFaq]>;

/** Statements that add an FAQ to both indexes, or take it out (a contentless index must be told the values it was given). */
export function indexStatements(db: Database.Database) {
  return {
    add: [
      db.prepare<[IndexedFaq]>('INSERT INTO faq_fts (rowid, question, answer, topics, campus_key) VALUES (@key, @question, @answer, @topics, @campus_key)'),
      db.prepare<[IndexedFaq]>('INSERT INTO faq_titles (rowid, question, topics, campus_key) VALUES (@key, @question, @topics, @campus_key)'),
    ] satisfies Statement[],
    remove: [
      db.prepare<[IndexedFaq]>("INSERT INTO faq_fts (faq_fts, rowid, question, answer, topics, campus_key) VALUES ('delete', @key, @question, @answer, @topics, @campus_key)"),
      db.prepare<[IndexedFaq]>("INSERT INTO faq_titles (faq_titles, rowid, question, topics, campus_key) VALUES ('delete', @key, @question, @topics, @campus_key)"),
    ] satisfies Statement[],
    clear: [db.prepare("INSERT INTO faq_fts (faq_fts) VALUES ('delete-all')"), db.prepare("INSERT INTO faq_titles (faq_titles) VALUES ('delete-all')")],
  };
}
export type IndexStatements = ReturnType<typeof indexStatements>;

/**
 * The index writes of one transaction, made at its end in ascending key order: FTS5 writes what
 * it holds pending to a new segment whenever it is given a key below the last one, and keys
 * count down as FAQs arrive, so writing them as they come would make a segment of every FAQ
 * (and a sync several times slower).
 */
export class IndexWrites {
  private readonly pending = new Map<number, { remove?: IndexedFaq; add?: IndexedFaq }>();

  add(faq: IndexedFaq): void {
    const entry = this.pending.get(faq.key) ?? {};
    entry.add = faq;
    this.pending.set(faq.key, entry);
  }

  remove(faq: IndexedFaq): void {
    const entry = this.pending.get(faq.key) ?? {};
    // Added in this same transaction: it never reached the index, so there is nothing to take out.
    if (entry.add) delete entry.add;
    else entry.remove = faq;
    if (entry.remove || entry.add) this.pending.set(faq.key, entry);
    else this.pending.delete(faq.key);
  }

  /** Into the indexes, lowest key first; for one key, the old values out before the new in. */
  write(statements: IndexStatements): void {
    for (const [, entry] of [...this.pending].sort((a, b) => a[0] - b[0])) {
      if (entry.remove) for (const statement of statements.remove) statement.run(entry.remove);
      if (entry.add) for (const statement of statements.add) statement.run(entry.add);
    }
    this.pending.clear();
  }
}
