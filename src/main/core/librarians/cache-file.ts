import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** A cache file's layout: a file of another version is dropped and made anew (the backend refills it). */
export interface CacheLayout {
  version: number;
  drop: string;
  schema: string;
}

/**
 * Opens one of a librarian's cache files (the FAQ cache, the transcript index): their folder
 * made private, WAL so a search never waits for a sync's write, and the layout checked.
 */
export function openCacheFile(path: string, layout: CacheLayout): Database.Database {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    if (db.pragma('user_version', { simple: true }) !== layout.version) {
      db.transaction(() => {
        db.exec(layout.drop);
        db.exec(layout.schema);
        db.pragma(`user_version = ${layout.version}`);
      })();
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

type MetaKey = 'rev' | 'backend' | 'lastSyncAt';

/** How far a cache file has synced, kept in its `meta` table: the backend, its revision, when. */
export class SyncMeta {
  private readonly read;
  private readonly write;

  constructor(db: Database.Database) {
    this.read = db.prepare<[MetaKey], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.write = db.prepare<[MetaKey, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  /** The backend revision this file has caught up to. */
  get rev(): number {
    return Number(this.read.get('rev')?.value ?? 0);
  }

  /** Which backend the file holds data of; a file of another backend is emptied before use. */
  get backend(): string | null {
    return this.read.get('backend')?.value ?? null;
  }

  get lastSyncAt(): number | null {
    const value = this.read.get('lastSyncAt')?.value;
    return value === undefined ? null : Number(value);
  }

  set(key: MetaKey, value: string | number): void {
    this.write.run(key, String(value));
  }
}
