import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/main/core/faqs/sync';
import { fetchTranscriptChanges, syncTranscripts, TRANSCRIPT_PAGE } from '../../src/main/core/transcripts/sync';
import { syncInProcess, syncStartingOver } from '../../src/main/core/transcripts/sync-in-process';
import { fork } from 'node:child_process';
import { TranscriptIndex } from '../../src/main/core/transcripts/transcript-index';
import { TranscriptChangesPage, TranscriptQuery } from '../../src/shared/transcripts/schemas';
import { startTestBackend, type TestBackend } from '../support/backend';

const PASSWORD = 'correct-horse-battery';
const T0 = Date.UTC(2026, 10, 2, 15, 0, 0);

/** Ended chats written into the running backend's SQLite file, as the transcript feed serves them (revision n, in order). */
function seedEnded(backend: TestBackend, operatorId: string, from: number, count: number, line: (n: number) => string): void {
  const db = new Database(join(backend.dir, 'desk.db'));
  const chat = db.prepare(
    `INSERT INTO chats (id, encounter_id, campus, patron_name, question, name_is_question, state, created_at, claimed_by, claimed_at, ended_at, end_reason,
       ticket_offered_at, patron_token_hash, start_client_id, given_name, patron_email, patron_phone, transcript_rev)
     VALUES (?, ?, 'tunxis', ?, ?, 0, 'ended', ?, ?, ?, ?, 'operator', NULL, ?, ?, NULL, '', '', ?)`,
  );
  const message = db.prepare(`INSERT INTO messages (id, chat_id, seq, from_kind, visibility, author_id, author_name, text, at, client_id) VALUES (?, ?, 1, 'patron', 'patron', NULL, ?, ?, ?, NULL)`);
  db.transaction(() => {
    for (let n = from; n < from + count; n++) {
      const id = `seeded${n.toString().padStart(5, '0')}`;
      const at = T0 + n * 60_000;
      chat.run(id, `ENC-20261102-${n.toString(36).toUpperCase().padStart(6, '0')}`, `Patron ${n}`, line(n), at, operatorId, at + 10_000, at + 50_000, 'x'.repeat(64), `start-${id}`, n + 1);
      message.run(`m_${id}`, id, `Patron ${n}`, line(n), at);
    }
  })();
  db.close();
}

let backend: TestBackend;
let dir: string;
let index: TranscriptIndex;
let access: { url: string; token: string };
let operatorId: string;
const found = (words: string) => index.search(TranscriptQuery.parse({ words })).map((hit) => hit.chatId);

beforeEach(async () => {
  backend = await startTestBackend();
  const operator = backend.server.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: PASSWORD });
  const session = await backend.server.login('ada', PASSWORD);
  if (!session) throw new Error('sign-in failed');
  access = { url: backend.server.url, token: session.token };
  operatorId = operator.id;
  dir = mkdtempSync(join(tmpdir(), 'deskbell-transcript-sync-'));
  index = new TranscriptIndex(join(dir, 'transcripts.db'));
  // Three pages and a bit: the first sync fills the index in bulk.
  seedEnded(backend, operator.id, 0, TRANSCRIPT_PAGE * 3 + 17, (n) => (n % 2 === 0 ? `question about cinahl number ${n}` : `renewing laptop ${n}`));
});
afterEach(async () => {
  index.close();
  rmSync(dir, { recursive: true, force: true });
  await backend.close();
});

