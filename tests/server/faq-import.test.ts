import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FaqChangesPage } from '../../src/shared/faqs/schemas';
import { FakeLibAnswers, libAnswersItem } from '../support/libanswers-server';
import { nextEvent, signInOperator, startTestServer, type TestServer } from './helpers';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ faqWatchMs: 100 });
});
afterEach(async () => {
  await t.close();
});

const CSV = [
  '\ufeffID,Question,Answer,Topics,URL,Updated',
  '101,What are the library hours?,"Open 8 am to 8 pm, Monday to Thursday.",Hours,https://tunxis.libanswers.example/faq/101,2026-10-01 09:00:00',
  '102,"How do I renew a book?","Renew online:',
  'log in to ""My Account"".",Borrowing;Renewals,https://tunxis.libanswers.example/faq/102,1760000000',
  '103,Can I print in color?,Yes: 50 cents a page.,Printing|Technology,,',
].join('\n');

async function changes(since = 0, token?: string, limit = 1000): Promise<FaqChangesPage> {
  const response = await fetch(`${t.server.url}/api/faqs/changes?since=${since}&limit=${limit}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(response.status).toBe(200);
  return FaqChangesPage.parse(await response.json());
}

const writeFile = (name: string, text: string): string => {
  const path = join(t.dir, name);
  writeFileSync(path, text);
  return path;
};

describe('FAQ import from CSV and JSON', () => {
  it('imports a CSV (quotes, line breaks, BOM, two topic separators, dates in two forms)', async () => {
    const op = await signInOperator(t, 'Reader', 'tunxis');
    const counts = await t.server.importFaqs('tunxis', { kind: 'csv', path: writeFile('tunxis.csv', CSV) });
    expect(counts).toEqual({ added: 3, updated: 0, deleted: 0, unchanged: 0, rev: 3 });
    const page = await changes(0, op.token);
    expect(page).toMatchObject({ next: 3, more: false });
    const byId = new Map(page.changes.map((c) => [c.id, c]));
    expect(byId.get('102')).toEqual({
      deleted: false,
      campus: 'tunxis',
      id: '102',
      question: 'How do I renew a book?',
      answer: 'Renew online:\nlog in to "My Account".',
      topics: ['Borrowing', 'Renewals'],
      permalink: 'https://tunxis.libanswers.example/faq/102',
      updated: 1_760_000_000_000,
      rev: 2,
    });
    expect(byId.get('101')).toMatchObject({ updated: Date.parse('2026-10-01T09:00:00Z'), topics: ['Hours'] });
    expect(byId.get('103')).toMatchObject({ permalink: '', updated: 0, topics: ['Printing', 'Technology'] });
    // Every desk hears that the FAQs moved.
    await nextEvent(op.socket, 'faqs.changed', (e) => e.rev === 3);
  });

  it('imports JSON in LibAnswers\' shape (HTML answers become chat text with labelled links) and as a plain list', async () => {
    const libanswers = {
      faqs: [
        libAnswersItem(7, 'Where is the &quot;quiet&quot; floor?', '<p>Third floor. See <a href="/floor-map">the floor map</a>.</p><img src="x.png"><script>alert(1)</script>', ['Spaces']),
        { ...libAnswersItem(8, 'Guest Wi-Fi?', ''), answer: undefined, details: '<b>Ask</b> at the desk' },
      ],
    };
    expect(await t.server.importFaqs('gateway', { kind: 'json', path: writeFile('la.json', JSON.stringify(libanswers)) })).toMatchObject({ added: 2 });
    const plain = [{ id: 'a-1', question: 'Do you lend laptops?', answer: 'Yes, for 4 hours.', topics: ['Technology'], permalink: 'https://x.example/a-1', updated: '2026-01-02T03:04:05Z' }];
    expect(await t.server.importFaqs('tunxis', { kind: 'json', path: writeFile('plain.json', JSON.stringify(plain)) })).toMatchObject({ added: 1 });
    const op = await signInOperator(t, 'Reader');
    const all = (await changes(0, op.token)).changes;
    expect(all.find((c) => c.id === '7')).toMatchObject({
      campus: 'gateway',
      question: 'Where is the "quiet" floor?',
      answer: 'Third floor. See [the floor map](https://tunxis.libanswers.example/floor-map).',
      permalink: 'https://tunxis.libanswers.example/faq/7',
      updated: Date.parse('2026-11-02T14:05:00Z'),
    });
    expect(all.find((c) => c.id === '8')).toMatchObject({ answer: 'Ask at the desk' });
    expect(all.find((c) => c.id === 'a-1')).toMatchObject({ campus: 'tunxis', topics: ['Technology'], updated: Date.parse('2026-01-02T03:04:05Z') });
  });

  it('importing the same list again changes nothing; a changed list updates, and what it no longer lists is deleted (a tombstone)', async () => {
    const path = writeFile('tunxis.csv', CSV);
    await t.server.importFaqs('tunxis', { kind: 'csv', path });
    const op = await signInOperator(t, 'Reader');
    expect(await t.server.importFaqs('tunxis', { kind: 'csv', path })).toEqual({ added: 0, updated: 0, deleted: 0, unchanged: 3, rev: 3 });
    expect((await changes(3, op.token)).changes).toEqual([]);

    const edited = CSV.split('\n')
      .filter((line) => !line.startsWith('103'))
      .join('\n')
      .replace('Open 8 am to 8 pm', 'Open 8 am to 9 pm');
    expect(await t.server.importFaqs('tunxis', { kind: 'csv', path: writeFile('edited.csv', edited) })).toEqual({ added: 0, updated: 1, deleted: 1, unchanged: 1, rev: 5 });
    const delta = await changes(3, op.token);
    expect(delta.changes).toEqual([
      expect.objectContaining({ id: '101', deleted: false, answer: 'Open 8 am to 9 pm, Monday to Thursday.', rev: 4 }),
      { deleted: true, campus: 'tunxis', id: '103', rev: 5 },
    ]);
    // --keep-missing: a partial list adds and updates only.
    const partial = writeFile('partial.json', JSON.stringify([{ id: '104', question: 'New one?', answer: 'Yes.' }]));
    expect(await t.server.importFaqs('tunxis', { kind: 'json', path: partial }, { keepMissing: true })).toMatchObject({ added: 1, deleted: 0 });
    // Another campus's import never touches Tunxis.
    await t.server.importFaqs('gateway', { kind: 'json', path: writeFile('g.json', '[]') });
    expect((await changes(6, op.token)).changes).toEqual([]);
  });

  it('refuses a bad file whole, with the row and field named, and changes nothing', async () => {
    const path = writeFile('tunxis.csv', CSV);
    await t.server.importFaqs('tunxis', { kind: 'csv', path });
    const cases: [string, string, RegExp][] = [
      ['no-question.csv', 'ID,Question\n1,', /CSV row 2: question/],
      ['no-id-column.csv', 'Question,Answer\nQ,A', /no "id" column/],
      ['bad-url.csv', 'id,question,url\n1,Q,javascript:alert(1)', /CSV row 2: permalink/],
      ['bad-date.csv', 'id,question,updated\n1,Q,yesterday', /CSV row 2: updated/],
      ['twice.csv', 'id,question\n1,Q\n1,Q2', /CSV row 3: id "1" appears twice/],
      ['ragged.csv', 'id,question\n1,Q,extra', /CSV is malformed/],
      ['bad-id.csv', 'id,question\n../etc,Q', /CSV row 2: id/],
    ];
    for (const [name, text, message] of cases) {
      await expect(t.server.importFaqs('tunxis', { kind: 'csv', path: writeFile(name, text) }), name).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    }
    await expect(t.server.importFaqs('tunxis', { kind: 'json', path: writeFile('bad.json', '{"faqs": 3}') })).rejects.toThrow(/"faqs" list/);
    await expect(t.server.importFaqs('tunxis', { kind: 'json', path: writeFile('bad2.json', '[{"faqid": "x1", "question": "Q"}]') })).rejects.toThrow(/faqs\[0\]: faqid/);
    await expect(t.server.importFaqs('atlantis', { kind: 'csv', path })).rejects.toMatchObject({ code: 'unknown_campus' });
    const op = await signInOperator(t, 'Reader');
    const page = await changes(0, op.token);
    expect(page.next).toBe(3);
    expect(page.changes.map((c) => c.id)).toEqual(['101', '102', '103']);
    // Failures are in the import log, with their reason.
    const db = new Database(t.dbPath, { readonly: true });
    try {
      const failures = db.prepare('SELECT error FROM faq_imports WHERE error IS NOT NULL').all() as { error: string }[];
      expect(failures.length).toBeGreaterThanOrEqual(cases.length);
    } finally {
      db.close();
    }
  });
});

describe('FAQ import from the LibAnswers API', () => {
  let site: FakeLibAnswers;
  beforeAll(async () => {
    site = new FakeLibAnswers('deskbell-test-client', 'not-a-real-secret', 20);
    await site.start();
    site.faqs = Array.from({ length: 45 }, (_, i) =>
      libAnswersItem(1000 + i, `Question number ${i}?`, `<p>Answer <b>${i}</b>, see <a href="https://tunxis.libanswers.example/x${i}">details</a>.</p>`, i % 2 ? ['Odd'] : ['Even']),
    );
  });
  afterAll(() => site.close());
  const env = { clientIdEnv: 'TEST_LA_ID', clientSecretEnv: 'TEST_LA_SECRET' } as const;

  it('takes a token by client credentials, then reads every page though pages are capped at 20', async () => {
    process.env.TEST_LA_ID = site.clientId;
    process.env.TEST_LA_SECRET = site.clientSecret;
    site.requests.length = 0;
    const counts = await t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: env, pageSize: 100 });
    expect(counts).toMatchObject({ added: 45, updated: 0, deleted: 0 });
    expect(site.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`)).toEqual([
      'POST /api/1.1/oauth/token',
      'GET /api/1.1/faqs',
      'GET /api/1.1/faqs',
      'GET /api/1.1/faqs',
      'GET /api/1.1/faqs',
    ]);
    // Pages 1-3 hold 20, 20 and 5; page 4 is empty. The secret never travels in a URL.
    expect(site.requests.slice(1).map((r) => new URL(r.path, site.url).searchParams.get('page'))).toEqual(['1', '2', '3', '4']);
    expect(site.requests.every((r) => !r.path.includes(site.clientSecret))).toBe(true);
    expect(site.requests.slice(1).every((r) => r.auth?.startsWith('Bearer tok-'))).toBe(true);
    const op = await signInOperator(t, 'Reader', 'tunxis');
    const faq = (await changes(0, op.token)).changes.find((c) => c.id === '1007');
    expect(faq).toMatchObject({ question: 'Question number 7?', answer: 'Answer 7, see [details](https://tunxis.libanswers.example/x7).', topics: ['Odd'], permalink: 'https://tunxis.libanswers.example/faq/1007' });

    // Again: nothing changes. One FAQ deleted at the source: a tombstone.
    expect(await t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: env })).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: 45 });
    const removed = site.faqs.splice(3, 1)[0];
    try {
      expect(await t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: env })).toMatchObject({ deleted: 1, unchanged: 44 });
    } finally {
      if (removed) site.faqs.splice(3, 0, removed);
    }
    // One group only.
    expect(await t.server.importFaqs('gateway', { kind: 'libanswers', baseUrl: site.url, groupId: 1, credentials: env })).toMatchObject({ added: 22 });
  });

  it('refuses wrong or missing credentials, and plain http beyond this machine, changing nothing', async () => {
    process.env.TEST_LA_ID = site.clientId;
    process.env.TEST_LA_SECRET = 'wrong';
    await expect(t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: env })).rejects.toThrow(/refused the credentials \(HTTP 401\)/);
    delete process.env.TEST_LA_SECRET;
    await expect(t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: env })).rejects.toThrow(/set TEST_LA_ID and TEST_LA_SECRET/);
    process.env.TEST_LA_SECRET = site.clientSecret;
    await expect(t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: 'http://libanswers.example', credentials: env })).rejects.toThrow(/https/);
    // A credentials file inside a repository is refused before it is read.
    await expect(t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: { file: join(process.cwd(), 'package.json') } })).rejects.toThrow(/inside the repository/);
    const outside = join(t.dir, 'libanswers.json');
    writeFileSync(outside, JSON.stringify({ clientId: site.clientId, clientSecret: site.clientSecret }), { mode: 0o600 });
    expect(await t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: { file: outside } })).toMatchObject({ added: 45 });
  });

  it('runs on a schedule per campus', async () => {
    process.env.TEST_LA_ID = site.clientId;
    process.env.TEST_LA_SECRET = site.clientSecret;
    const scheduled = await startTestServer({ faqImports: { version: 1, imports: [{ campus: 'tunxis', everyMinutes: 60, source: { kind: 'libanswers', baseUrl: site.url, credentials: env } }] } });
    try {
      const op = await signInOperator(scheduled, 'Reader', 'tunxis');
      // The first run comes ~10 s after start.
      await nextEvent(op.socket, 'faqs.changed', (e) => e.rev === 45, 30_000);
    } finally {
      await scheduled.close();
    }
    await expect(startTestServer({ faqImports: { version: 1, imports: [{ campus: 'atlantis', source: { kind: 'csv', path: 'x.csv' } }] } })).rejects.toThrow(/unknown campus "atlantis"/);
  }, 60_000);
});

