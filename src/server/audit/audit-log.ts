import type { AuditEntry, AuditPage } from '../../shared/audit/schemas';
import type { Db } from '../platform/db';

/** Who did it: an account (its id and name at the time), or the command line. */
export type Actor = { id: string; name: string } | 'command line';

export interface AuditRecord {
  actor: Actor;
  action: string;
  target: string;
  campus: string | null;
  before: unknown;
  after: unknown;
  at: number;
}

interface AuditRow {
  id: number;
  at: number;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target: string;
  campus: string | null;
  before: string | null;
  after: string | null;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  actorId: row.actor_id,
  actorName: row.actor_name,
  action: row.action,
  target: row.target,
  campus: row.campus,
  before: row.before,
  after: row.after,
});

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * The audit log of administrators' actions (table `audit_log`, migration 10): appended to, in
 * the transaction of the change it records, and read a page at a time, newest first. Nothing
 * updates or deletes a row: no statement here does, and triggers refuse it from anywhere else.
 * Template and directory edits and FAQ imports reach it through triggers on their own records.
 */
export class AuditLog {
  private readonly insert;
  private readonly newest;
  private readonly newestOfCampus;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO audit_log (at, actor_id, actor_name, action, target, campus, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.newest = db.prepare<[number, number], AuditRow>('SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?');
    // A campus's administrator reads its entries and the consortium-wide ones (null campus).
    this.newestOfCampus = db.prepare<[number, string, number], AuditRow>(
      'SELECT * FROM audit_log WHERE id < ? AND (campus = ? OR campus IS NULL) ORDER BY id DESC LIMIT ?',
    );
  }

  record(entry: AuditRecord): void {
    const actor = entry.actor === 'command line' ? { id: null, name: 'command line' } : entry.actor;
    this.insert.run(entry.at, actor.id, actor.name, entry.action, entry.target, entry.campus, json(entry.before), json(entry.after));
  }

  /** Entries older than `before` (null: the newest), `limit` of them; of one campus (and the consortium's), or of all (null). */
  page(campus: string | null, before: number | null, limit: number): AuditPage {
    const below = before ?? Number.MAX_SAFE_INTEGER;
    // One more than asked says whether another page follows.
    const rows = campus === null ? this.newest.all(below, limit + 1) : this.newestOfCampus.all(below, campus, limit + 1);
    const entries = rows.slice(0, limit).map(toEntry);
    const last = entries.at(-1);
    return { entries, next: rows.length > limit && last ? last.id : null };
  }
}
