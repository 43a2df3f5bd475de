import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer, WORKER_AUTOCHECKPOINT_PAGES } from '../../src/server/platform/checkpointer';
import { type Db, openDatabase } from '../../src/server/platform/db';
import { waitFor } from '../support/wait';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshDb(): { db: Db; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-checkpoint-'));
  dirs.push(dir);
  const path = join(dir, 'desk.db');
  const db = openDatabase(path);
  dbs.push(db);
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { db, path };
}

/** About 4 MB of pages into the WAL, one row per commit as chats are written. */
function fill(db: Db, rows = 1_000): void {
  const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
  for (let i = 0; i < rows; i++) insert.run('x'.repeat(4_000));
}

const autocheckpoint = (db: Db) => Number(db.pragma('wal_autocheckpoint', { simple: true }));

describe('WAL checkpoints off the event loop', () => {
  it('takes the checkpoint over from the main connection and copies the WAL into the database file', async () => {
    const { db, path } = freshDb();
    const messages: string[] = [];
    const checkpointer = startCheckpointer(db, path, { everyMs: 20, log: (_level, message) => messages.push(message) });
    try {
      expect(await checkpointer.ready).toBe(true);
      // The main connection checkpoints in its commits only past a far larger WAL...
      expect(autocheckpoint(db)).toBe(WORKER_AUTOCHECKPOINT_PAGES);
      const before = statSync(path).size;
      fill(db);
      // ...and the pages still reach the database file: the worker copied them.
      await waitFor(() => statSync(path).size > before + 3_000_000, 'the worker checkpointed the WAL', 10_000, 20);
      expect(db.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 1_000 });
      expect(messages).toEqual([]);
    } finally {
      await checkpointer.stop();
    }
    // Stopped, the main connection checkpoints itself again.
    expect(autocheckpoint(db)).toBe(1000);
  });

  it('keeps the WAL bounded under a write rate the worker never quite catches up with', async () => {
    const { db, path } = freshDb();
    const checkpointer = startCheckpointer(db, path, { everyMs: 50, log: () => {} });
    try {
      expect(await checkpointer.ready).toBe(true);
      const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
      let largest = 0;
      // 40,000 commits of a page or more each, yielding to the worker's timer now and then.
      for (let round = 0; round < 200; round++) {
        for (let i = 0; i < 200; i++) insert.run('y'.repeat(3_000));
        largest = Math.max(largest, statSync(`${path}-wal`).size);
        await new Promise((r) => setImmediate(r));
      }
      // The WAL starts over once it is copied, so it stays bounded: about the threshold on a quiet
      // machine (21 MB here), more on a busy one, where the worker's slow checkpoints hold the lock
      // and a commit's own checkpoint is skipped meanwhile (CI saw 28 and 79 MB). Unbounded,
      // these commits make a WAL of about 500 MB.
      expect(largest).toBeLessThan(WORKER_AUTOCHECKPOINT_PAGES * 10 * 4_096);
      expect(db.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 40_000 });
    } finally {
      await checkpointer.stop();
    }
  });

  it('leaves SQLite checkpointing in its commits when the worker cannot open the database', async () => {
    const { db, path } = freshDb();
    const warnings: string[] = [];
    // A database the worker cannot open (it must exist): the worker fails at its start.
    const checkpointer = startCheckpointer(db, `${path}.missing`, { everyMs: 20, log: (level, message) => level === 'warn' && warnings.push(message) });
    expect(await checkpointer.ready).toBe(false);
    expect(autocheckpoint(db)).toBe(1000);
    expect(warnings.join('\n')).toMatch(/could not start/);
    await checkpointer.stop();
    expect(autocheckpoint(db)).toBe(1000);
  });

  it('stopped before its worker is ready (a server closed at once), leaves the threshold alone and warns of nothing', async () => {
    const { db, path } = freshDb();
    const warnings: string[] = [];
    const checkpointer = startCheckpointer(db, path, { everyMs: 20, log: (level, message) => level === 'warn' && warnings.push(message) });
    await checkpointer.stop();
    expect(await checkpointer.ready).toBe(false);
    expect(autocheckpoint(db)).toBe(1000);
    db.close();
    // Whatever the worker still says arrives after the database closed, and must not throw.
    await new Promise((r) => setTimeout(r, 100));
    expect(warnings).toEqual([]);
  });

  it('has nothing to do for an in-memory database', async () => {
    const db = openDatabase(':memory:');
    dbs.push(db);
    const checkpointer = startCheckpointer(db, ':memory:', { log: () => {} });
    expect(await checkpointer.ready).toBe(false);
    await checkpointer.stop();
  });
});