describe('the changes feed and the CLI', () => {
  it('serves changes to signed-in desks only, page by page, and refuses bad parameters', async () => {
    await t.server.importFaqs('tunxis', { kind: 'csv', path: writeFile('tunxis.csv', CSV) });
    expect((await fetch(`${t.server.url}/api/faqs/changes?since=0`)).status).toBe(401);
    expect((await fetch(`${t.server.url}/api/faqs/changes?since=0`, { headers: { authorization: 'Bearer not-a-valid-session-token' } })).status).toBe(401);
    const op = await signInOperator(t, 'Reader');
    const first = await changes(0, op.token, 2);
    expect(first).toMatchObject({ next: 2, more: true });
    expect(await changes(first.next, op.token, 2)).toMatchObject({ next: 3, more: false });
    for (const query of ['since=-1', 'since=abc', 'since=1.5', 'limit=0', 'limit=99999', 'since=0&limit=x']) {
      const response = await fetch(`${t.server.url}/api/faqs/changes?${query}`, { headers: { authorization: `Bearer ${op.token}` } });
      expect(response.status, query).toBe(400);
    }
    expect(op.snapshot.faqRev).toBe(3);
  });

  it('`import-faqs` imports into the database of a running server, whose desks hear of it', async () => {
    const op = await signInOperator(t, 'Reader', 'tunxis');
    const csv = writeFile('cli.csv', CSV);
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'import-faqs', ...args, '--db', t.dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += String(d)));
        child.stderr.on('data', (d) => (err += String(d)));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    const first = await run(['--campus', 'tunxis', '--csv', csv]);
    expect(first).toMatchObject({ code: 0, out: 'tunxis: 3 added, 0 updated, 0 deleted, 0 unchanged (FAQ revision 3)\n' });
    await nextEvent(op.socket, 'faqs.changed', (e) => e.rev === 3);
    expect((await run(['--campus', 'tunxis', '--csv', csv])).out).toContain('0 added, 0 updated, 0 deleted, 3 unchanged');
    const bad = await run(['--campus', 'tunxis', '--csv', csv, '--json', csv]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('exactly one source');
    const unknown = await run(['--campus', 'atlantis', '--csv', csv]);
    expect(unknown.err).toContain('unknown campus "atlantis"');
  }, 60_000);
});