describe('transcript sync', () => {
  it('a first sync fetched in bulk leaves every chat searchable by its words, with a sound FTS index', async () => {
    const { pages, changes } = await syncTranscripts(index, access, Date.now);
    expect(changes).toBe(TRANSCRIPT_PAGE * 3 + 17);
    expect(pages).toBe(4);
    expect(index.filling).toBe(false);
    expect(index.count).toBe(changes);
    expect(found('cinahl').length).toBeGreaterThan(0);
    expect(index.search(TranscriptQuery.parse({ words: 'cinahl', limit: 100 })).length).toBe(100);
    expect(index.check()).toEqual({ integrity: 'ok', index: true });
  });

  it('a bulk fill builds the encounter, campus and date indexes once at its end, also when the file was reopened part way', async () => {
    const secondary = (path: string) => {
      const db = new Database(path, { readonly: true });
      const names = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'chats' AND name LIKE 'chats_%' ORDER BY name").all();
      db.close();
      return names.map((row) => row.name);
    };
    const all = ['chats_campus', 'chats_created', 'chats_encounter'];
    expect(secondary(index.path)).toEqual(all);
    const page = (await fetchTranscriptChanges(access, 0)).check();
    index.reset(access.url);
    index.apply(page, Date.now());
    expect([index.filling, secondary(index.path)]).toEqual([true, []]);
    // Reopened part way (a crash, a restart), the file is still filling, and searches by campus still work (a scan).
    index.close();
    index = new TranscriptIndex(index.path);
    expect([index.filling, secondary(index.path)]).toEqual([true, []]);
    expect(index.search(TranscriptQuery.parse({ campus: 'tunxis', limit: 5 })).length).toBe(5);
    await syncTranscripts(index, access, Date.now);
    expect([index.filling, index.count, secondary(index.path)]).toEqual([false, TRANSCRIPT_PAGE * 3 + 17, all]);
    expect(index.search(TranscriptQuery.parse({ campus: 'tunxis', limit: 5 })).length).toBe(5);
    expect(index.check()).toEqual({ integrity: 'ok', index: true });
  });

  it('after the first sync, chats that end are indexed one by one as they come (no bulk, no rebuild)', async () => {
    await syncTranscripts(index, access, Date.now);
    seedEnded(backend, operatorId, TRANSCRIPT_PAGE * 3 + 17, 2, (n) => `zebrafish embryology ${n}`);
    const run = await syncTranscripts(index, access, Date.now);
    expect(run).toEqual({ pages: 1, changes: 2 });
    expect(index.filling).toBe(false);
    expect(found('zebrafish').sort()).toEqual(['seeded00617', 'seeded00618']);
    expect(index.check()).toEqual({ integrity: 'ok', index: true });
  });

  it('a first sync cut off part way (the backend gone) still leaves what it fetched searchable by words, and the next run carries on', async () => {
    // The backend refuses the session after the first page: the run fails part way.
    let served = 0;
    const cut = { url: access.url, token: access.token };
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      served++;
      return served === 2 ? new Response('{}', { status: 503 }) : realFetch(input, init);
    };
    try {
      await expect(syncTranscripts(index, cut, Date.now)).rejects.toThrow(/503/);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(index.filling).toBe(false);
    expect(index.count).toBe(TRANSCRIPT_PAGE);
    expect(found('cinahl').length).toBeGreaterThan(0);
    expect(index.check()).toEqual({ integrity: 'ok', index: true });
    const rest = await syncTranscripts(index, access, Date.now);
    expect(rest.changes).toBe(TRANSCRIPT_PAGE * 2 + 17);
    expect(index.count).toBe(TRANSCRIPT_PAGE * 3 + 17);
    expect(index.search(TranscriptQuery.parse({ words: 'laptop', limit: 100 })).length).toBe(100);
    expect(index.check()).toEqual({ integrity: 'ok', index: true });
  });

  it('an index of another backend starts over in bulk: the old chats leave the FTS index too', async () => {
    await syncTranscripts(index, access, Date.now);
    index.reset('http://127.0.0.1:1');
    expect(index.count).toBe(0);
    expect(index.filling).toBe(true);
    index.finishBulk();
    expect(found('cinahl')).toEqual([]);
    expect(index.check()).toEqual({ integrity: 'ok', index: true });
  });

  it('a chat that changes again during a bulk fill (a late line after it ended) is kept once, newest, and the FTS index stays sound', async () => {
    const page = await (await fetch(`${access.url}/api/transcripts/changes?since=0&limit=3`, { headers: { authorization: `Bearer ${access.token}` } })).json();
    const [one, two] = page.changes;
    index.reset(access.url);
    index.apply({ changes: [one, two], next: 2, more: true }, Date.now());
    const changed = { rev: 3, chat: { ...one.chat, messages: [...one.chat.messages, { ...one.chat.messages[0], id: 'm_late', seq: 2, text: 'one more thing about okapis' }] } };
    index.apply({ changes: [changed], next: 3, more: false }, Date.now());
    index.finishBulk();
    expect(index.count).toBe(2);
    expect(found('okapis')).toEqual([one.chat.id]);
    expect(index.check()).toEqual({ integrity: 'ok', index: true });
  });

  it('a page of the feed ends before the chat that would take it past 20,000 lines, every line in order; a longer chat still comes, alone', async () => {
    const seeded = TRANSCRIPT_PAGE * 3 + 17;
    const db = new Database(join(backend.dir, 'desk.db'));
    const lengths = [9_000, 9_000, 9_000, 25_000];
    db.transaction(() => {
      const chat = db.prepare(
        `INSERT INTO chats (id, encounter_id, campus, patron_name, question, name_is_question, state, created_at, claimed_by, claimed_at, ended_at, end_reason,
           ticket_offered_at, patron_token_hash, start_client_id, given_name, patron_email, patron_phone, transcript_rev)
         VALUES (?, ?, 'tunxis', 'Long Talker', 'a long one', 0, 'ended', ?, ?, ?, ?, 'operator', NULL, ?, ?, NULL, '', '', ?)`,
      );
      // Lines written in reverse, so their order in the file is not their order in the chat.
      const line = db.prepare(`INSERT INTO messages (id, chat_id, seq, from_kind, visibility, author_id, author_name, text, at, client_id) VALUES (?, ?, ?, 'patron', 'patron', NULL, 'Long Talker', ?, ?, NULL)`);
      lengths.forEach((n, i) => {
        const id = `long${i}`;
        chat.run(id, `ENC-20261102-LONG0${i}`, T0, operatorId, T0, T0 + 1, 'x'.repeat(64), `start-${id}`, seeded + 1 + i);
        for (let seq = n; seq >= 1; seq--) line.run(`m_${id}_${seq}`, id, seq, `line ${seq}`, T0 + seq);
      });
    })();
    db.close();
    const pageAfter = async (since: number) =>
      TranscriptChangesPage.parse(await (await fetch(`${access.url}/api/transcripts/changes?since=${since}&limit=10`, { headers: { authorization: `Bearer ${access.token}` } })).json());
    const first = await pageAfter(seeded);
    expect(first.changes.map((c) => [c.chat.id, c.chat.messages.length])).toEqual([['long0', 9_000], ['long1', 9_000]]);
    expect(first.changes[1]?.chat.messages.map((m) => m.seq)).toEqual(Array.from({ length: 9_000 }, (_, i) => i + 1));
    expect([first.next, first.more]).toEqual([seeded + 2, true]);
    const second = await pageAfter(first.next);
    expect(second.changes.map((c) => c.chat.id)).toEqual(['long2']);
    const third = await pageAfter(second.next);
    expect(third.changes.map((c) => [c.chat.id, c.chat.messages.length, c.chat.messages.at(-1)?.text])).toEqual([['long3', 25_000, 'line 25000']]);
    expect([third.next, third.more]).toEqual([seeded + 4, false]);
  });

  it('a page in the wrong shape, going backwards, or not JSON is refused with a SyncError and writes nothing, though its cursor was fine', async () => {
    const good = await (await fetch(`${access.url}/api/transcripts/changes?since=0&limit=2`, { headers: { authorization: `Bearer ${access.token}` } })).json();
    // Each body by the revision asked after.
    const bodies: Record<string, string>[] = [
      // A sound cursor, and a chat whose line has no text: the next page may already be asked for, but nothing is written.
      { '0': JSON.stringify({ ...good, changes: [good.changes[0], { ...good.changes[1], chat: { ...good.changes[1].chat, messages: [{ ...good.changes[1].chat.messages[0], text: 7 }] } }] }) },
      { '0': '{"changes": [' },
      // A sound first page (nothing in it, up to revision 5), then a cursor that goes back.
      { '0': JSON.stringify({ changes: [], next: 5, more: true }), '5': JSON.stringify({ changes: [], next: 3, more: false }) },
    ];
    let body: Record<string, string> = {};
    const fake = createServer((req, res) => {
      const since = new URL(req.url ?? '/', 'http://x').searchParams.get('since') ?? '';
      res.writeHead(200, { 'content-type': 'application/json' }).end(body[since] ?? '{}');
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const { port } = fake.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    const expected: [RegExp, (number | string | null)[]][] = [
      [/unexpected shape/, [0, 0, null]],
      [/unexpected shape/, [0, 0, null]],
      [/go backwards/, [0, 5, url]],
    ];
    try {
      for (const [i, [message, after]] of expected.entries()) {
        body = bodies[i] ?? {};
        const run = syncTranscripts(index, { url, token: 'x'.repeat(43) }, Date.now);
        await expect(run, `body ${i}`).rejects.toThrow(message);
        await expect(run).rejects.toBeInstanceOf(SyncError);
        expect([index.count, index.rev, index.backend], `body ${i}`).toEqual(after);
      }
    } finally {
      await new Promise((resolve) => fake.close(resolve));
    }
  });

  it('a first sync in a child process fills the file the core has open and searches (its own connection sees each committed page)', async () => {
    expect(index.count).toBe(0);
    const run = await syncInProcess(index.path, access);
    expect(run).toEqual({ pages: 4, changes: TRANSCRIPT_PAGE * 3 + 17 });
    expect(index.count).toBe(TRANSCRIPT_PAGE * 3 + 17);
    expect(index.backend).toBe(access.url);
    expect(index.filling).toBe(false);
    expect(found('laptop').length).toBeGreaterThan(0);
    expect(index.check()).toEqual({ integrity: 'ok', index: true });
  });

  it("the child's refusals come back as the in-thread sync's: a refused session is a SyncError marked unauthorized", async () => {
    const refused = syncInProcess(index.path, { url: access.url, token: 'not-a-session-token' });
    await expect(refused).rejects.toBeInstanceOf(SyncError);
    await expect(refused).rejects.toMatchObject({ unauthorized: true, message: expect.stringMatching(/refused the session/) });
    expect(index.count).toBe(0);
  });

  it('when a child cannot run (its file missing), a first sync runs in this thread instead, says so once, and fills the index all the same', async () => {
    const logged: string[] = [];
    const run = await syncStartingOver(index, access, (level, message) => logged.push(`${level} ${message}`), () => fork(join(dir, 'no-such-entry.js'), [], { execArgv: [], stdio: 'ignore' }));
    expect(run).toEqual({ pages: 4, changes: TRANSCRIPT_PAGE * 3 + 17 });
    expect(logged).toEqual(['warn transcript sync process unavailable: syncing in the main thread']);
    expect(found('laptop').length).toBeGreaterThan(0);
    expect(index.check()).toEqual({ integrity: 'ok', index: true });
  });

  it('a refusal from the child is not a reason to sync again in this thread: the session was refused, and that is what comes back', async () => {
    const logged: string[] = [];
    await expect(syncStartingOver(index, { url: access.url, token: 'not-a-session-token' }, (level, message) => logged.push(`${level} ${message}`))).rejects.toMatchObject({ unauthorized: true });
    expect(logged).toEqual([]);
  });
});
