import { type Faq, type FaqChange, type FaqChangesPage } from '../../shared/faqs/schemas';
import type { Db } from '../platform/db';
import { DeskbellServerError } from '../platform/errors';
import { jsonStrings } from '../../shared/narrow';

interface FaqRow {
  campus: string;
  id: string;
  question: string;
  answer: string;
  topics: string;
  permalink: string;
  updated: number;
  rev: number;
  deleted: number;
}

export interface ImportCounts {
  added: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** The FAQ revision after the import. */
  rev: number;
}

export interface ReplaceOptions {
  /** Leave FAQs the list does not name alone (an import of a part of the list). */
  keepMissing?: boolean;
  /** Delete what the list no longer names even when that is every FAQ of the campus, or most of a long list. */
  allowDeletions?: boolean;
}

/** A list at least this long that loses more than half of its FAQs in one import looks like a broken source. */
const SIZEABLE_LIST = 20;

/**
 * Whether deleting `doomed` of `live` FAQs looks like a source that sent less than its list
 * (an empty page, a header-only file) rather than a real clean-up: all of them, or more than
 * half of a list of at least 20.
 */
export const looksLikeABrokenList = (doomed: number, live: number): boolean => doomed > 0 && (doomed === live || (live >= SIZEABLE_LIST && doomed * 2 > live));

const toChange = (row: FaqRow): FaqChange =>
  row.deleted
    ? { deleted: true, campus: row.campus, id: row.id, rev: row.rev }
    : {
        deleted: false,
        campus: row.campus,
        id: row.id,
        question: row.question,
        answer: row.answer,
        topics: jsonStrings(row.topics),
        permalink: row.permalink,
        updated: row.updated,
        rev: row.rev,
      };

const sameContent = (row: FaqRow, faq: Faq): boolean =>
  !row.deleted &&
  row.question === faq.question &&
  row.answer === faq.answer &&
  row.topics === JSON.stringify(faq.topics) &&
  row.permalink === faq.permalink &&
  row.updated === faq.updated;

/**
 * The backend's FAQs. Every change (an FAQ added, changed, or deleted) takes the next revision,
 * so a desk asks for "everything after revision N" and gets each FAQ's latest state once,
 * deletions as tombstones. An import is the whole FAQ list of a campus: what it no longer
 * lists is deleted, and importing the same list again changes nothing.
 */
export class FaqStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      rev: db.prepare<[], { rev: number }>('SELECT COALESCE(MAX(rev), 0) AS rev FROM faqs'),
      campusRows: db.prepare<[string], FaqRow>('SELECT * FROM faqs WHERE campus = ?'),
      upsert: db.prepare(
        `INSERT INTO faqs (campus, id, source, question, answer, topics, permalink, updated, rev, deleted)
         VALUES (@campus, @id, @source, @question, @answer, @topics, @permalink, @updated, @rev, 0)
         ON CONFLICT (campus, id) DO UPDATE SET source = excluded.source, question = excluded.question, answer = excluded.answer,
           topics = excluded.topics, permalink = excluded.permalink, updated = excluded.updated, rev = excluded.rev, deleted = 0`,
      ),
      tombstone: db.prepare("UPDATE faqs SET deleted = 1, rev = ?, question = '', answer = '', topics = '[]', permalink = '' WHERE campus = ? AND id = ?"),
      changes: db.prepare<[number, number], FaqRow>('SELECT * FROM faqs WHERE rev > ? ORDER BY rev LIMIT ?'),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM faqs WHERE deleted = 0'),
      logImport: db.prepare('INSERT INTO faq_imports (campus, source, at, added, updated, deleted, unchanged, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      lastImport: db.prepare<[string, string], { at: number }>('SELECT at FROM faq_imports WHERE campus = ? AND source = ? ORDER BY at DESC LIMIT 1'),
    };
  }

  /** The latest revision: 0 before any FAQ was stored. */
  rev(): number {
    return this.statements.rev.get()?.rev ?? 0;
  }

  count(): number {
    return this.statements.count.get()?.n ?? 0;
  }

  /**
   * Replace a campus's FAQs with `faqs` (already validated, one per id) in one transaction.
   * An import that would delete every FAQ of the campus, or more than half of a list of at
   * least 20, is refused (`too_many_deletions`, nothing changes) unless `allowDeletions`: a
   * source that sent an empty page or a header-only file must not wipe a campus on a schedule.
   */
  replaceCampus(campus: string, source: string, faqs: readonly Faq[], at: number, options: ReplaceOptions = {}): ImportCounts {
    return this.db.transaction(() => {
      let rev = this.rev();
      const counts = { added: 0, updated: 0, deleted: 0, unchanged: 0 };
      const existing = new Map(this.statements.campusRows.all(campus).map((row) => [row.id, row]));
      const listed = new Set<string>();
      for (const faq of faqs) {
        if (faq.campus !== campus) throw new Error(`FAQ ${faq.id} is for ${faq.campus}, not ${campus}`);
        listed.add(faq.id);
      }
      if (!options.keepMissing && !options.allowDeletions) {
        const live = [...existing.values()].filter((row) => !row.deleted);
        const doomed = live.filter((row) => !listed.has(row.id)).length;
        if (looksLikeABrokenList(doomed, live.length)) {
          throw new DeskbellServerError(
            'too_many_deletions',
            `${campus}: the source lists ${faqs.length} FAQs, so importing it would delete ${doomed} of the ${live.length} stored; refused, nothing changed. ` +
              'If the source really dropped them, import again allowing deletions (import-faqs --allow-deletions).',
          );
        }
      }
      for (const faq of faqs) {
        const row = existing.get(faq.id);
        if (row && sameContent(row, faq)) {
          counts.unchanged++;
          continue;
        }
        if (row && !row.deleted) counts.updated++;
        else counts.added++;
        this.statements.upsert.run({ ...faq, source, topics: JSON.stringify(faq.topics), rev: ++rev });
      }
      if (!options.keepMissing) {
        for (const row of existing.values()) {
          if (row.deleted || listed.has(row.id)) continue;
          this.statements.tombstone.run(++rev, campus, row.id);
          counts.deleted++;
        }
      }
      this.statements.logImport.run(campus, source, at, counts.added, counts.updated, counts.deleted, counts.unchanged, null);
      return { ...counts, rev };
    })();
  }

  /** A failed import is recorded too, so the next scheduled run waits its turn instead of hammering the source. */
  recordFailure(campus: string, source: string, at: number, error: string): void {
    this.statements.logImport.run(campus, source, at, 0, 0, 0, 0, error.slice(0, 1000));
  }

  lastImportAt(campus: string, source: string): number | null {
    return this.statements.lastImport.get(campus, source)?.at ?? null;
  }

  /** Changes after `since`, oldest first, at most `limit`. */
  changesSince(since: number, limit: number): FaqChangesPage {
    const rows = this.statements.changes.all(since, limit + 1);
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return { changes: page.map(toChange), next: page.at(-1)?.rev ?? since, more };
  }
}
